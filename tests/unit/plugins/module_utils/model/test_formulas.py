"""model/formulas.py: the redirect-URI suffix and the REST reference §11 formulas, the generic link id (§2.8),
the secret fingerprints and the description marker; the wire mapping of the OAuth 2.0 links."""

import base64
import binascii
import hashlib
import uuid

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model import formulas
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    CALLBACK_PATH, authorize_endpoint, fingerprint, generic_link_id, is_v3_uuid, join_description, records_secret,
    redirect_uri, redirect_uri_suffix, secret_record, slow_fingerprint, split_description, token_endpoint)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import incoming_from_wire
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.outgoing_link import (
    PROVIDER_ENDPOINTS, outgoing_from_wire, outgoing_to_wire)

A_BASE = "https://jira.example.com"
B_BASE = "https://confluence.example.com/confluence"


def test_suffix_of_googles_endpoint():
    assert redirect_uri_suffix("https://accounts.google.com/o/oauth2/v2/auth") == "VZTVB3H4Eyo3R5KDvTp1vg"


def test_suffix_is_the_contract_python_expression():
    ep = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
    expected = base64.urlsafe_b64encode(hashlib.md5(ep.encode()).digest()).rstrip(b"=").decode()
    assert redirect_uri_suffix(ep) == expected
    assert len(expected) == 22 and "=" not in expected


def test_suffix_of_non_ascii_endpoint_uses_utf8():
    ep = u"https://h\u00e9llo.example.com/auth"
    expected = base64.urlsafe_b64encode(hashlib.md5(ep.encode("utf-8")).digest()).rstrip(b"=").decode()
    assert redirect_uri_suffix(ep) == expected


def test_endpoints_of_an_atlassian_provider():
    assert authorize_endpoint(A_BASE) == "https://jira.example.com/rest/oauth2/latest/authorize"
    assert token_endpoint(B_BASE + "/") == B_BASE + "/rest/oauth2/latest/token"


# REST reference §11 worked values
def test_worked_value_suffix_a():
    assert redirect_uri_suffix(authorize_endpoint(A_BASE)) == "p15aycRYQD-ybhHl_2h71g"


def test_worked_value_suffix_b():
    assert redirect_uri_suffix(authorize_endpoint(B_BASE)) == "x-I544V3H_HY0fXYl1-ODA"


def test_worked_value_redirect_b_a():
    assert redirect_uri(B_BASE, authorize_endpoint(A_BASE)) == (
        "https://confluence.example.com/confluence/plugins/servlet/oauth2/client/callback/p15aycRYQD-ybhHl_2h71g")


def test_worked_value_redirect_a_b():
    assert redirect_uri(A_BASE, authorize_endpoint(B_BASE)) == (
        "https://jira.example.com/plugins/servlet/oauth2/client/callback/x-I544V3H_HY0fXYl1-ODA")


def test_redirect_uri_drops_trailing_slash_of_the_base_only():
    assert redirect_uri(B_BASE + "/", "https://a/auth") == B_BASE + CALLBACK_PATH + redirect_uri_suffix("https://a/auth")


@pytest.mark.parametrize("other", [
    "https://jira.example.com/rest/oauth2/latest/authorize/",      # trailing slash
    "http://jira.example.com/rest/oauth2/latest/authorize",        # other scheme
    "https://jira.example.com:443/rest/oauth2/latest/authorize",   # explicit port
])
def test_the_suffix_depends_on_the_exact_string(other):
    assert redirect_uri_suffix(other) != "p15aycRYQD-ybhHl_2h71g"


def test_well_known_provider_endpoints():
    assert PROVIDER_ENDPOINTS["google"][0] == "https://accounts.google.com/o/oauth2/v2/auth"
    assert redirect_uri_suffix(PROVIDER_ENDPOINTS["google"][0]) == "VZTVB3H4Eyo3R5KDvTp1vg"
    assert all(ep.startswith("https://") for pair in PROVIDER_ENDPOINTS.values() for ep in pair)


