"""model/application_link.py: wire mapping, replacement detection and the matching and change rules of an
application link (no request), and the create answer of api/application_links.py."""

import uuid

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.application_links import (
    created_id, manifest_url)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import (
    APPLICATION_LINK, link_from_wire, manifest_from_wire, replacement_reason)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import PlanContext
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError


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


def item(**given):
    """An item as the argspec fills it."""
    values = dict(type=None, remote_url=None, display_url=None, primary=None, incoming_auth=None, outgoing_auth=None,
                  relocate=True, recreate=False, state="present")
    values.update(given)
    return values


def link(name, id_=JIRA_ID, type_="jira", url="https://jira.example.com", **extra):
    return dict({"id": id_, "name": name, "type": type_, "remote_url": url, "display_url": url, "primary": False,
                 "system": False}, **extra)


def remote(link_id=JIRA_ID):
    return {"id": link_id, "type": "jira", "url": "https://jira.example.com"}


def test_absent_takes_only_the_name():
    links = [link("Jira")]
    found, warnings = APPLICATION_LINK.find(links, item(name="Old Jira", type="jira", state="absent"), remote())
    assert found is None
    assert "'Jira' (id %s" % JIRA_ID in warnings[0] and "not deleted" in warnings[0]
    found, warnings = APPLICATION_LINK.find(links, item(name="Jira", type="jira", state="absent"), remote())
    assert found is links[0] and warnings == []


def test_absent_generic_by_name_only():
    url = "https://tf.example.com/app"
    links = [link("TF", id_=generic_link_id(url), type_="generic", url=url)]
    found, warnings = APPLICATION_LINK.find(links, item(name="Old TF", remote_url=url, state="absent"), None)
    assert found is None and "'TF'" in warnings[0]


def test_present_renames_the_link_of_the_remote_id_with_a_warning():
    links = [link("Jira")]
    found, warnings = APPLICATION_LINK.find(links, item(name="Jira (prod)", type="jira"), remote())
    assert found is links[0]
    assert warnings == ["renaming link 'Jira' (id %s, found by the remote's server id) to 'Jira (prod)'" % JIRA_ID]


def test_present_refuses_when_the_remote_id_and_the_name_find_two_links():
    other = str(uuid.UUID(int=7))
    with pytest.raises(InputError) as err:
        APPLICATION_LINK.find([link("Jira"), link("Jira (prod)", id_=other)], item(name="Jira (prod)", type="jira"),
                              remote())
    assert err.value.option == "name" and JIRA_ID in str(err.value) and other in str(err.value)


def test_present_generic_prefers_the_name_over_the_url_id():
    url = "https://tf.example.com/app"
    by_url = link("Other", id_=generic_link_id(url), type_="generic", url=url)
    named = link("TF", id_=generic_link_id("https://elsewhere.example.com"), type_="generic")
    found, warnings = APPLICATION_LINK.find([by_url, named], item(name="TF", type="generic", remote_url=url), None)
    assert found is named and warnings == []


def decide(cur, **given):
    context = PlanContext({"Jira": remote()} if given.get("type", "jira") == "jira" else {})
    values = item(name="Jira", type="jira", remote_url="https://jira.example.com")
    values.update(given)
    return APPLICATION_LINK.decide(cur, values, context)


def test_replacement_without_recreate_fails_naming_the_option_and_with_it_warns():
    with pytest.raises(InputError) as err:
        decide(current(type="generic"))
    assert err.value.option == "recreate" and "recreate: true" in str(err.value)
    decision = decide(current(type="generic"), recreate=True)
    assert decision.action == "replace" and "replace" in decision.fields
    assert decision.after["id"] == JIRA_ID and decision.after["type"] == "jira"
    for lost in ("entity links", "OAuth tokens", "primary flag", "reciprocal link"):
        assert lost in decision.warnings[0]


