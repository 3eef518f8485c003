# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure parts of product_links (module_utils/_product_links.py): diffs, input checks, the purge set and its
refusals, the objects an exclusive item supersedes, the order of the plan, and runs served entirely from a
`current_state` (the transport fails the test on any request)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._fingerprint import fingerprint
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_client import redirect_uri
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_links import (
    PREDICTED_SECRET, ProductLinks, minimal_diff)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_oauth2 import PLACEHOLDER

BASE = "https://confluence.example.com/confluence"
JIRA = "https://jira.example.com"
JIRA_AUTHORIZE = JIRA + "/rest/oauth2/latest/authorize"
ITEM_DEFAULTS = {
    "incoming": {"redirect_uris": None, "scope": None, "regenerate_secret": False, "held_by_peer": None,
                 "exclusive": False, "state": "present"},
    "outgoing": {"provider": "generic", "remote_url": None, "authorization_endpoint": None, "token_endpoint": None,
                 "scopes": None, "client_id": None, "client_secret": None, "description": None,
                 "update_secret": "when_changed", "exclusive": False, "state": "present"},
    "links": {"type": None, "remote_url": None, "remote_id": None, "display_url": None, "primary": None,
              "incoming_auth": None, "outgoing_auth": None, "relocate": True, "recreate": False, "state": "present"},
}


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


def params(**given):
    """Module parameters as AnsibleModule would fill them (argspec defaults, item suboption defaults)."""
    out = {"url": BASE, "username": "admin", "password": "admin", "token": None, "validate_certs": True,
           "ca_path": None, "timeout": 30, "retries": 3, "read": [], "current_state": None, "purge": [],
           "purge_exclude": [], "purge_max": 5, "purge_allow_empty": False, "return_secrets": False,
           "continue_on_error": False}
    for kind in ITEM_DEFAULTS:
        out[kind] = [dict(ITEM_DEFAULTS[kind], **item) for item in given.pop(kind, [])]
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


def runner(check_mode=False, **given):
    given.setdefault("current_state", STATE)
    return ProductLinks(FakeModule(params(**given), check_mode), NoRequests())


# Diffs


def test_minimal_diff_keeps_only_the_keys_that_differ():
    diff = minimal_diff("incoming", "Jira", {"scope": "READ", "name": "Jira", "id": "1"},
                        {"scope": "WRITE", "name": "Jira", "id": "1"})
    assert diff == {"before_header": "incoming Jira", "after_header": "incoming Jira",
                    "before": {"scope": "READ"}, "after": {"scope": "WRITE"}}
    created = minimal_diff("outgoing", "Jira", None, {"name": "Jira", "scopes": ["READ"]})
    assert created["before"] == {} and created["after"] == {"name": "Jira", "scopes": ["READ"]}
    removed = minimal_diff("links", "Bamboo", {"name": "Bamboo"}, {})
    assert removed["before"] == {"name": "Bamboo"} and removed["after"] == {}
    assert minimal_diff("links", "x", {"a": 1}, {"a": 1})["after"] == {}


# Input


def test_duplicate_names_are_refused_per_kind():
    with pytest.raises(InputError) as exc:
        runner(incoming=[{"name": "Jira"}, {"name": " Jira "}]).validate()
    assert exc.value.option == "incoming" and "'Jira'" in str(exc.value)
    runner(incoming=[{"name": "Jira"}], outgoing=[{"name": "Jira", "state": "absent"}]).validate()


def test_purge_of_an_empty_list_is_refused_unless_allowed():
    with pytest.raises(InputError) as exc:
        runner(purge=["incoming"]).validate()
    assert exc.value.option == "purge" and "purge_allow_empty: true" in str(exc.value)
    runner(purge=["incoming"], purge_allow_empty=True).validate()


def test_the_check_mode_placeholder_secret_is_refused_in_a_real_run():
    item = {"name": "Jira", "remote_url": JIRA, "client_id": "x", "client_secret": PREDICTED_SECRET}
    with pytest.raises(InputError) as exc:
        runner(outgoing=[item]).validate()
    assert exc.value.option == "outgoing" and "placeholder" in str(exc.value)
    runner(check_mode=True, outgoing=[item]).validate()


# Purge


def test_purge_spares_declared_excluded_and_system_objects():
    run = runner(incoming=[{"name": "Jira"}], links=[{"name": "Other", "state": "absent"}],
                 purge=["incoming", "links"], purge_exclude=["Nothing"])
    assert run.purge_items() == [
        ("incoming", {"name": "CI server", "state": "absent", "purged": True, "regenerate_secret": False}),
        ("links", {"name": "Bamboo", "state": "absent", "purged": True, "relocate": True, "recreate": False})]
    excluded = runner(incoming=[{"name": "Jira"}], purge=["incoming"], purge_exclude=["CI server"])
    assert excluded.purge_items() == []


def test_purge_over_the_limit_is_refused_with_the_list():
    run = runner(incoming=[{"name": "Someone else"}], purge=["incoming"], purge_max=1)
    with pytest.raises(InputError) as exc:
        run.purge_items()
    assert exc.value.option == "purge_max"
    assert "refusing to purge 2 objects (purge_max is 1): incoming 'Jira', incoming 'CI server'" in str(exc.value)


