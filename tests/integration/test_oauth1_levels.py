"""The OAuth 1.0a levels are the admin UI's, and the status is the product's (issue 14 items 3-4), on one
Confluence and one Jira shared by the tests of this module, in this order:

- the two_way_link role's default level (OAuth = 3LO + 2LO, OAuthConfig.createDefaultOAuthConfig) makes a link
  whose status is WORKING on both sides (DefaultApplinkStatusValidationService.checkOAuthSupported accepts it);
- a 3-legged-only link, as an earlier version of the role made it, is drift for check mode and audit_links.yml,
  and the next run brings it to the declared level;
- a 3-legged-only link made on purpose (level oauth_3lo_only) warns, and application_link_info reports the
  status the product computes for it (DEPRECATED / AUTH_LEVEL_UNSUPPORTED) with its remedy.
"""

import pytest

from conftest import REPO, conn_vars
from two_way_support import (
    LINK_PRODUCTS, Instances, clear_logs, requests_of, write_inventory, writes)

PAIR = ("confluence", "jira")
OAUTH1 = {"applinks_pairs": [list(PAIR)], "two_way_link_auth": "oauth1"}
AUDIT = REPO / "playbooks" / "audit_links.yml"
THREE_LO_ONLY = {"enabled": True, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}


@pytest.fixture(scope="module")
def pair(tmp_path_factory, ca_dir):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    instances = pool.products(PAIR, "levels")
    yield instances, write_inventory(tmp_path_factory.mktemp("levels-inventory") / "hosts.yml", instances)
    pool.stop_all()


def status(instance, peer):
    return instance.client().get(f"/rest/applinks/3.0/status/{peer.server_id}").json()


def assert_working_both_ways(instances):
    conf, jira = instances["confluence"], instances["jira"]
    for here, peer in ((conf, jira), (jira, conf)):
        found = status(here, peer)
        assert found["working"] and "error" not in found, found
        for direction in ("incoming", "outgoing"):
            level = found["localAuthentication"][direction]
            assert level["enabled"] and level["twoLoEnabled"] and not level["twoLoImpersonationEnabled"], found


def test_role_default_level_works_both_ways(pair, run_playbook):
    instances, inventory = pair
    linked = run_playbook(LINK_PRODUCTS, OAUTH1, inventory=inventory)
    assert linked.rc == 0, linked.output[-3000:]
    assert_working_both_ways(instances)


def test_3lo_only_link_of_an_earlier_version_is_drift_and_fixed(pair, run_playbook):
    instances, inventory = pair
    conf, jira = instances["confluence"], instances["jira"]
    for here, peer in ((conf, jira), (jira, conf)):  # what the role's old default level made
        made = here.client().put(f"/rest/applinks/3.0/status/{peer.server_id}/oauth",
                                 {"incoming": THREE_LO_ONLY, "outgoing": THREE_LO_ONLY})
        assert made.status_code == 204, made.text
        assert status(here, peer)["error"] == {"category": "DEPRECATED", "type": "AUTH_LEVEL_UNSUPPORTED"}
    clear_logs(instances)

    checked = run_playbook(LINK_PRODUCTS, OAUTH1, inventory=inventory, check=True)
    assert checked.rc == 0, checked.output[-3000:]
    assert checked.changed("confluence") > 0 and checked.changed("jira") > 0, checked.stats
    audit = run_playbook(AUDIT, OAUTH1, inventory=inventory)
    assert audit.rc == 2, audit.output[-3000:]
    assert "oauth_3lo_only" in audit.output and "AUTH_LEVEL_UNSUPPORTED" in audit.output, audit.output[-3000:]
    assert all(writes(requests_of(i)) == [] for i in instances.values())

    fixed = run_playbook(LINK_PRODUCTS, OAUTH1, inventory=inventory)
    assert fixed.rc == 0, fixed.output[-3000:]
    assert fixed.changed("confluence") > 0 and fixed.changed("jira") > 0, fixed.stats
    assert_working_both_ways(instances)
    clean = run_playbook(AUDIT, OAUTH1, inventory=inventory)
    assert clean.rc == 0, clean.output[-3000:]


def test_explicit_3lo_only_warns_and_info_reports_the_remedy(pair, run_module):
    instances = pair[0]
    conf, jira = instances["confluence"], instances["jira"]
    for here, peer, name, kind in ((conf, jira, "Jira", "jira"), (jira, conf, "Confluence", "confluence")):
        made = run_module("application_link", conn_vars(here, name=name, type=kind, remote_url=peer.base_url,
                                                        incoming_auth="oauth_3lo_only",
                                                        outgoing_auth="oauth_3lo_only"))
        assert not made.failed and made.changed, made.msg
        assert made["auth"] == {"incoming": "oauth_3lo_only", "outgoing": "oauth_3lo_only"}
        warned = " ".join(made.get("warnings", []))
        assert "AUTH_LEVEL_UNSUPPORTED" in warned and "unsupported" in warned, made.result

    info = run_module("application_link_info", conn_vars(conf, name="Jira", status=True))
    assert not info.failed, info.msg
    [row] = info["applications"]
    assert row["status"] == "DEPRECATED/AUTH_LEVEL_UNSUPPORTED", row
    assert row["status_category"] == "DEPRECATED" and row["status_type"] == "AUTH_LEVEL_UNSUPPORTED", row
    assert "OAuth (3LO + 2LO) on both sides" in row["remedy"], row
