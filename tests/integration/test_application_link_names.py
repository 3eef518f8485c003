"""A taken link name (issue 14 item 3), against dcsim, which renames a new link whose name is taken as the product
does (DefaultApplicationLinkService.addApplicationLink -> findSuitableName: "Name - 2", "Name - 3", ...):

- a declared name held by a link to another application fails before any write, naming that link (name, id,
  remote URL) and the option, whatever recreate says;
- a create that comes back renamed (another run created the name between this run's read and its create) is
  undone: the renamed duplicate is deleted and the run converges on the other run's link, with a warning that
  says what was undone; a link of another application under that name fails as above, after the undo;
- racing runs that create one name converge on one link of that name, leaving no "Name - 2" behind.
"""

import json
import uuid

import pytest

from conftest import conn_vars, unique

V2_CREATE = "/rest/applinks/2.0/applicationlink"
V3 = "/rest/applinks/3.0/applinks"
RACERS = 8


@pytest.fixture(scope="module")
def confluence(start_instance):
    return start_instance("confluence", "names-confluence")


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "names-jira")


def make_link(instance, name, type_id, url):
    """A link made behind Ansible's back (by another run, or by hand); its id (a generic link gets the id of its
    URL, REST reference §2.8; another type the random one sent)."""
    made = instance.client().put(V2_CREATE, {"id": str(uuid.uuid4()), "typeId": type_id, "name": name,
                                             "rpcUrl": url, "displayUrl": url})
    assert made.status_code == 201, made.text
    [link_id] = [found["id"] for found in instance.client().get(V3).json() if found["name"] == name]
    return link_id


def links_named(instance, name):
    """The application links whose name is `name` or a findSuitableName of it ("name - 2", ...)."""
    return sorted((e["name"], e["id"], e["rpcUrl"]) for e in instance.client().get(V3).json()
                  if e["name"] == name or e["name"].startswith(name + " - "))


def warnings(result):
    return " ".join(result.get("warnings", []))


def test_a_name_held_by_a_link_to_another_application_fails_before_any_write(run_module, confluence, jira):
    name = unique("Jira")
    other_url = "https://old-jira.example.com"
    other_id = make_link(confluence, name, "jira", other_url)
    args = conn_vars(confluence, name=name, type="jira", remote_url=jira.base_url)
    client = confluence.client()
    for extra in ({}, {"recreate": True}):
        client.clear_log()
        for check in (True, False):
            refused = run_module("application_link", dict(args, **extra), check=check)
            assert refused.failed, refused.result
            assert refused["option"] == "name", refused.result
            for part in (name, other_id, other_url):
                assert part in refused.msg, refused.msg
        assert client.writes() == [], "refused before any write"
    assert links_named(confluence, name) == [(name, other_id, other_url)]


def stale_run(run_module, instance, item):
    """product_links with a state read before another run created the link: its create meets a taken name."""
    return run_module("product_links", conn_vars(instance, current_state={"links": []}, links=[item]))


def test_a_create_renamed_by_the_product_is_undone_and_converges_on_the_winner(run_module, confluence):
    """A generic link is found by its name: the run converges on the other run's link by relocating it."""
    name = unique("Raced app")
    url, other_url = "https://raced.example.com/app", "https://raced.example.com/other"
    winner_id = make_link(confluence, name, "generic", other_url)  # the other run's create
    client = confluence.client()
    client.clear_log()
    converged = stale_run(run_module, confluence, {"name": name, "type": "generic", "remote_url": url})
    assert not converged.failed, converged.msg
    assert links_named(confluence, name) == [(name, winner_id, url)], "no '%s - 2' left behind" % name
    [row] = converged["results"]
    assert row["action"] == "update" and row["changed"] and row["id"] == winner_id, row
    said = warnings(converged)
    assert "'%s - 2'" % name in said and "deleted" in said and winner_id in said, said
    assert [e["method"] for e in client.writes()] == ["PUT", "DELETE", "POST"]  # create, its undo, relocation


def test_a_renamed_create_of_another_application_is_undone_then_fails_naming_it(run_module, confluence, jira):
    name = unique("Jira")
    other_url = "https://another-jira.example.com"
    other_id = make_link(confluence, name, "jira", other_url)
    item = {"name": name, "type": "jira", "remote_url": jira.base_url, "remote_id": jira.server_id}
    refused = stale_run(run_module, confluence, item)
    assert refused.failed, refused.result
    for part in (name, other_id, other_url, "'%s - 2'" % name):
        assert part in refused.msg, refused.msg
    assert links_named(confluence, name) == [(name, other_id, other_url)]


def test_racing_identical_creates_converge_on_one_link(run_playbook, tmp_path, confluence):
    name = unique("Raced generic")
    args = conn_vars(confluence, name=name, type="generic", remote_url="https://raced-generic.example.com")
    results = race(run_playbook, tmp_path, confluence, args, {})
    assert sorted(r["action"] for r in results.values()) == ["create"] + ["none"] * (RACERS - 1), results
    [(found, link_id, _url)] = links_named(confluence, name)
    assert found == name and set(r["link"]["id"] for r in results.values()) == {link_id}


def test_racing_creates_of_one_name_leave_no_renamed_link(run_playbook, tmp_path, confluence):
    """Each racer declares the name for another URL (a generic link is found by its name, so the last one
    relocates it): whatever the order, one link of that name remains."""
    name = unique("Raced name")
    args = conn_vars(confluence, name=name, type="generic")
    urls = dict(("racer%02d" % i, "https://racer%02d.example.com" % i) for i in range(RACERS))
    client = confluence.client()
    client.clear_log()
    # the racers read the link list before any of them creates
    client.faults([{"path_prefix": V3, "method": "GET", "action": "latency", "latency_ms": 3000,
                    "count": RACERS}])
    try:
        results = race(run_playbook, tmp_path, confluence, args, urls)
    finally:
        client.faults([])
    [(found, _link_id, url)] = links_named(confluence, name)
    assert found == name and url in urls.values()
    creates = [e for e in client.writes() if e["method"] == "PUT" and e["path"].endswith(V2_CREATE)
               and e["status"] == 201]
    assert len(creates) > 1, "the racers did not race"
    undone = [r for r in results.values() if "deleted" in warnings(r)]
    assert len(undone) == len(creates) - 1, [warnings(r) for r in results.values()]


def race(run_playbook, tmp_path, instance, args, urls):
    """application_link with `args` on RACERS hosts at once (remote_url per host from `urls`); every run must
    succeed. {host: result}."""
    hosts = dict(("racer%02d" % i, {}) for i in range(RACERS))
    for host, url in urls.items():
        hosts[host]["racer_args"] = {"remote_url": url}
    inventory = tmp_path / "racers.json"
    inventory.write_text(json.dumps({"all": {"hosts": hosts, "vars": {"ansible_connection": "local"}}}))
    play = run_playbook("race.yml", {"module": "application_link", "module_args": args}, inventory=str(inventory),
                        env={"ANSIBLE_FORKS": str(RACERS)})
    assert play.rc == 0, play.output[-3000:]
    results = dict((host, play.result("application_link", host=host)) for host in hosts)
    assert all(not r.get("failed") for r in results.values()), results
    return results