def test_config_to_wire_carries_the_computed_suffix_and_the_secret_only_when_given():
    config = {"name": "Jira", "description": None, "provider": "generic", "client_id": "cid",
              "authorization_endpoint": authorize_endpoint(A_BASE), "token_endpoint": token_endpoint(A_BASE),
              "scopes": ["READ"]}
    wire = outgoing_to_wire(config)
    assert wire == {"name": "Jira", "description": None, "type": "generic", "clientId": "cid",
                    "authorizationEndpoint": A_BASE + "/rest/oauth2/latest/authorize",
                    "tokenEndpoint": A_BASE + "/rest/oauth2/latest/token", "scopes": ["READ"],
                    "redirectUriSuffix": "p15aycRYQD-ybhHl_2h71g"}
    assert "clientSecret" not in wire
    assert outgoing_to_wire(config, "s3cr3t")["clientSecret"] == "s3cr3t"


def test_config_from_wire_lowercases_type_and_never_has_a_secret():
    wire = {"id": "u", "name": "Google Drive", "description": "d", "type": "GOOGLE", "clientId": "c",
            "clientSecret": None, "authorizationEndpoint": "https://a", "tokenEndpoint": "https://t",
            "scopes": ["s"], "redirectUriSuffix": "x"}
    assert outgoing_from_wire(wire) == {"id": "u", "name": "Google Drive", "provider": "google", "client_id": "c",
                                        "authorization_endpoint": "https://a", "token_endpoint": "https://t",
                                        "scopes": ["s"], "description": "d", "secret_fingerprint": None}
    assert outgoing_from_wire(None) is None


def test_config_wire_round_trip_keeps_the_secret_fingerprint_in_the_description():
    wire = {"id": "u", "name": "Jira", "description": "Jira link [applinks:secret=0123456789ab]", "type": "GENERIC",
            "clientId": "c", "authorizationEndpoint": "https://a", "tokenEndpoint": "https://t", "scopes": ["READ"]}
    config = outgoing_from_wire(wire)
    assert (config["description"], config["secret_fingerprint"]) == ("Jira link", "0123456789ab")
    assert outgoing_to_wire(config)["description"] == "Jira link [applinks:secret=0123456789ab]"
    assert outgoing_to_wire(dict(config, description=None))["description"] == "[applinks:secret=0123456789ab]"


def test_incoming_from_wire():
    wire = {"id": "5e0f", "clientId": "4f6b", "clientSecret": "9a8b", "name": "CI", "redirects": ["https://c/cb"],
            "userKey": "admin", "scope": "WRITE"}
    assert incoming_from_wire(wire) == {"id": "5e0f", "name": "CI", "client_id": "4f6b", "client_secret": "9a8b",
                                        "redirect_uris": ["https://c/cb"], "scope": "WRITE",
                                        "secret_fingerprint": fingerprint("9a8b", "4f6b")}
    assert incoming_from_wire(dict(wire, clientSecret=None))["secret_fingerprint"] is None
    assert incoming_from_wire(None) is None


def test_redirect_uri_hashes_a_trailing_slash_of_the_endpoint():
    """Only the base URL loses a trailing '/': the endpoint is hashed as given (REST reference §7)."""
    endpoint = "https://idp.example.com/oauth2/authorize/"
    expected = base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()
    assert redirect_uri("https://conf.example.com/", endpoint) == "https://conf.example.com" + CALLBACK_PATH + expected


# The generic link id (REST reference §2.8)


def test_generic_id_of_the_contract_example():
    assert generic_link_id("https://terraform.example.com/app/my-org") == "e94a6efa-f3e9-33a8-8322-6d4e02b9f883"


@pytest.mark.parametrize("url", ["https://terraform.example.com/app/my-org/",
                                 "https://terraform.example.com/app/my-org///"])
def test_generic_id_ignores_trailing_slashes(url):
    assert generic_link_id(url) == "e94a6efa-f3e9-33a8-8322-6d4e02b9f883"


