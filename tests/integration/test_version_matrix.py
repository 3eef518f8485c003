"""Product-version matrix (issue 9): three Jira + Confluence profiles, one pair of instances per profile.

(a) Jira 9.12.15 + Confluence 8.5.16 (Basic); (b) Jira 10.3 + Confluence 9.2 (the defaults, Basic);
(c) Jira 11.2 + Confluence 10.1 with Basic blocked on both (personal access tokens, `applinks_token`).
Per profile: the smoke set (every module once), the two-way links of link_products.yml (an OAuth 2.0 pair and an
OAuth 1.0a pair in one run: converge, a re-run with changed=0, connection tests both ways) and the checks that
depend on the version: READ_ALL, the Basic-disabled hint, the native OAuth 2.0 application links warning
(REST reference §12.1), what application_link_info reports.
"""

import json

import pytest

from conftest import REPO
from dcsim import testing

LINK_PRODUCTS = REPO / "playbooks" / "link_products.yml"
PROFILES = {
    "a-jira9.12-confluence8.5": {"jira": "9.12.15", "confluence": "8.5.16", "basic": True, "read_all": False,
                                 "native": False},
    "b-jira10.3-confluence9.2": {"jira": None, "confluence": None, "basic": True, "read_all": True,
                                 "native": False},
    "c-jira11.2-confluence10.1": {"jira": "11.2", "confluence": "10.1", "basic": False, "read_all": True,
                                  "native": True},
}
WRITES = ("POST", "PUT", "DELETE")
NAMES = {"conf2": "Confluence", "jira2": "Jira", "conf1": "Confluence 1.0a", "jira1": "Jira 1.0a"}


class Profile:
    def __init__(self, name, spec, instances):
        self.name, self.spec, self.instances = name, spec, instances
        self.tokens = {product: (None if spec["basic"] else instance.pat()) for product, instance in instances.items()}

    def api(self, product):
        return self.instances[product].client(token=self.tokens[product])

    def conn(self, product):
        instance = self.instances[product]
        values = {"url": instance.base_url, "ca_path": instance.ca_file}
        if self.tokens[product]:
            values["token"] = self.tokens[product]
        else:
            values.update(username="admin", password="admin")
        return values


@pytest.fixture(scope="module", params=sorted(PROFILES))
def profile(request, tmp_path_factory, ca_dir):
    spec = PROFILES[request.param]
    pool = testing.Pool(tmp_path_factory.mktemp, ca_dir)
    instances = {}
    for product in ("confluence", "jira"):
        args = (["--version", spec[product]] if spec[product] else []) + ([] if spec["basic"] else ["--basic-auth", "off"])
        instances[product] = pool.start(product, "%s-%s" % (request.param[:1], product), extra_args=args)
    yield Profile(request.param, spec, instances)
    pool.stop_all()


def inventory(path, profile):
    def host(product, name, **extra):
        instance = profile.instances[product]
        values = {"applinks_url": instance.base_url, "applinks_ca_path": instance.ca_file, "applinks_name": name,
                  "applinks_type": product}
        if profile.tokens[product]:
            values["applinks_token"] = profile.tokens[product]
        else:
            values.update(applinks_username="admin", applinks_password="admin")
        values.update(extra)
        return values
    # Jira grants READ_ALL where the line knows it (REST reference §12.3).
    scope = {"applinks_oauth2_scope": "READ_ALL"} if profile.spec["read_all"] else {}
    hosts = {"conf2": host("confluence", NAMES["conf2"]), "jira2": host("jira", NAMES["jira2"], **scope),
             "conf1": host("confluence", NAMES["conf1"], two_way_link_auth="oauth1"),
             "jira1": host("jira", NAMES["jira1"], two_way_link_auth="oauth1")}
    path.write_text(json.dumps({"all": {"children": {"atlassian_products": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        "hosts": hosts}}}}))
    return str(path)


def connection_test(profile, product, config_name):
    """dcsim's connection test of an outgoing link (as test_roles.connection_test, with the profile's credentials).

    dcsim plays the browser server-side and forwards the caller's Authorization to the remote authorize
    endpoint, where a PAT of this product means nothing: with Basic blocked, both products allow Basic on the two
    browser paths of the flow only (allowed-paths, REST reference §12.2), as a login form would.
    """
    api = profile.api(product)
    browser = api
    if profile.tokens[product]:
        for other in ("confluence", "jira"):
            profile.api(other).put("/rest/basicauth/1.0/config", {"allowed-paths": [
                "/plugins/servlet/oauth2/client/callback", "/rest/oauth2/latest/authorize"]}).raise_for_status()
        browser = profile.instances[product].client(auth=("admin", "admin"))
    config = api.get(f"/rest/oauth2-client/latest/config/name/{config_name}").json()
    flow = api.post(f"/rest/oauth2-client/latest/config/flow?id={config['id']}").json()
    browser.get(flow["initFlowUrl"], allow_redirects=False)
    return api.get(f"/rest/oauth2-client/latest/config/flow/{flow['id']}").json()


def changed(result):
    return sum(s.get("changed", 0) for s in result.stats.values())


def test_smoke_set(profile, run_playbook):
    for product in ("confluence", "jira"):
        scope = "READ_ALL" if profile.spec["read_all"] else "READ"
        result = run_playbook("matrix_smoke.yml", {"conn": profile.conn(product), "incoming_scope": scope})
        assert result.rc == 0, result.output[-3000:]
        info = result.result("Links report")
        version = profile.instances[product].version
        assert info["product"]["version"] == version
        assert info["product"]["native_oauth2_applinks"] is profile.spec["native"]
        assert info["product"]["oauth2_provider_api"] is True and info["product"]["oauth2_client_api"] is True
        state = result.result("Product links read")["state"]
        assert "Matrix CI" in [o["name"] for o in state["incoming"]]
        assert "Matrix IdP" in [o["name"] for o in state["outgoing"]]
        assert "Matrix tool" in [o["name"] for o in state["links"]]
        assert state["manifest"]["version"] == version
        clients = profile.api(product).get("/rest/oauth2/latest/client").json()
        assert [c["scope"] for c in clients if c["name"] == "Matrix CI"] == [scope]


