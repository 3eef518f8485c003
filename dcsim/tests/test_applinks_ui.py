"""Applinks v1 admin-UI resources (REST reference §2.4, §2.5): applicationlinkForm, list/state/info, relocate,
authenticationinfo, permission."""

import pytest

from dcsim.tests.applinks_support import ADMIN_ONLY, DEAD_URL, create_generic, uniq, v1_put

FORM = "/rest/applinks/1.0/applicationlinkForm"


@pytest.fixture(scope="module")
def ui(start_instance):
    return start_instance("confluence", name="ui-confluence")


@pytest.fixture(scope="module")
def remote(jira):
    """The session Jira; links from `ui` to it are removed by the tests that make them."""
    return jira


def _create_body(type_id, name, url, **extra):
    body = {"applicationLink": {"typeId": type_id, "name": name, "rpcUrl": url, "displayUrl": url,
                                "isPrimary": True},
            "username": "admin", "password": "admin", "createTwoWayLink": False, "customRpcURL": False,
            "rpcUrl": "", "configFormValues": {"trustEachOther": False, "shareUserbase": False}}
    body.update(extra)
    return body


def test_form_manifest(ui, remote):
    c = ui.client()
    r = c.get(FORM + "/manifest", params={"url": remote.base_url}, headers={"X-Atlassian-Token": ""})
    assert r.status_code == 403 and r.text == "XSRF check failed"
    r = c.get(FORM + "/manifest", params={"url": remote.base_url})
    assert r.status_code == 200 and r.json()["id"] == remote.server_id and r.json()["typeId"] == "jira"
    r = c.get(FORM + "/manifest", params={"url": ""})
    assert r.status_code == 400 and r.json()["status"] == 400
    r = c.get(FORM + "/manifest", params={"url": ui.base_url})
    assert r.status_code == 409 and r.json() == {"status": 409, "message": ["applinks.error.applink.itsme"]}
    r = c.get(FORM + "/manifest", params={"url": DEAD_URL})
    assert r.status_code == 200 and r.json()["code"] == "applinks.warning.unknown.host" and r.json()["warning"]
    assert v1_put(c, remote.server_id, "jira", uniq("jira"), remote.base_url).status_code == 201
    try:
        r = c.get(FORM + "/manifest", params={"url": remote.base_url})
        assert r.status_code == 409 and r.json()["message"] == ["applinks.error.applink.exists"]
        r = c.get(FORM + "/manifest", params={"url": remote.base_url + "/"})
        assert r.status_code == 409
    finally:
        c.delete(f"/rest/applinks/1.0/applicationlink/{remote.server_id}")
    assert ui.client(auth=("user", "user")).get(FORM + "/manifest", params={"url": DEAD_URL}).json() == ADMIN_ONLY


def test_create_app_link_one_way(ui, remote):
    c = ui.client()
    url = f"https://{uniq('gen')}.example.com"
    r = c.post(FORM + "/createAppLink", _create_body("generic", uniq("gen"), url))
    assert r.status_code == 200
    assert r.json()["autoConfigurationSuccessful"] is True and r.json()["applicationLink"]["rpcUrl"] == url
    r = c.post(FORM + "/createAppLink", _create_body("generic", uniq("gen"), url))
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.error.rpcurl.exists"]}
    r = c.post(FORM + "/createAppLink", _create_body("jira", uniq("jira"), remote.base_url))
    assert r.status_code == 200 and r.json()["applicationLink"]["id"] == remote.server_id
    # One-way: the remote has no link back.
    assert remote.client().get(f"/rest/applinks/1.0/applicationlink/{ui.server_id}").status_code == 500
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{remote.server_id}").status_code == 200


@pytest.mark.parametrize("change, status, fields", [
    ({"name": " "}, 400, ["application-name"]),
    ({"typeId": "nope"}, 400, ["application-types"]),
])
def test_create_app_link_form_errors(ui, change, status, fields):
    body = _create_body("generic", uniq(), f"https://{uniq()}.example.com")
    body["applicationLink"].update(change)
    r = ui.client().post(FORM + "/createAppLink", body)
    assert r.status_code == status and r.json()["fields"] == fields and r.json()["status"] == status


