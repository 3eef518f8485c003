"""application_link_info against dcsim: the rows of "View application links" for every direction, status,
query, secrets, filters, and an administrator who is not a system administrator."""

import base64
import hashlib
import json

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
            "      incoming_auth: oauth_2lo\n      outgoing_auth: oauth_2lo\n")
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
    assert rows["Jira"]["application"] == "Jira 9.12.15"
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
