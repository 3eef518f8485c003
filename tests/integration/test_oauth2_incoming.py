"""oauth2_incoming against dcsim over HTTPS: lifecycle, check mode, diff, drift, secret regeneration."""

import hashlib
import re

import pytest

from conftest import conn_vars, unique

MASK = "********"
CLIENTS = "/rest/oauth2/latest/client"
TOKEN = "/rest/oauth2/latest/token"


@pytest.fixture(scope="module")
def conf(start_instance):
    return start_instance("confluence", "incoming-confluence")


@pytest.fixture(scope="module")
def api(conf):
    return conf.client()


def stored(api, client_id):
    response = api.get("%s/%s" % (CLIENTS, client_id))
    return response.json() if response.status_code == 200 else None


def incoming(conf, **args):
    return conn_vars(conf, **args)


def test_lifecycle(run_module, run_playbook, conf, api):
    name = unique("CI server")
    r1, r2 = "https://ci.example.com/oauth/callback", "https://ci2.example.com/cb"

    # create: the new secret is returned (the other application needs it)
    res = run_module("oauth2_incoming", incoming(conf, name=name, redirect_uris=[r1], scope="READ"))
    assert not res.failed, res.msg
    assert res.changed and res["action"] == "create"
    client = res["client"]
    assert client["name"] == name and client["scope"] == "READ" and client["redirect_uris"] == [r1]
    assert re.fullmatch(r"[0-9a-f]{32}", client["client_id"])
    assert re.fullmatch(r"[0-9a-f]{64}", client["client_secret"])
    wire = stored(api, client["id"])
    assert wire["clientId"] == client["client_id"] and wire["clientSecret"] == client["client_secret"]
    secret = client["client_secret"]
    assert client["secret_fingerprint"] == hashlib.sha256(
        ("%s:%s" % (client["client_id"], secret)).encode()).hexdigest()[:12]

    # re-run: unchanged, one GET only; the secret is not new, so it is not returned
    api.clear_log()
    res = run_module("oauth2_incoming", incoming(conf, name=name, redirect_uris=[r1], scope="READ"))
    assert not res.failed and not res.changed and res["action"] == "none", res.msg
    assert res["client"] == dict((k, v) for k, v in client.items() if k != "client_secret")
    assert secret not in res.output
    assert [e["method"] for e in api.log()] == ["GET"]

    # a change in check mode: predicted, nothing written
    api.clear_log()
    args = incoming(conf, name=name, redirect_uris=[r2, r1, r1], scope="WRITE")
    res = run_module("oauth2_incoming", args, check=True)
    assert not res.failed and res.changed, res.msg
    assert res["client"]["scope"] == "WRITE" and res["client"]["redirect_uris"] == sorted([r1, r2])
    assert api.writes() == []
    assert stored(api, client["id"])["scope"] == "READ"

    # apply with diff: the diff is shown, the secret masked and nowhere in the output
    play = run_playbook("oauth2_module.yml", {"module": "oauth2_incoming", "module_args": args}, diff=True)
    assert play.rc == 0, play.output
    result = play.result("oauth2_incoming")
    assert result["changed"] and result["action"] == "update"
    assert "client_secret" not in result["client"]
    diff = result["diff"]
    assert diff["before"]["scope"] == "READ" and diff["after"]["scope"] == "WRITE"
    assert diff["before"]["redirect_uris"] == [r1] and diff["after"]["redirect_uris"] == sorted([r1, r2])
    assert diff["before"]["client_secret"] == MASK and diff["after"]["client_secret"] == MASK
    assert secret not in str(diff)
    assert "WRITE" in play.output and MASK in play.output  # the diff is on screen
    assert secret not in play.output
    wire = stored(api, client["id"])
    assert wire["scope"] == "WRITE" and wire["redirects"] == sorted([r1, r2])
    assert wire["clientSecret"] == secret  # an update keeps the secret

    # drift made behind Ansible's back is corrected
    drift = api.put("%s/%s" % (CLIENTS, client["id"]), {"scope": "ADMIN", "redirects": ["https://drift.example.com/cb"]})
    assert drift.status_code == 204
    res = run_module("oauth2_incoming", args)
    assert not res.failed and res.changed, res.msg
    wire = stored(api, client["id"])
    assert wire["scope"] == "WRITE" and wire["redirects"] == sorted([r1, r2])
    res = run_module("oauth2_incoming", args)
    assert not res.failed and not res.changed, res.msg

    # absent, then absent again
    res = run_module("oauth2_incoming", incoming(conf, name=name, state="absent"))
    assert not res.failed and res.changed and res["action"] == "delete", res.msg
    assert res["client"] == {}
    assert stored(api, client["id"]) is None
    api.clear_log()
    res = run_module("oauth2_incoming", incoming(conf, name=name, state="absent"), diff=True)
    assert not res.failed and not res.changed, res.msg
    assert api.writes() == []


def test_check_mode_create_returns_placeholders_and_writes_nothing(run_module, conf, api):
    name = unique("Check create")
    api.clear_log()
    res = run_module("oauth2_incoming", incoming(conf, name=name, redirect_uris=["https://c.example.com/cb"],
                                                 scope="WRITE READ"), check=True)
    assert not res.failed and res.changed, res.msg
    client = res["client"]
    assert client["name"] == name and client["scope"] == "READ WRITE"
    for key in ("id", "client_id", "client_secret"):
        assert client[key] and not re.fullmatch(r"[0-9a-f-]{32,64}", client[key]), client[key]
    assert api.writes() == []
    assert all(c["name"] != name for c in api.get(CLIENTS).json())


