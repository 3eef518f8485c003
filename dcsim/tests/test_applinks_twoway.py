"""Two-instance scenarios (REST reference §4.2, §5.4): a real two-way OAuth 1.0a link and its computed status."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dcsim.tests.applinks_support import oauth_level, two_way, uniq, v1_put

DEFAULT = oauth_level(True, True, False)


def _status(instance, link_id):
    r = instance.client().get(f"/rest/applinks/3.0/status/{link_id}")
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def linked(confluence, jira):
    """The session Confluence and Jira, linked two-way with OAuth at the default level by createAppLink."""
    jira.client().clear_log()
    r = two_way(confluence.client(), jira, name=uniq("Jira"))
    assert r.status_code == 200, r.text
    assert r.json()["autoConfigurationSuccessful"] is True
    return r.json()["applicationLink"]


def test_create_two_way_runs_the_reciprocal_sequence(confluence, jira, linked):
    assert linked["id"] == jira.server_id and linked["typeId"] == "jira"
    calls = [(e["method"], e["path"]) for e in jira.client().log()]
    cid = confluence.server_id
    expected = [("GET", "/jira/rest/applinks/1.0/authenticationinfo"),
                ("PUT", f"/jira/rest/applinks/1.0/applicationlink/{cid}"),
                ("GET", "/jira/rest/applinks/3.0/capabilities"),
                ("PUT", f"/jira/rest/applinks/3.0/status/{cid}/oauth")]
    assert [c for c in calls if c in expected] == expected
    back = jira.client().get(f"/rest/applinks/1.0/applicationlink/{cid}").json()
    assert back["typeId"] == "confluence" and back["rpcUrl"] == confluence.base_url
    consumer = jira.client().get(f"/rest/applinks-oauth/1.0/applicationlink/{cid}/authentication/consumer").json()
    assert consumer["consumers"][0]["key"].startswith("Confluence:")


def test_two_way_status_is_working_on_both_sides(confluence, jira, linked):
    for here, there in ((confluence, jira), (jira, confluence)):
        body = _status(here, there.server_id)
        assert body["working"] is True and "error" not in body
        assert body["localAuthentication"] == {"incoming": DEFAULT, "outgoing": DEFAULT}
        assert body["remoteAuthentication"] == {"incoming": DEFAULT, "outgoing": DEFAULT}
        assert body["link"]["id"] == there.server_id


def test_auth_level_mismatch(confluence, jira, linked):
    path = f"/rest/applinks/3.0/status/{confluence.server_id}/oauth"
    impersonation = oauth_level(True, True, True)
    assert jira.client().put(path, {"incoming": impersonation, "outgoing": DEFAULT}).status_code == 204
    try:
        body = _status(confluence, jira.server_id)
        assert body["working"] is False
        assert body["error"] == {"category": "CONFIG_ERROR", "type": "AUTH_LEVEL_MISMATCH"}
        assert body["remoteAuthentication"]["incoming"] == impersonation
    finally:
        assert jira.client().put(path, {"incoming": DEFAULT, "outgoing": DEFAULT}).status_code == 204
    assert _status(confluence, jira.server_id)["working"] is True


def test_remote_rejecting_the_signature(confluence, jira, linked):
    """Jira holds a wrong public key for Confluence's consumer: the signed probe fails."""
    path = f"/rest/applinks-oauth/1.0/applicationlink/{confluence.server_id}/authentication/consumer"
    [consumer] = jira.client().get(path).json()["consumers"]
    wrong = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    flags = {"twoLOAllowed": True, "twoLOImpersonationAllowed": False}
    assert jira.client().put(path, dict(flags, key=consumer["key"], name=consumer["name"],
                                        publicKey=wrong)).status_code == 201
    try:
        body = _status(confluence, jira.server_id)
        assert body["working"] is False
        assert body["error"]["category"] == "NETWORK_ERROR" and body["error"]["type"] == "OAUTH_SIGNATURE_INVALID"
    finally:
        assert jira.client().put(path, flags, params={"autoConfigure": "true"}).status_code == 201
    assert _status(confluence, jira.server_id)["working"] is True


