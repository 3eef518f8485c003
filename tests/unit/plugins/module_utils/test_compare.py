"""normalise / compare / redact (_compare.py)."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import (
    SECRET_MASK, changed_fields, norm_enum, norm_list, norm_scope, norm_url, redact)


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


def test_norm_url_and_enum():
    assert norm_url("https://a/b/") == "https://a/b"
    assert norm_url(None) is None
    assert norm_enum("GENERIC") == "generic"
    assert norm_enum(None) is None


def test_changed_fields_ignores_unmanaged_and_normalises():
    current = {"name": "x", "scope": "READ WRITE", "redirect_uris": ["https://a/cb", "https://b/cb"], "id": "1"}
    desired = {"name": "x", "scope": "WRITE READ", "redirect_uris": ["https://b/cb", "https://a/cb", "https://a/cb"],
               "description": None}
    normalizers = {"scope": norm_scope, "redirect_uris": norm_list}
    assert changed_fields(current, desired, normalizers) == []
    # Without normalisers the same data differs.
    assert changed_fields(current, desired) == ["redirect_uris", "scope"]


def test_changed_fields_reports_sorted_differences():
    current = {"a": 1, "b": 2, "c": 3}
    assert changed_fields(current, {"c": 4, "a": 0, "b": 2}) == ["a", "c"]


def test_changed_fields_against_missing_current():
    assert changed_fields(None, {"name": "x", "other": None}) == ["name"]


def test_changed_fields_enum_case_insensitive():
    assert changed_fields({"provider": "GENERIC"}, {"provider": "generic"}, {"provider": norm_enum}) == []
    assert changed_fields({"provider": "GOOGLE"}, {"provider": "generic"}, {"provider": norm_enum}) == ["provider"]


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
