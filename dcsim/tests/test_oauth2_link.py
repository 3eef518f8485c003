"""Two instances linked with OAuth 2.0 per REST reference §11, the connection test, HTTPS checks, restarts, synthetics."""

import pytest
import requests

from dcsim import testing
from dcsim.config import SimConfig
from dcsim.services import synthetic
from dcsim.services import oauth2_client, oauth2_provider  # noqa: F401 - registers the synthetic source
from dcsim.services.auth import Principal
from dcsim.sim import Sim
from dcsim.tests.oauth2_support import (ADMIN, CLIENT, PROVIDER, config_body, create_client, issue_tokens, myself,
                                        redirect_for, refresh, run_flow, unique)

CONFIG = CLIENT + "/config"


def _link(provider_inst, client_inst, name=None):
    """Direction 'client_inst uses provider_inst': incoming on the provider, outgoing on the client side."""
    incoming = create_client(provider_inst, name=name or unique("peer"),
                             redirects=[redirect_for(client_inst, provider_inst)], scope="READ")
    r = client_inst.client().post(CONFIG, config_body(provider_inst, incoming, name=name or unique("peer")))
    assert r.status_code == 200, r.text
    assert r.json()["clientSecret"] is None
    return incoming, r.json()


def test_two_way_link_connection_test_succeeds_both_ways(jira, confluence):
    _, jira_uses_confluence = _link(confluence, jira)
    _, confluence_uses_jira = _link(jira, confluence)
    assert run_flow(jira, jira_uses_confluence["id"]) == {"success": True, "error": ""}
    assert run_flow(confluence, confluence_uses_jira["id"]) == {"success": True, "error": ""}
    # get-redirect-uri gives the URI registered at the peer
    r = confluence.client().get(f"{CONFIG}/get-redirect-uri",
                                params={"authorizationEndpoint": jira.base_url + PROVIDER + "/authorize"})
    assert r.json()["redirectUri"] == redirect_for(confluence, jira)


def test_wrong_secret_fails_clearly_and_a_fixed_secret_is_kept_by_later_updates(jira, confluence):
    incoming, config = _link(jira, confluence)
    c = confluence.client()
    body = config_body(jira, incoming, name=config["name"], clientSecret="0" * 64)
    assert c.put(f"{CONFIG}/{config['id']}", body).status_code == 204
    result = run_flow(confluence, config["id"])
    assert result["success"] is False
    assert result["error"].startswith("invalid_client: ")
    assert c.put(f"{CONFIG}/{config['id']}", dict(body, clientSecret=incoming["clientSecret"])).status_code == 204
    assert c.put(f"{CONFIG}/{config['id']}", dict(body, clientSecret=None)).status_code == 204  # keeps it
    assert run_flow(confluence, config["id"]) == {"success": True, "error": ""}
    # rotating the secret at the provider breaks the link until the new one is stored
    reset = jira.client().put(f"{PROVIDER}/client/reset/{incoming['clientId']}").json()
    assert run_flow(confluence, config["id"])["error"].startswith("invalid_client")
    assert c.put(f"{CONFIG}/{config['id']}", dict(body, clientSecret=reset["clientSecret"])).status_code == 204
    assert run_flow(confluence, config["id"])["success"] is True


def test_flow_reports_refused_connections_and_unknown_clients(jira, confluence):
    dead = "https://127.0.0.1:1/rest/oauth2/latest/authorize"
    fake = {"clientId": "0" * 32, "clientSecret": "1" * 64}
    body = config_body(jira, fake, authorizationEndpoint=dead, tokenEndpoint="https://127.0.0.1:1/token",
                       redirectUriSuffix=oauth2_client.redirect_uri_suffix(dead))
    config = confluence.client().post(CONFIG, body).json()
    result = run_flow(confluence, config["id"])
    assert result["success"] is False and result["error"].startswith("connection error: ")
    config = confluence.client().post(CONFIG, config_body(jira, fake)).json()
    result = run_flow(confluence, config["id"])
    assert result["success"] is False and result["error"].startswith("authorization failed: HTTP 400")


def test_flow_result_before_the_flow_ran_and_callback_url(jira, confluence):
    _, config = _link(jira, confluence)
    c = confluence.client()
    flow = c.post(f"{CONFIG}/flow", params={"id": config["id"], "callbackUrl": "https://ui.example.com/done"}).json()
    assert c.get(f"{CONFIG}/flow/{flow['id']}").status_code == 400  # no result before the flow ran
    r = requests.get(flow["initFlowUrl"], auth=ADMIN, verify=confluence.ca_file, allow_redirects=False, timeout=60)
    assert r.status_code == 303 and r.headers["Location"] == f"https://ui.example.com/done/{config['id']}"
    assert c.get(f"{CONFIG}/flow/{flow['id']}").json() == {"success": True, "error": ""}
    assert requests.get(flow["initFlowUrl"], verify=confluence.ca_file, timeout=10).status_code == 401


