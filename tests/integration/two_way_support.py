"""Helpers of the two-way link tests (test_roles.py, test_two_way_*.py): inventories of dcsim instances as
product hosts, what the products hold, dcsim's connection test, and the request-log and secret checks."""

import base64
import hashlib
import json
import socket
from itertools import combinations

from conftest import REPO
from dcsim import testing

LINK_PRODUCTS = REPO / "playbooks" / "link_products.yml"
PRODUCTS = ("confluence", "jira", "bitbucket", "bamboo")
NAMES = {"confluence": "Confluence", "jira": "Jira", "bitbucket": "Bitbucket", "bamboo": "Bamboo"}
READ_SCOPE = {"confluence": "READ", "jira": "READ", "bitbucket": "REPO_READ", "bamboo": "READ"}
ADMIN = ("admin", "admin")
INCOMING = "/rest/oauth2/latest/client"
OUTGOING = "/rest/oauth2-client/latest/config"


def write_inventory(path, instances, user=ADMIN, extra=None, names=None, group="atlassian_products"):
    """instances: {host: Running}, hosts of `group`; the product of each host is its name (applinks_name from
    `names`)."""
    hosts = {}
    for host, instance in instances.items():
        hosts[host] = {"applinks_url": instance.base_url, "applinks_name": (names or NAMES)[host],
                       "applinks_type": host, "applinks_ca_path": instance.ca_file}
        hosts[host].update((extra or {}).get(host, {}))
    inventory = {"all": {"children": {group: {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                 "applinks_username": user[0], "applinks_password": user[1]},
        "hosts": hosts}}}}
    path.write_text(json.dumps(inventory))  # JSON is YAML
    return str(path)


def suffix(authorization_endpoint):
    """The redirect URI suffix: base64url(MD5(authorization endpoint)) without padding (REST reference §7)."""
    digest = hashlib.md5(authorization_endpoint.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def redirect_for(client_base, provider_base):
    """The redirect URI of `client_base`'s outgoing link to the Atlassian product at `provider_base`."""
    return client_base + "/plugins/servlet/oauth2/client/callback/" + suffix(
        provider_base + "/rest/oauth2/latest/authorize")


def free_port():
    """A TCP port free on 127.0.0.1 now (for an instance whose --base-url must name its port before start)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oauth2_objects(instance, user=ADMIN):
    """(incoming clients with their secrets, outgoing configs) as the product's REST API lists them."""
    client = instance.client(user)
    return client.get(INCOMING).json(), client.get(OUTGOING).json()


def by_name(objects, name):
    found = [o for o in objects if o["name"] == name]
    assert len(found) <= 1, f"{len(found)} objects named {name}"
    return found[0] if found else None


def assert_linked(instances, pairs, names=None, user=ADMIN):
    """Exactly one incoming client and one outgoing config per direction, holding matching client ids."""
    names = names or NAMES
    state = {host: oauth2_objects(instance, user) for host, instance in instances.items()}
    for a, b in pairs:
        for provider, client in ((a, b), (b, a)):
            clients = [c for c in state[provider][0] if c["name"] == names[client]]
            configs = [c for c in state[client][1] if c["name"] == names[provider]]
            assert len(clients) == 1, f"{provider} has {len(clients)} clients for {client}"
            assert len(configs) == 1, f"{client} has {len(configs)} configs for {provider}"
            assert configs[0]["clientId"] == clients[0]["clientId"]
            assert clients[0]["scope"] == READ_SCOPE[provider]
            assert configs[0]["scopes"] == [READ_SCOPE[provider]]
            assert configs[0]["tokenEndpoint"] == instances[provider].base_url + "/rest/oauth2/latest/token"
    return state


def connection_test(instance, config_name, user=ADMIN):
    """dcsim's connection test of an outgoing link (the admin screen's button): start the flow, follow the
    authorization URL (consent and the token exchange with the provider happen server-side), read the result."""
    client = instance.client(user)
    config = client.get(f"{OUTGOING}/name/{config_name}").json()
    flow = client.post(f"{OUTGOING}/flow?id={config['id']}").json()
    client.get(flow["initFlowUrl"], allow_redirects=False)
    return client.get(f"{OUTGOING}/flow/{flow['id']}").json()


def assert_works(instances, pairs, names=None, user=ADMIN):
    """The connection test succeeds in both directions of every pair."""
    names = names or NAMES
    for a, b in pairs:
        for client, provider in ((a, b), (b, a)):
            outcome = connection_test(instances[client], names[provider], user)
            assert outcome == {"success": True, "error": ""}, f"{client} -> {provider}: {outcome}"


def mesh(instances):
    return list(combinations(instances, 2))


def total_changed(result):
    return sum(s.get("changed", 0) for s in result.stats.values())


def clear_logs(instances, user=ADMIN):
    for instance in instances.values():
        instance.client(user).clear_log()


def requests_of(instance, user=ADMIN):
    """(method, path without the context path) of every request served since the last clear."""
    context = instance.base_url.split("/", 3)[3] if instance.base_url.count("/") > 2 else ""
    prefix = "/" + context if context else ""
    return [(e["method"], e["path"][len(prefix):] if e["path"].startswith(prefix) else e["path"])
            for e in instance.client(user).log()]


def client_secrets(instances, user=ADMIN):
    """Every incoming client secret the instances hold now."""
    return [c["clientSecret"] for instance in instances.values() for c in oauth2_objects(instance, user)[0]]


def assert_no_secret(output, secrets):
    assert secrets, "no secret to look for"
    for secret in secrets:
        assert secret and secret not in output, "a secret appeared in the output"


RECORD_TASK = ("atlassian_dc.applinks.two_way_link : Record and verify the links of this host from what the phases "
               "read and wrote (phase 4 of 4)")


def link_results(result, host):
    """The fact two_way_link_results of one host, as its set_fact task returned it."""
    return result.result(RECORD_TASK, host=host)["ansible_facts"]["two_way_link_results"]


def problems_found(result, hosts):
    """{host: [problem, ...]} from the facts two_way_link_results of each host."""
    return dict((host, [p for row in link_results(result, host) for p in row["problems_found"]]) for host in hosts)


def run_steps(instances, inventory, run_playbook, steps, base_vars, user=ADMIN):
    """Run link_products.yml once per (name, extra vars, run_playbook kwargs), each with fresh request logs:
    {name: (result, {host: [(method, path), ...]})}. Every run must pass."""
    done = {}
    for name, extra, kwargs in steps:
        clear_logs(instances, user)
        result = run_playbook(LINK_PRODUCTS, dict(base_vars, **extra), inventory=inventory, **kwargs)
        assert result.rc == 0, f"{name}: {result.output[-3000:]}"
        done[name] = (result, dict((host, requests_of(instance, user)) for host, instance in instances.items()))
    return done


def writes(requests):
    return [r for r in requests if r[0] != "GET"]


class Instances:
    """Instances started by a test or a module fixture, stopped by stop_all()."""

    def __init__(self, make_dir, ca_dir):
        self.make_dir = make_dir
        self.ca_dir = ca_dir
        self.started = []

    def start(self, product, name=None, extra_args=(), port=0):
        running = testing.start(product, self.make_dir(name or product), ca_dir=self.ca_dir, port=port,
                                extra_args=extra_args)
        self.started.append(running)
        return running

    def products(self, products, tag, extra_args=()):
        return {p: self.start(p, name=f"{tag}-{p}", extra_args=extra_args) for p in products}

    def stop_all(self):
        for running in self.started:
            running.stop()
        self.started.clear()
