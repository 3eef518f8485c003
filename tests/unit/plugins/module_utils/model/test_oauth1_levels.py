"""model/oauth1_levels.py: the OAuth 1.0a levels of a link direction, the OAuthStatus flags (REST reference §4.2)
and the provider classes of listApplicationlinks (§2.5)."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import (
    AUTH_LEVEL_CHOICES, AUTH_LEVEL_NAMES, AUTH_LEVELS, ROLE_LEVEL_CHOICES, auth_by_link, auth_from_wire,
    auth_to_wire, canonical_level, flags_from_level, level_from_flags, level_from_providers, level_label,
    level_warnings, normalise_flags)


@pytest.mark.parametrize("level,flags", [
    ("disabled", {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}),
    # The admin UI's "OAuth" is 3LO + 2LO (OAuthConfig.createDefaultOAuthConfig).
    ("oauth", {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}),
    ("oauth_3lo_only", {"enabled": True, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}),
    ("oauth_impersonation", {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": True}),
])
def test_level_flags_round_trip(level, flags):
    assert flags_from_level(level) == flags
    assert level_from_flags(flags) == level


@pytest.mark.parametrize("flags,expected", [
    # §4.2 normalisation: enabled=false wins; then impersonation; then 2LO; otherwise 3-legged only.
    ({"enabled": False, "twoLoEnabled": True, "twoLoImpersonationEnabled": True}, "disabled"),
    ({"enabled": True, "twoLoEnabled": False, "twoLoImpersonationEnabled": True}, "oauth_impersonation"),
    ({"enabled": True, "twoLoEnabled": True}, "oauth"),
    ({"enabled": True}, "oauth_3lo_only"),
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
    assert auth_from_wire(wire) == {"incoming": "oauth", "outgoing": "disabled"}
    assert auth_to_wire({"incoming": "oauth", "outgoing": "disabled"}) == wire
    assert auth_to_wire({"incoming": "oauth_2lo", "outgoing": "disabled"}) == wire  # the old name
    assert auth_from_wire(None) == {"incoming": "disabled", "outgoing": "disabled"}


PKG = "com.atlassian.applinks.api.auth.types."
OAUTH, TWO_LO, TWO_LO_I = PKG + "OAuthAuthenticationProvider", PKG + "TwoLeggedOAuthAuthenticationProvider", \
    PKG + "TwoLeggedOAuthWithImpersonationAuthenticationProvider"


@pytest.mark.parametrize("providers,expected", [
    ([], "disabled"),
    (None, "disabled"),
    ([OAUTH], "oauth_3lo_only"),
    ([TWO_LO, OAUTH], "oauth"),
    ([OAUTH, TWO_LO, TWO_LO_I], "oauth_impersonation"),
    ([OAUTH, TWO_LO_I], "oauth_impersonation"),   # §4.2: impersonation implies 2LO
    ([TWO_LO, TWO_LO_I], "disabled"),             # no 3-legged provider: OAuth is off (§4.2 enabled=false)
    ([PKG + "BasicAuthenticationProvider", PKG + "CorsAuthenticationProvider"], "disabled"),
    ([OAUTH, PKG + "TrustedAppsAuthenticationProvider"], "oauth_3lo_only"),
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
    assert auth_by_link(entries) == {"a": {"incoming": "oauth", "outgoing": "oauth_3lo_only"},
                                     "b": {"incoming": "disabled", "outgoing": "oauth_impersonation"}}
    assert auth_by_link(None) == {}


def test_the_old_name_is_the_level_it_means_with_a_deprecation():
    assert canonical_level("oauth_2lo") == "oauth" and canonical_level(None) is None
    assert flags_from_level("oauth_2lo") == flags_from_level("oauth")
    [warning] = level_warnings("incoming_auth", "oauth_2lo")
    assert "deprecated" in warning and "incoming_auth: oauth" in warning
    assert level_warnings("incoming_auth", "oauth") == [] and level_warnings("outgoing_auth", None) == []


def test_3lo_only_warns_that_the_product_reports_it_unsupported():
    [warning] = level_warnings("outgoing_auth", "oauth_3lo_only")
    assert "AUTH_LEVEL_UNSUPPORTED" in warning and "unsupported" in warning and "'oauth'" in warning


def test_labels_are_the_admin_uis():
    assert level_label("oauth") == "OAuth" and level_label("oauth_impersonation") == "OAuth (impersonation)"
    assert level_label("oauth_2lo") == "OAuth"


def test_one_table_for_modules_and_roles():
    """The modules' choices and both roles' argument specs list the levels of this table."""
    import yaml
    from pathlib import Path
    from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import LINK
    root = Path(__file__).resolve().parents[5]
    assert LINK["incoming_auth"]["choices"] == LINK["outgoing_auth"]["choices"] == AUTH_LEVEL_CHOICES
    two_way = yaml.safe_load((root / "roles/two_way_link/meta/argument_specs.yml").read_text())
    option = two_way["argument_specs"]["main"]["options"]["two_way_link_oauth1_level"]
    assert option["choices"] == ROLE_LEVEL_CHOICES and option["default"] == "oauth"
    defaults = yaml.safe_load((root / "roles/two_way_link/defaults/main.yml").read_text())
    assert defaults["two_way_link_oauth1_level"] == "oauth"
    links = yaml.safe_load((root / "roles/application_links/meta/argument_specs.yml").read_text())
    item = links["argument_specs"]["main"]["options"]["application_links"]["options"]
    assert item["incoming_auth"]["choices"] == item["outgoing_auth"]["choices"] == AUTH_LEVEL_CHOICES
