"""application_link_info against dcsim: the rows of "View application links" for every direction, status,
query, secrets, filters, and an administrator who is not a system administrator."""

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

from conftest import conn_vars

PARTNER = "https://partner.example.com"


def suffix(endpoint):
    return base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def linked(start_instance, run_playbook, tmp_path_factory):
    """Confluence with: a two-way classic OAuth link to Jira (made with application_link on both sides),
    a generic link, an OAuth 2.0 incoming-only client, an outgoing-only config and a two-way OAuth 2.0 pair."""
    confluence = start_instance("confluence", "info-confluence")
    jira = start_instance("jira", "info-jira")
    playbook = tmp_path_factory.mktemp("info-pb") / "link.yml"
    task = ("  - name: {name}\n    atlassian_dc.applinks.application_link:\n"
            "      url: {url}\n      username: admin\n      password: admin\n      ca_path: {ca}\n"
            "      name: {link}\n      type: {type}\n      remote_url: {remote}\n"
            "      incoming_auth: oauth\n      outgoing_auth: oauth\n")
    playbook.write_text("- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                        + task.format(name="on confluence", url=confluence.base_url, ca=confluence.ca_file,
                                      link="Jira", type="jira", remote=jira.base_url)
                        + task.format(name="on jira", url=jira.base_url, ca=jira.ca_file, link="Confluence",
                                      type="confluence", remote=confluence.base_url))
    result = run_playbook(str(playbook))
    assert result.rc == 0, result.output[-3000:]

    client = confluence.client()
    created = [
        client.put("/rest/applinks/2.0/applicationlink", {
            "typeId": "generic", "name": "Terraform", "rpcUrl": "https://tf.example.com/app",
            "displayUrl": "https://tf.example.com"}),
        client.post("/rest/oauth2/latest/client", {
            "name": "CI server", "scope": "READ", "redirects": ["https://ci.example.com/oauth/cb"]}),
        client.post("/rest/oauth2-client/latest/config", {
            "name": "Google Drive", "type": "google", "clientId": "1234.apps.googleusercontent.com",
            "clientSecret": "g-secret", "authorizationEndpoint": "https://accounts.google.com/o/oauth2/v2/auth",
            "tokenEndpoint": "https://oauth2.googleapis.com/token",
            "scopes": ["https://www.googleapis.com/auth/drive.readonly"],
            "redirectUriSuffix": suffix("https://accounts.google.com/o/oauth2/v2/auth")}),
        client.post("/rest/oauth2/latest/client", {
            "name": "Partner", "scope": "READ",
            "redirects": [PARTNER + "/plugins/servlet/oauth2/client/callback/abc"]}),
        client.post("/rest/oauth2-client/latest/config", {
            "name": "Partner", "type": "generic", "clientId": "partner-id", "clientSecret": "partner-secret",
            "authorizationEndpoint": PARTNER + "/rest/oauth2/latest/authorize",
            "tokenEndpoint": PARTNER + "/rest/oauth2/latest/token", "scopes": ["READ"],
            "redirectUriSuffix": suffix(PARTNER + "/rest/oauth2/latest/authorize")}),
    ]
    for response in created:
        assert response.status_code in (200, 201), response.text
    return confluence, jira


def rows_by_name(result):
    return dict((row["name"], row) for row in result["applications"])


