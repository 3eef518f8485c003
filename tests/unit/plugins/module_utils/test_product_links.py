# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan (plan.py, pure) and runs of product_links served entirely from a `current_state` (the transport fails
the test on any request): input checks, the purge set and its refusals, the objects an exclusive item supersedes,
the order of the plan, check-mode predictions, credentials and diffs."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    fingerprint, generic_link_id, redirect_uri)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import PLACEHOLDER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import item_defaults
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import (
    PREDICTED_SECRET, PurgeRules, declared_errors, plan, purge_changes, superseded_changes)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.product_links import converge
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import ProductState
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

BASE = "https://confluence.example.com/confluence"
JIRA = "https://jira.example.com"
JIRA_AUTHORIZE = JIRA + "/rest/oauth2/latest/authorize"


class NoRequests(object):
    """A transport that fails the test on any request: everything must come from current_state."""
    base_url = BASE

    def request(self, method, path, *args, **kwargs):
        raise AssertionError("unexpected request %s %s" % (method, path))


class FakeModule(object):
    def __init__(self, params, check_mode=False):
        self.params = params
        self.check_mode = check_mode
        self._diff = True
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)


def declared(**given):
    """Items as AnsibleModule fills them (the suboption defaults)."""
    return dict((kind, [dict(item_defaults(kind), **item) for item in given.get(kind, [])])
                for kind in ("incoming", "outgoing", "links"))


def params(**given):
    """Module parameters as AnsibleModule would fill them (argspec defaults, item suboption defaults)."""
    out = {"url": BASE, "username": "admin", "password": "admin", "token": None, "validate_certs": True,
           "ca_path": None, "timeout": 30, "retries": 3, "read": [], "current_state": None, "purge": [],
           "purge_exclude": [], "purge_max": 5, "purge_allow_empty": False, "return_secrets": False,
           "continue_on_error": False, "expect_scopes": []}
    out.update(declared(**dict((k, given.pop(k)) for k in ("incoming", "outgoing", "links") if k in given)))
    out.update(given)
    return out


def client(name, client_id, redirects, scope="READ", secret="s" * 64):
    return {"id": "id-" + client_id, "name": name, "client_id": client_id, "redirect_uris": redirects,
            "scope": scope, "secret_fingerprint": fingerprint(secret, client_id)}


def config(name, client_id, authorize=JIRA_AUTHORIZE, secret="t" * 64):
    return {"id": "cfg-" + client_id, "name": name, "provider": "generic", "client_id": client_id,
            "authorization_endpoint": authorize, "token_endpoint": authorize.replace("authorize", "token"),
            "scopes": ["READ"], "description": None, "secret_fingerprint": fingerprint(secret, client_id)}


JIRA_REDIRECT = redirect_uri(JIRA, BASE + "/rest/oauth2/latest/authorize")
STATE = {"manifest": {"id": "conf-id", "name": "Confluence", "type": "confluence", "version": "9.2.6",
                      "url": BASE},
         "base_url": BASE,
         "incoming": [client("Jira", "cid-jira", [JIRA_REDIRECT]),
                      client("CI server", "cid-ci", ["https://ci.example.com/cb"], scope="WRITE")],
         "outgoing": [config("Jira", "cid-conf-at-jira")],
         "links": [{"id": "link-1", "name": "Bamboo", "type": "bamboo", "remote_url": "https://bamboo.example.com",
                    "display_url": "https://bamboo.example.com", "primary": True, "system": False},
                   {"id": "link-sys", "name": "System", "type": "jira", "remote_url": "https://sys.example.com",
                    "display_url": "https://sys.example.com", "primary": False, "system": True}]}


def state(value=None):
    return ProductState.from_dict(value or STATE)


def run(check_mode=False, **given):
    given.setdefault("current_state", STATE)
    return converge(FakeModule(params(**given), check_mode), NoRequests())


# Input


def test_duplicate_names_are_refused_per_kind():
    with pytest.raises(InputError) as exc:
        declared_errors(declared(incoming=[{"name": "Jira"}, {"name": " Jira "}]))
    assert exc.value.option == "incoming" and "'Jira'" in str(exc.value)
    declared_errors(declared(incoming=[{"name": "Jira"}], outgoing=[{"name": "Jira", "state": "absent"}]))


def test_purge_of_an_empty_list_is_refused_unless_allowed():
    with pytest.raises(InputError) as exc:
        declared_errors(declared(), PurgeRules(["incoming"]))
    assert exc.value.option == "purge" and "purge_allow_empty: true" in str(exc.value)
    declared_errors(declared(), PurgeRules(["incoming"]), allow_empty=True)


