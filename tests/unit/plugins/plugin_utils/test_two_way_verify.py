# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The verification of the two_way_link role (plugin_utils/_two_way_verify.py): what phases 2 and 3
have to do, verification before and after a run with the plan's comparison, and the per-peer results."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils import _two_way as tw
from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils import _two_way_verify as tv

from two_way_views import (  # pylint: disable=wrong-import-order
    B_BASE, C_BASE, FP_B, incoming, linked, redirect)


# Verification


def test_a_linked_pair_verifies_before_and_after():
    c, b = linked()
    for when in ("before", "after"):
        assert tv.verify(c, [b], "oauth2", when) == [] and tv.verify(b, [c], "oauth2", when) == []


def test_verify_skips_what_was_not_read():
    c, b = linked()
    c["consumer"] = None
    assert tv.check_direction(b, c, "after") == []  # c's outgoing list after this run is unknown
    assert tv.check_direction(c, b, "after") == []


ON_C, ON_B = "on Confluence (confluence)", "on Bitbucket (bitbucket)"


def broken(mutate):
    """The problems of the direction "Confluence calls Bitbucket" after `mutate(c, b)` changed the lists."""
    c, b = linked()
    mutate(c, b)
    return tv.check_direction(b, c, "after")


def test_each_problem_kind_is_named():
    def no_incoming(c, b):
        b["provider"]["state"]["incoming"] = []
    assert broken(no_incoming) == ["%s: no incoming link for Confluence" % ON_B]

    def no_outgoing(c, b):
        c["consumer"]["state"]["outgoing"] = []
    assert broken(no_outgoing) == ["%s: no outgoing link to Bitbucket" % ON_C]

    def old_redirect(c, b):  # e.g. built from applinks_url instead of the reported base URL
        b["provider"]["state"]["incoming"][0]["redirect_uris"] = [redirect("https://127.0.0.1:1/confluence", B_BASE)]
    [problem] = broken(old_redirect)
    assert problem.startswith("%s: the incoming link for Confluence has redirect URIs" % ON_B)
    assert redirect(C_BASE, B_BASE) in problem

    def wrong_scope(c, b):
        b["provider"]["state"]["incoming"][0]["scope"] = "REPO_WRITE"
    assert broken(wrong_scope) == ["%s: the incoming link for Confluence grants REPO_WRITE, expected REPO_READ" % ON_B]

    def wrong_endpoints(c, b):
        c["consumer"]["state"]["outgoing"][0]["authorization_endpoint"] = "https://old.example.com/authorize"
    [problem] = broken(wrong_endpoints)
    assert problem.startswith("%s: the outgoing link to Bitbucket uses the endpoints https://old.example.com/" % ON_C)

    def wrong_scopes(c, b):
        c["consumer"]["state"]["outgoing"][0]["scopes"] = ["READ"]
    assert broken(wrong_scopes) == ["%s: the outgoing link to Bitbucket requests ['READ'], expected ['REPO_READ']"
                                    % ON_C]


def test_client_id_and_secret_mismatches():
    def other_client(c, b):  # the provider's client was deleted and created again
        b["provider"]["state"]["incoming"][0]["client_id"] = "cid-new"
    assert broken(other_client) == [
        "%s: the outgoing link to Bitbucket holds client id cid-c-at-b, but Bitbucket's incoming link for "
        "Confluence is cid-new (that client id does not exist there)" % ON_C]

    def swapped(c, b):  # the client id held belongs to another incoming link on the provider
        b["provider"]["state"]["incoming"].append(dict(incoming("Jira", "https://j", B_BASE, "REPO_READ",
                                                                "cid-c-at-b", FP_B), name="Jira"))
        b["provider"]["state"]["incoming"][0]["client_id"] = "cid-other"
    [problem] = broken(swapped)
    assert problem.endswith("Confluence is cid-other")

    def reset_in_ui(c, b):
        b["provider"]["state"]["incoming"][0]["secret_fingerprint"] = "ffffffffffff"
    [problem] = broken(reset_in_ui)
    assert problem == ("%s: the outgoing link to Bitbucket holds another secret than Bitbucket's current one "
                       "(recorded %s, current ffffffffffff): a secret reset in the UI, an interrupted rotation, or "
                       "a secret set by hand" % (ON_C, FP_B))

    def never_recorded(c, b):  # a secret pushed by another tool: no fingerprint in the description
        c["consumer"]["state"]["outgoing"][0]["secret_fingerprint"] = None
    assert "(recorded none, current %s)" % FP_B in broken(never_recorded)[0]

    def provider_hides_secrets(c, b):  # no current fingerprint: nothing to compare
        b["provider"]["state"]["incoming"][0]["secret_fingerprint"] = None
    assert broken(provider_hides_secrets) == []