def test_rows_for_every_direction_with_status_and_query(run_module, linked):
    confluence, jira = linked
    client = confluence.client()
    client.clear_log()
    res = run_module("application_link_info", conn_vars(confluence, status=True,
                                                        query="sort([?direction=='Two-way'].name)"))
    assert not res.failed and not res.changed, res.msg
    assert client.writes() == []

    assert res["manifest"]["id"] == confluence.server_id and res["manifest"]["type"] == "confluence"
    assert res["manifest"]["version"] and res["manifest"]["url"] == confluence.base_url
    assert sorted(l["name"] for l in res["links"]) == ["Jira", "Terraform"]  # no synthetic OAuth 2.0 entries
    jira_link = [l for l in res["links"] if l["name"] == "Jira"][0]
    assert jira_link["id"] == jira.server_id and jira_link["type"] == "jira" and jira_link["system"] is False

    rows = rows_by_name(res)
    assert sorted(rows) == ["CI server", "Google Drive", "Jira", "Partner", "Terraform"]
    assert rows["Jira"]["direction"] == "Two-way" and rows["Jira"]["status"] == "working"
    assert rows["Jira"]["application"] == "Jira 10.3.12"  # dcsim's default Jira version
    assert rows["Partner"]["direction"] == "Two-way" and rows["Partner"]["source"] == "oauth2"
    assert rows["Partner"]["url"] == PARTNER and len(rows["Partner"]["ids"]) == 2
    assert rows["CI server"]["direction"] == "Incoming"
    assert rows["Google Drive"]["direction"] == "Outgoing"
    for name in ("CI server", "Google Drive", "Partner", "Terraform"):
        assert rows[name]["status"] == "Non-Atlassian"
        assert rows[name]["application"] == "Generic application"
    assert res["query_result"] == ["Jira", "Partner"]

    # secrets are omitted unless asked for; outgoing configs never carry one
    assert sorted(c["name"] for c in res["oauth2_incoming"]) == ["CI server", "Partner"]
    assert all("client_secret" not in c for c in res["oauth2_incoming"])
    assert sorted(c["name"] for c in res["oauth2_outgoing"]) == ["Google Drive", "Partner"]
    assert "partner-secret" not in json.dumps(res.result) and "g-secret" not in json.dumps(res.result)

    # the other side sees the classic link as two-way and working too
    other = run_module("application_link_info", conn_vars(jira, status=True, type="confluence"))
    assert [(r["name"], r["direction"], r["status"]) for r in other["applications"]] == [
        ("Confluence", "Two-way", "working")]


def test_status_false_reads_no_status_and_secrets_on_request(run_module, linked):
    confluence = linked[0]
    res = run_module("application_link_info", conn_vars(confluence, include_secrets=True))
    rows = rows_by_name(res)
    assert rows["Jira"]["status"] is None and rows["Jira"]["direction"] == "Two-way"
    assert all(len(c["client_secret"]) == 64 for c in res["oauth2_incoming"])
    assert "query_result" not in res.result


def test_filters(run_module, linked):
    confluence = linked[0]
    by_name = run_module("application_link_info", conn_vars(confluence, name="Partner"))
    assert [(r["name"], r["direction"]) for r in by_name["applications"]] == [("Partner", "Two-way")]
    assert by_name["links"] == []
    by_type = run_module("application_link_info", conn_vars(confluence, type="jira"))
    assert [l["name"] for l in by_type["links"]] == ["Jira"]
    assert [r["name"] for r in by_type["applications"]] == ["Jira"]
    assert by_type["oauth2_incoming"] == [] and by_type["oauth2_outgoing"] == []


def test_administrator_without_sysadmin_still_gets_classic_links(run_module, linked):
    confluence = linked[0]
    res = run_module("application_link_info", conn_vars(confluence, username="manager", password="manager"))
    assert not res.failed, res.msg
    assert sorted(l["name"] for l in res["links"]) == ["Jira", "Terraform"]
    assert res["oauth2_incoming"] == [] and res["oauth2_outgoing"] == []
    assert sorted(rows_by_name(res)) == ["Jira", "Terraform"]
    assert "system administrator" in res.output


def test_product_report_and_one_request_for_the_levels_of_all_links(run_module, linked):
    confluence = linked[0]
    client = confluence.client()
    client.clear_log()
    res = run_module("application_link_info", conn_vars(confluence))
    assert not res.failed, res.msg
    # dcsim's default Confluence, 9.2.6 (build 9020006, applinks 10.0.6): no native OAuth 2.0 applinks yet
    assert res["product"] == {"type": "confluence", "version": "9.2.6", "build_number": 9020006,
                              "applinks_version": "10.0.6", "oauth2_provider_api": True, "oauth2_client_api": True,
                              "native_oauth2_applinks": False}
    assert res["manifest"]["build_number"] == 9020006 and res["manifest"]["applinks_version"] == "10.0.6"
    # two classic links, their OAuth levels from one listApplicationlinks: 5 GETs instead of 4 + N
    assert [(e["method"], e["path"].split("/rest/", 1)[-1]) for e in client.log()] == [
        ("GET", "applinks/1.0/manifest"), ("GET", "applinks/3.0/applinks"), ("GET", "oauth2/latest/client"),
        ("GET", "oauth2-client/latest/config"), ("GET", "applinks/1.0/listApplicationlinks")]
    rows = rows_by_name(res)
    assert rows["Jira"]["direction"] == "Two-way" and rows["Terraform"]["direction"] is None
    assert rows["Partner"]["application"] == "Generic application"  # not a line with native OAuth 2.0 links


