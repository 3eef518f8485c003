"""Request economy and fault handling of the shared client, against dcsim's request log and fault injection."""

import base64
import hashlib

import pytest

from conftest import conn_vars, unique

CLIENTS = "/rest/oauth2/latest/client"
CONFIGS = "/rest/oauth2-client/latest/config"
OTHERS = 50


def suffix(endpoint):
    return base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def conf(start_instance):
    instance = start_instance("confluence", "reliability-confluence")
    api = instance.client()
    # 50 other incoming clients and 50 other outgoing configs, made directly through the API
    for i in range(OTHERS):
        assert api.post(CLIENTS, {"name": "other client %02d" % i, "redirects": ["https://o%d.example.com/cb" % i],
                                  "scope": "READ"}).status_code == 200
        auth = "https://idp%d.example.com/authorize" % i
        assert api.post(CONFIGS, {"name": "other config %02d" % i, "type": "generic", "clientId": "c%d" % i,
                                  "clientSecret": "s%d" % i, "authorizationEndpoint": auth,
                                  "tokenEndpoint": "https://idp%d.example.com/token" % i, "scopes": ["READ"],
                                  "redirectUriSuffix": suffix(auth)}).status_code == 200
    return instance


@pytest.fixture
def api(conf):
    client = conf.client()
    client.faults([])
    client.clear_log()
    yield client
    client.faults([])


def incoming_args(conf, name, **extra):
    return conn_vars(conf, name=name, redirect_uris=["https://rel.example.com/cb"], **extra)


def outgoing_args(conf, name, **extra):
    return conn_vars(conf, name=name, authorization_endpoint="https://rel.example.com/authorize",
                     token_endpoint="https://rel.example.com/token", scopes=["READ"], client_id="rel-client",
                     client_secret="rel-secret", **extra)


def named(api, path, name):
    return [o for o in api.get(path).json() if o["name"] == name]


def calls(api):
    return [(e["method"], e["status"]) for e in api.log()]


# --- request economy ----------------------------------------------------------------------------------

def test_noop_incoming_is_one_get_among_many(run_module, conf, api):
    name = unique("Counted client")
    args = incoming_args(conf, name)
    assert run_module("oauth2_incoming", args).changed
    assert len(api.get(CLIENTS).json()) > OTHERS
    api.clear_log()
    res = run_module("oauth2_incoming", args)
    assert not res.failed and not res.changed, res.msg
    log = api.log()
    assert [(e["method"], e["path"]) for e in log] == [("GET", "/confluence" + CLIENTS)], log


def test_noop_outgoing_is_two_gets_among_many(run_module, conf, api):
    """The config by name, and the manifest (the base URL the product reports, for redirect_uri)."""
    name = unique("Counted config")
    args = outgoing_args(conf, name)
    assert run_module("oauth2_outgoing", args).changed
    assert len(api.get(CONFIGS).json()) > OTHERS
    api.clear_log()
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and not res.changed, res.msg
    log = api.log()
    assert [e["method"] for e in log] == ["GET", "GET"], log
    assert log[0]["path"].startswith("/confluence" + CONFIGS + "/name/")
    assert log[1]["path"] == "/confluence/rest/applinks/1.0/manifest"


def test_check_mode_change_reads_only(run_module, conf, api):
    name = unique("Counted check")
    assert run_module("oauth2_incoming", incoming_args(conf, name)).changed
    api.clear_log()
    res = run_module("oauth2_incoming", incoming_args(conf, name, scope="WRITE"), check=True)
    assert not res.failed and res.changed, res.msg
    # the list, and the scope names from the well-known metadata (to fail an unknown scope in check mode)
    assert [e["method"] for e in api.log()] == ["GET", "GET"]


# --- faults -------------------------------------------------------------------------------------------

def test_429_with_retry_after_then_success_warns(run_module, conf, api):
    name = unique("Rate limited")
    api.faults([{"path_prefix": CLIENTS, "method": "GET", "status": 429, "retry_after": 1, "count": 1}])
    res = run_module("oauth2_incoming", incoming_args(conf, name))
    assert not res.failed and res.changed, res.msg
    assert calls(api)[:2] == [("GET", 429), ("GET", 200)]
    assert any("429" in w and "retrying in 1.0s" in w for w in res.get("warnings", [])), res.get("warnings")
    assert "[WARNING]" in res.output and "429" in res.output
    assert len(named(api, CLIENTS, name)) == 1


def test_429_on_post_is_retried(run_module, conf, api):
    name = unique("Rate limited create")
    api.faults([{"path_prefix": CONFIGS, "method": "POST", "status": 429, "retry_after": 1, "count": 1}])
    res = run_module("oauth2_outgoing", outgoing_args(conf, name))
    assert not res.failed and res.changed, res.msg
    assert [c for c in calls(api) if c[0] == "POST"] == [("POST", 429), ("POST", 200)]
    assert len(named(api, CONFIGS, name)) == 1


def test_503_twice_then_success(run_module, conf, api):
    name = unique("Unavailable")
    api.faults([{"path_prefix": CLIENTS, "method": "GET", "status": 503, "retry_after": 1, "count": 2}])
    res = run_module("oauth2_incoming", incoming_args(conf, name))
    assert not res.failed and res.changed, res.msg
    assert calls(api)[:3] == [("GET", 503), ("GET", 503), ("GET", 200)]
    assert len([w for w in res.get("warnings", []) if "HTTP 503" in w]) == 2


