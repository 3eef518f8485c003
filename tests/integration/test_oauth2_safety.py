"""OAuth 2.0 safety rules (issue 8), against dcsim over HTTPS: unset options are not managed, secrets are
returned only when new or asked for, racing creates converge on one object, redirect URIs come from the base
URL the product reports, and provider `custom` is `generic`."""

import base64
import hashlib
import json
import socket

import pytest

from conftest import conn_vars, unique
from dcsim import testing

CLIENTS = "/rest/oauth2/latest/client"
CONFIGS = "/rest/oauth2-client/latest/config"
RACERS = 20


@pytest.fixture(scope="module")
def conf(start_instance):
    return start_instance("confluence", "safety-confluence")


@pytest.fixture(scope="module")
def api(conf):
    return conf.client()


def suffix(endpoint):
    return base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()


def named(api, path, name):
    return [o for o in api.get(path).json() if o["name"] == name]


# --- 1. an unset scope is not managed ---------------------------------------------------------------------

def test_unset_scope_keeps_the_scope_of_an_existing_client(run_module, conf, api):
    name = unique("Writer")
    redirect = "https://writer.example.com/cb"
    made = api.post(CLIENTS, {"name": name, "redirects": [redirect], "scope": "WRITE"})
    assert made.status_code == 200, made.text
    client_id = made.json()["id"]

    api.clear_log()
    res = run_module("oauth2_incoming", conn_vars(conf, name=name, redirect_uris=[redirect]))
    assert not res.failed and not res.changed and res["action"] == "none", res.msg
    assert res["client"]["scope"] == "WRITE"
    assert api.writes() == []

    # a change of the redirect URIs alone leaves the scope as it is
    res = run_module("oauth2_incoming", conn_vars(conf, name=name, redirect_uris=[redirect, redirect + "2"]))
    assert not res.failed and res.changed and res["action"] == "update", res.msg
    stored = api.get("%s/%s" % (CLIENTS, client_id)).json()
    assert stored["scope"] == "WRITE" and stored["redirects"] == [redirect, redirect + "2"]
    assert res["client"]["scope"] == "WRITE"

    # and neither option set manages nothing at all on an existing client
    res = run_module("oauth2_incoming", conn_vars(conf, name=name))
    assert not res.failed and not res.changed, res.msg


def test_a_new_client_without_scope_gets_read(run_module, conf, api):
    name = unique("Reader")
    res = run_module("oauth2_incoming", conn_vars(conf, name=name, redirect_uris=["https://reader.example.com/cb"]))
    assert not res.failed and res.changed, res.msg
    assert [c["scope"] for c in named(api, CLIENTS, name)] == ["READ"]


# --- 2. the secret is returned only when new or asked for --------------------------------------------------

def test_secret_returned_only_when_new_or_asked_for(run_module, conf, api):
    name = unique("Secretive")
    args = conn_vars(conf, name=name, redirect_uris=["https://secretive.example.com/cb"])

    created = run_module("oauth2_incoming", args)
    assert not created.failed and created.changed, created.msg
    secret = created["client"]["client_secret"]
    assert named(api, CLIENTS, name)[0]["clientSecret"] == secret

    again = run_module("oauth2_incoming", args)
    assert not again.failed and not again.changed, again.msg
    assert "client_secret" not in again["client"] and secret not in again.output
    assert created["action"] == "create" and again["action"] == "none"
    assert again["client"]["client_id"] == created["client"]["client_id"]
    assert again["client"]["secret_fingerprint"] == created["client"]["secret_fingerprint"]

    asked = run_module("oauth2_incoming", dict(args, return_secret=True))
    assert not asked.failed and not asked.changed, asked.msg
    assert asked["client"]["client_secret"] == secret

    # check mode of a reset: a placeholder, not the current secret
    predicted = run_module("oauth2_incoming", dict(args, regenerate_secret=True), check=True)
    assert not predicted.failed and predicted.changed, predicted.msg
    assert predicted["client"]["client_secret"] not in (None, secret)

    regenerated = run_module("oauth2_incoming", dict(args, regenerate_secret=True))
    assert not regenerated.failed and regenerated.changed and regenerated["action"] == "update", regenerated.msg
    new = regenerated["client"]["client_secret"]
    assert new != secret and named(api, CLIENTS, name)[0]["clientSecret"] == new
    assert regenerated["client"]["secret_fingerprint"] != created["client"]["secret_fingerprint"]

    after = run_module("oauth2_incoming", args)
    assert not after.failed and not after.changed and "client_secret" not in after["client"], after.msg
    assert new not in after.output


# --- 3. racing creates converge -----------------------------------------------------------------------------

