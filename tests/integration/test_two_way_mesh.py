"""OAuth 2.0 meshes of the two_way_link role through playbooks/link_products.yml: 2 then 4 products.

One set of four instances (with a custom administrator) shared by the tests of this module: the module fixture
runs the sequence once (check mode on the cold products, a 2-product mesh and its re-run, the 4-product mesh and
its re-run) and keeps every result and request log; the tests assert on them.
"""

import pytest

from two_way_support import (
    INCOMING, OUTGOING, PRODUCTS, Instances, assert_linked, assert_no_secret, assert_works, client_secrets,
    link_results, mesh, run_steps, total_changed, write_inventory, writes)

PASSWORD = "Mesh-adm1n-pw-never-printed"
USER = ("linkadmin", PASSWORD)
USER_ARGS = ("--user", f"linkadmin:{PASSWORD}:sysadmin")
PAIR = {"applinks_hosts": "confluence:jira"}
VERBOSE = {"diff": True, "verbosity": 3}
STEPS = [("cold check", {}, {"check": True}),
         ("pair", PAIR, VERBOSE),
         ("pair again", PAIR, {}),
         ("mesh", {}, VERBOSE),
         ("mesh again", {}, VERBOSE)]
READS = [("GET", "/rest/applinks/1.0/manifest"), ("GET", OUTGOING), ("GET", INCOMING)]


@pytest.fixture(scope="module")
def meshed(tmp_path_factory, ca_dir, run_playbook):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    try:
        instances = pool.products(PRODUCTS, "mesh2", extra_args=USER_ARGS)
        inventory = write_inventory(tmp_path_factory.mktemp("mesh2-inventory") / "hosts.yml", instances, user=USER)
        steps = run_steps(instances, inventory, run_playbook, STEPS, {"applinks_mesh": True}, user=USER)
        yield instances, steps
    finally:
        pool.stop_all()


def test_check_mode_on_cold_products_sends_no_write(meshed):
    instances, steps = meshed
    result, logs = steps["cold check"]
    assert all(writes(log) == [] for log in logs.values()), logs
    rows = [row for host in instances for row in link_results(result, host)]
    assert len(rows) == 4 * 3 and all(row["changed"] for row in rows)
    # Each host would create an incoming and an outgoing link per peer; nothing existed, so nothing was broken.
    assert sorted(change.split()[0:3] for row in rows for change in row["changes"]) == \
        sorted([["create", "incoming", "link"], ["create", "outgoing", "link"]] * 12)
    assert all(row["problems_found"] == [] for row in rows)


def test_two_products_cold_then_rerun_costs_three_gets(meshed):
    instances, steps = meshed
    first, first_logs = steps["pair"]
    again, again_logs = steps["pair again"]
    assert total_changed(first) > 0 and total_changed(again) == 0, again.output[-3000:]
    for host in ("bitbucket", "bamboo"):
        assert first_logs[host] == [] and again_logs[host] == []  # not hosts of these plays
    for host in ("confluence", "jira"):
        # Cold: the three reads, then one incoming and one outgoing POST; re-run: the three reads only.
        assert sorted(first_logs[host]) == sorted(READS + [("POST", INCOMING), ("POST", OUTGOING)]), first_logs
        assert sorted(again_logs[host]) == sorted(READS), again_logs
    assert_works(instances, [("confluence", "jira")], user=USER)


def test_four_products_converge_and_work_both_ways(meshed):
    instances, steps = meshed
    result = steps["mesh"][0]
    assert sorted(len(result.result("Summary", host=h)["msg"]) for h in instances) == [3, 3, 3, 3]
    state = assert_linked(instances, mesh(instances), user=USER)
    assert all(len(clients) == 3 and len(configs) == 3 for clients, configs in state.values())
    assert_works(instances, mesh(instances), user=USER)  # 12 connection tests, provider-specific scopes included


def test_rerun_of_the_mesh_changes_nothing_and_costs_three_gets_per_product(meshed):
    steps = meshed[1]
    result, logs = steps["mesh again"]
    assert total_changed(result) == 0, result.output[-3000:]
    for host, log in logs.items():
        assert sorted(log) == sorted(READS), (host, log)


def test_no_secret_in_diff_or_verbose_output(meshed):
    instances, steps = meshed
    output = "\n".join(steps[name][0].output for name in ("pair", "mesh", "mesh again"))
    secrets = [PASSWORD] + client_secrets(instances, USER)
    assert len(set(secrets)) == 1 + 12
    assert_no_secret(output, secrets)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output  # the modules did see the password