def test_before_uses_the_state_before_the_writes():
    c, b = linked()
    b["provider"]["state_before"]["incoming"] = []      # repaired by this run
    c["read"]["state"]["outgoing"][0]["secret_fingerprint"] = "000000000000"
    before = tv.check_direction(b, c, "before")
    assert before == ["%s: no incoming link for Confluence" % ON_B]  # the secret is checked against an existing link
    assert tv.check_direction(b, c, "after") == []
    c, b = linked()
    c["read"]["state"]["outgoing"][0]["secret_fingerprint"] = "000000000000"
    assert "holds another secret" in tv.check_direction(b, c, "before")[0]


def test_oauth1_link_checks():
    c, b = linked()
    c["provider"]["state"]["links"] = [{"id": "bitbucket-id", "name": "Bitbucket",
                                        "auth": {"incoming": "oauth", "outgoing": "oauth"}}]
    c["provider"]["state_before"]["links"] = []
    assert tv.verify(c, [b], "oauth1", "after", "oauth") == []
    assert tv.verify(c, [b], "oauth1", "after", "oauth_2lo") == []  # the old name of oauth
    assert tv.verify(c, [b], "oauth1", "before", "oauth") == ["on Confluence (confluence): no application link "
                                                              "to Bitbucket"]
    assert tv.check_link(c, b, "oauth_3lo_only", "after") == [
        "on Confluence (confluence): the link to Bitbucket has OAuth 1.0a levels incoming oauth, outgoing "
        "oauth, expected oauth_3lo_only"]
    c["provider"]["state"]["links"][0]["id"] = "old-id"
    assert tv.check_link(c, b, "oauth", "after") == [
        "on Confluence (confluence): the link to Bitbucket has id old-id, but Bitbucket's server id is bitbucket-id"]
    c["provider"]["state"]["links"][0].pop("auth")
    assert len(tv.check_link(c, b, "oauth", "after")) == 1  # levels unknown: not judged
    c["provider"] = None
    assert tv.check_link(c, b, "oauth", "after") == []


# Results


def test_results_of_an_unchanged_link():
    c, b = linked()
    [row] = tv.results(c, [b], "oauth2", "present")
    assert row == {"peer": "bitbucket", "auth": "oauth2", "state": "present", "changed": False,
                   "summary": "Confluence <-> Bitbucket: two-way OAuth 2.0 link (unchanged)", "changes": [],
                   "problems_found": [], "skipped": [],
                   "local": {"host": "confluence", "name": "Confluence", "url": C_BASE},
                   "remote": {"host": "bitbucket", "name": "Bitbucket", "url": B_BASE}}
    # With check, verification after the writes rides along (one templating of the views in the role).
    [checked] = tv.results(c, [b], "oauth2", "present", check=True)
    assert checked["problems"] == []


def test_results_of_a_peer_that_failed_phase_2_say_it_was_skipped():
    c, b = linked()
    b["provider"] = None
    [row] = tv.results(c, [b], "oauth2", "present", check=True)
    assert row["skipped"] == ["Bitbucket (bitbucket) did not complete phase 2 (incoming links): its links are skipped in this run; "
                              "fix it and run again"]
    assert row["summary"].startswith("Confluence <-> Bitbucket: skipped") and row["problems"] == []


def test_a_new_link_is_not_a_broken_one():
    c, b = linked()
    c["read"]["state"]["outgoing"] = []
    b["read"]["state"]["outgoing"] = []
    c["provider"]["state_before"]["incoming"] = []
    b["provider"]["state_before"]["incoming"] = []
    c["provider"]["results"] = [{"kind": "incoming", "name": "Bitbucket", "action": "create", "changed": True}]
    c["consumer"]["results"] = [{"kind": "outgoing", "name": "Bitbucket", "action": "create", "changed": True},
                                {"kind": "outgoing", "name": "Jira", "action": "create", "changed": True}]
    [row] = tv.results(c, [b], "oauth2", "present")
    assert row["problems_found"] == [] and row["changed"] is True
    assert row["changes"] == ["create incoming link Bitbucket on Confluence", "create outgoing link Bitbucket on "
                                                                              "Confluence"]
    assert row["summary"] == "Confluence <-> Bitbucket: two-way OAuth 2.0 link (changed)"


