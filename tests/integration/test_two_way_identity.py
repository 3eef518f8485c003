"""Issue 7: who a product is. c. a product reached by another URL than the base URL it reports; e. a peer
renamed (applinks_name). Each test first shows what the old role left broken, then one plain run repairs it
and the next reports changed=0; "works" is dcsim's connection test in each direction.
"""

import pytest

from two_way_support import (
    INCOMING, LINK_PRODUCTS, OUTGOING, Instances, assert_works, by_name, connection_test, free_port, link_results,
    oauth2_objects, redirect_for, suffix, total_changed, write_inventory)

PAIR = ("confluence", "jira")
PAIRS = {"applinks_pairs": [list(PAIR)]}


@pytest.fixture
def pool(tmp_path_factory, ca_dir):
    started = Instances(tmp_path_factory.mktemp, ca_dir)
    yield started
    started.stop_all()


def run_twice(run_playbook, inventory):
    first = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert first.rc == 0, first.output[-3000:]
    again = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert again.rc == 0 and total_changed(again) == 0, again.output[-3000:]
    return first


def test_c_links_derive_from_the_base_url_the_product_reports(pool, run_playbook, tmp_path):
    port = free_port()
    reported = f"https://localhost:{port}/confluence"
    reached = f"https://127.0.0.1:{port}/confluence"
    instances = {"confluence": pool.start("confluence", name="baseurl-confluence", port=port,
                                          extra_args=("--base-url", reported)),
                 "jira": pool.start("jira", name="baseurl-jira")}
    assert instances["confluence"].base_url == reported
    inventory = write_inventory(tmp_path / "hosts.yml", instances, extra={"confluence": {"applinks_url": reached}})

    # What the old role built from applinks_url: Jira's incoming link for Confluence lists a redirect URI under
    # 127.0.0.1, while Confluence sends the one under the base URL it reports.
    jira = instances["jira"].client()
    old = jira.post(INCOMING, {"name": "Confluence", "scope": "READ",
                               "redirects": [redirect_for(reached, instances["jira"].base_url)]}).json()
    conf = instances["confluence"].client()
    authorize = instances["jira"].base_url + "/rest/oauth2/latest/authorize"
    created = conf.post(OUTGOING, {
        "name": "Jira", "type": "generic", "clientId": old["clientId"], "clientSecret": old["clientSecret"],
        "authorizationEndpoint": authorize, "tokenEndpoint": instances["jira"].base_url + "/rest/oauth2/latest/token",
        "scopes": ["READ"], "redirectUriSuffix": suffix(authorize)})
    assert created.status_code in (200, 201), created.text
    broken = connection_test(instances["confluence"], "Jira")
    assert broken["success"] is False and "redirect" in (broken["error"] or "").lower(), broken

    first = run_twice(run_playbook, inventory)
    assert f"the product reports its base URL as {reported} while it is reached at {reached}" in \
        first.output.replace("\n", " ")
    assert_works(instances, [PAIR])
    for_confluence = by_name(oauth2_objects(instances["jira"])[0], "Confluence")
    assert for_confluence["clientId"] == old["clientId"]  # repaired in place
    assert for_confluence["redirects"] == [redirect_for(reported, instances["jira"].base_url)]
    to_confluence = by_name(oauth2_objects(instances["jira"])[1], "Confluence")
    assert to_confluence["authorizationEndpoint"] == reported + "/rest/oauth2/latest/authorize"
    for_jira = by_name(oauth2_objects(instances["confluence"])[0], "Jira")
    # Jira's redirect URI carries the suffix of Confluence's authorization endpoint under the reported URL.
    assert for_jira["redirects"] == [redirect_for(instances["jira"].base_url, reported)]


def test_e_a_renamed_peer_leaves_nothing_under_its_old_name(pool, run_playbook, tmp_path):
    instances = {p: pool.start(p, name=f"rename-{p}") for p in PAIR}
    names = {"confluence": "Confluence", "jira": "Jira"}
    inventory = write_inventory(tmp_path / "hosts.yml", instances, names=names)
    assert run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory).rc == 0
    old_client = by_name(oauth2_objects(instances["confluence"])[0], "Jira")
    assert connection_test(instances["confluence"], "Jira")["success"]  # the old name works: what the old role
    # left behind next to the new objects after a rename

    renamed = dict(names, jira="Jira DC")
    inventory = write_inventory(tmp_path / "hosts.yml", instances, names=renamed)
    first = run_twice(run_playbook, inventory)
    clients, configs = oauth2_objects(instances["confluence"])
    assert [c["name"] for c in clients] == ["Jira DC"] and [c["name"] for c in configs] == ["Jira DC"]
    assert all(c["clientId"] != old_client["clientId"] for c in clients)
    jira_clients, jira_configs = oauth2_objects(instances["jira"])
    assert [c["name"] for c in jira_clients] == ["Confluence"] and [c["name"] for c in jira_configs] == ["Confluence"]
    assert jira_configs[0]["clientId"] == clients[0]["clientId"]  # Jira holds the new client, not the old one
    assert_works(instances, [PAIR], names=renamed)
    changes = [c for row in link_results(first, "confluence") for c in row["changes"]]
    assert sorted(changes) == ["create incoming link Jira DC on Confluence", "create outgoing link Jira DC on Confluence",
                               "delete incoming link Jira on Confluence (replaced by Jira DC)",
                               "delete outgoing link Jira on Confluence (replaced by Jira DC)"], changes
