"""The proxied / unproxied layout (issue 16 item 2): a public name for browsers, an internal one for servers.

Each instance answers on two loopback names: its base URL (manifest `url`) uses the public one (`localhost`),
other servers reach it on the internal one (`127.0.0.1`). With --refuse-server-calls-on-public-name a
server-to-server call that arrives on the public name is dropped, as a proxy unreachable from inside would, so a
link built on the public name fails where a product's would.
"""

import pytest
import requests

from dcsim.tests.oauth2_support import ADMIN, CLIENT, PROVIDER, config_body, create_client, redirect_for, run_flow

V1 = "/rest/applinks/1.0"


@pytest.fixture(scope="module")
def pair(start_instance):
    conf = start_instance("confluence", name="layout-conf", layout=True)
    jira = start_instance("jira", name="layout-jira", layout=True)
    return conf, jira


def _host(url):
    return url.split("://", 1)[1].split("/", 1)[0]


def _status(instance, link_id):
    r = instance.client().get(f"/rest/applinks/3.0/status/{link_id}")
    assert r.status_code == 200, r.text
    return r.json()


def test_base_url_is_the_public_name_and_both_names_answer(pair):
    conf, _ = pair
    assert _host(conf.base_url).startswith("localhost:")
    assert _host(conf.internal_url).startswith("127.0.0.1:")
    assert conf.client().get(f"{V1}/manifest").json()["url"] == conf.base_url
    for base in (conf.base_url, conf.internal_url):  # the certificate carries both names
        assert requests.get(base + f"{V1}/manifest", verify=conf.ca_file, timeout=10).status_code == 200


def test_request_log_records_the_host_and_who_called(pair):
    conf, _ = pair
    c = conf.client()
    c.clear_log()
    requests.get(conf.internal_url + f"{V1}/manifest", verify=conf.ca_file, timeout=10)
    [entry] = c.log()
    assert entry["host"] == _host(conf.internal_url) and entry["serverCall"] is False


@pytest.fixture(scope="module")
def classic(pair):
    """conf -> jira two-way, each side storing the other's internal URL as rpcUrl (the unproxied link)."""
    conf, jira = pair
    body = {"applicationLink": {"typeId": "jira", "name": "Jira", "rpcUrl": jira.internal_url,
                                "displayUrl": jira.base_url},
            "username": "admin", "password": "admin", "createTwoWayLink": True, "customRpcURL": True,
            "rpcUrl": conf.internal_url, "configFormValues": {"trustEachOther": True, "shareUserbase": False}}
    r = conf.client().post(f"{V1}/applicationlinkForm/createAppLink", body)
    assert r.status_code == 200 and r.json()["autoConfigurationSuccessful"] is True, r.text
    return conf, jira


def test_classic_link_on_the_internal_names_works_and_servers_use_them(classic):
    conf, jira = classic
    jira.client().clear_log()
    conf.client().clear_log()
    for here, there in ((conf, jira), (jira, conf)):
        body = _status(here, there.server_id)
        assert body["working"] is True, body
        assert (body["link"]["rpcUrl"], body["link"]["displayUrl"]) == (there.internal_url, there.base_url)
    for inst in (conf, jira):
        server_calls = [e for e in inst.client().log() if e["serverCall"]]
        assert server_calls and {e["host"] for e in server_calls} == {_host(inst.internal_url)}


def test_classic_link_on_the_public_name_fails_like_an_unreachable_remote(classic):
    conf, jira = classic
    c = conf.client()
    move = f"{V1}/relocateApplicationlink/{jira.server_id}"
    assert c.post(move, params={"newUrl": jira.base_url}).status_code == 409  # the new URL does not answer
    assert c.post(move, params={"newUrl": jira.base_url, "nowarning": "true"}).status_code == 204
    try:
        error = _status(conf, jira.server_id)["error"]
        assert (error["category"], error["type"]) == ("NETWORK_ERROR", "CONNECTION_REFUSED")
        refused = [e for e in jira.client().log() if e.get("refused")]
        assert refused and all(e["host"] == _host(jira.base_url) and e["serverCall"] for e in refused)
    finally:
        assert c.post(move, params={"newUrl": jira.internal_url}).status_code == 204
    link = c.get(f"{V1}/applicationlink/{jira.server_id}").json()
    assert (link["rpcUrl"], link["displayUrl"]) == (jira.internal_url, jira.base_url)  # display from the manifest
    assert _status(conf, jira.server_id)["working"] is True


@pytest.mark.parametrize("token_host, success", [("internal", True), ("public", False)])
def test_oauth2_outgoing_token_endpoint_on_the_internal_name(pair, token_host, success):
    """The browser goes to the public authorize URL; the token exchange is server to server."""
    conf, jira = pair
    incoming = create_client(jira, redirects=[redirect_for(conf, jira)])
    base = jira.internal_url if token_host == "internal" else jira.base_url
    config = conf.client().post(f"{CLIENT}/config",
                                config_body(jira, incoming, tokenEndpoint=base + PROVIDER + "/token"))
    assert config.status_code == 200, config.text
    jira.client().clear_log()
    result = run_flow(conf, config.json()["id"], auth=ADMIN)
    assert result["success"] is success, result
    calls = {(e["method"], e["path"].rsplit("/", 1)[-1]): e for e in jira.client().log()}
    assert calls[("GET", "authorize")]["host"] == _host(jira.base_url)
    assert calls[("GET", "authorize")]["serverCall"] is False
    token = calls[("POST", "token")]
    assert token["host"] == _host(base) and token["serverCall"] is True
    if not success:
        assert token.get("refused") and result["error"].startswith("connection error")
