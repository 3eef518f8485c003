"""oauth2_outgoing against dcsim over HTTPS: lifecycle, check mode, diff, drift, update_secret, redirect_uri.

Confluence is the OAuth 2.0 client (outgoing link), Jira the provider (incoming link), as in REST reference §11.
The stored secret is proven with dcsim's connection-test flow (REST reference §7 `config/flow`), which runs a real
authorization-code flow from Confluence against Jira and exchanges the code with the stored secret.
"""

import base64
import hashlib

import pytest

from conftest import conn_vars, unique

MASK = "********"
CONFIGS = "/rest/oauth2-client/latest/config"
CLIENTS = "/rest/oauth2/latest/client"


@pytest.fixture(scope="module")
def conf(start_instance):
    return start_instance("confluence", "outgoing-confluence")


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "outgoing-jira")


@pytest.fixture(scope="module")
def api(conf):
    return conf.client()


def suffix(endpoint):
    """REST reference §7, independently of the collection's code."""
    return base64.urlsafe_b64encode(hashlib.md5(endpoint.encode("utf-8")).digest()).rstrip(b"=").decode()


def authorize(base):
    return base + "/rest/oauth2/latest/authorize"


def redirect(client_base, provider_base):
    """redirect(Y, X) of REST reference §11."""
    return client_base + "/plugins/servlet/oauth2/client/callback/" + suffix(authorize(provider_base))


def fingerprint(client_id, secret):
    """What the module records in the description for a secret a product generated (secret_origin product): the
    first 12 hex digits of SHA-256 over id:secret."""
    return hashlib.sha256(("%s:%s" % (client_id, secret)).encode()).hexdigest()[:12]


def stored(api, config_id):
    response = api.get("%s/%s" % (CONFIGS, config_id))
    return response.json() if response.status_code == 200 else None


def server_redirect_uri(api, endpoint):
    return api.get(CONFIGS + "/get-redirect-uri", params={"authorizationEndpoint": endpoint}).json()["redirectUri"]


def incoming_on(provider, client_base, name, scope="READ"):
    """An incoming link on the provider for the client product (REST reference §11 step 1), made directly."""
    response = provider.client().post(CLIENTS, {"name": name, "redirects": [redirect(client_base, provider.base_url)],
                                                "scope": scope})
    assert response.status_code == 200, response.text
    return response.json()


def flow(api, config_id):
    """dcsim's "Test connection" (REST reference §7): {"success": bool, "error": ...}."""
    created = api.post(CONFIGS + "/flow", params={"id": config_id})
    assert created.status_code == 200, created.text
    started = api.get(created.json()["initFlowUrl"], allow_redirects=False)
    assert started.status_code in (200, 303), started.text
    return api.get("%s/flow/%s" % (CONFIGS, created.json()["id"])).json()