LEVEL_PAIRS = [("disabled", "oauth_impersonation"), ("oauth_3lo_only", "oauth"), ("oauth", "oauth_3lo_only"),
               ("oauth_impersonation", "disabled"), ("oauth", "oauth")]


def test_list_auth_agrees_with_status_oauth_for_every_level(linked):
    from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.application_links import (
        ApplicationLinksApi)
    from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import auth_to_wire
    from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import Transport
    confluence, jira = linked
    api = ApplicationLinksApi(Transport(confluence.base_url, username="admin", password="admin",
                                        ca_path=confluence.ca_file))
    client = confluence.client()
    try:
        for incoming, outgoing in LEVEL_PAIRS:
            put = client.put("/rest/applinks/3.0/status/%s/oauth" % jira.server_id,
                             auth_to_wire({"incoming": incoming, "outgoing": outgoing}))
            assert put.status_code == 204, put.text
            levels = api.list_auth()
            assert levels[jira.server_id] == api.oauth_status(jira.server_id) == {
                "incoming": incoming, "outgoing": outgoing}
            # every real link is there (the generic one too), no synthetic OAuth 2.0 entry
            real = [l["id"] for l in api.list() if l["name"] in ("Jira", "Terraform")]
            assert sorted(levels) == sorted(real)
            for link_id in levels:
                assert levels[link_id] == api.oauth_status(link_id)
    finally:
        client.put("/rest/applinks/3.0/status/%s/oauth" % jira.server_id,
                   auth_to_wire({"incoming": "oauth", "outgoing": "oauth"}))


# A product without the OAuth 2.0 plugins, on a line with native OAuth 2.0 links (Jira 11.2): dcsim always has
# both plugins and fixed versions, so a tiny local stub serves the applinks reads and 404s everything else.
STUB_JIRA_ID = "0d6f0000-0000-4000-8000-00000000c0fe"
STUB_GENERIC_ID = "e94a6efa-f3e9-33a8-8322-6d4e02b9f883"
OAUTH_3LO = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
OAUTH_2LO = "com.atlassian.applinks.api.auth.types.TwoLeggedOAuthAuthenticationProvider"


def stub_answers(base, provider=False):
    jira = {"id": STUB_JIRA_ID, "name": "Confluence", "type": "confluence", "rpcUrl": "https://wiki.example.com",
            "displayUrl": "https://wiki.example.com", "primary": True, "system": False,
            "data": {"applicationVersion": "10.2.1"}}
    generic = {"id": STUB_GENERIC_ID, "name": "Terraform", "type": "generic",
               "rpcUrl": "https://terraform.example.com/app/my-org", "displayUrl": "https://terraform.example.com",
               "primary": True, "system": False, "data": {"applicationVersion": None}}

    def v1(link):
        return {"id": link["id"], "name": link["name"], "typeId": link["type"], "rpcUrl": link["rpcUrl"],
                "displayUrl": link["displayUrl"], "isPrimary": True, "isSystem": False}

    answers = {
        "/rest/applinks/1.0/manifest": {"id": "11112222-3333-4444-5555-666677778888", "name": "Jira",
                                        "typeId": "jira", "version": "11.2.0", "buildNumber": 110200,
                                        "applinksVersion": "10.1.2", "url": base},
        "/rest/applinks/3.0/applinks": [jira, generic],
        "/rest/applinks/1.0/listApplicationlinks": {"list": [
            {"application": v1(jira), "configuredInboundAuthenticators": [OAUTH_3LO, OAUTH_2LO],
             "configuredOutboundAuthenticators": [OAUTH_3LO]},
            {"application": v1(generic), "configuredInboundAuthenticators": [],
             "configuredOutboundAuthenticators": []}]},
    }
    if provider:  # the provider plugin alone, with one incoming client
        answers["/rest/oauth2/latest/client"] = [{
            "id": "7f000000-0000-4000-8000-000000000001", "name": "CI server", "clientId": "ci-id",
            "clientSecret": "ci-secret", "scope": "READ", "redirects": ["https://ci.example.com/cb"]}]
    return answers