def test_create_app_link_other_errors(ui, remote):
    c = ui.client()
    body = _create_body("generic", uniq(), f"https://{uniq()}.example.com",
                        configFormValues={"trustEachOther": True, "shareUserbase": True})
    r = ui.client(auth=("manager", "manager")).post(FORM + "/createAppLink", body)
    assert r.status_code == 400 and r.json()["fields"] == ["same-userbase"]
    r = c.post(FORM + "/createAppLink", _create_body("jira", uniq(), remote.base_url, createTwoWayLink=True,
                                                      password="wrong"))
    assert r.status_code == 400 and r.json()["fields"] == ["authorization"]
    assert c.get(f"/rest/applinks/1.0/applicationlink/{remote.server_id}").status_code == 500  # nothing written
    r = c.post(FORM + "/createAppLink", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_static_url_link(ui):
    c = ui.client()
    r = c.post(FORM + "/createStaticUrlAppLink", params={"typeId": "subversion"})
    assert r.status_code == 200 and r.json()["applicationLink"]["typeId"] == "subversion"
    r = c.post(FORM + "/createStaticUrlAppLink", params={"typeId": "jira"})
    assert r.status_code == 500  # the resource casts the type to a static-URL type
    r = c.post(FORM + "/createStaticUrlAppLink", params={"typeId": "subversion"},
               headers={"X-Atlassian-Token": "", "Content-Type": ""})
    assert r.status_code == 403  # a POST without a body needs the XSRF header


def test_details(ui, remote):
    c = ui.client()
    body = {"username": "admin", "password": "admin", "remoteUrl": remote.base_url, "rpcUrl": ui.base_url}
    r = c.post(FORM + "/details", body)
    assert r.status_code == 200 and r.json() == {"status-code": 200}
    r = c.post(FORM + "/details", dict(body, password="wrong"))
    assert r.status_code == 400 and r.json()["fields"] == ["reciprocal-link-password"]
    r = c.post(FORM + "/details", dict(body, rpcUrl=remote.base_url))
    assert r.status_code == 400 and r.json()["message"] == ["applinks.error.url.reciprocal.rpc.url.invalid"]


def test_list_states_and_info(ui):
    c = ui.client()
    live_id, live_name, _ = create_generic(c)
    r = c.put("/rest/applinks/2.0/applicationlink", {"id": "0d6f0000-0000-4000-8000-0000000000bb",
                                                     "typeId": "bamboo", "name": "aaa-bamboo", "rpcUrl": DEAD_URL,
                                                     "displayUrl": DEAD_URL})
    assert r.status_code == 201
    for version in ("1.0", "latest"):
        entries = c.get(f"/rest/applinks/{version}/listApplicationlinks").json()["list"]
        keys = [(e["application"]["typeId"], e["application"]["name"]) for e in entries]
        assert keys == sorted(keys)
    entry = next(e for e in entries if e["application"]["id"] == live_id)
    assert entry == {"application": entry["application"], "configuredOutboundAuthenticators": [],
                     "configuredInboundAuthenticators": [], "hasIncomingAuthenticationProviders": True,
                     "hasOutgoingAuthenticationProviders": True, "webItems": [], "webPanels": [],
                     "isSystem": False, "entityTypeIdStrings": ["generic.entity"]}
    # a generic link whose host does not answer is OFFLINE too (the state is a GET of its rpcUrl)
    assert c.get(f"/rest/applinks/1.0/listApplicationlinkstates/id/{live_id}").json() == {"appLinkState": "OFFLINE"}
    assert c.get("/rest/applinks/1.0/listApplicationlinkstates/id/0d6f0000-0000-4000-8000-0000000000bb").json() \
        == {"appLinkState": "OFFLINE"}
    assert c.get("/rest/applinks/1.0/listApplicationlinkstates/id/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a") \
        .status_code == 500
    info = c.get("/rest/applinks/1.0/applicationlinkInfo/id/0d6f0000-0000-4000-8000-0000000000bb").json()
    assert info["hostEntityTypes"] == info["remoteEntityTypes"] == ["confluence.space"]
    assert info["numConfiguredEntities"] == 0 and len(info["configuredAuthProviders"]) == 6
    assert c.get("/rest/applinks/1.0/applicationlinkInfo/id/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a").status_code == 500


def test_relocate(ui, remote):
    c = ui.client()
    link_id, _, _ = create_generic(c)
    path = f"/rest/applinks/1.0/relocateApplicationlink/{link_id}"
    r = ui.client(auth=("manager", "manager")).post(path, params={"newUrl": remote.base_url})
    assert r.status_code == 403 and r.json()["status-code"] == 403
    r = c.post(path, params={"newUrl": DEAD_URL, "nowarning": "false"})
    assert r.status_code == 409 and r.text == ""
    r = c.post(path, params={"newUrl": "not a url", "nowarning": "true"})
    assert r.status_code == 500  # java.net.URI refuses it before anything else
    r = c.post(path, params={"newUrl": DEAD_URL + "/new", "nowarning": "true"})
    assert r.status_code == 204
    got = c.get(f"/rest/applinks/1.0/applicationlink/{link_id}").json()
    assert (got["id"], got["rpcUrl"], got["displayUrl"]) == (link_id, DEAD_URL + "/new", DEAD_URL + "/new")
    r = c.post("/rest/applinks/1.0/relocateApplicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a",
               params={"newUrl": remote.base_url})
    assert r.status_code == 404
    # An Atlassian link cannot move to an application of another type.
    assert v1_put(c, remote.server_id, "jira", uniq("jira"), remote.base_url).status_code == 201
    r = c.post(f"/rest/applinks/1.0/relocateApplicationlink/{remote.server_id}", params={"newUrl": ui.base_url})
    assert r.status_code == 400
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{remote.server_id}").status_code == 200


def test_authentication_info(ui, remote):
    c = ui.client()
    assert c.get("/rest/applinks/1.0/authenticationinfo").json() == {"status-code": 200}
    r = ui.client(auth=None).get("/rest/applinks/1.0/authenticationinfo")
    assert r.status_code == 401 and r.json() == ADMIN_ONLY
    ok = c.get(f"/rest/applinks/1.0/authenticationinfo/id/{remote.server_id}/url/{remote.base_url}")
    assert ok.status_code == 200
    ok = c.get(f"/rest/applinks/1.0/authenticationinfo/id/{remote.server_id}/url/", params={"url": remote.base_url})
    assert ok.status_code == 200
    other = c.get(f"/rest/applinks/1.0/authenticationinfo/id/{ui.server_id}/url/", params={"url": remote.base_url})
    assert other.status_code == 404 and other.json()["status-code"] == 404


def test_permission(ui):
    c = ui.client()
    link_id, _, _ = create_generic(c)
    assert c.get(f"/rest/applinks/1.0/permission/delete-application/{link_id}").json() == {"code": "ALLOWED"}
    # no outgoing authentication: an anonymous request, which the (unreachable) remote cannot answer
    r = c.get(f"/rest/applinks/1.0/permission/reciprocate-application-delete/{link_id}").json()
    assert r == {"code": "NO_CONNECTION"}
    r = c.get("/rest/applinks/1.0/permission/create-entity/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a").json()
    assert r == {"code": "MISSING"}
    assert c.get(f"/rest/applinks/1.0/permission/nope/{link_id}").status_code == 404
