# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure rules of the two_way_link role (plugin_utils/_two_way.py): pairs, role input, host views
and phase items."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils import _two_way as tw

from two_way_views import (  # pylint: disable=wrong-import-order
    B_BASE, C_BASE, FP_B, FP_C, linked, redirect)


# Pairs and peers


def test_pair_errors():
    hosts, play = ["a", "b", "c", "d"], ["a", "b", "c"]
    assert tw.pair_errors([["a", "b"], ("b", "c")], hosts, play) == []
    assert tw.pair_errors(None, hosts, play) == []
    assert tw.pair_errors(["ab", ["a"], ["a", "b", "c"], {"a": "b"}], hosts, play) == [
        "not a pair of two hosts: 'ab'", "not a pair of two hosts: ['a']",
        "not a pair of two hosts: ['a', 'b', 'c']", "not a pair of two hosts: {'a': 'b'}"]
    assert tw.pair_errors([["a", "a"]], hosts, play) == ["a host cannot be linked with itself: a"]
    assert tw.pair_errors([["a", "x"]], hosts, play) == ["x is not an inventory host"]
    errors = tw.pair_errors([["d", "a"]], hosts, play)
    assert len(errors) == 1 and errors[0].startswith("d is not a host of this play (applinks_hosts)")


def test_peers_of_keeps_first_seen_order_and_ignores_bad_pairs():
    pairs = [["a", "b"], ["c", "a"], ["b", "a"], ["a", "a"], "ab", ["a", "d", "e"]]
    assert tw.peers_of("a", pairs) == ["b", "c"]
    assert tw.peers_of("b", pairs) == ["a"]
    assert tw.peers_of("z", pairs) == [] and tw.peers_of("a", None) == []


def test_mesh_pairs():
    assert tw.mesh_pairs(["a", "b", "c"]) == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert tw.mesh_pairs(["a"]) == [] and tw.mesh_pairs(None) == []
    assert len(tw.mesh_pairs("abcd")) == 6


# Role input


def hostvars(**hosts):
    base = {"applinks_url": "https://x.example.com", "applinks_token": "t"}
    return dict((h, dict(base, **v)) for h, v in hosts.items())


def test_input_errors_accept_symmetric_peers_with_either_credential():
    hv = hostvars(a={"_two_way_link_my_peers": ["b"]},
                  b={"applinks_token": None, "applinks_username": "u", "applinks_password": "p",
                     "_two_way_link_my_peers": ["a"]})
    assert tw.input_errors("a", ["b"], hv, ["a", "b"], "oauth2", "present") == []
    assert tw.input_errors("b", ["a"], hv, ["a", "b"], "oauth2", "present") == []


def test_input_errors_name_each_cause():
    hv = hostvars(a={"applinks_token": None, "applinks_username": "u", "applinks_url": ""},
                  b={"_two_way_link_my_peers": []}, c={})
    errors = tw.input_errors("a", ["a", "b", "c", "nowhere"], hv, ["a", "b"], "oauth2", "present")
    assert errors[0].startswith("set applinks_token (a personal access token), or applinks_username and "
                                "applinks_password, for a")
    assert errors[1] == "applinks_url is not set for a"
    assert errors[2] == "two_way_link_peers of a lists the host itself"
    assert errors[3] == ("a lists b as a peer, but b does not list a (two_way_link_peers must be symmetric)")
    assert errors[4].startswith("two_way_link_peers of a: c is not a host of this play")
    assert errors[5] == "two_way_link_peers of a: nowhere is not an inventory host"
    assert len(errors) == 6


# Host views


def test_host_view_keeps_only_completed_phases():
    hv = {"j": {"applinks_name": "Jira", "applinks_type": "jira",
                "_two_way_link_read": {"state": {"base_url": "https://j"}},
                "_two_way_link_provider": {"state": {}, "msg": "HTTP 500", "failed": False},  # failed_when: false
                "_two_way_link_consumer": {"skipped": True, "state": {}}},
          "b": {"applinks_type": "bitbucket", "applinks_oauth2_scope": "REPO_WRITE",
                "_two_way_link_read": {"failed": True, "state": {}}, "_two_way_link_provider": "not a dict"},
          "x": {"applinks_type": "bamboo", "_two_way_link_read": {"changed": False}},
          "s": {"_two_way_link_read": {"skipped": True}}}
    j = tw.host_view(hv, "j", "READ", {"bitbucket": "REPO_READ"})
    assert (j["name"], j["type"], j["scope"]) == ("Jira", "jira", "READ")
    assert j["read"] == {"state": {"base_url": "https://j"}} and j["provider"] is None
    # A phase skipped by the plan (nothing to do) is not a failure; a skipped read is.
    assert j["consumer"] == tw.SKIPPED
    b = tw.host_view(hv, "b", "READ", {"bitbucket": "REPO_READ"})
    assert (b["name"], b["scope"], b["read"], b["provider"]) == ("b", "REPO_WRITE", None, None)
    assert tw.host_view(hv, "x", "READ", None)["read"] is None  # no state: not a product_links result
    assert tw.host_view(hv, "s", "READ", None)["read"] is None
    assert tw.host_view({"b": {"applinks_type": "bitbucket"}}, "b", "READ", {"bitbucket": "REPO_READ"})["scope"] \
        == "REPO_READ"


