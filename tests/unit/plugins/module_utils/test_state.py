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