def test_lifecycle(run_module, run_playbook, conf, jira, api):
    name = unique("Jira")
    client = incoming_on(jira, conf.base_url, unique("Confluence"))
    secret = client["clientSecret"]
    args = conn_vars(conf, name=name, remote_url=jira.base_url, client_id=client["clientId"], client_secret=secret,
                     secret_origin="product")  # Jira generated the secret: the short fingerprint is recorded
    expected_redirect = redirect(conf.base_url, jira.base_url)
    assert server_redirect_uri(api, authorize(jira.base_url)) == expected_redirect

    # create
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed and res["action"] == "create", res.msg
    config = res["config"]
    assert config["name"] == name and config["provider"] == "generic" and config["scopes"] == ["READ"]
    marker = "[applinks:secret=%s]" % fingerprint(client["clientId"], secret)
    assert config["secret_fingerprint"] == fingerprint(client["clientId"], secret)
    assert config["description"] is None  # the marker is not part of the description returned
    assert config["authorization_endpoint"] == authorize(jira.base_url)
    assert config["token_endpoint"] == jira.base_url + "/rest/oauth2/latest/token"
    assert config["client_id"] == client["clientId"] and "client_secret" not in config
    assert res["redirect_uri"] == expected_redirect
    wire = stored(api, config["id"])
    assert wire["type"] == "GENERIC" and wire["redirectUriSuffix"] == suffix(authorize(jira.base_url))
    assert wire["description"] == marker
    assert secret not in res.output
    assert flow(api, config["id"]) == {"success": True, "error": ""}

    # re-run: unchanged (the recorded fingerprint is the given secret's), two GETs: the config, the manifest
    api.clear_log()
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and not res.changed and res["action"] == "none", res.msg
    assert res["config"] == config and res["redirect_uri"] == expected_redirect
    assert [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in api.log()] == [
        ("GET", name), ("GET", "manifest")]

    # a change in check mode: predicted, nothing written
    changed_args = dict(args, scopes=["WRITE", "READ"], description="Confluence calls Jira")
    api.clear_log()
    res = run_module("oauth2_outgoing", changed_args, check=True)
    assert not res.failed and res.changed, res.msg
    assert res["config"]["scopes"] == ["READ", "WRITE"] and res["config"]["description"] == "Confluence calls Jira"
    assert res["redirect_uri"] == expected_redirect
    assert api.writes() == []
    assert stored(api, config["id"])["scopes"] == ["READ"]

    # apply with diff (update_secret always, so that the secret is part of the write): masked, not on screen
    play = run_playbook("oauth2_module.yml", {"module": "oauth2_outgoing",
                                              "module_args": dict(changed_args, update_secret="always")}, diff=True)
    assert play.rc == 0, play.output
    result = play.result("oauth2_outgoing")
    assert result["changed"]
    diff = result["diff"]
    assert diff["before"]["scopes"] == ["READ"] and diff["after"]["scopes"] == ["READ", "WRITE"]
    assert diff["before"]["description"] is None and diff["after"]["description"] == "Confluence calls Jira"
    assert result["config"]["description"] == "Confluence calls Jira"
    assert diff["before"]["client_secret"] is None  # write-only: the product never returns it
    assert diff["after"]["client_secret"] == MASK
    assert "client_secret" not in result["config"]
    assert secret not in str(result) and secret not in play.output
    assert "Confluence calls Jira" in play.output  # the diff is on screen
    wire = stored(api, config["id"])
    assert wire["scopes"] == ["READ", "WRITE"] and wire["description"] == "Confluence calls Jira " + marker

    # drift: scopes and description (marker included) changed behind Ansible's back; with the marker gone the
    # secret held is unknown, so it is sent again (update_secret when_changed)
    drifted = dict(wire, scopes=["ADMIN"], description="drift")
    assert api.put("%s/%s" % (CONFIGS, config["id"]), drifted).status_code == 204
    api.clear_log()
    res = run_module("oauth2_outgoing", changed_args)
    assert not res.failed and res.changed and res["action"] == "update", res.msg
    assert [e["method"] for e in api.writes()] == ["PUT"]
    wire = stored(api, config["id"])
    assert wire["scopes"] == ["READ", "WRITE"] and wire["description"] == "Confluence calls Jira " + marker

    # drift: the config deleted behind Ansible's back is re-created (with the secret, which is proven to work)
    assert api.delete("%s/%s" % (CONFIGS, config["id"])).status_code == 204
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    assert res["config"]["id"] != config["id"] and res["config"]["scopes"] == ["READ"]
    config = res["config"]
    assert flow(api, config["id"]) == {"success": True, "error": ""}

    # absent (only the name given: redirect_uri comes from the deleted config), then absent again
    res = run_module("oauth2_outgoing", conn_vars(conf, name=name, state="absent"), diff=True)
    assert not res.failed and res.changed and res["action"] == "delete", res.msg
    assert res["config"] == {} and res["redirect_uri"] == expected_redirect
    assert res["diff"]["after"] == {} and res["diff"]["before"]["name"] == name
    assert stored(api, config["id"]) is None
    api.clear_log()
    res = run_module("oauth2_outgoing", conn_vars(conf, name=name, state="absent", remote_url=jira.base_url))
    assert not res.failed and not res.changed, res.msg
    assert res["redirect_uri"] == expected_redirect
    assert api.writes() == []


