"""Redirect-URI suffix and the REST reference §11 formulas; wire <-> module mapping of the OAuth 2.0 objects."""

import base64
import hashlib

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._fingerprint import fingerprint

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_client import (
    CALLBACK_PATH, PROVIDER_ENDPOINTS, config_from_wire, config_to_wire, redirect_uri, redirect_uri_suffix)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_provider import (
    authorize_endpoint, client_from_wire, token_endpoint)

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
    wire = config_to_wire(config)
    assert wire == {"name": "Jira", "description": None, "type": "generic", "clientId": "cid",
                    "authorizationEndpoint": A_BASE + "/rest/oauth2/latest/authorize",
                    "tokenEndpoint": A_BASE + "/rest/oauth2/latest/token", "scopes": ["READ"],
                    "redirectUriSuffix": "p15aycRYQD-ybhHl_2h71g"}
    assert "clientSecret" not in wire
    assert config_to_wire(config, "s3cr3t")["clientSecret"] == "s3cr3t"


def test_config_from_wire_lowercases_type_and_never_has_a_secret():
    wire = {"id": "u", "name": "Google Drive", "description": "d", "type": "GOOGLE", "clientId": "c",
            "clientSecret": None, "authorizationEndpoint": "https://a", "tokenEndpoint": "https://t",
            "scopes": ["s"], "redirectUriSuffix": "x"}
    assert config_from_wire(wire) == {"id": "u", "name": "Google Drive", "provider": "google", "client_id": "c",
                                      "authorization_endpoint": "https://a", "token_endpoint": "https://t",
                                      "scopes": ["s"], "description": "d", "secret_fingerprint": None}
    assert config_from_wire(None) is None


def test_config_wire_round_trip_keeps_the_secret_fingerprint_in_the_description():
    wire = {"id": "u", "name": "Jira", "description": "Jira link [applinks:secret=0123456789ab]", "type": "GENERIC",
            "clientId": "c", "authorizationEndpoint": "https://a", "tokenEndpoint": "https://t", "scopes": ["READ"]}
    config = config_from_wire(wire)
    assert (config["description"], config["secret_fingerprint"]) == ("Jira link", "0123456789ab")
    assert config_to_wire(config)["description"] == "Jira link [applinks:secret=0123456789ab]"
    assert config_to_wire(dict(config, description=None))["description"] == "[applinks:secret=0123456789ab]"


def test_client_from_wire():
    wire = {"id": "5e0f", "clientId": "4f6b", "clientSecret": "9a8b", "name": "CI", "redirects": ["https://c/cb"],
            "userKey": "admin", "scope": "WRITE"}
    assert client_from_wire(wire) == {"id": "5e0f", "name": "CI", "client_id": "4f6b", "client_secret": "9a8b",
                                      "redirect_uris": ["https://c/cb"], "scope": "WRITE",
                                      "secret_fingerprint": fingerprint("9a8b", "4f6b")}
    assert client_from_wire(dict(wire, clientSecret=None))["secret_fingerprint"] is None
    assert client_from_wire(None) is None