def test_half_a_link_is_broken():
    c, b = linked()
    c["read"]["state"]["outgoing"] = []  # Confluence lost its outgoing link: 1 of the 4 objects missing
    [row] = tv.results(c, [b], "oauth2", "present")
    assert row["problems_found"] == ["%s: no outgoing link to Bitbucket" % ON_C]
    assert row["summary"].endswith("(unchanged; 1 problem(s) found before this run)")
    c, b = linked()
    for v in (c, b):  # 3 of 4 missing: still broken (a leftover the old role could leave)
        v["read"]["state"]["outgoing"] = []
    c["provider"]["state_before"]["incoming"] = []
    assert len(tv.results(c, [b], "oauth2", "present")[0]["problems_found"]) == 3


def test_a_mismatch_with_missing_objects_is_reported():
    c, b = linked()
    c["provider"]["state_before"]["incoming"] = []
    b["provider"]["state_before"]["incoming"] = []
    c["read"]["state"]["outgoing"][0]["scopes"] = ["READ"]  # the outgoing links exist: not a new link
    problems = tv.results(c, [b], "oauth2", "present")[0]["problems_found"]
    assert len(problems) == 3 and not all(tw.MISSING in p for p in problems)


def test_results_of_oauth1_and_absent():
    c, b = linked()
    c["provider"]["state"]["links"] = []
    c["provider"]["state_before"]["links"] = []
    c["provider"]["results"] = [{"kind": "links", "name": "Bitbucket", "action": "create", "changed": True}]
    [row] = tv.results(c, [b], "oauth1", "present", "oauth")
    assert row["problems_found"] == []  # the one missing link is a new one
    assert row["changes"] == ["create application link Bitbucket on Confluence"]
    assert row["summary"] == "Confluence <-> Bitbucket: two-way OAuth 1.0a link (changed)"
    c, b = linked()
    c["read"]["state"]["outgoing"] = []
    [row] = tv.results(c, [b], "oauth2", "absent")
    assert row["problems_found"] == [] and row["summary"] == "Confluence <-> Bitbucket: link removed (unchanged)"


def test_results_carry_no_secret():
    c, b = linked()
    c["provider"]["credentials"] = {"Bitbucket": {"client_id": "cid", "client_secret": "s3cr3t-value"}}
    c["provider"]["results"] = [{"kind": "incoming", "name": "Bitbucket", "action": "update", "changed": True,
                                 "client_id": "cid"}]
    assert "s3cr3t-value" not in repr(tv.results(copy.deepcopy(c), [b], "oauth2", "present"))


def test_removals_for_a_renamed_peer_are_its_changes():
    c, b = linked()
    c["provider"]["results"] = [{"kind": "incoming", "name": "Bitbucket", "action": "create", "changed": True},
                                {"kind": "incoming", "name": "Old Bitbucket", "action": "delete", "changed": True,
                                 "superseded_by": "Bitbucket"},
                                {"kind": "incoming", "name": "Other", "action": "delete", "changed": True,
                                 "superseded_by": "Jira"}]
    assert tv.results(c, [b], "oauth2", "present")[0]["changes"] == [
        "create incoming link Bitbucket on Confluence",
        "delete incoming link Old Bitbucket on Confluence (replaced by Bitbucket)"]


@pytest.mark.parametrize("kind", ["incoming", "outgoing"])
def test_other_peers_changes_are_not_counted(kind):
    c, b = linked()
    c["consumer"]["results"] = [{"kind": kind, "name": "Jira", "action": "create", "changed": True},
                                {"kind": kind, "name": "Bitbucket", "action": "none", "changed": False}]
    assert tv.results(c, [b], "oauth2", "present")[0]["changed"] is False


# The plan of phases 2 and 3 (a phase with no peer is skipped)


def read_everything(v):
    """The view as phase 1 leaves it now: the read holds incoming and outgoing links; later phases not run."""
    v["read"]["state"]["incoming"] = copy.deepcopy(v["provider"]["state"]["incoming"])
    v["provider"] = v["consumer"] = None
    return v