def test_peer_down_is_connection_refused(confluence, start_instance):
    peer = start_instance("jira", name="twoway-stopped-peer")
    r = two_way(confluence.client(), peer, name=uniq("Jira-down"))
    assert r.status_code == 200 and r.json()["autoConfigurationSuccessful"] is True, r.text
    assert _status(confluence, peer.server_id)["working"] is True
    peer.stop()
    body = _status(confluence, peer.server_id)
    assert body["working"] is False
    assert (body["error"]["category"], body["error"]["type"]) == ("NETWORK_ERROR", "CONNECTION_REFUSED")
    assert body["localAuthentication"] == {"incoming": DEFAULT, "outgoing": DEFAULT}
    assert "remoteAuthentication" not in body
    states = confluence.client().get(f"/rest/applinks/1.0/listApplicationlinkstates/id/{peer.server_id}").json()
    assert states == {"appLinkState": "OFFLINE"}
    assert confluence.client().delete(f"/rest/applinks/1.0/applicationlink/{peer.server_id}").status_code == 200


def test_no_remote_applink(confluence, start_instance):
    lonely = start_instance("jira", name="twoway-lonely")
    c = confluence.client()
    assert v1_put(c, lonely.server_id, "jira", uniq("Jira-lonely"), lonely.base_url).status_code == 201
    path = f"/rest/applinks/3.0/status/{lonely.server_id}"
    assert c.put(path + "/oauth", {"incoming": DEFAULT, "outgoing": DEFAULT}).status_code == 204
    body = _status(confluence, lonely.server_id)
    assert body["working"] is False and body["error"] == {"category": "CONFIG_ERROR", "type": "NO_REMOTE_APPLINK"}
    # Deleting on the remote as well needs 2-legged OAuth with impersonation; here there is none.
    r = c.delete(f"/rest/applinks/1.0/applicationlink/{lonely.server_id}", params={"reciprocate": "true"})
    assert r.status_code == 401 and r.json()["status-code"] == 401
    perm = c.get(f"/rest/applinks/1.0/permission/reciprocate-application-delete/{lonely.server_id}").json()
    assert perm["code"] == "CREDENTIALS_REQUIRED"
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{lonely.server_id}").status_code == 200


def test_reciprocal_delete_with_impersonation(start_instance):
    here, there = start_instance("bamboo", name="twoway-bamboo"), start_instance("jira", name="twoway-jira")
    r = two_way(here.client(), there, name=uniq("Jira"), share=True)
    assert r.status_code == 200 and r.json()["autoConfigurationSuccessful"] is True, r.text
    impersonating = oauth_level(True, True, True)
    body = _status(here, there.server_id)
    assert body["working"] is True and body["localAuthentication"]["outgoing"] == impersonating
    perm = here.client().get(f"/rest/applinks/1.0/permission/reciprocate-application-delete/{there.server_id}")
    assert perm.json()["code"] == "ALLOWED"
    r = here.client().delete(f"/rest/applinks/1.0/applicationlink/{there.server_id}", params={"reciprocate": "true"})
    assert r.status_code == 200 and r.json() == {"status-code": 200, "message": "applinks.deleted"}
    assert there.client().get(f"/rest/applinks/1.0/applicationlink/{here.server_id}").status_code == 500
    assert here.client().get(f"/rest/applinks/1.0/applicationlink/{there.server_id}").status_code == 500


def test_second_instance_of_a_product_gets_a_distinct_name_on_the_remote(jira, linked, start_instance):
    """Jira already holds a link named "Confluence"; a second Confluence's reciprocal link is still created."""
    second = start_instance("confluence", name="twoway-second")
    r = two_way(second.client(), jira, name=uniq("Jira"))
    assert r.status_code == 200 and r.json()["autoConfigurationSuccessful"] is True, r.text
    back = jira.client().get(f"/rest/applinks/1.0/applicationlink/{second.server_id}").json()
    assert back["name"] == "Confluence - 2" and back["rpcUrl"] == second.base_url  # renamed by findSuitableName
    assert _status(second, jira.server_id)["working"] is True