def test_check_mode_delete_writes_nothing(run_module, conf, api):
    name = unique("Check delete")
    created = api.post(CLIENTS, {"name": name, "redirects": ["https://d.example.com/cb"], "scope": "READ"}).json()
    api.clear_log()
    res = run_module("oauth2_incoming", incoming(conf, name=name, state="absent"), check=True)
    assert not res.failed and res.changed, res.msg
    assert api.writes() == []
    assert stored(api, created["id"]) is not None


def token_with(conf, api, client_id, secret, redirect):
    """A bogus authorization code at the token endpoint: tells a valid client secret from an invalid one."""
    return api.post(TOKEN, headers={"Content-Type": "application/x-www-form-urlencoded"}, auth=None,
                    data={"grant_type": "authorization_code", "code": "bogus-code", "redirect_uri": redirect,
                          "client_id": client_id, "client_secret": secret})


def test_regenerate_secret(run_module, run_playbook, conf, api):
    name = unique("Rotate")
    redirect = "https://rotate.example.com/cb"
    base = incoming(conf, name=name, redirect_uris=[redirect])
    res = run_module("oauth2_incoming", base)
    assert not res.failed and res.changed, res.msg
    old = res["client"]
    before = token_with(conf, api, old["client_id"], old["client_secret"], redirect)
    assert before.status_code == 400 and before.json()["error"] == "invalid_grant"

    # check mode: predicted, nothing written
    api.clear_log()
    res = run_module("oauth2_incoming", dict(base, regenerate_secret=True), check=True)
    assert not res.failed and res.changed, res.msg
    assert res["client"]["client_secret"] != old["client_secret"]
    assert api.writes() == []
    assert stored(api, old["id"])["clientSecret"] == old["client_secret"]

    # apply (with diff: both sides masked, neither secret on screen)
    play = run_playbook("oauth2_module.yml", {"module": "oauth2_incoming",
                                              "module_args": dict(base, regenerate_secret=True)}, diff=True)
    assert play.rc == 0, play.output
    result = play.result("oauth2_incoming")
    assert result["changed"]
    new = result["client"]
    assert new["client_id"] == old["client_id"] and new["id"] == old["id"]
    assert re.fullmatch(r"[0-9a-f]{64}", new["client_secret"]) and new["client_secret"] != old["client_secret"]
    assert result["diff"]["before"]["client_secret"] == MASK and result["diff"]["after"]["client_secret"] == MASK
    assert old["client_secret"] not in play.output and new["client_secret"] not in play.output
    assert stored(api, old["id"])["clientSecret"] == new["client_secret"]

    # the old secret no longer authenticates the client; the new one does
    with_old = token_with(conf, api, old["client_id"], old["client_secret"], redirect)
    assert with_old.status_code == 401 and with_old.json()["error"] == "invalid_client"
    with_new = token_with(conf, api, old["client_id"], new["client_secret"], redirect)
    assert with_new.status_code == 400 and with_new.json()["error"] == "invalid_grant"

    # regenerate_secret always reports a change; without it the run is idempotent again
    res = run_module("oauth2_incoming", dict(base, regenerate_secret=True))
    assert not res.failed and res.changed and res["client"]["client_secret"] != new["client_secret"]
    res = run_module("oauth2_incoming", base)
    assert not res.failed and not res.changed


def test_scopes_redirects_and_name_are_compared_as_the_product_stores_them(run_module, conf, api):
    """Scope names sorted, redirects de-duplicated and trimmed, the name trimmed (REST reference §6.1)."""
    name = unique("Scopes")
    args = incoming(conf, name="  %s " % name, redirect_uris=["https://s.example.com/cb", " https://s.example.com/cb"],
                    scope="WRITE READ")
    res = run_module("oauth2_incoming", args)
    assert not res.failed and res.changed, res.msg
    assert res["client"]["scope"] == "READ WRITE" and res["client"]["name"] == name
    assert res["client"]["redirect_uris"] == ["https://s.example.com/cb"]
    assert stored(api, res["client"]["id"])["scope"] == "READ WRITE"
    res = run_module("oauth2_incoming", dict(args, scope="  READ   WRITE READ "))
    assert not res.failed and not res.changed, res.msg


def test_localhost_redirect_over_http_is_accepted(run_module, conf):
    res = run_module("oauth2_incoming", incoming(conf, name=unique("Local"),
                                                 redirect_uris=["http://localhost:8080/callback"]))
    assert not res.failed and res.changed, res.msg


def test_token_and_environment_connection(run_module, conf, api):
    """A personal access token works; the connection options are also read from ATLASSIAN_* variables;
    validate_certs: false needs no CA."""
    pat = api.post("/rest/pat/latest/tokens", {"name": unique("ansible"), "expirationDuration": 1})
    assert pat.status_code == 201, pat.text
    token = pat.json()["rawToken"]
    name = unique("Via token")
    env = {"ATLASSIAN_URL": conf.base_url, "ATLASSIAN_TOKEN": token}
    res = run_module("oauth2_incoming", {"name": name, "redirect_uris": ["https://t.example.com/cb"],
                                         "validate_certs": False}, env=env)
    assert not res.failed and res.changed, res.msg
    assert token not in res.output
    assert [c["userKey"] for c in api.get(CLIENTS).json() if c["name"] == name] == ["admin"]
