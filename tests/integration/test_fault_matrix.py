"""Fault matrix (issue 8): every write of the two roles fails once (HTTP 500, a connection dropped before any
work, a response lost after the work was done); the next runs without the fault converge with no duplicate and
no orphan, the links work (dcsim's connection test), and a last run changes nothing.

One ansible-playbook run (playbooks/fault_products.yml) drives five hosts on three dcsim instances at once: an
OAuth 2.0 pair and an OAuth 1.0a pair on Confluence C and Jira J, and the declared links of a Confluence D. Each
run injects `count: 1` faults on several writes; the run after it is the re-run without those faults (and
injects the next ones). Every injected fault must show in the request log, so no fault can silently miss.
"""

import json
import time

import pytest

from dcsim import testing
from two_way_support import connection_test

PLAYBOOK = "fault_products.yml"
# Run by run: (label, extra vars, {instance: [(method, path prefix under the context path)]}, what to do before).
# HTTP 500 fails the run, so the work after the failed write moves to the next run (a peer whose phase 2 failed is
# skipped in phase 3): one write per host and run.
PLAN_FAILING = [
    ("cold", {}, {
        "C": [("POST", "/rest/oauth2/latest/client"),           # two-way: incoming client (phase 2)
              ("PUT", "/rest/applinks/2.0/applicationlink")],   # two-way OAuth 1.0a: v2 create
        "J": [("PUT", "/rest/applinks/3.0/status/")],           # two-way OAuth 1.0a: status/{id}/oauth
        "D": [("POST", "/rest/oauth2/latest/client")]}, None),  # application_links: incoming client
    ("second", {}, {  # (product_links: incoming, then links, then outgoing)
        "J": [("POST", "/rest/oauth2-client/latest/config")],   # two-way: outgoing config (phase 3)
        "D": [("PUT", "/rest/applinks/2.0/applicationlink")]}, None),  # application_links: v2 create, generic
    ("rotate", {"two_way_link_rotate_secret": True}, {
        "C": [("PUT", "/rest/oauth2/latest/client/reset/")],    # two-way: rotation (client reset)
        "D": [("POST", "/rest/oauth2-client/latest/config")]}, None),  # application_links: outgoing config
    ("repair", {"prune": True}, {
        # Jira rotated its secret in the run before, Confluence did not get it: the secret repair.
        "C": [("PUT", "/rest/oauth2-client/latest/config/")],   # two-way: PUT of the outgoing config
        "D": [("DELETE", "/rest/applinks/")]}, None),           # application_links: delete of a purged link
]


def reset_jira_secret(trio):
    """A "Reset secret" in Jira's UI: Confluence's outgoing config now holds a stale secret."""
    api = trio["J"].client()
    client = [c for c in api.get("/rest/oauth2/latest/client").json() if c["name"] == "Confluence"][0]
    api.put("/rest/oauth2/latest/client/reset/" + client["clientId"]).raise_for_status()


# A dropped connection or a lost response is recovered within the run (look-up by name, retry of PUT and
# DELETE), so every write of a run can fail at once.
PLAN_RECOVERING = [
    ("cold", {}, {
        "C": [("POST", "/rest/oauth2/latest/client"), ("PUT", "/rest/applinks/2.0/applicationlink")],
        "J": [("POST", "/rest/oauth2-client/latest/config"), ("PUT", "/rest/applinks/3.0/status/")],
        "D": [("POST", "/rest/oauth2/latest/client"), ("PUT", "/rest/applinks/2.0/applicationlink"),
              ("POST", "/rest/oauth2-client/latest/config")]}, None),
    ("rotate", {"two_way_link_rotate_secret": True}, {
        "C": [("PUT", "/rest/oauth2/latest/client/reset/")]}, None),
    ("repair", {"prune": True}, {
        "C": [("PUT", "/rest/oauth2-client/latest/config/")],
        "D": [("DELETE", "/rest/applinks/")]}, reset_jira_secret),
]
FAULTS = {
    "500": ({"action": "status", "status": 500}, PLAN_FAILING),
    "drop": ({"action": "drop"}, PLAN_RECOVERING),
    "drop_after": ({"action": "drop_after"}, PLAN_RECOVERING),
}
NAMES = {"conf2": "Confluence", "jira2": "Jira", "conf1": "Confluence 1.0a", "jira1": "Jira 1.0a"}
DECLARED = [
    {"kind": "oauth2_incoming", "name": "CI server", "redirect_uris": ["https://ci.example.com/cb"], "scope": "READ"},
    {"kind": "oauth2_outgoing", "name": "Corporate IdP", "authorization_endpoint": "https://idp.example.com/authorize",
     "token_endpoint": "https://idp.example.com/token", "scopes": ["openid"], "client_id": "confluence-d",
     "client_secret": "idp-secret"},
    {"kind": "link", "name": "Tool", "type": "generic", "remote_url": "https://tool.example.com"},
]