def test_the_check_mode_placeholder_secret_is_refused_in_a_real_run():
    item = {"name": "Jira", "remote_url": JIRA, "client_id": "x", "client_secret": PREDICTED_SECRET}
    with pytest.raises(InputError) as exc:
        declared_errors(declared(outgoing=[item]))
    assert exc.value.option == "outgoing" and "placeholder" in str(exc.value)
    declared_errors(declared(outgoing=[item]), check_mode=True)


# Purge


def removals(changes):
    return [(c.kind, c.name, c.item["state"], c.item.get("purged"), c.item.get("superseded_by")) for c in changes]


def test_purge_spares_declared_excluded_and_system_objects():
    found = purge_changes(state(), declared(incoming=[{"name": "Jira"}], links=[{"name": "Other", "state": "absent"}]),
                          PurgeRules(["incoming", "links"], ["Nothing"]))
    assert removals(found) == [("incoming", "CI server", "absent", True, None), ("links", "Bamboo", "absent", True, None)]
    assert found[0].item["regenerate_secret"] is False and found[1].item["recreate"] is False  # argspec defaults
    assert purge_changes(state(), declared(incoming=[{"name": "Jira"}]), PurgeRules(["incoming"], ["CI server"])) == []


def test_purge_over_the_limit_is_refused_with_the_list():
    with pytest.raises(InputError) as exc:
        purge_changes(state(), declared(incoming=[{"name": "Someone else"}]), PurgeRules(["incoming"], limit=1))
    assert exc.value.option == "purge_max"
    assert "refusing to purge 2 objects (purge_max is 1): incoming 'Jira', incoming 'CI server'" in str(exc.value)


# Superseded objects (a renamed peer)


def test_an_exclusive_incoming_link_supersedes_the_same_redirect_under_another_name():
    found = superseded_changes(state(), declared(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT],
                                                           "exclusive": True}]))
    assert removals(found) == [("incoming", "Jira", "absent", None, "Jira DC")]
    assert superseded_changes(state(), declared(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT]}])) \
        == []
    both = declared(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT], "exclusive": True},
                              {"name": "Jira"}])
    assert superseded_changes(state(), both) == []  # still declared: kept
    gone = declared(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT], "exclusive": True,
                               "state": "absent"}])
    assert superseded_changes(state(), gone) == []


def test_an_exclusive_outgoing_link_supersedes_the_same_provider_under_another_name():
    found = superseded_changes(state(), declared(outgoing=[{"name": "Jira DC", "remote_url": JIRA, "client_id": "c",
                                                            "client_secret": "s", "exclusive": True}]))
    assert removals(found) == [("outgoing", "Jira", "absent", None, "Jira DC")]
    other = declared(outgoing=[{"name": "Jira DC", "remote_url": "https://jira2.example.com", "client_id": "c",
                                "client_secret": "s", "exclusive": True}])
    assert superseded_changes(state(), other) == []


def test_the_plan_orders_removals_last_and_removes_superseded_objects_once():
    planned = plan(state(), declared(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT],
                                                "exclusive": True}],
                                     outgoing=[{"name": "Jira DC", "remote_url": JIRA, "client_id": "c",
                                                "client_secret": "s", "exclusive": True}],
                                     links=[{"name": "Bamboo", "state": "absent"}]),
                   PurgeRules(["incoming"]))
    assert [(c.kind, c.name, c.action) for c in planned] == [
        ("incoming", "Jira DC", "create"), ("outgoing", "Jira DC", "create"), ("outgoing", "Jira", "delete"),
        ("incoming", "Jira", "delete"), ("incoming", "CI server", "delete"), ("links", "Bamboo", "delete")]


def test_a_new_link_may_not_take_the_id_another_link_holds():
    """Found by the property test: a generic item matched by name to a Bamboo link, whose replacement would get
    the id of the RPC URL that another link ("Tool") already holds. Refused before any write."""
    tool = "https://tool.example.com"
    links = STATE["links"] + [{"id": generic_link_id(tool), "name": "Tool", "type": "generic", "remote_url": tool,
                               "display_url": tool, "primary": False, "system": False}]
    item = {"name": "Bamboo", "type": "generic", "remote_url": tool, "recreate": True}
    [change] = plan(state(dict(STATE, links=links)), declared(links=[item]))
    assert change.action == "none" and change.error.option == "name"
    assert "link 'Tool' (id %s) is the link to %s already" % (generic_link_id(tool), tool) in str(change.error)


