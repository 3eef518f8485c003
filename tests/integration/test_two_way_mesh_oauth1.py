"""OAuth 1.0a meshes of the two_way_link role (two_way_link_auth=oauth1, the default level oauth): 4 products.

One set of four instances shared by the tests of this module (see test_two_way_mesh.py). "Works" is the
product's own link status (GET /rest/applinks/3.0/status/{id}: a signed 2-legged request the peer accepts).
"""

import pytest

from two_way_support import (
    NAMES, PRODUCTS, Instances, assert_no_secret, link_results, run_steps, total_changed, write_inventory, writes)

PASSWORD = "Mesh1-adm1n-pw-never-printed"
USER = ("linkadmin", PASSWORD)
USER_ARGS = ("--user", f"linkadmin:{PASSWORD}:sysadmin")
OAUTH1 = {"applinks_mesh": True, "two_way_link_auth": "oauth1"}  # the default level: oauth (3LO + 2LO)
STEPS = [("cold check", {}, {"check": True}),
         ("mesh", {}, {"diff": True, "verbosity": 3}),
         ("mesh again", {}, {"diff": True, "verbosity": 3})]


@pytest.fixture(scope="module")
def meshed(tmp_path_factory, ca_dir, run_playbook):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    try:
        instances = pool.products(PRODUCTS, "mesh1", extra_args=USER_ARGS)
        inventory = write_inventory(tmp_path_factory.mktemp("mesh1-inventory") / "hosts.yml", instances, user=USER)
        yield instances, run_steps(instances, inventory, run_playbook, STEPS, OAUTH1, user=USER)
    finally:
        pool.stop_all()


def test_check_mode_on_cold_products_sends_no_write(meshed):
    instances, steps = meshed
    result, logs = steps["cold check"]
    assert all(writes(log) == [] for log in logs.values()), logs
    rows = [row for host in instances for row in link_results(result, host)]
    assert len(rows) == 12 and all(row["changed"] and row["problems_found"] == [] for row in rows)
    assert all(row["changes"] == [f"create application link {NAMES[row['peer']]} on {row['local']['name']}"]
               for row in rows), rows


def test_four_products_converge_and_work_both_ways(meshed):
    instances, steps = meshed
    assert total_changed(steps["mesh"][0]) > 0
    for host, instance in instances.items():
        client = instance.client(USER)
        links = client.get("/rest/applinks/3.0/applinks").json()
        assert sorted(link["name"] for link in links) == sorted(NAMES[p] for p in instances if p != host)
        for peer, other in instances.items():
            if peer == host:
                continue
            status = client.get(f"/rest/applinks/3.0/status/{other.server_id}").json()
            assert status["working"], f"{host} -> {peer}: {status}"
            levels = status["localAuthentication"]
            assert levels["incoming"]["twoLoEnabled"] and levels["outgoing"]["twoLoEnabled"], levels
            assert not levels["incoming"]["twoLoImpersonationEnabled"], levels


def test_rerun_changes_nothing_and_writes_nothing(meshed):
    steps = meshed[1]
    result, logs = steps["mesh again"]
    assert total_changed(result) == 0, result.output[-3000:]
    assert all(writes(log) == [] for log in logs.values()), logs


def test_no_secret_in_diff_or_verbose_output(meshed):
    steps = meshed[1]
    output = steps["mesh"][0].output + steps["mesh again"][0].output
    assert_no_secret(output, [PASSWORD])
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output