def test_update_secret(run_module, conf, jira, api):
    name = unique("Jira rotating")
    client = incoming_on(jira, conf.base_url, unique("Confluence rotating"))
    args = conn_vars(conf, name=name, remote_url=jira.base_url, client_id=client["clientId"],
                     client_secret=client["clientSecret"], secret_origin="product")
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    config_id = res["config"]["id"]
    assert flow(api, config_id)["success"] is True

    # the provider rotates the secret: the stored one no longer works
    rotated = jira.client().put("%s/reset/%s" % (CLIENTS, client["clientId"]))
    assert rotated.status_code == 200
    new_secret = rotated.json()["clientSecret"]
    broken = flow(api, config_id)
    assert broken["success"] is False and "invalid_client" in broken["error"]

    # update_secret on_create: the secret is not compared, nothing is sent
    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_secret=new_secret, update_secret="on_create"))
    assert not res.failed and not res.changed, res.msg
    assert api.writes() == []
    assert flow(api, config_id)["success"] is False

    # the default (when_changed), check mode: the recorded fingerprint is the old secret's: predicted, not sent
    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_secret=new_secret), check=True)
    assert not res.failed and res.changed and res["action"] == "update", res.msg
    assert res["config"]["secret_fingerprint"] == fingerprint(client["clientId"], new_secret)
    assert api.writes() == []
    assert flow(api, config_id)["success"] is False

    # the default: sent once, reported, really stored, and recorded
    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_secret=new_secret), diff=True)
    assert not res.failed and res.changed, res.msg
    assert [e["method"] for e in api.writes()] == ["PUT"]
    assert res["diff"]["after"]["client_secret"] == MASK
    assert new_secret not in res.output
    assert res["config"]["secret_fingerprint"] == fingerprint(client["clientId"], new_secret)
    assert res["config"]["description"] is None
    assert flow(api, config_id) == {"success": True, "error": ""}
    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_secret=new_secret))
    assert not res.failed and not res.changed, res.msg
    assert api.writes() == []

    # update_secret always, check mode: predicted, nothing sent
    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_secret=new_secret, update_secret="always"), check=True)
    assert not res.failed and res.changed, res.msg
    assert api.writes() == []

    # update_secret always: sent on every run, which always reports a change
    for attempt in range(2):
        api.clear_log()
        res = run_module("oauth2_outgoing", dict(args, client_secret=new_secret, update_secret="always"))
        assert not res.failed and res.changed, "run %d: %s" % (attempt + 1, res.msg)
        assert [e["method"] for e in api.writes()] == ["PUT"]
        assert new_secret not in res.output
        assert flow(api, config_id) == {"success": True, "error": ""}


def test_client_id_change_sends_the_secret(run_module, conf, jira, api):
    """A new client id (or endpoint) with the old secret is meaningless: the secret is sent with it, even with
    update_secret on_create, and without one the run fails naming client_secret before any write."""
    name = unique("Jira new client")
    first = incoming_on(jira, conf.base_url, unique("Confluence first"))
    args = conn_vars(conf, name=name, remote_url=jira.base_url, client_id=first["clientId"],
                     client_secret=first["clientSecret"], secret_origin="product")
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    config_id = res["config"]["id"]
    second = incoming_on(jira, conf.base_url, unique("Confluence second"))

    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_id=second["clientId"], client_secret=None))
    assert res.failed and res["option"] == "client_secret", res.result
    assert "Invalid option client_secret" in res.msg and "client_id" in res.msg
    assert api.writes() == []
    assert stored(api, config_id)["clientId"] == first["clientId"]

    api.clear_log()
    res = run_module("oauth2_outgoing", dict(args, client_id=second["clientId"], client_secret=second["clientSecret"],
                                             update_secret="on_create"))
    assert not res.failed and res.changed, res.msg
    assert [e["method"] for e in api.writes()] == ["PUT"]
    assert res["config"]["client_id"] == second["clientId"]
    assert res["config"]["secret_fingerprint"] == fingerprint(second["clientId"], second["clientSecret"])
    assert flow(api, config_id) == {"success": True, "error": ""}