@pytest.fixture
def no_oauth2_product(request):
    """(base_url, requests seen): an HTTP stub of a Jira 11.2 whose OAuth 2.0 APIs answer 404 (with the
    parameter "provider": only the client API does)."""
    seen = []
    provider = getattr(request, "param", None) == "provider"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 pylint: disable=invalid-name
            path = urlparse(self.path).path
            seen.append(("GET", path))
            body = stub_answers("http://127.0.0.1:%d" % server.server_port, provider).get(path)
            status = 200 if body is not None else 404
            data = json.dumps(body if body is not None else {"message": "not found"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_PUT(self):  # noqa: N802 pylint: disable=invalid-name
            seen.append(("PUT", self.path))
            self.send_response(405)
            self.end_headers()

        do_POST = do_DELETE = do_PUT  # noqa: N815

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_port, seen
    server.shutdown()
    server.server_close()


def test_product_without_oauth2_apis_still_lists_classic_links(run_module, no_oauth2_product):
    base, seen = no_oauth2_product
    res = run_module("application_link_info", {"url": base, "username": "admin", "password": "admin",
                                               "allow_insecure_http": True})
    assert not res.failed, res.msg
    warned = " ".join(res.get("warnings", []))
    assert "the product has no OAuth 2.0 provider API at /rest/oauth2/latest/client" in warned, warned
    assert "the product has no OAuth 2.0 client API at /rest/oauth2-client/latest/config" in warned, warned
    assert res["product"] == {"type": "jira", "version": "11.2.0", "build_number": 110200,
                              "applinks_version": "10.1.2", "oauth2_provider_api": False,
                              "oauth2_client_api": False, "native_oauth2_applinks": True}
    assert sorted(l["name"] for l in res["links"]) == ["Confluence", "Terraform"]
    assert res["oauth2_incoming"] == [] and res["oauth2_outgoing"] == []
    rows = rows_by_name(res)
    assert rows["Confluence"]["application"] == "Confluence 10.2.1"
    assert rows["Confluence"]["direction"] == "Two-way"   # incoming 2LO, outgoing 3LO from listApplicationlinks
    assert rows["Terraform"]["status"] == "Non-Atlassian" and rows["Terraform"]["direction"] is None
    assert [m for m, _p in seen] == ["GET"] * len(seen)
    assert ("GET", "/rest/applinks/1.0/listApplicationlinks") in seen
    assert not [p for _m, p in seen if "/status/" in p]   # no per-link requests


@pytest.mark.parametrize("no_oauth2_product", ["provider"], indirect=True)
def test_product_with_the_provider_api_only(run_module, no_oauth2_product):
    base, _seen = no_oauth2_product
    res = run_module("application_link_info", {"url": base, "username": "admin", "password": "admin",
                                               "allow_insecure_http": True})
    assert not res.failed, res.msg
    warned = " ".join(res.get("warnings", []))
    assert "client API at /rest/oauth2-client/latest/config" in warned and "provider API" not in warned
    assert res["product"]["oauth2_provider_api"] is True and res["product"]["oauth2_client_api"] is False
    assert [c["name"] for c in res["oauth2_incoming"]] == ["CI server"]
    assert "ci-secret" not in json.dumps(res.result)
    # a line with native OAuth 2.0 links lists the OAuth 2.0 construction as an external application
    assert rows_by_name(res)["CI server"]["application"] == "External application"
    assert rows_by_name(res)["CI server"]["status"] == "Non-Atlassian"