def test_classic_links_leave_out_the_oauth2_entries():
    state = dict(STATE, links=STATE["links"] + [
        {"id": "id-cid-jira", "name": "Jira", "type": "generic", "remote_url": JIRA, "display_url": JIRA,
         "primary": False, "system": False},  # the synthetic entry of an incoming client (REST reference §4.1)
        {"id": "1234", "name": "Old generic", "type": "generic", "remote_url": "https://g", "display_url": "https://g",
         "primary": False, "system": False}])  # not a v3 UUID: an OAuth 2.0 entity of a list not read
    assert [link["name"] for link in runner(current_state=state).classic_links()] == ["Bamboo", "System"]


# Superseded objects (a renamed peer)


def test_an_exclusive_incoming_link_supersedes_the_same_redirect_under_another_name():
    run = runner(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT], "exclusive": True}])
    assert run.superseded_items() == [("incoming", {"name": "Jira", "state": "absent", "superseded_by": "Jira DC",
                                                    "regenerate_secret": False})]
    assert runner(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT]}]).superseded_items() == []
    both = runner(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT], "exclusive": True},
                            {"name": "Jira"}])
    assert both.superseded_items() == []  # still declared: kept
    gone = runner(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT], "exclusive": True,
                             "state": "absent"}])
    assert gone.superseded_items() == []


def test_an_exclusive_outgoing_link_supersedes_the_same_provider_under_another_name():
    run = runner(outgoing=[{"name": "Jira DC", "remote_url": JIRA, "client_id": "c", "client_secret": "s",
                            "exclusive": True}])
    assert run.superseded_items() == [("outgoing", {"name": "Jira", "state": "absent", "superseded_by": "Jira DC",
                                                    "provider": "generic", "update_secret": "when_changed"})]
    other = runner(outgoing=[{"name": "Jira DC", "remote_url": "https://jira2.example.com", "client_id": "c",
                              "client_secret": "s", "exclusive": True}])
    assert other.superseded_items() == []


def test_the_plan_orders_removals_last_and_removes_superseded_objects_once():
    run = runner(incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT], "exclusive": True}],
                 outgoing=[{"name": "Jira DC", "remote_url": JIRA, "client_id": "c", "client_secret": "s",
                            "exclusive": True}],
                 links=[{"name": "Bamboo", "state": "absent"}], purge=["incoming"])
    planned = [(kind, item["name"], item.get("state")) for kind, item in run._plan()]
    assert planned == [("incoming", "Jira DC", "present"), ("outgoing", "Jira DC", "present"),
                       ("outgoing", "Jira", "absent"), ("incoming", "Jira", "absent"),
                       ("incoming", "CI server", "absent"), ("links", "Bamboo", "absent")]


# Runs served from current_state


def test_a_noop_run_from_current_state_sends_no_request():
    result = runner(incoming=[{"name": "Jira", "redirect_uris": [JIRA_REDIRECT], "scope": "READ"}],
                    outgoing=[{"name": "Jira", "remote_url": JIRA, "client_id": "cid-conf-at-jira",
                               "client_secret": "t" * 64}]).run()
    assert result["changed"] is False
    assert [(r["kind"], r["action"]) for r in result["results"]] == [("incoming", "none"), ("outgoing", "none")]
    assert result["state"] == result["state_before"] and result["credentials"] == {}
    assert result["redirect_uris"] == {"Jira": redirect_uri(BASE, JIRA_AUTHORIZE)}


def test_check_mode_predicts_a_new_link_and_hands_out_a_distinct_placeholder_secret():
    run = runner(check_mode=True, incoming=[{"name": "Bamboo", "redirect_uris": ["https://bamboo.example.com/cb"],
                                             "exclusive": True}],
                 outgoing=[{"name": "Jira", "remote_url": JIRA, "client_id": "cid-new", "client_secret": "u" * 64}])
    result = run.run()
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
    result = runner(check_mode=True, incoming=[{"name": "Jira DC", "redirect_uris": [JIRA_REDIRECT],
                                                "exclusive": True}]).run()
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
    quiet = runner(check_mode=True, current_state=hidden, incoming=[dict(item, held_by_peer=holds)]).run()
    assert [r["action"] for r in quiet["results"]] == ["none"]
    for needs in ({"client_id": "cid-other", "secret_fingerprint": "0123456789ab"},
                  {"client_id": "cid-jira", "secret_fingerprint": None}):
        reset = runner(check_mode=True, current_state=hidden, incoming=[dict(item, held_by_peer=needs)]).run()
        assert [r["action"] for r in reset["results"]] == ["update"], needs
        assert reset["credentials"]["Jira"]["client_id"] == "cid-jira"  # a new secret for the same client id
    # A product that returns its secrets is never reset for this: the current secret is handed over as it is.
    shown = runner(check_mode=True, incoming=[dict(item, held_by_peer={"client_id": "cid-other"})]).run()
    assert [r["action"] for r in shown["results"]] == ["none"]
