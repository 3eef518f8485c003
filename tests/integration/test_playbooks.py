"""playbooks/show_links.yml, audit_links.yml and application_links.yml on a linked Confluence and Jira."""

import json

import pytest

from conftest import REPO
from dcsim import testing
from test_roles import write_inventory

PLAYBOOKS = REPO / "playbooks"
PAIRS = {"applinks_pairs": [["confluence", "jira"]]}
DECLARED = {"confluence": {"application_links": [
    {"kind": "oauth2_incoming", "name": "CI server", "redirect_uris": ["https://ci.example.com/cb"], "scope": "WRITE"},
    {"kind": "link", "name": "Terraform", "type": "generic", "remote_url": "https://terraform.example.com/app"}]}}


@pytest.fixture(scope="module")
def linked(tmp_path_factory, ca_dir, run_playbook):
    """Confluence and Jira linked both ways, Confluence with its declared links; stopped after the module."""
    instances = {p: testing.start(p, tmp_path_factory.mktemp(f"pb-{p}"), ca_dir=ca_dir)
                 for p in ("confluence", "jira")}
    try:
        inventory = write_inventory(tmp_path_factory.mktemp("pb-inventory") / "hosts.yml", instances,
                                    extra=DECLARED)
        for playbook, extra in (("link_products.yml", dict(PAIRS, two_way_link_verify=False)),
                                ("application_links.yml", {})):
            result = run_playbook(PLAYBOOKS / playbook, extra, inventory=inventory)
            assert result.rc == 0, result.output[-3000:]
        yield instances, inventory
    finally:
        for instance in instances.values():
            instance.stop()


def test_show_links_prints_the_table_and_writes_the_report(linked, run_playbook, tmp_path):
    instances, inventory = linked
    report = tmp_path / "report.json"
    result = run_playbook(PLAYBOOKS / "show_links.yml", {"applinks_report_file": str(report)}, inventory=inventory)
    assert result.rc == 0, result.output[-3000:]
    tables = {host: result.result("View application links", host=host)["msg"] for host in instances}
    assert tables["jira"][0] == f"Jira 10.3.12 at {instances['jira'].base_url}: 1 application link"
    assert tables["jira"][2].split() == ["Name", "Application", "Direction", "Status"]
    assert tables["jira"][3].split() == ["Confluence", "Generic", "application", "Two-way", "Non-Atlassian"]
    rows = [line.split()[0] for line in tables["confluence"][3:]]
    assert rows == ["CI", "Jira", "Terraform"]
    data = json.loads(report.read_text())
    assert {r["name"]: r["direction"] for r in data["confluence"]["applications"]} == {
        "CI server": "Incoming", "Jira": "Two-way", "Terraform": None}
    assert data["jira"]["applications"] == [{"name": "Confluence", "application": "Generic application",
                                             "direction": "Two-way", "status": "Non-Atlassian",
                                             "status_category": None, "status_type": None, "remedy": None,
                                             "url": instances["confluence"].base_url.rsplit("/", 1)[0]}]


def test_application_links_rows_and_no_change_on_a_rerun(linked, run_playbook):
    """The role's one product_links call: one row per declared item, nothing changed, nothing written; in check
    mode a scope changed behind Ansible's back is the only drift row."""
    instances, inventory = linked
    conf = instances["confluence"].client()
    conf.clear_log()
    rerun = run_playbook("application_links_rows.yml", {}, inventory=inventory)
    assert rerun.rc == 0, rerun.output[-3000:]
    assert rerun.changed("confluence") == 0 and conf.writes() == []
    shown = rerun.result("Show the rows", host="confluence")["msg"]
    rows = {(r["kind"], r["name"]): r for r in shown["result"]}
    assert sorted(rows) == [("link", "Terraform"), ("oauth2_incoming", "CI server")]
    assert all(r["state"] == "present" and not r["changed"] and r["action"] == "none" for r in rows.values())
    assert shown["drift"] == []

    ci = [c for c in conf.get("/rest/oauth2/latest/client").json() if c["name"] == "CI server"][0]
    assert conf.put(f"/rest/oauth2/latest/client/{ci['id']}", {"scope": "READ"}).status_code == 204
    conf.clear_log()
    check = run_playbook("application_links_rows.yml", {}, inventory=inventory, check=True)
    assert check.rc == 0, check.output[-3000:]
    drift = check.result("Show the rows", host="confluence")["msg"]["drift"]
    assert [(r["kind"], r["name"], r["action"]) for r in drift] == [("oauth2_incoming", "CI server", "update")]
    assert ci["clientSecret"] not in check.output
    assert conf.writes() == []
    repaired = run_playbook("application_links_rows.yml", {}, inventory=inventory)
    assert repaired.rc == 0 and repaired.changed("confluence") == 1, repaired.output[-3000:]
    assert [c["scope"] for c in conf.get("/rest/oauth2/latest/client").json() if c["name"] == "CI server"] == ["WRITE"]


def test_prune_of_an_empty_list_is_refused_before_any_write(linked, run_playbook):
    instances, inventory = linked
    apis = {host: instance.client() for host, instance in instances.items()}
    for api in apis.values():
        api.clear_log()
    result = run_playbook(PLAYBOOKS / "application_links.yml",
                          {"application_links": [], "application_links_prune": True}, inventory=inventory)
    assert result.rc == 2, result.output[-3000:]
    assert result.failed("confluence") == 1 and result.failed("jira") == 1
    assert "application_links_prune_allow_empty" in result.output
    assert all(api.writes() == [] for api in apis.values())
    assert all(api.log() == [] for api in apis.values())  # refused before the product is even read


def test_audit_passes_then_fails_on_drift_without_writing(linked, run_playbook):
    instances, inventory = linked
    clean = run_playbook(PLAYBOOKS / "audit_links.yml", PAIRS, inventory=inventory)
    assert clean.rc == 0, clean.output[-3000:]
    assert "confluence matches its declared state" in clean.output

    conf, jira = instances["confluence"].client(), instances["jira"].client()
    ci = [c for c in conf.get("/rest/oauth2/latest/client").json() if c["name"] == "CI server"][0]
    assert conf.delete(f"/rest/oauth2/latest/client/{ci['id']}").status_code == 200
    for_conf = [c for c in jira.get("/rest/oauth2/latest/client").json() if c["name"] == "Confluence"][0]
    assert jira.put(f"/rest/oauth2/latest/client/{for_conf['id']}", {"scope": "WRITE"}).status_code == 204
    conf.clear_log()
    jira.clear_log()

    drift = run_playbook(PLAYBOOKS / "audit_links.yml", PAIRS, inventory=inventory)
    assert drift.rc == 2, drift.output[-3000:]
    assert "create oauth2_incoming 'CI server'" in drift.output
    assert "incoming link Confluence on Jira differs" in drift.output
    assert conf.writes() == [] and jira.writes() == []