def test_a_scope_in_another_order_is_no_change():
    planned = plan(state(), declared(incoming=[{"name": "CI server", "scope": "WRITE"},
                                               {"name": "Jira", "scope": "READ  READ"}]))
    assert [c.action for c in planned] == ["none", "none"]
    [change] = plan(state(), declared(incoming=[{"name": "Jira", "scope": "WRITE READ"}]))
    assert (change.action, change.fields, change.after["scope"]) == ("update", ["scope"], "READ WRITE")


# Runs served from current_state


def test_a_noop_run_from_current_state_sends_no_request():
    result = run(incoming=[{"name": "Jira", "redirect_uris": [JIRA_REDIRECT], "scope": "READ"}],
                 outgoing=[{"name": "Jira", "remote_url": JIRA, "client_id": "cid-conf-at-jira",
                            "client_secret": "t" * 64}])
    assert result["changed"] is False
    assert [(r["kind"], r["action"]) for r in result["results"]] == [("incoming", "none"), ("outgoing", "none")]
    assert result["state"] == result["state_before"] and result["credentials"] == {}
    assert result["redirect_uris"] == {"Jira": redirect_uri(BASE, JIRA_AUTHORIZE)}


def test_check_mode_predicts_a_new_link_and_hands_out_a_distinct_placeholder_secret():
    result = run(check_mode=True, incoming=[{"name": "Bamboo", "redirect_uris": ["https://bamboo.example.com/cb"],
                                             "exclusive": True}],
                 outgoing=[{"name": "Jira", "remote_url": JIRA, "client_id": "cid-new", "client_secret": "u" * 64,
                            "secret_origin": "product"}])
    assert [(r["kind"], r["name"], r["action"]) for r in result["results"]] == [
        ("incoming", "Bamboo", "create"), ("outgoing", "Jira", "update")]
    # The predicted client id and secret differ: Ansible masks a no_log secret wherever its value appears, and the
    # secret is handed to the peer's outgoing link as client_secret.
    assert result["credentials"]["Bamboo"]["client_id"] == PLACEHOLDER
    assert result["credentials"]["Bamboo"]["client_secret"] == PREDICTED_SECRET != PLACEHOLDER
    assert [c["name"] for c in result["state"]["incoming"]] == ["Bamboo", "CI server", "Jira"]
    assert "client_secret" not in repr(result["state"]) and "u" * 64 not in repr(result)
    jira = [c for c in result["state"]["outgoing"] if c["name"] == "Jira"][0]
    assert jira["client_id"] == "cid-new" and jira["secret_fingerprint"] == fingerprint("u" * 64, "cid-new")
    assert [d["before_header"] for d in result["diff"]] == ["incoming Bamboo", "outgoing Jira"]


def test_check_mode_removal_of_a_superseded_link_shows_in_state():
    result = run(check_mode=True, incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT],
                                             "exclusive": True}])
    assert [(r["name"], r["action"]) for r in result["results"]] == [("Jira DC", "create"), ("Jira", "delete")]
    assert result["results"][1]["superseded_by"] == "Jira DC" and "superseded_by" not in result["results"][0]
    assert [c["name"] for c in result["state"]["incoming"]] == ["CI server", "Jira DC"]
    assert [c["name"] for c in result["state_before"]["incoming"]] == ["CI server", "Jira"]


def test_a_hidden_secret_is_regenerated_only_when_the_peer_needs_one():
    """A product that does not return incoming secrets (none known today): the only way to hand the peer a secret
    is a new one, so it is reset when the peer holds another client id or no recorded secret, and only then."""
    hidden = dict(STATE, incoming=[dict(client("Jira", "cid-jira", [JIRA_REDIRECT]), secret_fingerprint=None)])
    item = {"name": "Jira", "redirect_uris": [JIRA_REDIRECT], "scope": "READ"}
    holds = {"client_id": "cid-jira", "secret_fingerprint": "0123456789ab"}
    quiet = run(check_mode=True, current_state=hidden, incoming=[dict(item, held_by_peer=holds)])
    assert [r["action"] for r in quiet["results"]] == ["none"]
    for needs in ({"client_id": "cid-other", "secret_fingerprint": "0123456789ab"},
                  {"client_id": "cid-jira", "secret_fingerprint": None}):
        reset = run(check_mode=True, current_state=hidden, incoming=[dict(item, held_by_peer=needs)])
        assert [r["action"] for r in reset["results"]] == ["update"], needs
        assert reset["credentials"]["Jira"]["client_id"] == "cid-jira"  # a new secret for the same client id
    # A product that returns its secrets is never reset for this: the current secret is handed over as it is.
    shown = run(check_mode=True, incoming=[dict(item, held_by_peer={"client_id": "cid-other"})])
    assert [r["action"] for r in shown["results"]] == ["none"]