def test_check_mode_create_and_redirect_uri_for_google(run_module, conf, api):
    name = unique("Google Drive")
    args = conn_vars(conf, name=name, provider="google", client_id="1234.apps.googleusercontent.com",
                     client_secret="g-s3cr3t-value", scopes=["https://www.googleapis.com/auth/drive.readonly"])
    google = "https://accounts.google.com/o/oauth2/v2/auth"
    expected = conf.base_url + "/plugins/servlet/oauth2/client/callback/VZTVB3H4Eyo3R5KDvTp1vg"
    assert server_redirect_uri(api, google) == expected

    api.clear_log()
    res = run_module("oauth2_outgoing", args, check=True)
    assert not res.failed and res.changed, res.msg
    assert res["redirect_uri"] == expected
    assert res["config"]["authorization_endpoint"] == google and res["config"]["provider"] == "google"
    assert "client_secret" not in res["config"]
    assert api.writes() == []
    assert api.get("%s/name/%s" % (CONFIGS, name)).status_code == 404

    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    assert res["redirect_uri"] == expected
    wire = api.get("%s/name/%s" % (CONFIGS, name)).json()
    assert wire["type"] == "GOOGLE" and wire["redirectUriSuffix"] == "VZTVB3H4Eyo3R5KDvTp1vg"
    assert wire["clientSecret"] is None

    # absent in check mode: redirect_uri still returned, nothing deleted
    api.clear_log()
    res = run_module("oauth2_outgoing", conn_vars(conf, name=name, state="absent"), check=True)
    assert not res.failed and res.changed and res["redirect_uri"] == expected, res.msg
    assert api.writes() == []


def test_explicit_endpoints_are_compared_exactly(run_module, conf, api):
    """A trailing slash changes the redirect URI (REST reference §11), so it is a change, not noise."""
    name = unique("Custom")
    auth, token = "https://idp.example.com/oauth2/authorize", "https://idp.example.com/oauth2/token"
    args = conn_vars(conf, name=name, authorization_endpoint=auth, token_endpoint=token, scopes=["openid"],
                     client_id="custom-client", client_secret="custom-s3cret", description="")
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    res = run_module("oauth2_outgoing", args)  # an empty description is no description: no change
    assert not res.failed and not res.changed, res.msg
    assert res["redirect_uri"] == conf.base_url + "/plugins/servlet/oauth2/client/callback/" + suffix(auth)
    res = run_module("oauth2_outgoing", dict(args, authorization_endpoint=auth + "/"))
    assert not res.failed and res.changed, res.msg
    assert res["redirect_uri"] == conf.base_url + "/plugins/servlet/oauth2/client/callback/" + suffix(auth + "/")
    assert api.get("%s/name/%s" % (CONFIGS, name)).json()["redirectUriSuffix"] == suffix(auth + "/")


def test_name_with_a_slash(run_module, conf):
    """A name the `config/name/{name}` path cannot carry is found through the list, so a re-run is idempotent."""
    args = conn_vars(conf, name=unique("CI/CD server"), authorization_endpoint="https://i.example.com/a",
                     token_endpoint="https://i.example.com/t", scopes=["x"], client_id="c", client_secret="s")
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and not res.changed, res.msg


def test_a_secret_the_user_chose_is_not_recorded_as_a_fast_hash(run_module, conf, api):
    """A human-chosen secret (a custom or in-house provider): whoever reads the description must not be able to
    test guesses against a fast hash of it. The secret held is still tracked: a re-run changes nothing, another
    secret is sent."""
    name = unique("In-house IdP")
    secret = "Winter2026!"
    args = conn_vars(conf, name=name, authorization_endpoint="https://idp.example.com/oauth2/authorize",
                     token_endpoint="https://idp.example.com/oauth2/token", scopes=["openid"],
                     client_id="in-house-client", client_secret=secret)
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and res.changed, res.msg
    description = api.get("%s/name/%s" % (CONFIGS, name)).json()["description"] or ""
    assert fingerprint("in-house-client", secret) not in description, description
    assert res["config"]["secret_fingerprint"] != fingerprint("in-house-client", secret)
    res = run_module("oauth2_outgoing", args)
    assert not res.failed and not res.changed, res.msg
    res = run_module("oauth2_outgoing", dict(args, client_secret="Spring2026!"))
    assert not res.failed and res.changed and res["action"] == "update", res.msg
