"""Meshes of the two_way_link role through playbooks/link_products.yml: 2 and 4 products, OAuth 2.0 and
OAuth 1.0a. One set of four instances per auth flavour, shared by the tests of this module: the module fixture
runs the sequence (check mode on cold products, a 2-product mesh, the 4-product mesh, a re-run, check mode on
the converged mesh) and keeps every result and request log for the tests to assert on.
"""

import pytest

from two_way_support import (
    INCOMING, LINK_PRODUCTS, NAMES, OUTGOING, PRODUCTS, Instances, assert_linked, assert_no_secret, assert_works,
    clear_logs, client_secrets, mesh, requests_of, total_changed, write_inventory)

PASSWORD = "Mesh-adm1n-pw-never-printed"
USER = ("linkadmin", PASSWORD)
USER_ARGS = ("--user", f"linkadmin:{PASSWORD}:sysadmin")
MESH = {"applinks_mesh": True}
OAUTH1 = {"two_way_link_auth": "oauth1", "two_way_link_oauth1_level": "oauth_2lo"}
PAIR_HOSTS = {"applinks_hosts": "confluence:jira"}


def run_sequence(instances, inventory, run_playbook, flavour):
    """The runs every test of a flavour shares: {step: (result, {host: requests})}."""
    steps = {}

    def step(name, extra, **kwargs):
        clear_logs(instances, USER)
        result = run_playbook(LINK_PRODUCTS, dict(MESH, **flavour, **extra), inventory=inventory, **kwargs)
        assert result.rc == 0, f"{name}: {result.output[-3000:]}"
        steps[name] = (result, {host: requests_of(instance, USER) for host, instance in instances.items()})

    step("cold check", {}, check=True)
    step("pair", PAIR_HOSTS, diff=True, verbosity=3)
    step("pair again", PAIR_HOSTS)
    step("mesh", {}, diff=True, verbosity=3)
    step("mesh again", {}, diff=True, verbosity=3)
    step("warm check", {}, check=True)
    return steps


@pytest.fixture(scope="module", params=["oauth2", "oauth1"])
def meshed(request, tmp_path_factory, ca_dir, run_playbook):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    try:
        instances = pool.products(PRODUCTS, f"mesh-{request.param}", extra_args=USER_ARGS)
        inventory = write_inventory(tmp_path_factory.mktemp("mesh-inventory") / "hosts.yml", instances, user=USER)
        flavour = OAUTH1 if request.param == "oauth1" else {}
        steps = run_sequence(instances, inventory, run_playbook, flavour)
        yield request.param, instances, steps
    finally:
        pool.stop_all()


def writes(requests):
    return [r for r in requests if r[0] != "GET"]


def test_check_mode_on_cold_products_sends_no_write(meshed):
    auth, instances, steps = meshed
    result, logs = steps["cold check"]
    assert all(writes(log) == [] for log in logs.values()), logs
    # Every host plans its side of 3 links: incoming + outgoing per peer (OAuth 2.0), a link per peer (1.0a).
    per_host = 2 * 3 if auth == "oauth2" else 3
    assert total_changed(result) >= len(instances), result.output[-3000:]
    planned = [row for host in instances
               for row in result.result("Record the links of this host (two_way_link_results; no secret)",
                                        host=host)["ansible_facts"]["two_way_link_results"]]
    assert len(planned) == 4 * 3 and all(row["changed"] for row in planned)
    assert all(row["problems_found"] == [] for row in planned)  # nothing existed: new links, not broken ones
    assert sum(len(row["changes"]) for row in planned) == 4 * per_host


def test_two_products_converge_then_rerun_is_free(meshed):
    auth, instances, steps = meshed
    first, first_logs = steps["pair"]
    again, again_logs = steps["pair again"]
    assert total_changed(again) == 0, again.output[-3000:]
    for host in ("bitbucket", "bamboo"):
        assert first_logs[host] == [] and again_logs[host] == []  # not hosts of these plays
    for host in ("confluence", "jira"):
        assert writes(again_logs[host]) == []
        if auth == "oauth2":
            # A cold pair: manifest, outgoing configs, incoming clients, then one incoming and one outgoing POST.
            assert sorted(first_logs[host]) == sorted([("GET", "/rest/applinks/1.0/manifest"), ("GET", OUTGOING),
                                                       ("GET", INCOMING), ("POST", INCOMING), ("POST", OUTGOING)])
            assert sorted(again_logs[host]) == sorted([("GET", "/rest/applinks/1.0/manifest"), ("GET", OUTGOING),
                                                       ("GET", INCOMING)])
    assert "two-way" in first.output


def test_four_products_converge_and_work(meshed):
    auth, instances, steps = meshed
    result, _ = steps["mesh"]
    # The pair from the 2-product run is kept: 5 new links, each host has 3 peers.
    assert sorted(len(result.result("Summary", host=h)["msg"]) for h in instances) == [3, 3, 3, 3]
    if auth == "oauth2":
        state = assert_linked(instances, mesh(instances), user=USER)
        assert all(len(clients) == 3 and len(configs) == 3 for clients, configs in state.values())
        assert_works(instances, mesh(instances))
    else:
        for host, instance in instances.items():
            client = instance.client(USER)
            links = client.get("/rest/applinks/3.0/applinks").json()
            assert sorted(link["name"] for link in links) == sorted(NAMES[p] for p in instances if p != host)
            for peer, other in instances.items():
                if peer == host:
                    continue
                status = client.get(f"/rest/applinks/3.0/status/{other.server_id}").json()
                assert status["working"], f"{host} -> {peer}: {status}"
                oauth = client.get(f"/rest/applinks/3.0/status/{other.server_id}/oauth").json()
                assert oauth["incoming"]["twoLoEnabled"] and oauth["outgoing"]["twoLoEnabled"], oauth


def test_rerun_of_the_mesh_changes_nothing_and_costs_three_gets_per_product(meshed):
    auth, instances, steps = meshed
    result, logs = steps["mesh again"]
    assert total_changed(result) == 0, result.output[-3000:]
    for host, log in logs.items():
        assert writes(log) == [], (host, log)
        if auth == "oauth2":
            assert sorted(log) == sorted([("GET", "/rest/applinks/1.0/manifest"), ("GET", OUTGOING),
                                          ("GET", INCOMING)]), (host, log)


def test_check_mode_on_the_converged_mesh_sends_no_write(meshed):
    _, _, steps = meshed
    result, logs = steps["warm check"]
    assert total_changed(result) == 0, result.output[-3000:]
    assert all(writes(log) == [] for log in logs.values()), logs


def test_no_secret_in_diff_or_verbose_output(meshed):
    auth, instances, steps = meshed
    output = "\n".join(steps[name][0].output for name in ("pair", "mesh", "mesh again"))
    secrets = [PASSWORD] + (client_secrets(instances, USER) if auth == "oauth2" else [])
    if auth == "oauth2":
        assert len(secrets) == 1 + 12
    assert_no_secret(output, secrets)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output or "censored" in output