def test_persistent_500_is_one_clear_failure(run_module, conf, api):
    name = unique("Broken")
    api.faults([{"path_prefix": CONFIGS, "status": 500}])
    res = run_module("oauth2_outgoing", outgoing_args(conf, name))
    assert res.failed
    path = "/confluence%s/name/%s" % (CONFIGS, name.replace(" ", "%20"))
    assert res.msg == "Failed to read OAuth 2.0 outgoing link '%s': HTTP 500 from GET %s: dcsim injected HTTP 500" % (
        name, path)
    assert res["status"] == 500 and res["method"] == "GET" and res["url"] == conf.base_url.rsplit("/", 1)[0] + path
    assert "field_errors" not in res.result
    assert calls(api) == [("GET", 500)]  # a 500 is not retried


def test_persistent_503_gives_up_after_the_retries(run_module, conf, api):
    name = unique("Down")
    api.faults([{"path_prefix": CLIENTS, "status": 503, "retry_after": 0}])
    res = run_module("oauth2_incoming", incoming_args(conf, name, retries=2))
    assert res.failed and res.msg.startswith("Failed to read OAuth 2.0 incoming link '%s': HTTP 503" % name)
    assert calls(api) == [("GET", 503)] * 3


@pytest.mark.parametrize("module, path", [("oauth2_incoming", CLIENTS), ("oauth2_outgoing", CONFIGS)])
def test_dropped_post_response_leaves_exactly_one_object(run_module, conf, api, module, path):
    """The create is applied but its response is lost: the module looks the object up instead of re-sending."""
    name = unique("Dropped")
    args = incoming_args(conf, name) if module == "oauth2_incoming" else outgoing_args(conf, name)
    api.faults([{"path_prefix": path, "method": "POST", "action": "drop_after", "count": 1}])
    res = run_module(module, args)
    assert not res.failed and res.changed, res.msg
    posts = [e for e in api.log() if e["method"] == "POST"]
    assert len(posts) == 1 and posts[0].get("dropped") is True, api.log()
    assert len(named(api, path, name)) == 1
    res = run_module(module, args)
    assert not res.failed and not res.changed, res.msg
    assert len(named(api, path, name)) == 1


def test_503_on_post_is_looked_up_then_created_once(run_module, conf, api):
    """The create is refused (not applied): after the lookup finds nothing, it is sent once more."""
    name = unique("Refused")
    api.faults([{"path_prefix": CLIENTS, "method": "POST", "status": 503, "retry_after": 0, "count": 1}])
    res = run_module("oauth2_incoming", incoming_args(conf, name))
    assert not res.failed and res.changed, res.msg
    # read, scope names (well-known metadata), the refused create, the lookup, the create
    assert calls(api) == [("GET", 200), ("GET", 200), ("POST", 503), ("GET", 200), ("POST", 200)]
    assert [e["path"].rsplit("/", 1)[-1] for e in api.log()] == [
        "client", "oauth-authorization-server", "client", "client", "client"]
    assert len(named(api, CLIENTS, name)) == 1


def test_dropped_connection_on_a_read_is_retried(run_module, conf, api):
    name = unique("Flaky read")
    api.faults([{"path_prefix": CONFIGS, "method": "GET", "action": "drop", "count": 1}])
    res = run_module("oauth2_outgoing", outgoing_args(conf, name))
    assert not res.failed and res.changed, res.msg
    assert any("connection error" in w for w in res.get("warnings", [])), res.get("warnings")


def test_timeout_names_the_option(run_module, conf, api):
    name = unique("Slow")
    api.faults([{"path_prefix": CLIENTS, "action": "latency", "latency_ms": 2500, "count": 1}])
    res = run_module("oauth2_incoming", incoming_args(conf, name, timeout=1, retries=0))
    assert res.failed
    assert "timed out after 1s (option timeout)" in res.msg and name in res.msg


def test_dropped_delete_response_is_retried_and_the_404_accepted(run_module, conf, api):
    name = unique("Dropped delete")
    assert run_module("oauth2_incoming", incoming_args(conf, name)).changed
    api.clear_log()
    api.faults([{"path_prefix": CLIENTS, "method": "DELETE", "action": "drop_after", "count": 1}])
    res = run_module("oauth2_incoming", conn_vars(conf, name=name, state="absent"))
    assert not res.failed and res.changed, res.msg
    assert [(e["method"], e["status"]) for e in api.log() if e["method"] == "DELETE"] == [
        ("DELETE", 200), ("DELETE", 404)]
    assert named(api, CLIENTS, name) == []


@pytest.mark.parametrize("kind, path", [("incoming", CLIENTS), ("outgoing", CONFIGS)])
def test_lost_reply_inside_product_links_is_one_fresh_lookup(run_module, conf, api, kind, path):
    """The create is applied but its reply is lost: product_links asks the product once more (one GET), finds the
    object and reports it created; it never re-sends the create on the strength of the list it read before."""
    name = unique("Dropped in a batch")
    item = incoming_args(conf, name) if kind == "incoming" else outgoing_args(conf, name)
    item = dict((k, v) for k, v in item.items() if k not in conn_vars(conf))
    api.faults([{"path_prefix": path, "method": "POST", "action": "drop_after", "count": 1}])
    res = run_module("product_links", conn_vars(conf, **{kind: [item]}))
    assert not res.failed and res.changed, res.msg
    [row] = res["results"]
    assert (row["kind"], row["name"], row["action"], row["changed"]) == (kind, name, "create", True), row
    log = api.log()
    posts = [i for i, e in enumerate(log) if e["method"] == "POST"]
    assert len(posts) == 1 and log[posts[0]].get("dropped") is True, log
    assert [e["method"] for e in log[posts[0] + 1:]] == ["GET"], log
    assert len(named(api, path, name)) == 1
    assert [o["name"] for o in res["state"][kind] if o["name"] == name] == [name]
