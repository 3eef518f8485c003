"""model/oauth1_levels.py: the OAuth 1.0a levels of a link direction, the OAuthStatus flags (REST reference §4.2)
and the provider classes of listApplicationlinks (§2.5)."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import (
    AUTH_LEVEL_NAMES, AUTH_LEVELS, auth_by_link, auth_from_wire, auth_to_wire, flags_from_level, level_from_flags,
    level_from_providers, normalise_flags)


@pytest.mark.parametrize("level,flags", [
    ("disabled", {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}),
    ("oauth", {"enabled": True, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}),
    ("oauth_2lo", {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}),
    ("oauth_impersonation", {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": True}),
])
def test_level_flags_round_trip(level, flags):
    assert flags_from_level(level) == flags
    assert level_from_flags(flags) == level


@pytest.mark.parametrize("flags,expected", [
    # §4.2 normalisation: enabled=false wins; then impersonation; then 2LO; otherwise 3-legged only.
    ({"enabled": False, "twoLoEnabled": True, "twoLoImpersonationEnabled": True}, "disabled"),
    ({"enabled": True, "twoLoEnabled": False, "twoLoImpersonationEnabled": True}, "oauth_impersonation"),
    ({"enabled": True, "twoLoEnabled": True}, "oauth_2lo"),
    ({"enabled": True}, "oauth"),
    ({}, "disabled"),
    (None, "disabled"),
])
def test_normalisation(flags, expected):
    assert level_from_flags(flags) == expected
    assert normalise_flags(flags) == AUTH_LEVELS[expected]


def test_every_level_is_a_normalised_tuple():
    for name in AUTH_LEVEL_NAMES:
        assert normalise_flags(flags_from_level(name)) == AUTH_LEVELS[name]


def test_auth_status_mapping_both_ways():
    wire = {"incoming": {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False},
            "outgoing": {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}}
    assert auth_from_wire(wire) == {"incoming": "oauth_2lo", "outgoing": "disabled"}
    assert auth_to_wire({"incoming": "oauth_2lo", "outgoing": "disabled"}) == wire
    assert auth_from_wire(None) == {"incoming": "disabled", "outgoing": "disabled"}


PKG = "com.atlassian.applinks.api.auth.types."
OAUTH, TWO_LO, TWO_LO_I = PKG + "OAuthAuthenticationProvider", PKG + "TwoLeggedOAuthAuthenticationProvider", \
    PKG + "TwoLeggedOAuthWithImpersonationAuthenticationProvider"


@pytest.mark.parametrize("providers,expected", [
    ([], "disabled"),
    (None, "disabled"),
    ([OAUTH], "oauth"),
    ([TWO_LO, OAUTH], "oauth_2lo"),
    ([OAUTH, TWO_LO, TWO_LO_I], "oauth_impersonation"),
    ([OAUTH, TWO_LO_I], "oauth_impersonation"),   # §4.2: impersonation implies 2LO
    ([TWO_LO, TWO_LO_I], "disabled"),             # no 3-legged provider: OAuth is off (§4.2 enabled=false)
    ([PKG + "BasicAuthenticationProvider", PKG + "CorsAuthenticationProvider"], "disabled"),
    ([OAUTH, PKG + "TrustedAppsAuthenticationProvider"], "oauth"),
])
def test_level_from_providers(providers, expected):
    assert level_from_providers(providers) == expected


def test_auth_by_link_maps_inbound_and_outbound_per_id():
    entries = [
        {"application": {"id": "a", "typeId": "jira"}, "configuredInboundAuthenticators": [OAUTH, TWO_LO],
         "configuredOutboundAuthenticators": [OAUTH]},
        {"application": {"id": "b", "typeId": "generic"}, "configuredInboundAuthenticators": [],
         "configuredOutboundAuthenticators": [OAUTH, TWO_LO, TWO_LO_I]},
        {"application": {}, "configuredInboundAuthenticators": [OAUTH]},  # no id: skipped
    ]
    assert auth_by_link(entries) == {"a": {"incoming": "oauth_2lo", "outgoing": "oauth"},
                                     "b": {"incoming": "disabled", "outgoing": "oauth_impersonation"}}
    assert auth_by_link(None) == {}