def test_an_unchanged_link_and_its_levels():
    assert decide(current()).action == "none"
    same = current(auth={"incoming": "oauth", "outgoing": "oauth"})
    assert decide(same, incoming_auth="oauth", outgoing_auth="oauth").action == "none"
    decision = decide(same, incoming_auth="oauth_impersonation")
    assert (decision.action, decision.fields) == ("update", ["auth"])
    assert decision.after["auth"] == {"incoming": "oauth_impersonation", "outgoing": "oauth"}


def test_the_old_level_name_is_todays_oauth_with_a_warning():
    same = current(auth={"incoming": "oauth", "outgoing": "oauth"})
    decision = decide(same, incoming_auth="oauth_2lo", outgoing_auth="oauth_2lo")
    assert decision.action == "none" and len(decision.warnings) == 2
    assert "deprecated" in decision.warnings[0]


def test_a_3lo_only_link_is_brought_to_the_declared_level():
    """What an earlier version's level 'oauth' made (3LO only) differs from today's 'oauth' (3LO + 2LO)."""
    old = current(auth={"incoming": "oauth_3lo_only", "outgoing": "oauth_3lo_only"})
    decision = decide(old, incoming_auth="oauth", outgoing_auth="oauth")
    assert (decision.action, decision.fields) == ("update", ["auth"]) and decision.warnings == []
    assert decision.after["auth"] == {"incoming": "oauth", "outgoing": "oauth"}
    explicit = decide(old, incoming_auth="oauth_3lo_only", outgoing_auth="oauth_3lo_only")
    assert explicit.action == "none" and all("unsupported" in w for w in explicit.warnings)


def test_primary_false_is_not_enforced_on_the_primary_link():
    decision = decide(current(primary=True), primary=False)
    assert decision.action == "none" and "stays the primary jira link" in decision.warnings[0]


def test_a_relocation_moves_the_display_url_too():
    decision = decide(current(), remote_url="https://jira2.example.com")
    assert decision.action == "update" and decision.fields == ["remote_url"]
    assert decision.after["remote_url"] == decision.after["display_url"] == "https://jira2.example.com"


def test_a_new_link_gets_the_remote_id_or_the_url_id():
    assert decide(None).after["id"] == JIRA_ID
    url = "https://tf.example.com/app/"
    decision = decide(None, name="TF", type="generic", remote_url=url)
    assert decision.action == "create" and decision.after["id"] == generic_link_id(url)
    assert decision.after["display_url"] == "https://tf.example.com/app" and decision.after["primary"] is False


def test_a_name_held_by_a_link_to_another_application_is_taken():
    other = link("Jira", id_=str(uuid.UUID(int=7)), url="https://old-jira.example.com")
    for extra in ({}, {"recreate": True}):
        with pytest.raises(InputError) as caught:
            APPLICATION_LINK.find([other], item(name="Jira", type="jira", remote_url="https://jira.example.com",
                                                **extra), remote())
        assert caught.value.option == "name"
        for part in ("'Jira'", str(uuid.UUID(int=7)), "https://old-jira.example.com", "another application"):
            assert part in str(caught.value)
    # a generic link of that name to another URL is the same link (found by name): relocated, not taken
    tf = link("TF", id_=generic_link_id("https://tf.example.com/a"), type_="generic", url="https://tf.example.com/a")
    moved = item(name="TF", type="generic", remote_url="https://tf.example.com/b")
    found, warned = APPLICATION_LINK.find([tf], moved, None)
    assert found is tf and warned == []
    # another type at another URL is another application
    with pytest.raises(InputError):
        APPLICATION_LINK.find([tf], item(name="TF", type="jira", remote_url="https://jira.example.com"), remote())
    # the same URL with another id is the same application (reinstalled): a replacement with recreate
    reinstalled = link("Jira", id_=str(uuid.UUID(int=8)))
    found, warned = APPLICATION_LINK.find([reinstalled], item(name="Jira", type="jira",
                                                              remote_url="https://jira.example.com"), remote())
    assert found is reinstalled and warned == []