def test_generic_id_is_the_contract_python_expression():
    url = "http://localhost:5065/app"
    assert generic_link_id(url) == str(uuid.UUID(bytes=hashlib.md5(url.encode()).digest(), version=3))
    assert is_v3_uuid(generic_link_id(url))


@pytest.mark.parametrize("value,expected", [
    ("e94a6efa-f3e9-33a8-8322-6d4e02b9f883", True),
    (str(uuid.uuid4()), False),
    ("not-a-uuid", False),
    (None, False),
    ("", False),
])
def test_is_v3_uuid(value, expected):
    assert is_v3_uuid(value) is expected


# Secret fingerprints: fast for a secret a product generated, slow and salted for one a user chose


@pytest.fixture
def cheap_scrypt(monkeypatch):
    """The derivation is slow on purpose; these tests lower its cost (the form of the record stays)."""
    monkeypatch.setitem(formulas.SCRYPT, "n", 2 ** 4)


def test_fast_fingerprint_is_salted_truncated_sha256():
    assert fingerprint("s3cr3t", "cid") == hashlib.sha256(b"cid:s3cr3t").hexdigest()[:12]
    assert fingerprint("s3cr3t", "other") != fingerprint("s3cr3t", "cid")
    assert fingerprint(None, "cid") is None and fingerprint("s", None) is None
    assert secret_record("s3cr3t", "cid", "product") == fingerprint("s3cr3t", "cid")


def test_the_derivation_for_a_users_secret_is_deliberately_slow():
    assert formulas.SCRYPT["n"] >= 2 ** 15 and formulas.SCRYPT["r"] >= 8  # 32 MiB, ~0.1 s per guess
    salt = b"\x01" * formulas.SALT_BYTES
    expected = hashlib.scrypt(b"cid:Winter2026!", salt=salt, dklen=formulas.SLOW_BYTES, maxmem=64 * 1024 * 1024,
                              **formulas.SCRYPT)
    assert slow_fingerprint("Winter2026!", "cid", salt) == "scrypt:%s:%s" % (
        binascii.hexlify(salt).decode(), binascii.hexlify(expected).decode())


def test_a_users_secret_gets_a_salted_record_without_the_fast_hash(cheap_scrypt):
    first, second = secret_record("Winter2026!", "cid"), secret_record("Winter2026!", "cid", "user")
    assert first.startswith("scrypt:") and second.startswith("scrypt:") and first != second  # a new salt each time
    assert fingerprint("Winter2026!", "cid") not in first
    assert records_secret(first, "Winter2026!", "cid") and records_secret(second, "Winter2026!", "cid")
    assert not records_secret(first, "Spring2026!", "cid") and not records_secret(first, "Winter2026!", "other")
    assert secret_record(None, "cid") is None and not records_secret(None, "x", "cid")


def test_a_record_of_an_earlier_version_is_still_understood(cheap_scrypt):
    legacy = fingerprint("Winter2026!", "cid")  # what every secret got before secret_origin
    assert records_secret(legacy, "Winter2026!", "cid") and not records_secret(legacy, "other", "cid")


def test_description_marker_round_trip_of_both_forms(cheap_scrypt):
    slow = secret_record("Winter2026!", "cid")
    for recorded in ("0123456789ab", slow):
        assert split_description("Jira [applinks:secret=%s]" % recorded) == ("Jira", recorded)
        assert split_description("[applinks:secret=%s]" % recorded) == (None, recorded)
        assert join_description("Jira", recorded) == "Jira [applinks:secret=%s]" % recorded
        joined = join_description("d" * 300, recorded)
        assert len(joined) == 255 and split_description(joined) == ("d" * (254 - len(recorded) - 18), recorded)
    assert split_description("no marker [applinks:secret=xyz]") == ("no marker [applinks:secret=xyz]", None)
    assert split_description(None) == (None, None)
    assert join_description(None, None) is None and join_description("x", None) == "x"
