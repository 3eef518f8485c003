"""Roles two_way_link and application_links through playbooks/link_products.yml, against real dcsim processes.

Each test starts its own instances (never the session-wide ones), so link names cannot collide with other
tests. An inventory file describes the products as hosts, as a user would write it.
"""

import json
from itertools import combinations

import pytest

from conftest import REPO
from dcsim import testing

LINK_PRODUCTS = REPO / "playbooks" / "link_products.yml"
NAMES = {"confluence": "Confluence", "jira": "Jira", "bitbucket": "Bitbucket", "bamboo": "Bamboo"}
READ_SCOPE = {"confluence": "READ", "jira": "READ", "bitbucket": "REPO_READ", "bamboo": "READ"}


DECLARED_PLAYBOOK = """
- name: Declared links
  hosts: confluence
  gather_facts: false
  tasks:
    - name: Converge
      ansible.builtin.include_role:
        name: atlassian_dc.applinks.application_links
"""


def write_inventory(path, instances, user=("admin", "admin"), extra=None):
    """instances: {host: Running}; the product of each host is its name."""
    hosts = {}
    for host, instance in instances.items():
        hosts[host] = {"applinks_url": instance.base_url, "applinks_name": NAMES[host], "applinks_type": host,
                       "applinks_ca_path": instance.ca_file}
        hosts[host].update((extra or {}).get(host, {}))
    inventory = {"all": {"children": {"atlassian_products": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                 "applinks_username": user[0], "applinks_password": user[1]},
        "hosts": hosts}}}}
    path.write_text(json.dumps(inventory))  # JSON is YAML
    return str(path)


def oauth2_objects(instance, user=("admin", "admin")):
    client = instance.client(user)
    clients = client.get("/rest/oauth2/latest/client").json()
    configs = client.get("/rest/oauth2-client/latest/config").json()
    return clients, configs


def assert_linked(instances, pairs):
    """Exactly one incoming client and one outgoing config per direction, holding matching credentials."""
    state = {host: oauth2_objects(instance) for host, instance in instances.items()}
    for a, b in pairs:
        for provider, client in ((a, b), (b, a)):
            clients = [c for c in state[provider][0] if c["name"] == NAMES[client]]
            configs = [c for c in state[client][1] if c["name"] == NAMES[provider]]
            assert len(clients) == 1, f"{provider} has {len(clients)} clients for {client}"
            assert len(configs) == 1, f"{client} has {len(configs)} configs for {provider}"
            assert configs[0]["clientId"] == clients[0]["clientId"]
            assert clients[0]["scope"] == READ_SCOPE[provider]
            assert configs[0]["scopes"] == [READ_SCOPE[provider]]
            assert configs[0]["tokenEndpoint"] == instances[provider].base_url + "/rest/oauth2/latest/token"
    return state


def connection_test(instance, config_name, user=("admin", "admin")):
    client = instance.client(user)
    config = client.get(f"/rest/oauth2-client/latest/config/name/{config_name}").json()
    flow = client.post(f"/rest/oauth2-client/latest/config/flow?id={config['id']}").json()
    client.get(flow["initFlowUrl"], allow_redirects=False)
    return client.get(f"/rest/oauth2-client/latest/config/flow/{flow['id']}").json()


@pytest.fixture
def start_instance(tmp_path_factory, ca_dir):
    """Instances that live for one test only (the session-wide fixture keeps them to the end)."""
    pool = testing.Pool(tmp_path_factory.mktemp, ca_dir)
    yield pool.start
    pool.stop_all()


@pytest.fixture
def pair(start_instance, request):
    """A fresh Confluence and Jira for one test."""
    tag = request.node.name.replace("[", "-").replace("]", "")[:40]
    return {"confluence": start_instance("confluence", name=f"{tag}-confluence"),
            "jira": start_instance("jira", name=f"{tag}-jira")}


def total_changed(result):
    return sum(s.get("changed", 0) for s in result.stats.values())


