"""plugins/filter/applinks.py: the values of REST reference section 11 and section 7."""

import base64
import hashlib

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.atlassian_dc.applinks.plugins.filter.applinks import (
    FilterModule, oauth2_endpoints, oauth2_redirect_uri, oauth2_redirect_uri_suffix)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import redirect_uri

JIRA = "https://jira.example.com"
CONFLUENCE = "https://confluence.example.com/confluence"


def test_suffix_google_example():
    assert oauth2_redirect_uri_suffix("https://accounts.google.com/o/oauth2/v2/auth") == "VZTVB3H4Eyo3R5KDvTp1vg"


def test_worked_values_of_section_11():
    assert oauth2_redirect_uri_suffix(JIRA + "/rest/oauth2/latest/authorize") == "p15aycRYQD-ybhHl_2h71g"
    assert oauth2_redirect_uri(CONFLUENCE, JIRA + "/rest/oauth2/latest/authorize") == (
        CONFLUENCE + "/plugins/servlet/oauth2/client/callback/p15aycRYQD-ybhHl_2h71g")
    assert oauth2_redirect_uri(JIRA, oauth2_endpoints(CONFLUENCE)["authorization_endpoint"]) == (
        JIRA + "/plugins/servlet/oauth2/client/callback/x-I544V3H_HY0fXYl1-ODA")


def test_trailing_slash_is_removed():
    assert oauth2_endpoints(JIRA + "/") == {"authorization_endpoint": JIRA + "/rest/oauth2/latest/authorize",
                                            "token_endpoint": JIRA + "/rest/oauth2/latest/token"}
    assert oauth2_redirect_uri(CONFLUENCE + "/", JIRA + "/rest/oauth2/latest/authorize") == oauth2_redirect_uri(
        CONFLUENCE, JIRA + "/rest/oauth2/latest/authorize")


def test_the_endpoint_is_hashed_as_given():
    """A trailing '/' of the authorization endpoint is part of what the product hashes (REST reference §7, §11):
    the filter must give the redirect URI the module and the product give, not strip it."""
    endpoint = "https://idp.example.com/oauth2/authorize/"
    suffix = base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()
    assert oauth2_redirect_uri_suffix(endpoint) == suffix
    assert oauth2_redirect_uri("https://conf.example.com", endpoint) == (
        "https://conf.example.com/plugins/servlet/oauth2/client/callback/" + suffix)
    assert oauth2_redirect_uri("https://conf.example.com", endpoint) == redirect_uri("https://conf.example.com",
                                                                                     endpoint)


def test_agrees_with_the_modules():
    endpoint = oauth2_endpoints(JIRA)["authorization_endpoint"]
    assert oauth2_redirect_uri(CONFLUENCE, endpoint) == redirect_uri(CONFLUENCE, endpoint)


@pytest.mark.parametrize("value", [None, "", "  ", 42])
def test_bad_input_fails_clearly(value):
    with pytest.raises(AnsibleFilterError):
        oauth2_endpoints(value)


def test_registered_names():
    assert set(FilterModule().filters()) == {"oauth2_redirect_uri", "oauth2_redirect_uri_suffix", "oauth2_endpoints"}
