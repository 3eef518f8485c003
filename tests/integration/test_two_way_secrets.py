"""Issue 7: secrets an outgoing link holds that its provider no longer accepts. Each test first shows the broken
state (dcsim's connection test fails in that direction), then one plain run repairs it, then a run reports
changed=0.

a. a "Reset secret" in the provider's UI; b. an interrupted rotation (two_way_link_rotate_secret with every
outgoing update of one product failing); d. the single module oauth2_outgoing given a new client id.
"""

import pytest

from conftest import conn_vars, unique
from two_way_support import (
    INCOMING, LINK_PRODUCTS, OUTGOING, Instances, assert_works, by_name, clear_logs, connection_test,
    oauth2_objects, problems_found, redirect_for, total_changed, write_inventory)

PAIR = ("confluence", "jira")
PAIRS = {"applinks_pairs": [list(PAIR)]}


@pytest.fixture(scope="module")
def linked(tmp_path_factory, ca_dir, run_playbook):
    """Confluence and Jira linked both ways; each test leaves them linked again."""
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    try:
        instances = pool.products(PAIR, "secrets")
        inventory = write_inventory(tmp_path_factory.mktemp("secrets-inventory") / "hosts.yml", instances)
        first = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
        assert first.rc == 0, first.output[-3000:]
        yield instances, inventory
    finally:
        pool.stop_all()


def assert_fails(instance, config_name, error):
    outcome = connection_test(instance, config_name)
    assert outcome["success"] is False and error in (outcome["error"] or ""), outcome


def repair_then_noop(run_playbook, instances, inventory):
    """One plain run repairs (and reports what it found), the next changes nothing; both ways work."""
    repaired = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert repaired.rc == 0, repaired.output[-3000:]
    assert total_changed(repaired) > 0
    assert_works(instances, [PAIR])
    again = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert again.rc == 0 and total_changed(again) == 0, again.output[-3000:]
    return repaired


def test_a_secret_reset_in_the_ui_is_reported_by_check_mode_and_repaired(linked, run_playbook):
    instances, inventory = linked
    conf = instances["confluence"].client()
    for_jira = by_name(conf.get(INCOMING).json(), "Jira")
    assert conf.put(f"{INCOMING}/reset/{for_jira['clientId']}").status_code < 300
    assert_fails(instances["jira"], "Confluence", "invalid_client")  # Jira still sends the old secret
    assert connection_test(instances["confluence"], "Jira")["success"]  # the other direction is untouched

    clear_logs(instances)
    check = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory, check=True)
    assert check.rc == 0, check.output[-3000:]
    assert all(instance.client().writes() == [] for instance in instances.values())
    found = problems_found(check, PAIR)
    assert len(found["jira"]) == 1 and len(found["confluence"]) == 1  # each side reports the pair's problem
    assert found["jira"][0].startswith("on Jira (jira): the outgoing link to Confluence holds another secret than "
                                       "Confluence's current one")
    assert "Found before this run (a run that is not in check mode repairs it):" in check.output
    assert_fails(instances["jira"], "Confluence", "invalid_client")

    repaired = repair_then_noop(run_playbook, instances, inventory)
    assert problems_found(repaired, PAIR) == found
    assert "Found before this run (a run that is not in check mode repairs it):" in repaired.output
    # Only the secret travelled: the same client, no new incoming link.
    assert by_name(conf.get(INCOMING).json(), "Jira")["clientId"] == for_jira["clientId"]


def test_b_an_interrupted_rotation_is_repaired_by_a_plain_run(linked, run_playbook):
    instances, inventory = linked
    before = {host: oauth2_objects(instance)[0] for host, instance in instances.items()}
    jira = instances["jira"].client()
    # Every update of an outgoing link on Jira fails, retries included (503 is retried; the count outlasts them).
    jira.faults([{"path_prefix": OUTGOING, "method": "PUT", "action": "status", "status": 503, "count": 50}])
    try:
        rotated = run_playbook(LINK_PRODUCTS, dict(PAIRS, two_way_link_rotate_secret=True), inventory=inventory)
    finally:
        jira.faults([])
    assert rotated.rc != 0 and "HTTP 503" in rotated.output, rotated.output[-3000:]
    after = {host: oauth2_objects(instance)[0] for host, instance in instances.items()}
    for host in PAIR:  # both providers reset the secret ...
        assert after[host][0]["clientSecret"] != before[host][0]["clientSecret"]
    assert connection_test(instances["confluence"], "Jira")["success"]  # ... Confluence got its new one,
    assert_fails(instances["jira"], "Confluence", "invalid_client")  # Jira did not

    repaired = repair_then_noop(run_playbook, instances, inventory)
    assert any("holds another secret" in p for p in problems_found(repaired, PAIR)["jira"])
    # The plain run sent the current secret; it did not rotate again.
    assert [c["clientSecret"] for c in oauth2_objects(instances["confluence"])[0]] == \
        [c["clientSecret"] for c in after["confluence"]]


def test_d_oauth2_outgoing_sends_the_secret_with_a_new_client_id(confluence, jira, run_module):
    """Jira calls Confluence through a single outgoing link; Confluence issues two clients for it."""
    conf = confluence.client()
    redirect = redirect_for(jira.base_url, confluence.base_url)
    pairs = []
    for label in ("first", "second"):
        created = conf.post(INCOMING, {"name": unique(f"Jira {label}"), "redirects": [redirect], "scope": "READ"})
        assert created.status_code in (200, 201), created.text
        pairs.append((created.json()["clientId"], created.json()["clientSecret"]))
    (id1, secret1), (id2, secret2) = pairs
    name = unique("Confluence single")
    args = dict(conn_vars(jira), name=name, remote_url=confluence.base_url, scopes=["READ"])
    assert run_module("oauth2_outgoing", dict(args, client_id=id1, client_secret=secret1)).changed
    assert connection_test(jira, name)["success"]

    # What the module used to leave: the new client id stored with the old secret (it was only sent "always").
    client = jira.client()
    stored = client.get(f"{OUTGOING}/name/{name}").json()
    stored.update(clientId=id2)
    stored.pop("clientSecret", None)
    assert client.put(f"{OUTGOING}/{stored['id']}", stored).status_code < 300
    assert_fails(jira, name, "invalid_client")

    fixed = run_module("oauth2_outgoing", dict(args, client_id=id2, client_secret=secret2))
    assert fixed.changed and not fixed.failed, fixed.msg
    assert connection_test(jira, name)["success"]
    assert not run_module("oauth2_outgoing", dict(args, client_id=id2, client_secret=secret2)).changed

    # The module itself moving to another client id sends the secret with it.
    moved = run_module("oauth2_outgoing", dict(args, client_id=id1, client_secret=secret1))
    assert moved.changed and connection_test(jira, name)["success"]

    client.clear_log()
    refused = run_module("oauth2_outgoing", dict(args, client_id=id2))
    assert refused.failed and "client_secret" in refused.msg, refused.msg
    assert client.writes() == []
    assert connection_test(jira, name)["success"]  # untouched