def test_two_way_links(profile, run_playbook, tmp_path):
    hosts = inventory(tmp_path / "hosts.yml", profile)
    pairs = {"applinks_pairs": [["conf2", "jira2"], ["conf1", "jira1"]]}
    first = run_playbook(LINK_PRODUCTS, pairs, inventory=hosts)
    assert first.rc == 0, first.output[-3000:]
    native = [line for line in first.output.splitlines() if "lists each peer as an external application" in line]
    if profile.spec["native"]:
        # Once per product (conf2 and jira2 manage OAuth 2.0 links; the OAuth 1.0a hosts do not).
        assert len(native) == 2, native
        assert any("Jira 11.2" in line for line in native) and any("Confluence 10.1" in line for line in native)
    else:
        assert native == []
    for instance in profile.instances.values():
        instance.client(auth=("admin", "admin")).clear_log()
    second = run_playbook(LINK_PRODUCTS, dict(pairs, two_way_link_verify=False), inventory=hosts)
    assert second.rc == 0 and changed(second) == 0, second.output[-3000:]
    for instance in profile.instances.values():
        assert instance.client(auth=("admin", "admin")).writes() == []
    conf, jira = profile.instances["confluence"], profile.instances["jira"]
    assert connection_test(profile, "confluence", "Jira") == {"success": True, "error": ""}
    assert connection_test(profile, "jira", "Confluence") == {"success": True, "error": ""}
    jira_clients = profile.api("jira").get("/rest/oauth2/latest/client").json()
    expected = "READ_ALL" if profile.spec["read_all"] else "READ"
    assert [c["scope"] for c in jira_clients if c["name"] == "Confluence"] == [expected]
    for local, remote, name in (("confluence", jira, "Jira 1.0a"), ("jira", conf, "Confluence 1.0a")):
        links = [a for a in profile.api(local).get("/rest/applinks/3.0/applinks").json()
                 if a["type"] in ("jira", "confluence")]
        assert [(a["name"], a["id"]) for a in links] == [(name, remote.server_id)]


def test_scope_and_basic_auth_rules_of_the_line(profile, run_module):
    """READ_ALL refused before any write where the line lacks it, naming the supported scopes; with Basic blocked
    a module given username/password fails after one request with the hint naming token."""
    admin = profile.instances["jira"].client(auth=("admin", "admin"))  # /_dcsim accepts Basic on every line
    admin.clear_log()
    scope = "READ_ALL" if not profile.spec["read_all"] else "READ_ALL FLY"
    result = run_module("oauth2_incoming", dict(profile.conn("jira"), name="Read all", scope=scope,
                                                redirect_uris=["https://r.example.com/cb"]))
    assert result.failed and "Invalid option scope" in result.msg, result.msg
    if profile.spec["read_all"]:
        assert "unknown scope FLY" in result.msg and "READ_ALL" in result.msg.split("supported")[-1], result.msg
    else:
        assert "unknown scope READ_ALL" in result.msg, result.msg
        assert "READ, WRITE, ADMIN, SYSTEM_ADMIN" in result.msg and "MANAGE_SUBSCRIPTIONS" not in result.msg
    assert admin.writes() == []

    admin.clear_log()
    basic = dict(profile.conn("jira"), username="admin", password="admin")
    basic.pop("token", None)
    # (check mode where Basic works: this case is about authentication, not about creating a client)
    result = run_module("oauth2_incoming", dict(basic, name="Basic", redirect_uris=["https://b.example.com/cb"]),
                        check=profile.spec["basic"])
    log = admin.log()
    if profile.spec["basic"]:
        assert not result.failed and result.changed, result.msg
        assert [e["status"] for e in log] == [200] * len(log)
    else:
        assert result.failed
        assert "Basic authentication is disabled" in result.msg and "token" in result.msg, result.msg
        assert len(log) == 1 and log[0]["status"] == 403, log  # one request, no retry, no write


def test_read_all_as_role_scope(profile, run_playbook, tmp_path):
    """applinks_oauth2_scope: READ_ALL on a new pair: accepted where the line knows it (check mode: no write
    needed to prove it), refused on Jira 9.12 with the supported scopes, before any write on either product."""
    # The role checks the scope in phase 1 (product_links expect_scopes), before any product of the play writes.
    hosts = inventory(tmp_path / "hosts.yml", profile)
    data = json.loads(open(hosts).read())
    products = data["all"]["children"]["atlassian_products"]["hosts"]
    products["conf2"]["applinks_name"], products["jira2"]["applinks_name"] = "Confluence RA", "Jira RA"
    products["jira2"]["applinks_oauth2_scope"] = "READ_ALL"
    open(hosts, "w").write(json.dumps(data))
    admins = [i.client(auth=("admin", "admin")) for i in profile.instances.values()]
    for admin in admins:
        admin.clear_log()
    result = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["conf2", "jira2"]], "applinks_hosts": "conf2,jira2"},
                          inventory=hosts, check=profile.spec["read_all"])
    if profile.spec["read_all"]:
        assert result.rc == 0, result.output[-3000:]
    else:
        assert result.rc != 0
        assert "unknown scope READ_ALL; the product supports: READ, WRITE, ADMIN, SYSTEM_ADMIN" in result.output, \
            result.output[-3000:]
        assert "applinks_oauth2_scope" in result.output
    for admin in admins:
        assert admin.writes() == []