def test_full_mesh_of_four_products(start_instance, run_playbook, tmp_path):
    """6 two-way links in one run (pairs spread over the hosts), then a second run that changes nothing."""
    instances = {p: start_instance(p, name=f"mesh-{p}") for p in ("confluence", "jira", "bitbucket", "bamboo")}
    inventory = write_inventory(tmp_path / "hosts.yml", instances)
    first = run_playbook(LINK_PRODUCTS, {"applinks_mesh": True}, inventory=inventory)
    assert first.rc == 0, first.output[-3000:]
    # Every host sets up some pairs (balanced: 2, 2, 1, 1), so they run in parallel.
    assert sorted(len(first.result("Summary", host=h)["msg"]) for h in instances) == [1, 1, 2, 2]
    pairs = list(combinations(instances, 2))
    state = assert_linked(instances, pairs)
    assert all(len(clients) == 3 and len(configs) == 3 for clients, configs in state.values())

    # (The first run verified every link; the second checks idempotence only.)
    second = run_playbook(LINK_PRODUCTS, {"applinks_mesh": True, "two_way_link_verify": False}, inventory=inventory)
    assert second.rc == 0, second.output[-3000:]
    assert total_changed(second) == 0, second.output[-3000:]
    # A Bitbucket and a Bamboo connection test: provider-specific scopes work end to end.
    assert connection_test(instances["bamboo"], "Bitbucket") == {"success": True, "error": None}
    assert connection_test(instances["confluence"], "Bamboo") == {"success": True, "error": None}


@pytest.mark.parametrize("fault, method_path", [
    ("second incoming client", ("POST", "/rest/oauth2/latest/client")),
    ("outgoing config", ("POST", "/rest/oauth2-client/latest/config")),
])
def test_interrupted_run_converges_on_rerun(pair, run_playbook, tmp_path, fault, method_path):
    """A run that fails half-way (a 500 from Jira) leaves no duplicate behind once re-run."""
    inventory = write_inventory(tmp_path / "hosts.yml", pair)
    method, path = method_path
    pair["jira"].client().faults([{"path_prefix": path, "method": method, "status": 500, "count": 1}])
    broken = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "jira"]], "two_way_link_verify": False},
                          inventory=inventory)
    assert broken.rc != 0
    assert "HTTP 500" in broken.output
    # The first incoming client (on Confluence, for Jira) was created before the failure.
    assert [c["name"] for c in oauth2_objects(pair["confluence"])[0]] == ["Jira"]

    rerun = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "jira"]]}, inventory=inventory)
    assert rerun.rc == 0, rerun.output[-3000:]
    assert "accept the client credentials their peers hold" in rerun.output
    assert_linked(pair, [("confluence", "jira")])
    assert connection_test(pair["confluence"], "Jira")["success"]
    assert connection_test(pair["jira"], "Confluence")["success"]


def test_lost_response_is_recovered_in_the_same_run(pair, run_playbook, tmp_path):
    """Jira creates the outgoing config but the answer is lost: the module finds it by name, no duplicate."""
    inventory = write_inventory(tmp_path / "hosts.yml", pair)
    pair["jira"].client().faults([{"path_prefix": "/rest/oauth2-client/latest/config", "method": "POST",
                                   "action": "drop_after", "count": 1}])
    result = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "jira"]]}, inventory=inventory)
    assert result.rc == 0, result.output[-3000:]
    assert_linked(pair, [("confluence", "jira")])
    assert connection_test(pair["jira"], "Confluence")["success"]


