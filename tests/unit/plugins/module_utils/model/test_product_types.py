"""model/product_types.py: the one table of application types (wire ids, labels, the versions with native OAuth
2.0 application links of REST reference §12.1, the known scopes) and version parsing."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import (
    ATLASSIAN_TYPES, BY_NAME, LINK_TYPES, application_label, at_least, known_scopes, native_oauth2_applinks, parse_version,
    product_report, type_from_wire, type_to_wire)


@pytest.mark.parametrize("text,expected", [
    ("9.12.15", (9, 12, 15)),
    ("10.1", (10, 1)),
    ("11", (11,)),
    ("9.12.15-m0001", (9, 12, 15)),
    ("v8.5.16", (8, 5, 16)),
    ({"versionString": "8.19.10", "major": 8}, (8, 19, 10)),
    ("", None),
    ("unknown", None),
    (None, None),
    (11.2, None),
    ({}, None),
])
def test_parse_version(text, expected):
    assert parse_version(text) == expected


def test_at_least_pads_missing_parts():
    assert at_least((11, 2), (11, 2)) is True
    assert at_least((11, 2, 0), (11, 2)) is True
    assert at_least((11,), (11, 2)) is False
    assert at_least((11, 1, 99), (11, 2)) is False
    assert at_least((12,), (11, 2)) is True
    assert at_least(None, (11, 2)) is None


@pytest.mark.parametrize("link_type,version,expected", [
    ("jira", "11.2.0", True),
    ("jira", "11.1.3", False),
    ("jira", "10.3.12", False),
    ("jira", "12.0", True),
    ("confluence", "10.1.0", True),
    ("confluence", "10.0.3", False),
    ("confluence", "9.2.9", False),
    ("bitbucket", "10.1.1", True),
    ("stash", "10.1.1", True),    # the manifest's typeId
    ("stash", "9.4.0", False),
    ("bamboo", "12.0.0", True),
    ("bamboo", "11.1.2", False),
    ("crowd", "7.1", True),
    ("generic", "99.0", False),
    ("fecru", "5.0", False),
    ("jira", None, None),
    ("jira", "garbage", None),
])
def test_native_oauth2_applinks(link_type, version, expected):
    assert native_oauth2_applinks(link_type, version) is expected


def test_the_table_is_the_contract():
    native = dict((name, t.native_oauth2) for name, t in BY_NAME.items() if t.native_oauth2)
    assert native == {"jira": (11, 2), "confluence": (10, 1), "bitbucket": (10, 1), "bamboo": (12, 0),
                      "crowd": (7, 1)}
    assert type_from_wire("stash") == "bitbucket" and type_from_wire("jira") == "jira"


def test_product_report():
    manifest = {"id": "x", "name": "Confluence", "type": "confluence", "version": "10.2.1", "build_number": 10201,
                "applinks_version": "10.0.3", "url": "https://c"}
    assert product_report(manifest, True, False) == {
        "type": "confluence", "version": "10.2.1", "build_number": 10201, "applinks_version": "10.0.3",
        "oauth2_provider_api": True, "oauth2_client_api": False, "native_oauth2_applinks": True}
    assert product_report({"type": "stash", "version": "8.19.10"})["type"] == "bitbucket"
    assert product_report(None)["native_oauth2_applinks"] is False


def test_known_scopes_follow_the_product_line():
    assert "READ_ALL" in known_scopes("jira", "10.3.12") and "READ_ALL" not in known_scopes("jira", "9.12.15")
    assert "MANAGE_SUBSCRIPTIONS" in known_scopes("confluence", "9.2.6")
    assert "MANAGE_SUBSCRIPTIONS" not in known_scopes("confluence", "8.5.16")
    assert "REPO_READ" in known_scopes("stash", "9.4.8")
    assert known_scopes("jira", None) == () and known_scopes("crowd", "7.1") == ()


def test_bitbucket_is_stash_on_the_wire():
    assert type_to_wire("bitbucket") == "stash"
    assert type_from_wire("stash") == "bitbucket" and type_from_wire("bitbucket") == "bitbucket"
    assert type_to_wire("jira") == "jira" and type_from_wire("generic") == "generic"
    assert type_from_wire("refapp") == "refapp" and type_from_wire("gitlab") == "gitlab"


def test_the_types_the_modules_take():
    assert LINK_TYPES == ["jira", "confluence", "bitbucket", "bamboo", "fecru", "crowd", "generic"]
    assert ATLASSIAN_TYPES == ("jira", "confluence", "bitbucket", "bamboo", "fecru", "crowd")


@pytest.mark.parametrize("link_type,version,expected", [
    ("jira", "9.12.15", "Jira 9.12.15"), ("stash", None, "Bitbucket"), ("bitbucket", "9.4", "Bitbucket 9.4"),
    ("fecru", None, "Fisheye / Crucible"), ("refapp", None, "Reference application"),
    ("generic", "1.0", "Generic application"), (None, None, "Generic application"), ("gitlab", "17", "gitlab 17"),
])
def test_labels_of_the_admin_ui(link_type, version, expected):
    assert application_label(link_type, version) == expected