def test_expected_redirect_uses_the_reported_base_urls():
    c, b = linked()
    assert tw.expected_redirect(c, b) == redirect(C_BASE, B_BASE)
    c["consumer"] = c["provider"] = None  # the earliest phase that ran gives the base URL
    c["read"]["state"]["base_url"] = "https://localhost:8443/confluence"
    assert tw.expected_redirect(c, b) == redirect("https://localhost:8443/confluence", B_BASE)


# Phase items


def test_incoming_items_carry_what_the_peer_holds():
    c, b = linked()
    assert tw.incoming_items(c, [b]) == [{
        "name": "Bitbucket", "redirect_uris": [redirect(B_BASE, C_BASE)], "scope": "READ",
        "regenerate_secret": False, "exclusive": True,
        "held_by_peer": {"client_id": "cid-b-at-c", "secret_fingerprint": FP_C}}]
    assert tw.incoming_items(c, [b], rotate=True)[0]["regenerate_secret"] is True
    b["read"]["state"]["outgoing"] = []  # the peer holds nothing yet
    assert tw.incoming_items(c, [b])[0]["held_by_peer"] == {"client_id": None, "secret_fingerprint": None}
    assert tw.incoming_items(c, [b], state="absent") == [{"name": "Bitbucket", "state": "absent"}]
    b["read"] = None  # the peer failed phase 1: left alone
    assert tw.incoming_items(c, [b]) == [] and tw.incoming_items(c, [b], state="absent") == []


def test_outgoing_items_use_the_credentials_the_peer_issued():
    c, b = linked()
    b["provider"]["credentials"] = {"Confluence": {"client_id": "cid-c-at-b", "client_secret": "s3cr3t",
                                                   "secret_fingerprint": FP_B}}
    assert tw.outgoing_items(c, [b]) == [{
        "name": "Bitbucket", "remote_url": B_BASE, "scopes": ["REPO_READ"], "client_id": "cid-c-at-b",
        "client_secret": "s3cr3t", "secret_origin": "product", "update_secret": "when_changed", "exclusive": True}]
    assert tw.outgoing_items(c, [b], rotate=True)[0]["update_secret"] == "always"
    b["provider"]["credentials"] = {"Jira": {"client_id": "x", "client_secret": "y"}}
    assert tw.outgoing_items(c, [b]) == []  # nothing issued for this product
    b["provider"] = None  # the peer failed phase 2
    assert tw.outgoing_items(c, [b]) == []
    assert tw.outgoing_items(c, [b], state="absent") == [{"name": "Bitbucket", "state": "absent"}]
    b["read"] = None
    assert tw.outgoing_items(c, [b], state="absent") == []


def test_link_items_take_the_server_id_from_the_peers_read():
    c, b = linked()
    assert tw.link_items(c, [b], "oauth_2lo") == [{
        "name": "Bitbucket", "type": "bitbucket", "remote_url": B_BASE, "remote_id": "bitbucket-id",
        "incoming_auth": "oauth_2lo", "outgoing_auth": "oauth_2lo"}]
    b["read"]["state"]["manifest"]["type"] = None
    assert tw.link_items(c, [b], "oauth")[0]["type"] == "bitbucket"  # the inventory type when not reported
    assert tw.link_items(c, [b], "oauth", "absent") == [{"name": "Bitbucket", "state": "absent"}]
    b["read"] = None
    assert tw.link_items(c, [b], "oauth") == []


def test_skipped_peers():
    c, b = linked()
    b["provider"] = None
    assert tw.skipped_peers([c, b], "provider") == [
        "Bitbucket (bitbucket) did not complete phase 2 (incoming links): its links are skipped in this run; fix it and run again"]