def inventory(path, c, j, d, **host_vars):
    """The OAuth 2.0 pair conf2/jira2 and the OAuth 1.0a pair conf1/jira1 on C and J; decl manages D."""
    def host(instance, name, ptype, **extra):
        values = {"applinks_url": instance.base_url, "applinks_name": name, "applinks_type": ptype,
                  "applinks_ca_path": instance.ca_file}
        values.update(extra, **host_vars)
        return values
    products = {"conf2": host(c, NAMES["conf2"], "confluence"), "jira2": host(j, NAMES["jira2"], "jira"),
                "conf1": host(c, NAMES["conf1"], "confluence", two_way_link_auth="oauth1"),
                "jira1": host(j, NAMES["jira1"], "jira", two_way_link_auth="oauth1")}
    common = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
              "applinks_username": "admin", "applinks_password": "admin"}
    data = {"all": {"vars": common, "children": {
        "atlassian_products": {"hosts": products},
        "declared": {"hosts": {"decl": host(d, "Confluence D", "confluence")}}}}}
    path.write_text(json.dumps(data))
    return str(path)


def run_vars(prune=False, **extra):
    declared = [e for e in DECLARED if not (prune and e["name"] == "Tool")]
    values = {"applinks_pairs": [["conf2", "jira2"], ["conf1", "jira1"]], "application_links": declared,
              "application_links_prune": prune}
    values.update(extra)
    return values


def changed(result):
    return sum(s.get("changed", 0) for s in result.stats.values())


def names(objects):
    return sorted(o["name"] for o in objects)


def fired(log, context, method, prefix, fault):
    """The log entries of the requests the fault hit."""
    hits = [e for e in log if e["method"] == method and e["path"].startswith(context + prefix)]
    if fault["action"] == "status":
        return [e for e in hits if e["status"] == fault["status"]]
    return [e for e in hits if e.get("dropped")]


def context_path(instance):
    return "/" + instance.base_url.split("/", 3)[3] if instance.base_url.count("/") > 2 else ""


@pytest.fixture
def trio(tmp_path_factory, ca_dir, request):
    pool = testing.Pool(tmp_path_factory.mktemp, ca_dir)
    tag = request.node.name.replace("[", "-").replace("]", "")
    yield {"C": pool.start("confluence", f"{tag}-c"), "J": pool.start("jira", f"{tag}-j"),
           "D": pool.start("confluence", f"{tag}-d")}
    pool.stop_all()


def assert_no_duplicate(trio, label):
    """After every run, also a failed one: no name twice in any list (a pruning run must not hide one)."""
    for key, instance in trio.items():
        api = instance.client()
        # (v1 lists the classic links only; v3 adds a generic row per OAuth 2.0 object, REST reference §4.1)
        for path in ("/rest/oauth2/latest/client", "/rest/oauth2-client/latest/config", "/rest/applinks/1.0/applicationlink"):
            listed = api.get(path).json()
            listed = names(listed["applicationLinks"] if isinstance(listed, dict) else listed)
            assert len(listed) == len(set(listed)), "%s run: %s lists %s on %s" % (label, path, listed, key)


def assert_converged(trio):
    c, j, d = (trio[k].client() for k in "CJD")
    c_clients, c_configs = c.get("/rest/oauth2/latest/client").json(), c.get("/rest/oauth2-client/latest/config").json()
    j_clients, j_configs = j.get("/rest/oauth2/latest/client").json(), j.get("/rest/oauth2-client/latest/config").json()
    # No duplicate, no orphan: exactly one object per direction, holding the credentials the provider issued.
    assert (names(c_clients), names(c_configs)) == (["Jira"], ["Jira"]), (c_clients, c_configs)
    assert (names(j_clients), names(j_configs)) == (["Confluence"], ["Confluence"]), (j_clients, j_configs)
    assert c_configs[0]["clientId"] == j_clients[0]["clientId"]
    assert j_configs[0]["clientId"] == c_clients[0]["clientId"]
    assert connection_test(trio["C"], "Jira") == {"success": True, "error": ""}
    assert connection_test(trio["J"], "Confluence") == {"success": True, "error": ""}
    # OAuth 1.0a: one classic link each way, with the peer's server id and OAuth enabled both ways.
    for local, remote, name in ((c, trio["J"], "Jira 1.0a"), (j, trio["C"], "Confluence 1.0a")):
        links = [a for a in local.get("/rest/applinks/3.0/applinks").json() if a["type"] in ("jira", "confluence")]
        assert [(a["name"], a["id"]) for a in links] == [(name, remote.server_id)], links
        status = local.get(f"/rest/applinks/3.0/status/{remote.server_id}/oauth").json()
        assert status["incoming"]["enabled"] and status["outgoing"]["enabled"], status
    # Declared on D: the incoming client and the outgoing config once each; the purged generic link gone.
    assert names(d.get("/rest/oauth2/latest/client").json()) == ["CI server"]
    assert names(d.get("/rest/oauth2-client/latest/config").json()) == ["Corporate IdP"]
    assert [a for a in d.get("/rest/applinks/3.0/applinks").json() if a["rpcUrl"].startswith("https://tool.")] == []