def race(run_playbook, tmp_path, conf, module, module_args):
    hosts = dict(("racer%02d" % i, {}) for i in range(RACERS))
    inventory = tmp_path / "racers.json"
    inventory.write_text(json.dumps({"all": {"hosts": hosts, "vars": {"ansible_connection": "local"}}}))
    play = run_playbook("race.yml", {"module": module, "module_args": module_args}, inventory=str(inventory),
                        env={"ANSIBLE_FORKS": str(RACERS)})
    assert play.rc == 0, play.output[-3000:]
    results = dict((host, play.result(module, host=host)) for host in hosts)
    assert all(not r.get("failed") for r in results.values()), results
    assert sum(play.changed(host) for host in hosts) == 1, play.stats
    assert sum(play.failed(host) for host in hosts) == 0, play.stats
    actions = sorted(r["action"] for r in results.values())
    assert actions == ["create"] + ["none"] * (RACERS - 1), actions
    return results


def assert_one_create_won(posts):
    """One create succeeded; the others really raced (sent after reading nothing) and got the name error."""
    statuses = sorted(e["status"] for e in posts)
    assert statuses[0] == 200 and set(statuses[1:]) == {400}, statuses


def test_racing_incoming_creates_converge_on_one_client(run_playbook, tmp_path, conf, api):
    name = unique("Raced client")
    args = conn_vars(conf, name=name, redirect_uris=["https://raced.example.com/cb"], scope="WRITE")
    api.clear_log()
    results = race(run_playbook, tmp_path, conf, "oauth2_incoming", args)
    clients = named(api, CLIENTS, name)
    assert len(clients) == 1 and clients[0]["scope"] == "WRITE"
    assert set(r["client"]["id"] for r in results.values()) == {clients[0]["id"]}
    # only the winner got the new secret (the losers did not create it)
    assert [r["client"].get("client_secret") for r in results.values() if r["action"] == "create"] == [
        clients[0]["clientSecret"]]
    assert all("client_secret" not in r["client"] for r in results.values() if r["action"] == "none")
    posts = [e for e in api.writes() if e["method"] == "POST"]
    assert_one_create_won(posts)


def test_racing_outgoing_creates_converge_on_one_config(run_playbook, tmp_path, conf, api):
    name = unique("Raced config")
    args = conn_vars(conf, name=name, authorization_endpoint="https://raced.example.com/authorize",
                     token_endpoint="https://raced.example.com/token", scopes=["READ"], client_id="raced",
                     client_secret="raced-secret")
    api.clear_log()
    results = race(run_playbook, tmp_path, conf, "oauth2_outgoing", args)
    configs = named(api, CONFIGS, name)
    assert len(configs) == 1
    assert set(r["config"]["id"] for r in results.values()) == {configs[0]["id"]}
    posts = [e for e in api.writes() if e["method"] == "POST"]
    assert_one_create_won(posts)
    assert [e for e in api.writes() if e["method"] != "POST"] == []  # the losers sent no update


# --- 4. redirect_uri from the base URL the product reports ------------------------------------------------

def free_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_redirect_uri_uses_the_reported_base_url(run_module, tmp_path, ca_dir):
    port = free_port()
    reported = "https://localhost:%d/confluence" % port
    instance = testing.start("confluence", tmp_path / "reported", ca_dir=ca_dir, port=port,
                             extra_args=["--base-url", reported])
    try:
        reached = "https://127.0.0.1:%d/confluence" % port
        auth = "https://idp.example.com/authorize"
        args = dict(url=reached, username="admin", password="admin", ca_path=instance.ca_file, name=unique("IdP"),
                    authorization_endpoint=auth, token_endpoint="https://idp.example.com/token", scopes=["x"],
                    client_id="idp-client", client_secret="idp-secret")
        res = run_module("oauth2_outgoing", args)
        assert not res.failed and res.changed, res.msg
        expected = reported + "/plugins/servlet/oauth2/client/callback/" + suffix(auth)
        assert res["redirect_uri"] == expected
        # the product computes the same redirect URI (REST reference §7 get-redirect-uri)
        api = testing.Client(reached, instance.ca_file)
        answer = api.get(CONFIGS + "/get-redirect-uri", params={"authorizationEndpoint": auth}).json()
        assert answer["redirectUri"] == expected
        warnings = res.get("warnings", [])
        assert any("reports its base URL as %s" % reported in w and reached in w for w in warnings), warnings
    finally:
        instance.stop()


# --- 5. provider custom is generic --------------------------------------------------------------------------

def test_provider_custom_is_generic(run_module, conf, api):
    name = unique("Custom IdP")
    auth = "https://custom.example.com/authorize"
    args = conn_vars(conf, name=name, provider="custom", authorization_endpoint=auth,
                     token_endpoint="https://custom.example.com/token", scopes=["openid"], client_id="custom",
                     client_secret="custom-secret")
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    assert res["config"]["provider"] == "generic"
    assert res["redirect_uri"] == conf.base_url + "/plugins/servlet/oauth2/client/callback/" + suffix(auth)
    wire = named(api, CONFIGS, name)
    assert len(wire) == 1 and wire[0]["type"] == "GENERIC"
    # the same link whichever of the two names is given
    api.clear_log()
    for provider in ("generic", "custom"):
        res = run_module("oauth2_outgoing", dict(args, provider=provider))
        assert not res.failed and not res.changed, (provider, res.msg)
    assert api.writes() == []
