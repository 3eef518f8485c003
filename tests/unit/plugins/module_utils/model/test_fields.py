"""model/fields.py: normalizers, the field tables' comparison (changes), redaction, minimal diffs and the wire
conversion they derive."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import (
    SECRET_MASK, Field, FieldTable, norm_enum, norm_list, norm_scope, norm_scopes, norm_url, redact)

TABLE = FieldTable("widget", [
    Field("id", wire="id"), Field("name", wire="name", compared=True),
    Field("scope", wire="scope", normalize=norm_scope, compared=True),
    Field("redirect_uris", wire="redirects", normalize=norm_list, compared=True),
    Field("provider", wire="type", normalize=norm_enum, compared=True),
    Field("client_secret", wire="clientSecret", secret=True, write_only=True),
])


def test_mask_value():
    assert SECRET_MASK == "********"


@pytest.mark.parametrize("value, expected", [
    (None, None),
    ([], []),
    (["b", "a", "b"], ["a", "b"]),
    ([" https://x/cb ", "", None, "  ", "https://x/cb"], ["https://x/cb"]),
    (["https://b/cb", "https://a/cb"], ["https://a/cb", "https://b/cb"]),
])
def test_norm_list_sorts_dedups_drops_blanks(value, expected):
    assert norm_list(value) == expected


def test_norm_list_keeps_trailing_slash_and_case():
    # The products store redirect URIs and scopes as given (only trimmed): no URL folding.
    assert norm_list(["https://X/cb/"]) == ["https://X/cb/"]


@pytest.mark.parametrize("value, expected", [
    (None, None),
    ("READ", "READ"),
    ("WRITE READ", "READ WRITE"),
    ("  WRITE   READ WRITE ", "READ WRITE"),
    ("", ""),
])
def test_norm_scope(value, expected):
    assert norm_scope(value) == expected


def test_norm_scopes_reads_names_as_a_provider_does():
    assert norm_scopes(["WRITE READ"]) == norm_scopes(["READ", "WRITE", "READ"]) == ["READ", "WRITE"]
    assert norm_scopes([" openid ", "", None]) == ["openid"] and norm_scopes(None) is None


def test_norm_url_and_enum():
    assert norm_url("https://a/b/") == "https://a/b"
    assert norm_url(None) is None
    assert norm_enum("GENERIC") == "generic"
    assert norm_enum(None) is None


def test_changes_ignore_unmanaged_fields_and_normalise():
    current = {"name": "x", "scope": "READ WRITE", "redirect_uris": ["https://a/cb", "https://b/cb"], "id": "1"}
    desired = {"name": "x", "scope": "WRITE READ", "redirect_uris": ["https://b/cb", "https://a/cb", "https://a/cb"],
               "provider": None, "id": "other"}
    assert TABLE.changes(current, desired) == []  # id is not compared, provider is not managed
    assert TABLE.changes(current, dict(desired, scope="READ")) == ["scope"]


def test_changes_in_table_order_and_against_a_missing_object():
    assert TABLE.changes({"name": "a", "scope": "X"}, {"scope": "Y", "name": "b"}) == ["name", "scope"]
    assert TABLE.changes(None, {"name": "x", "scope": None}) == ["name"]


def test_changes_of_an_enum_are_case_insensitive():
    assert TABLE.changes({"provider": "GENERIC"}, {"provider": "generic"}) == []
    assert TABLE.changes({"provider": "GOOGLE"}, {"provider": "generic"}) == ["provider"]


def test_wire_conversion_and_write_only_fields():
    wire = {"id": "1", "name": "x", "scope": "READ", "redirects": ["https://a"], "type": "GENERIC",
            "clientSecret": "never returned anyway"}
    obj = TABLE.from_wire(wire)
    assert obj == {"id": "1", "name": "x", "scope": "READ", "redirect_uris": ["https://a"], "provider": "GENERIC"}
    assert TABLE.as_current(obj)["client_secret"] is None and TABLE.as_current(None) is None
    assert TABLE.to_wire(dict(obj, client_secret="s"), include=("name", "client_secret")) == {
        "name": "x", "clientSecret": "s"}


def test_public_and_minimal_diff_mask_secrets():
    before = {"id": "1", "name": "x", "scope": "READ", "client_secret": "old"}
    after = {"id": "1", "name": "x", "scope": "WRITE", "client_secret": "new"}
    assert TABLE.public(after) == {"id": "1", "name": "x", "scope": "WRITE"}
    assert TABLE.minimal_diff("x", before, after) == {
        "before_header": "widget x", "after_header": "widget x",
        "before": {"scope": "READ"}, "after": {"scope": "WRITE"}}  # both secrets mask alike
    created = TABLE.minimal_diff("x", None, {"name": "x", "client_secret": "s"})
    assert created["before"] == {} and created["after"] == {"name": "x", "client_secret": SECRET_MASK}
    removed = TABLE.minimal_diff("x", {"name": "x"}, None)
    assert removed["before"] == {"name": "x"} and removed["after"] == {}


def test_redact_masks_nested_secret_keys_and_keeps_none():
    value = {"client_secret": "abc", "nested": {"client_secret": "def", "keep": "v"},
             "items": [{"client_secret": "ghi"}, {"client_secret": None}], "name": "n"}
    out = redact(value, ("client_secret",))
    assert out == {"client_secret": SECRET_MASK, "nested": {"client_secret": SECRET_MASK, "keep": "v"},
                   "items": [{"client_secret": SECRET_MASK}, {"client_secret": None}], "name": "n"}
    assert "abc" not in repr(out) and "def" not in repr(out) and "ghi" not in repr(out)


def test_redact_does_not_modify_input():
    value = {"client_secret": "abc", "list": [1, 2]}
    out = redact(value, ("client_secret",))
    assert value == {"client_secret": "abc", "list": [1, 2]}
    out["list"].append(3)
    assert value["list"] == [1, 2]


def test_redact_scalars_and_no_keys():
    assert redact("plain", ("client_secret",)) == "plain"
    assert redact(None, ("client_secret",)) is None
    assert redact({"client_secret": "x"}, ()) == {"client_secret": "x"}
