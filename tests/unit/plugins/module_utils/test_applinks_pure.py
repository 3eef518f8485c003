"""The applinks API family's pure parts: the §2.8 id formula, OAuth level mapping (§4.2), wire mapping, which
v3 list entries could be synthetic OAuth 2.0 entries (§4.1), the listApplicationlinks level mapping (§2.5), and
application_link's replacement detection and matching rules."""

import hashlib
import uuid

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import (
    AUTH_LEVEL_NAMES, AUTH_LEVELS, auth_by_link, auth_from_wire, auth_to_wire, created_id, flags_from_level,
    generic_link_id, is_v3_uuid, level_from_flags, level_from_providers, link_from_wire, manifest_from_wire,
    manifest_url, normalise_flags, type_from_wire, type_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_applinks import (
    ApplicationLink, maybe_synthetic, replacement_reason)


def test_generic_id_of_the_contract_example():
    assert generic_link_id("https://terraform.example.com/app/my-org") == "e94a6efa-f3e9-33a8-8322-6d4e02b9f883"


@pytest.mark.parametrize("url", ["https://terraform.example.com/app/my-org/",
                                 "https://terraform.example.com/app/my-org///"])
def test_generic_id_ignores_trailing_slashes(url):
    assert generic_link_id(url) == "e94a6efa-f3e9-33a8-8322-6d4e02b9f883"


def test_generic_id_is_the_contract_python_expression():
    url = "http://localhost:5065/app"
    assert generic_link_id(url) == str(uuid.UUID(bytes=hashlib.md5(url.encode()).digest(), version=3))


def test_generic_id_is_version_3():
    assert is_v3_uuid(generic_link_id("https://a.example"))
    assert uuid.UUID(generic_link_id("https://a.example")).version == 3


@pytest.mark.parametrize("value,expected", [
    ("e94a6efa-f3e9-33a8-8322-6d4e02b9f883", True),
    (str(uuid.uuid4()), False),
    ("not-a-uuid", False),
    (None, False),
    ("", False),
])
def test_is_v3_uuid(value, expected):
    assert is_v3_uuid(value) is expected


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


def test_bitbucket_is_stash_on_the_wire():
    assert type_to_wire("bitbucket") == "stash"
    assert type_from_wire("stash") == "bitbucket"
    assert type_to_wire("jira") == "jira" and type_from_wire("generic") == "generic"
    assert type_from_wire("refapp") == "refapp"


def test_link_from_v3_and_v1():
    v3 = {"id": "x", "name": "Bb", "type": "stash", "rpcUrl": "https://bb", "displayUrl": "https://bb/d",
          "primary": True, "system": False, "data": {}}
    assert link_from_wire(v3) == {"id": "x", "name": "Bb", "type": "bitbucket", "remote_url": "https://bb",
                                  "display_url": "https://bb/d", "primary": True, "system": False}
    v1 = {"id": "y", "name": "J", "typeId": "jira", "rpcUrl": "https://j", "displayUrl": "https://j",
          "isPrimary": False, "isSystem": True}
    assert link_from_wire(v1)["type"] == "jira" and link_from_wire(v1)["system"] is True
    assert link_from_wire(None) is None


def test_manifest_mapping_and_url():
    wire = {"id": "abc", "name": "Jira", "typeId": "jira", "version": "9.12.15", "url": "https://j/jira",
            "buildNumber": 1}
    assert manifest_from_wire(wire) == {"id": "abc", "name": "Jira", "type": "jira", "version": "9.12.15",
                                        "build_number": 1, "applinks_version": None, "url": "https://j/jira"}
    assert manifest_url("https://j/jira/") == "https://j/jira/rest/applinks/1.0/manifest"


@pytest.mark.parametrize("body", [
    {"status-code": 201, "resources-created": {"link": {"href": "https://h/rest/applinks/2.0/applicationlink/abc-1",
                                                        "rel": "self"}}},
    {"status-code": 201, "resources-created": {"link": [{"href": "https://h/rest/applinks/3.0/applicationlink/abc-1",
                                                         "rel": "self"}]}},
    '<status><status-code>201</status-code><resources-created><link href="https://h/rest/applinks/3.0/'
    'applicationlink/abc-1" rel="self"/></resources-created></status>',
])
def test_created_id_from_json_or_xml(body):
    assert created_id(body) == "abc-1"


def test_created_id_absent():
    assert created_id({"status-code": 201}) is None
    assert created_id(None) is None


@pytest.mark.parametrize("wire,expected", [
    ({"type": "generic", "id": str(uuid.uuid4())}, True),    # random id: could be an OAuth 2.0 client or config
    ({"type": "generic", "id": "e94a6efa-f3e9-33a8-8322-6d4e02b9f883"}, False),  # the §2.8 id of a real link
    ({"type": "jira", "id": str(uuid.uuid4())}, False),      # Atlassian links carry the remote's server id
])
def test_maybe_synthetic(wire, expected):
    assert maybe_synthetic(wire) is expected


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


# Replacement detection and matching rules of application_link (no request is needed for these cases).


JIRA_ID = "6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a"


def current(**kw):
    base = {"id": JIRA_ID, "name": "Jira", "type": "jira", "remote_url": "https://jira.example.com/",
            "display_url": "https://jira.example.com", "primary": False, "system": False}
    base.update(kw)
    return base


def desired(**kw):
    base = {"id": JIRA_ID, "name": "Jira", "type": "jira", "remote_url": "https://jira.example.com",
            "display_url": None, "primary": None}
    base.update(kw)
    return base


def test_no_replacement_for_in_place_changes():
    assert replacement_reason(current(), desired(name="Jira 2", display_url="https://j", primary=True), False) \
        is None
    assert replacement_reason(current(), desired(remote_url="https://jira2.example.com"), True) is None  # relocate
    assert replacement_reason(current(type="generic"), desired(type="generic", id=None), False) is None


@pytest.mark.parametrize("cur,want,relocate,words", [
    (current(type="generic"), desired(), True, ["type 'generic', not 'jira'"]),
    (current(id=str(uuid.UUID(int=1))), desired(), True, ["another id", JIRA_ID]),
    (current(), desired(remote_url="https://jira2.example.com"), False, ["relocate is false", "jira2"]),
    (current(type="generic", id=str(uuid.UUID(int=1))), desired(), True, ["type", " and ", "another id"]),
])
def test_replacement_reasons(cur, want, relocate, words):
    why = replacement_reason(cur, want, relocate)
    for word in words:
        assert word in why


class FakeModule(object):
    def __init__(self, **params):
        self.params = dict(type=None, remote_url=None, display_url=None, primary=None, incoming_auth=None,
                           outgoing_auth=None, relocate=True, recreate=False, state="present")
        self.params.update(params)
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


class NoApi(object):
    def __getattr__(self, name):
        raise AssertionError("no request expected: %s" % name)


def resource(links, remote_id=None, **params):
    res = ApplicationLink(FakeModule(**params), transport=None)
    res.api = NoApi()
    res.links = links
    res.remote = {"id": remote_id, "type": params.get("type")} if remote_id else None
    return res


def wire(name, id_=JIRA_ID, type_="jira", url="https://jira.example.com"):
    return {"id": id_, "name": name, "type": type_, "rpcUrl": url, "displayUrl": url}


def test_absent_takes_only_the_name():
    links = [wire("Jira")]
    res = resource(links, remote_id=JIRA_ID, name="Old Jira", type="jira", state="absent")
    assert res._match_absent() is None
    assert "'Jira' (id %s" % JIRA_ID in res.module.warnings[0] and "not deleted" in res.module.warnings[0]
    res = resource(links, remote_id=JIRA_ID, name="Jira", type="jira", state="absent")
    assert res._match_absent() is links[0] and res.module.warnings == []


def test_absent_generic_by_name_only():
    url = "https://tf.example.com/app"
    links = [wire("TF", id_=generic_link_id(url), type_="generic", url=url)]
    res = resource(links, name="Old TF", remote_url=url, state="absent")
    assert res._match_absent() is None and "'TF'" in res.module.warnings[0]


def test_present_renames_the_link_of_the_remote_id_with_a_warning():
    links = [wire("Jira")]
    res = resource(links, remote_id=JIRA_ID, name="Jira (prod)", type="jira")
    assert res._match_present() is links[0]
    assert res.module.warnings == ["renaming link 'Jira' (id %s, found by the remote's server id) to "
                                   "'Jira (prod)'" % JIRA_ID]


def test_present_refuses_when_the_remote_id_and_the_name_find_two_links():
    other = str(uuid.UUID(int=7))
    res = resource([wire("Jira"), wire("Jira (prod)", id_=other)], remote_id=JIRA_ID, name="Jira (prod)",
                   type="jira")
    with pytest.raises(InputError) as err:
        res._match_present()
    assert err.value.option == "name" and JIRA_ID in str(err.value) and other in str(err.value)


def test_present_generic_prefers_the_name_over_the_url_id():
    url = "https://tf.example.com/app"
    by_url = wire("Other", id_=generic_link_id(url), type_="generic", url=url)
    named = wire("TF", id_=generic_link_id("https://elsewhere.example.com"), type_="generic")
    res = resource([by_url, named], name="TF", type="generic", remote_url=url)
    assert res._match_present() is named and res.module.warnings == []


def test_replacement_without_recreate_fails_naming_the_option_and_with_it_warns():
    res = resource([], name="Jira", type="jira", remote_url="https://jira.example.com")
    res.wanted = desired(type="jira")
    with pytest.raises(InputError) as err:
        res.forced(current(type="generic"))
    assert err.value.option == "recreate" and "recreate: true" in str(err.value)
    res = resource([], name="Jira", type="jira", remote_url="https://jira.example.com", recreate=True)
    res.wanted = desired(type="jira")
    assert res.forced(current(type="generic")) == ["replace"] and res.action == "replace"
    for lost in ("entity links", "OAuth tokens", "primary flag", "reciprocal link"):
        assert lost in res.module.warnings[0]