def test_work_is_empty_when_the_reads_show_nothing_to_do():
    c, b = (read_everything(v) for v in linked())
    assert tv.work(c, [b]) == {"provider": [], "consumer": []}
    assert tv.work(c, [b], rotate=True) == {"provider": ["Bitbucket"], "consumer": ["Bitbucket"]}


def test_work_follows_each_direction_with_a_problem():
    c, b = (read_everything(v) for v in linked())
    b["read"]["state"]["outgoing"][0]["secret_fingerprint"] = "another00000"  # B holds an old secret of C's
    # C must hand over its current secret (phase 2 on C), B must store it (phase 3 on B); nothing else.
    assert tv.work(c, [b]) == {"provider": ["Bitbucket"], "consumer": []}
    assert tv.work(b, [c]) == {"provider": [], "consumer": ["Confluence"]}


def test_work_covers_a_renamed_peer_and_skips_a_peer_that_was_not_read():
    c, b = (read_everything(v) for v in linked())
    c["read"]["state"]["incoming"][0]["name"] = "Bitbucket (old name)"
    assert tv.work(c, [b]) == {"provider": ["Bitbucket"], "consumer": ["Bitbucket"]}
    b["read"] = None
    assert tv.work(c, [b]) == {"provider": [], "consumer": []}


def test_after_a_skipped_phase_the_read_is_the_state_and_a_failed_phase_is_not_judged():
    c, b = (read_everything(v) for v in linked())
    c["provider"] = c["consumer"] = dict(tw.SKIPPED)
    b["provider"] = b["consumer"] = dict(tw.SKIPPED)
    assert tv.verify(c, [b], "oauth2", "after") == []
    b["read"]["state"]["outgoing"] = []
    assert tv.verify(c, [b], "oauth2", "after") == ["on Bitbucket (bitbucket): no outgoing link to Confluence"]
    b["consumer"] = None  # phase 3 failed on Bitbucket: what it wrote is unknown
    assert tv.verify(c, [b], "oauth2", "after") == []


# The plan's comparison (issue 13: the verifier compared raw strings, the module normalized)


def test_a_scope_in_another_order_is_the_same_scope():
    c, b = linked()
    c["scope"] = "WRITE READ"
    for state in (b["consumer"]["state"], b["read"]["state"]):
        state["outgoing"][0]["scopes"] = ["WRITE READ"]  # as an earlier version of the role wrote it
    for view in (c["read"], c["provider"], c["consumer"]):
        for client in view["state"].get("incoming") or []:
            client["scope"] = "READ WRITE"  # as the product stores it
    c["provider"]["state_before"]["incoming"][0]["scope"] = "READ WRITE"
    assert tv.check_direction(c, b, "after") == [] and tv.check_direction(c, b, "before") == []
    assert tw.outgoing_items(b, [dict(c, provider={"credentials": {"Bitbucket": {
        "client_id": "x", "client_secret": "y"}}})])[0]["scopes"] == ["WRITE", "READ"]


def test_object_changes_use_the_plans_comparison():
    c, b = linked()
    client = c["provider"]["state"]["incoming"][0]
    assert tv.object_changes("incoming", client, tw.expected_incoming(c, b)) == []
    assert tv.object_changes("incoming", dict(client, scope="WRITE"), tw.expected_incoming(c, b)) == ["scope"]
    assert tv.object_changes("incoming", None, tw.expected_incoming(c, b)) is None
    config = b["consumer"]["state"]["outgoing"][0]
    assert tv.object_changes("outgoing", config, tw.expected_outgoing(b, c)) == []
    assert tv.object_changes("outgoing", config, tw.expected_outgoing(b, c, "other")) == ["client_id"]


def test_planned_objects_say_what_would_change_on_a_product():
    c, b = linked()
    assert tv.planned_objects(c, [b]) == [
        {"kind": "incoming", "name": "Bitbucket", "action": "none", "fields": []},
        {"kind": "outgoing", "name": "Bitbucket", "action": "none", "fields": []}]
    c["read"]["state"]["outgoing"] = []
    c["read"]["state"]["incoming"] = [dict(c["provider"]["state"]["incoming"][0], scope="WRITE")]
    assert tv.planned_objects(c, [b]) == [
        {"kind": "incoming", "name": "Bitbucket", "action": "update", "fields": ["scope"]},
        {"kind": "outgoing", "name": "Bitbucket", "action": "create", "fields": []}]
    b["read"] = None
    assert tv.planned_objects(c, [b])[1]["action"] == "create"
