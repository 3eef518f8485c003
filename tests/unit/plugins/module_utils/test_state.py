"""state.py: the one place that tells an application link from a synthetic OAuth 2.0 entry of the v3 list
(REST reference §4.1), and the state's shape (`state` / `current_state`)."""

import uuid

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import (
    ProductState, maybe_synthetic, split_v3_list)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

GENERIC_ID = generic_link_id("https://tool.example.com")


@pytest.mark.parametrize("wire,expected", [
    ({"type": "generic", "id": str(uuid.uuid4())}, True),    # random id: could be an OAuth 2.0 client or config
    ({"type": "generic", "id": GENERIC_ID}, False),          # the §2.8 id of a real link
    ({"type": "jira", "id": str(uuid.uuid4())}, False),      # Atlassian links carry the remote's server id
])
def test_maybe_synthetic(wire, expected):
    assert maybe_synthetic(wire) is expected


def v3(name, id_, type_="generic"):
    return {"id": id_, "name": name, "type": type_, "rpcUrl": "https://x", "displayUrl": "https://x",
            "primary": False, "system": False}


def test_without_the_oauth2_lists_a_random_generic_id_is_doubtful():
    entries = [v3("Tool", GENERIC_ID), v3("Jira", "j-id", "jira"), v3("CI server", "random-1")]
    links, doubtful = split_v3_list(entries)
    assert [e["name"] for e in links] == ["Tool", "Jira"] and [e["name"] for e in doubtful] == ["CI server"]


def test_with_the_oauth2_lists_their_ids_decide():
    entries = [v3("Tool", GENERIC_ID), v3("CI server", "random-1"), v3("Hand-made", "random-2")]
    links, doubtful = split_v3_list(entries, oauth2_ids={"random-1"})
    assert [e["name"] for e in links] == ["Tool", "Hand-made"] and doubtful == []


def test_the_state_reads_its_links_as_the_oauth2_lists_allow():
    state = ProductState(incoming=[{"id": "random-1", "name": "CI server"}], outgoing=[])
    state.set_links([v3("Tool", GENERIC_ID), v3("CI server", "random-1")])
    assert [l["name"] for l in state.lists["links"]] == ["Tool"] and state.doubtful == []
    state = ProductState()
    state.set_links([v3("Tool", GENERIC_ID), v3("Old", "random-9")])
    assert [l["name"] for l in state.lists["links"]] == ["Tool"] and len(state.doubtful) == 1
    state.confirmed(state.doubtful[0])  # GET /applinks/{id} answered: a real link
    assert [l["name"] for l in state.lists["links"]] == ["Tool", "Old"] and state.doubtful == []


def test_current_state_must_have_the_shape_of_a_state():
    for bad, words in (({"manifest": "x"}, "manifest must be a dict"), ({"incoming": "x"}, "incoming must be a list"),
                       ({"links": [1]}, "links must be a list of dicts")):
        with pytest.raises(InputError) as err:
            ProductState.from_dict(bad)
        assert err.value.option == "current_state" and words in str(err.value)
    assert ProductState.from_dict(None).lists == {"incoming": None, "outgoing": None, "links": None}


def test_the_state_returned_never_carries_a_secret_and_is_sorted():
    state = ProductState({"url": "https://c/"}, incoming=[{"id": "2", "name": "b", "client_secret": "s"},
                                                          {"id": "1", "name": "a", "client_secret": "t"}])
    assert state.to_dict("https://c") == {"manifest": {"url": "https://c/"}, "base_url": "https://c",
                                          "incoming": [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]}
    assert state.base_url("https://reached") == "https://c"
    assert ProductState().base_url("https://reached/") == "https://reached"


def test_record_and_forget_by_name_and_by_link_id():
    state = ProductState(incoming=[], links=[{"id": "l1", "name": "Jira"}])
    state.record("incoming", {"id": "(placeholder)", "name": "a"})
    state.record("incoming", {"id": "(placeholder)", "name": "b"})  # check mode: the same placeholder id
    assert [o["name"] for o in state.lists["incoming"]] == ["a", "b"]
    state.record("links", {"id": "l1", "name": "Jira (renamed)"}, replaces={"id": "l1", "name": "Jira"})
    assert state.lists["links"] == [{"id": "l1", "name": "Jira (renamed)"}]
    state.record("links", {"id": "l2", "name": "Jira (renamed)"}, replaces={"id": "l1"})  # a replacement
    assert state.lists["links"] == [{"id": "l2", "name": "Jira (renamed)"}]
    state.forget("incoming", {"id": "(placeholder)", "name": "a"})
    assert [o["name"] for o in state.lists["incoming"]] == ["b"]
    state.record("outgoing", {"id": "o", "name": "IdP", "client_secret": "sent"})  # a lookup, not the list
    assert state.known("outgoing", "IdP") == (True, {"id": "o", "name": "IdP", "client_secret": None})
    assert state.known("outgoing", "other") == (False, None)
    state.forget("outgoing", {"name": "IdP"})
    assert state.known("outgoing", "IdP") == (True, None)


def test_oauth1_plan_is_a_change_of_the_state_and_never_part_of_the_returned_state():
    """oauth1_external_app's item planned from the state: the link's consumers (read only by that run)."""
    from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import PlanContext, plan
    link = {"id": GENERIC_ID, "name": "Tool", "type": "generic", "remote_url": "https://tool.example.com",
            "display_url": "https://tool.example.com", "primary": False, "system": False}
    item = {"link": "Tool", "remote_url": None, "direction": "incoming", "consumer_key": "tool", "consumer_name": None,
            "public_key": None, "callback": None, "two_lo_allowed": True, "execute_as": None,
            "two_lo_impersonation": None, "shared_secret": None, "update_secret": "on_create",
            "request_token_url": None, "access_token_url": None, "authorize_url": None, "state": "present",
            "remove_link": False}
    consumer = {"consumer_key": "tool", "consumer_name": "Tool", "description": None, "public_key": "AAAA",
                "callback": None, "two_lo_allowed": False, "execute_as": None, "two_lo_impersonation": False,
                "signature_method": "RSA_SHA1", "outgoing": False}
    state = ProductState(links=[link])
    state.oauth1[GENERIC_ID] = {"consumers": [consumer], "providers": {}}
    [change] = plan(state, {"oauth1": [item]}, context=PlanContext())
    assert (change.kind, change.name, change.action, change.fields) == ("oauth1", "Tool", "update",
                                                                        ["two_lo_allowed"])
    assert change.before["consumer_key"] == "tool" and change.after["two_lo_allowed"] is True
    [same] = plan(state, {"oauth1": [dict(item, two_lo_allowed=False)]}, context=PlanContext())
    assert same.action == "none"
    [gone] = plan(ProductState(links=[]), {"oauth1": [dict(item, state="absent")]}, context=PlanContext())
    assert gone.action == "none" and gone.before is None
    [missing] = plan(ProductState(links=[]), {"oauth1": [item]}, context=PlanContext())
    assert missing.error is not None and missing.error.option == "remote_url"  # needed to create the link
    assert "oauth1" not in state.to_dict("https://conf.example.com")