def test_https_checks(start_instance):
    plain = start_instance("jira", name="plainhttp", extra_args=["--http", "--provider-https-check"])
    assert plain.base_url.startswith("http://")
    c = plain.client()
    r = c.post(PROVIDER + "/client", {"name": "x", "redirects": ["https://a.example.com"], "scope": "READ"})
    assert r.status_code == 400  # only with --provider-https-check (plugin 3.1.5 does not check)
    assert r.json() == {"errors": ["oauth2.rest.error.no.https.warning.message"], "fieldErrors": {}}
    r = c.get(CONFIG)
    assert r.status_code == 400
    assert r.json() == {"errors": ["oauth2.integrations.insecure.base.url.error.message"], "fieldErrors": {}}
    assert r.headers["Cache-Control"] == "no-cache, no-store"

    dev = start_instance("jira", name="devhttp", extra_args=["--http", "--dev-mode"])
    c = dev.client()
    # dev mode: plain-HTTP redirects and endpoints are accepted, and a link to itself works end to end
    incoming = c.post(PROVIDER + "/client", {"name": "self", "redirects": [redirect_for(dev, dev)], "scope": "READ"})
    assert incoming.status_code == 200, incoming.text
    assert incoming.json()["redirects"][0].startswith("http://")
    r = c.post(CONFIG, config_body(dev, incoming.json()))
    assert r.status_code == 200, r.text
    assert r.json()["authorizationEndpoint"].startswith("http://")
    assert run_flow(dev, r.json()["id"]) == {"success": True, "error": ""}

    default = start_instance("jira", name="nocheck", extra_args=["--http"])
    c = default.client()
    assert c.get(PROVIDER + "/client").status_code == 200
    assert c.get(CONFIG).status_code == 400


def test_clients_configs_and_tokens_survive_a_restart(tmp_path, ca_dir):
    data = tmp_path / "persist"
    first = testing.start("confluence", data, ca_dir=ca_dir)
    try:
        client = create_client(first)
        tokens = issue_tokens(first, client)
        config = first.client().post(CONFIG, config_body(first, client)).json()
    finally:
        first.stop()
    second = testing.start("confluence", data, ca_dir=ca_dir)
    try:
        c = second.client()
        assert c.get(f"{PROVIDER}/client/{client['id']}").json() == client
        assert c.get(f"{CONFIG}/{config['id']}").json() == config
        assert myself(second, tokens["access_token"]).status_code == 200
        assert refresh(second, client, tokens["refresh_token"]).status_code == 200
    finally:
        second.stop()


def test_synthetic_entries_source(tmp_path):
    """The registered source, in-process, with the §11 worked base URLs."""
    jira_sim = Sim(SimConfig.for_product("jira", tmp_path / "j", base_url="https://jira.example.com"))
    redirect = ("https://confluence.example.com/confluence/plugins/servlet/oauth2/client/callback/"
                "p15aycRYQD-ybhHl_2h71g")
    incoming = oauth2_provider.create_client(jira_sim, Principal("admin", "sysadmin"),
                                             {"name": "Confluence", "redirects": [redirect], "scope": "READ"})
    outgoing = oauth2_client.create_config(jira_sim, {
        "name": "Confluence", "type": "generic", "clientId": "c", "clientSecret": "s",
        "authorizationEndpoint": "https://confluence.example.com/confluence/rest/oauth2/latest/authorize",
        "tokenEndpoint": "https://confluence.example.com/confluence/rest/oauth2/latest/token",
        "scopes": ["READ"], "redirectUriSuffix": "x-I544V3H_HY0fXYl1-ODA"})
    assert oauth2_client.get_redirect_uri(jira_sim, outgoing["authorizationEndpoint"])["redirectUri"] == \
        "https://jira.example.com/plugins/servlet/oauth2/client/callback/x-I544V3H_HY0fXYl1-ODA"
    host = "https://confluence.example.com"
    assert synthetic.entries(jira_sim) == [
        {"id": outgoing["id"], "name": "Confluence", "displayUrl": host, "rpcUrl": host, "type": "generic",
         "system": False, "primary": False},
        {"id": incoming["id"], "name": "Confluence", "displayUrl": host, "rpcUrl": host, "type": "generic",
         "system": False, "primary": False}]
    jira_sim.store.close()


def test_synthetic_entries_in_v3_applinks(jira, confluence):
    _, config = _link(confluence, jira)
    r = jira.client().get("/rest/applinks/3.0/applinks")
    if r.status_code == 404:
        pytest.skip("the v3 applinks route is not there yet")
    assert r.status_code == 200, r.text
    entries = {e["id"]: e for e in r.json()}
    expected = {"id": config["id"], "name": config["name"], "displayUrl": "https://127.0.0.1",
                "rpcUrl": "https://127.0.0.1", "type": "generic", "system": False, "primary": False}
    assert {k: entries[config["id"]][k] for k in expected} == expected
    for client in jira.client().get(f"{PROVIDER}/client").json():
        assert entries[client["id"]]["name"] == client["name"]