@pytest.mark.parametrize("fault_class", sorted(FAULTS))
def test_every_write_fails_once_and_the_reruns_converge(trio, run_playbook, tmp_path, fault_class):
    started = time.monotonic()
    fault, plan = FAULTS[fault_class]
    hosts = inventory(tmp_path / "hosts.yml", trio["C"], trio["J"], trio["D"])
    outcomes = []
    for label, extra, faults, before in plan:
        if before:
            before(trio)
        for key, instance in trio.items():
            api = instance.client()
            api.clear_log()
            api.faults([dict(fault, method=m, path_prefix=p, count=1) for m, p in faults.get(key, [])])
        result = run_playbook(PLAYBOOK, run_vars(**extra), inventory=hosts)
        outcomes.append((label, result.rc))
        if fault["action"] == "status":
            assert result.rc != 0 and "HTTP 500 from" in result.output, result.output[-3000:]
        else:
            assert result.rc == 0, result.output[-3000:]
        for key, instance in trio.items():
            api = instance.client()
            log = api.log()
            for method, prefix in faults.get(key, []):
                assert fired(log, context_path(instance), method, prefix, fault), \
                    "%s run: the fault on %s %s of %s did not fire: %s\n%s" % (label, method, prefix, key, log, result.output[-5000:])
            api.faults([])
        assert "Traceback" not in result.output, result.output[-3000:]
        assert_no_duplicate(trio, label)
    # The same list without faults: converges, then changes nothing and writes nothing.
    clean = run_playbook(PLAYBOOK, run_vars(prune=True), inventory=hosts)
    assert clean.rc == 0, (outcomes, clean.output[-4000:])
    for instance in trio.values():
        instance.client().clear_log()
    last = run_playbook(PLAYBOOK, run_vars(prune=True), inventory=hosts)
    assert last.rc == 0 and changed(last) == 0, last.output[-4000:]
    for instance in trio.values():
        assert instance.client().writes() == []
    assert_converged(trio)
    print("%s: runs %s, %.0fs" % (fault_class, outcomes, time.monotonic() - started))


@pytest.fixture
def pair(tmp_path_factory, ca_dir):
    pool = testing.Pool(tmp_path_factory.mktemp, ca_dir)
    yield {"C": pool.start("confluence", "burst-c"), "J": pool.start("jira", "burst-j")}
    pool.stop_all()


def test_429_burst_is_absorbed_and_a_timeout_names_the_option(pair, run_playbook, tmp_path):
    started = time.monotonic()
    hosts = inventory(tmp_path / "hosts.yml", pair["C"], pair["J"], pair["C"])
    two_way = {"applinks_pairs": [["conf2", "jira2"]], "applinks_hosts": "conf2,jira2"}
    # Three 429s with Retry-After: 1 on every OAuth 2.0 write of both products: absorbed within one run.
    for instance in pair.values():
        instance.client().clear_log()
        instance.client().faults([{"path_prefix": "/rest/oauth2", "method": "POST", "action": "status",
                                   "status": 429, "retry_after": 1, "count": 3}])
    burst = run_playbook("fault_products.yml", two_way, inventory=hosts)
    assert burst.rc == 0, burst.output[-3000:]
    for instance in pair.values():
        log = instance.client().log()
        assert [e["status"] for e in log if e["method"] == "POST"] == [429, 429, 429, 200, 200], log
    assert "HTTP 429 (rate limited), retrying in 1.0s" in burst.output
    assert connection_test(pair["C"], "Jira")["success"] and connection_test(pair["J"], "Confluence")["success"]

    # Every try of one GET outlasts applinks_timeout: the run fails naming the option; no write was made.
    pair["J"].client().faults([{"path_prefix": "/rest/oauth2-client/latest/config", "method": "GET",
                                "action": "latency", "latency_ms": 4000, "count": 4}])
    for instance in pair.values():
        instance.client().clear_log()
    slow = run_playbook("fault_products.yml", dict(two_way, applinks_timeout=2, two_way_link_rotate_secret=True),
                        inventory=hosts)
    assert slow.rc != 0
    assert "GET %s/rest/oauth2-client/latest/config timed out after 2s (option timeout)" % pair["J"].base_url \
        in slow.output, slow.output[-3000:]
    assert pair["J"].client().writes() == [] and pair["C"].client().writes() == []
    pair["J"].client().faults([])
    time.sleep(4)  # the last slow request ends before the next run reads
    rerun = run_playbook("fault_products.yml", two_way, inventory=hosts)
    assert rerun.rc == 0 and changed(rerun) == 0, rerun.output[-3000:]
    assert connection_test(pair["C"], "Jira")["success"] and connection_test(pair["J"], "Confluence")["success"]
    print("429 and timeout: %.0fs" % (time.monotonic() - started))