def test_no_secret_in_verbose_output(start_instance, run_playbook, tmp_path):
    """-vvv output of both roles carries neither the admin password nor any client secret."""
    password = "Adm1n-pw-never-printed"
    user = ("linkadmin", password)
    args = ("--user", f"linkadmin:{password}:sysadmin")
    instances = {p: start_instance(p, name=f"secret-{p}", extra_args=args) for p in ("confluence", "jira")}
    outgoing_secret = "idp-secret-never-printed"
    inventory = write_inventory(tmp_path / "hosts.yml", instances, user=user, extra={"confluence": {
        "application_links": [
            {"kind": "oauth2_incoming", "name": "CI server", "redirect_uris": ["https://ci.example.com/cb"],
             "scope": "WRITE"},
            {"kind": "oauth2_outgoing", "name": "Corporate IdP", "authorization_endpoint":
             "https://idp.example.com/authorize", "token_endpoint": "https://idp.example.com/token",
             "scopes": ["openid"], "client_id": "confluence", "client_secret": outgoing_secret}]}})
    outputs = []
    for extra in ({}, {"two_way_link_rotate_secret": True}):
        result = run_playbook(LINK_PRODUCTS, dict(extra, applinks_pairs=[["confluence", "jira"]]),
                              inventory=inventory, verbosity=3)
        assert result.rc == 0, result.output[-3000:]
        outputs.append(result.output)
        outputs.append(json.dumps(oauth2_objects(instances["confluence"], user)))  # secrets after this run
        outputs.append(json.dumps(oauth2_objects(instances["jira"], user)))
    playbook = tmp_path / "declared.yml"
    playbook.write_text(DECLARED_PLAYBOOK)
    declared = run_playbook(playbook, inventory=inventory, verbosity=3)
    assert declared.rc == 0, declared.output[-3000:]
    output = "\n".join(outputs[0::3] + [declared.output])
    secrets = [password, outgoing_secret]
    for dump in outputs[1::3] + outputs[2::3]:
        secrets += [c["clientSecret"] for c in json.loads(dump)[0]]
    clients_after = oauth2_objects(instances["confluence"], user)[0]
    secrets += [c["clientSecret"] for c in clients_after]
    assert len(set(secrets)) == 7  # password, IdP secret, 2 initial + 2 rotated client secrets, CI server
    for secret in secrets:
        assert secret not in output, "a secret appeared in -vvv output"
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output  # the modules did see the password


def test_check_mode_writes_nothing(pair, run_playbook, tmp_path):
    """Also: Jira authenticates with a personal access token (applinks_token wins over username/password)."""
    token = pair["jira"].client().post("/rest/pat/latest/tokens", {"name": "ansible"}).json()["rawToken"]
    inventory = write_inventory(tmp_path / "hosts.yml", pair, extra={"jira": {"applinks_token": token}})
    for instance in pair.values():
        instance.client().clear_log()
    result = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "jira"]]}, inventory=inventory,
                          check=True)
    assert result.rc == 0, result.output[-3000:]
    assert total_changed(result) == 4
    assert "two-way OAuth 2.0 link (changed) (check mode)" in result.output
    for instance in pair.values():
        assert instance.client().writes() == []


def test_absent_removes_both_directions(pair, run_playbook, tmp_path):
    inventory = write_inventory(tmp_path / "hosts.yml", pair)
    pairs = {"applinks_pairs": [["confluence", "jira"]]}
    assert run_playbook(LINK_PRODUCTS, dict(pairs, two_way_link_verify=False), inventory=inventory).rc == 0
    gone = run_playbook(LINK_PRODUCTS, dict(pairs, two_way_link_state="absent"), inventory=inventory)
    assert gone.rc == 0, gone.output[-3000:]
    for instance in pair.values():
        assert oauth2_objects(instance) == ([], [])
    again = run_playbook(LINK_PRODUCTS, dict(pairs, two_way_link_state="absent"), inventory=inventory)
    assert again.rc == 0 and total_changed(again) == 0


def test_bad_role_input_fails_early(pair, run_playbook, tmp_path):
    inventory = write_inventory(tmp_path / "hosts.yml", pair)
    unknown = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "nowhere"]]}, inventory=inventory)
    assert unknown.rc != 0 and "nowhere is not an inventory host" in unknown.output
    bad_auth = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "jira"]], "two_way_link_auth": "basic"},
                            inventory=inventory)
    assert bad_auth.rc != 0 and "two_way_link_auth" in bad_auth.output
    for instance in pair.values():
        assert instance.client().writes() == []
