"""The playbooks' selection rules (issue 15 item 2): no run is green without a check.

- One variable selects the products: `applinks_hosts` (an extra variable; default the group
  `atlassian_products`). A selection that matches no host fails, naming it, in every playbook.
- `applinks_mesh: true` pairs every two products of that selection.
- A link run or an audit with no pair to handle fails, naming `applinks_pairs` / `applinks_mesh`; an audit of a
  product with nothing declared and no pair fails instead of saying it "matches its declared state".
- A product of the selection that is in no pair is left alone (not read, not called "verified").
- The phases are barriers of the linear strategy, whatever the number of forks: a mesh converges with `-f 1`.
"""

import json

import pytest

from conftest import REPO
from two_way_support import (
    Instances, assert_linked, assert_works, clear_logs, link_results, mesh, requests_of, writes, write_inventory)

PLAYBOOKS = REPO / "playbooks"
SHIPPED = ("link_products.yml", "show_links.yml", "audit_links.yml", "application_links.yml")
GROUP = "atlassian"  # not the playbooks' default group name
TRIO = ("confluence", "jira", "bitbucket")


def one_line(output):
    return " ".join(output.split())


@pytest.fixture(scope="module")
def trio(tmp_path_factory, ca_dir):
    """Confluence, Jira and Bitbucket, hosts of group `atlassian` (not atlassian_products)."""
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    try:
        instances = pool.products(TRIO, "selection")
        yield instances, write_inventory(tmp_path_factory.mktemp("selection") / "hosts.yml", instances, group=GROUP)
    finally:
        pool.stop_all()


@pytest.mark.parametrize("playbook", SHIPPED)
def test_a_selection_without_hosts_fails_naming_applinks_hosts(trio, run_playbook, playbook):
    """The inventory's group is not named atlassian_products: Ansible alone says "no hosts matched" and exits 0."""
    instances, inventory = trio
    clear_logs(instances)
    result = run_playbook(PLAYBOOKS / playbook, {"applinks_mesh": True}, inventory=inventory)
    assert result.rc != 0, result.output[-3000:]
    output = one_line(result.output)
    assert "applinks_hosts" in output and "atlassian_products" in output, output[-3000:]
    assert all(requests_of(instance) == [] for instance in instances.values())


CHECK_MODE_VERIFIED = ("role work (issue 15 item 3): the two_way_link role's check mode calls links that do not "
                       "exist yet 'verified'")


@pytest.mark.xfail(strict=True, reason=CHECK_MODE_VERIFIED)
def test_check_mode_on_products_not_linked_yet_says_nothing_is_verified(trio, run_playbook):
    """Runs before the mesh below links the products."""
    instances, inventory = trio
    clear_logs(instances)
    result = run_playbook(PLAYBOOKS / "link_products.yml", {"applinks_hosts": GROUP, "applinks_mesh": True},
                          inventory=inventory, check=True)
    assert result.rc == 0, result.output[-3000:]
    assert all(writes(requests_of(instance)) == [] for instance in instances.values())
    assert "verified" not in result.output


def test_the_mesh_follows_applinks_hosts_with_one_fork(trio, run_playbook):
    """applinks_hosts selects the products and applinks_mesh pairs them all (before: the mesh looked at group
    atlassian_products, found no peer, and every product said ": verified"). With -f 1: forks only set how many
    products work at once; the phases are per-task barriers of the linear strategy."""
    instances, inventory = trio
    extra = {"applinks_hosts": GROUP, "applinks_mesh": True}
    first = run_playbook(PLAYBOOKS / "link_products.yml", extra, inventory=inventory, env={"ANSIBLE_FORKS": "1"})
    assert first.rc == 0, first.output[-3000:]
    assert sorted(len(link_results(first, host)) for host in TRIO) == [2, 2, 2]
    assert_linked(instances, mesh(instances))
    assert_works(instances, mesh(instances))


def test_a_product_in_no_pair_is_left_alone(trio, run_playbook):
    """Bitbucket is selected but in no pair: it is neither read nor called verified, and the run says so."""
    instances, inventory = trio
    clear_logs(instances)
    result = run_playbook(PLAYBOOKS / "link_products.yml",
                          {"applinks_hosts": GROUP, "applinks_pairs": [["confluence", "jira"]]}, inventory=inventory)
    assert result.rc == 0, result.output[-3000:]
    assert requests_of(instances["bitbucket"]) == []
    output = one_line(result.output)
    assert "bitbucket is in no pair of applinks_pairs" in output, output[-3000:]
    assert "Bitbucket" not in "".join(line for line in result.output.splitlines() if "verified" in line)


@pytest.mark.parametrize("playbook, extra, words", [
    ("link_products.yml", {"applinks_pairs": []}, ["applinks_pairs is empty"]),
    ("link_products.yml", {"applinks_hosts": "confluence", "applinks_mesh": True},
     ["applinks_mesh", "at least two products", "applinks_hosts"]),
    ("audit_links.yml", {"applinks_pairs": []}, ["applinks_pairs is empty"]),
], ids=["empty-pairs", "mesh-of-one", "audit-empty-pairs"])
def test_a_run_with_no_pair_fails(trio, run_playbook, playbook, extra, words):
    instances, inventory = trio
    clear_logs(instances)
    result = run_playbook(PLAYBOOKS / playbook, dict({"applinks_hosts": GROUP}, **extra), inventory=inventory)
    assert result.rc != 0, result.output[-3000:]
    output = one_line(result.output)
    for word in words:
        assert word in output, output[-3000:]
    assert "verified" not in output
    assert all(writes(requests_of(instance)) == [] for instance in instances.values())


def test_an_audit_with_nothing_to_compare_fails(trio, run_playbook):
    """No application_links declared and no pair: before, "<host> matches its declared state" after no request."""
    instances, inventory = trio
    clear_logs(instances)
    result = run_playbook(PLAYBOOKS / "audit_links.yml", {"applinks_hosts": GROUP}, inventory=inventory)
    assert result.rc != 0, result.output[-3000:]
    output = one_line(result.output)
    assert "matches its declared state" not in output
    for host in TRIO:
        assert result.failed(host) == 1
    for word in ("nothing to compare", "application_links", "applinks_pairs", "applinks_mesh", "applinks_hosts"):
        assert word in output, output[-3000:]


@pytest.mark.parametrize("playbook, variable", [("show_links.yml", "applinks_report_markdown"),
                                                ("show_links.yml", "applinks_report_file"),
                                                ("audit_links.yml", "applinks_report_markdown")])
def test_a_relative_report_path_fails_before_any_request(tmp_path, run_playbook, playbook, variable):
    """A relative report path was resolved against the playbook's directory: from an installed collection the
    report landed inside the collection (found by test_readme.py). Refused, naming the variable, before any
    product is read (the product's URL here answers nothing)."""
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(json.dumps({"atlassian_products": {"hosts": {"confluence": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        "applinks_url": "https://127.0.0.1:9/confluence", "applinks_type": "confluence",
        "applinks_token": "not-used", "application_links": [{"kind": "oauth2_incoming", "name": "CI"}]}}}}))
    result = run_playbook(PLAYBOOKS / playbook, {variable: "report.out"}, inventory=str(inventory))
    assert result.rc != 0, result.output[-3000:]
    output = one_line(result.output)
    assert "%s must be an absolute path" % variable in output, output[-3000:]
    assert "cannot connect" not in output and not (REPO / "playbooks" / "report.out").exists()
