"""Applinks v1 (REST reference §2.1-§2.3): manifest, applicationlink CRUD, primaries, permissions, XML, restart."""

import uuid
import xml.etree.ElementTree as ET

import pytest

from dcsim import testing
from dcsim.tests.applinks_support import (ADMIN_ONLY, DEAD_URL, WEBSUDO, cookie_session, create_generic, generic_id,
                                          uniq, v1_put)

PLACEHOLDER = "placeholder.to.ensure.backwards.compatibility"


@pytest.fixture(scope="module")
def fresh(start_instance):
    """A Bamboo with no links yet (primaries are per type, so a clean instance keeps them predictable)."""
    return start_instance("bamboo", name="v1-fresh")


@pytest.fixture(scope="module")
def peer(jira):
    """The session Jira; the tests link `fresh` to it and remove those links again."""
    return jira


def test_manifest_is_anonymous_and_complete(confluence):
    r = confluence.client(auth=None).get("/rest/applinks/1.0/manifest")
    assert r.status_code == 200
    m = r.json()
    assert m["id"] == confluence.server_id
    assert (m["typeId"], m["name"]) == ("confluence", "Confluence")
    assert (m["version"], m["buildNumber"], m["applinksVersion"]) == ("9.2.6", 9020006, "10.0.6")
    assert m["url"] == confluence.base_url and m["publicSignup"] is False
    for key in ("inboundAuthenticationTypes", "outboundAuthenticationTypes"):
        assert PLACEHOLDER in m[key]
        assert "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider" in m[key]
    assert "Access-Control-Allow-Origin" not in r.headers  # only echoed for a request with an Origin


def test_manifest_is_xml_without_accept(confluence):
    r = confluence.client(auth=None).get("/rest/applinks/1.0/manifest", headers={"Accept": "*/*"})
    assert r.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(r.text)
    assert root.tag == "manifest" and root.findtext("id") == confluence.server_id
    assert PLACEHOLDER in [e.text for e in root.findall("inboundAuthenticationTypes")]


def test_remote_manifest_is_fetched_live(fresh, peer):
    c = fresh.client()
    assert v1_put(c, peer.server_id, "jira", uniq("jira"), peer.base_url).status_code == 201
    r = c.get(f"/rest/applinks/1.0/manifest/{peer.server_id}")
    assert r.status_code == 200 and r.json()["id"] == peer.server_id and r.json()["typeId"] == "jira"
    unknown = c.get("/rest/applinks/1.0/manifest/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a")
    assert unknown.status_code == 400
    assert unknown.json()["message"] == ["No application link with id 6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a"]
    dead_id, _, dead_url = create_generic(c, url=DEAD_URL + "/m")
    made_up = c.get(f"/rest/applinks/1.0/manifest/{dead_id}")  # the type's producer makes one up (never fails)
    assert made_up.status_code == 200 and made_up.json()["name"] == "Generic Application"
    assert made_up.json()["url"] == dead_url
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{peer.server_id}").status_code == 200


def test_admin_required_with_status_body(confluence):
    for auth in (None, ("user", "user")):
        r = confluence.client(auth=auth).get("/rest/applinks/1.0/applicationlink")
        assert r.status_code == 401 and r.json() == ADMIN_ONLY
    assert confluence.client(auth=("manager", "manager")).get("/rest/applinks/1.0/applicationlink").status_code == 200


def test_websudo_for_cookie_sessions_but_not_for_delete(confluence):
    s = cookie_session(confluence)
    headers = {"Accept": "application/json"}
    r = s.get(confluence.base_url + "/rest/applinks/1.0/applicationlink", headers=headers, verify=confluence.ca_file)
    assert r.status_code == 401 and r.json() == WEBSUDO
    r = s.delete(confluence.base_url + "/rest/applinks/1.0/applicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a",
                 headers=headers, verify=confluence.ca_file)
    assert r.status_code == 404 and r.json() == {"status-code": 404, "message": "applinks.notfound"}


def test_legacy_al_parameters(confluence):
    c = confluence.client(auth=None)
    ok = c.get("/rest/applinks/1.0/listApplicationlinks", params={"al_username": "manager", "al_password": "manager"})
    assert ok.status_code == 200
    bad = c.get("/rest/applinks/1.0/listApplicationlinks", params={"al_username": "manager", "al_password": "x"})
    assert bad.status_code == 401 and bad.json() == ADMIN_ONLY


def test_put_creates_201_then_updates_200(confluence):
    c = confluence.client()
    url = f"https://{uniq('v1')}.example.com/"
    link_id, name = generic_id(url), uniq("v1")
    r = v1_put(c, link_id, "generic", name, url)
    href = f"{confluence.base_url}/rest/applinks/1.0/applicationlink/{link_id}"
    assert r.status_code == 201
    assert r.json() == {"status-code": 201, "resources-created": [{"href": href, "rel": "self"}]}
    assert "Location" not in r.headers
    got = c.get(f"/rest/applinks/1.0/applicationlink/{link_id}").json()
    assert got["id"] == link_id and got["name"] == name and got["rpcUrl"] == url.rstrip("/")
    assert got["link"] == [{"href": href, "rel": "self"}] and got["isSystem"] is False
    r = v1_put(c, link_id, "generic", name + "-renamed", url)
    assert r.status_code == 200
    assert r.json() == {"status-code": 200, "resources-updated": [{"href": href, "rel": "self"}]}
    assert c.get(f"/rest/applinks/1.0/applicationlink/{link_id}").json()["name"] == name + "-renamed"


def test_v1_applicationlink_also_answers_under_3_0(confluence):
    """REST reference §12.4: PUT, GET and DELETE of the v1 resource under 3.0; JSON link arrays without a wrapper."""
    c = confluence.client()
    url = f"https://{uniq('v13')}.example.com"
    link_id, name = generic_id(url), uniq("v13")
    href = f"{confluence.base_url}/rest/applinks/3.0/applicationlink/{link_id}"
    body = {"id": link_id, "typeId": "generic", "name": name, "rpcUrl": url, "displayUrl": url}
    r = c.put(f"/rest/applinks/3.0/applicationlink/{link_id}", body)
    assert r.status_code == 201, r.text
    assert r.json() == {"status-code": 201, "resources-created": [{"href": href, "rel": "self"}]}
    got = c.get(f"/rest/applinks/3.0/applicationlink/{link_id}")
    assert got.status_code == 200 and got.json()["name"] == name
    r = c.put(f"/rest/applinks/3.0/applicationlink/{link_id}", dict(body, name=name + "-2"))
    assert r.status_code == 200
    assert r.json() == {"status-code": 200, "resources-updated": [{"href": href, "rel": "self"}]}
    r = c.delete(f"/rest/applinks/3.0/applicationlink/{link_id}")
    assert r.status_code == 200 and r.json() == {"status-code": 200, "message": "applinks.deleted"}
    assert c.get(f"/rest/applinks/3.0/applicationlink/{link_id}").status_code == 500


def test_put_stores_under_the_body_id(confluence):
    c = confluence.client()
    path_id, body_id = "11111111-2222-3333-4444-555555555555", "11111111-2222-3333-4444-666666666666"
    url = f"https://{uniq('body')}.example.com"
    r = c.put(f"/rest/applinks/1.0/applicationlink/{path_id}",
              {"id": body_id, "typeId": "generic", "name": uniq(), "rpcUrl": url, "displayUrl": url})
    assert r.status_code == 201 and body_id in r.text
    assert c.get(f"/rest/applinks/1.0/applicationlink/{path_id}").status_code == 500
    assert c.get(f"/rest/applinks/1.0/applicationlink/{body_id}").status_code == 200
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{body_id}").status_code == 200


def test_put_atlassian_fetches_the_remote_manifest(fresh, peer):
    c = fresh.client()
    peer.client().clear_log()
    body = {"id": peer.server_id, "typeId": "jira", "name": uniq("jira"), "rpcUrl": peer.base_url,
            "displayUrl": peer.base_url}
    r = c.put(f"/rest/applinks/1.0/applicationlink/{peer.server_id}", body)
    assert r.status_code == 201
    assert r.json()["resources-created"][0]["href"].endswith(f"/applicationlink/{peer.server_id}")
    assert ("GET", "/jira/rest/applinks/1.0/manifest") in [(e["method"], e["path"]) for e in peer.client().log()]
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{peer.server_id}").status_code == 200
    # Without a body id the service is handed a null id (v1 ApplicationLinkResource): a server error.
    del body["id"]
    assert c.put(f"/rest/applinks/1.0/applicationlink/{peer.server_id}", body).status_code == 500


def test_unknown_id_and_unknown_type(confluence):
    c = confluence.client()
    # REST reference §12.4: an unknown id is a 500 (a null lookup dereferenced), under 1.0 and 3.0
    for ver in ("1.0", "3.0"):
        r = c.get(f"/rest/applinks/{ver}/applicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a")
        assert r.status_code == 500 and r.json()["status-code"] == 500
    assert c.get("/rest/applinks/1.0/applicationlink/not-a-uuid").status_code == 500
    r = c.get("/rest/applinks/1.0/applicationlink/type/nope")
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["No type with id nope installed"]}
    r = c.get("/rest/applinks/1.0/applicationlink/primary/nope")
    assert r.status_code == 400


def _crowd(client):
    """A crowd link through v2 (explicit id, no manifest fetch): the `fresh` instance has no other crowd link."""
    link_id, url = str(uuid.uuid4()), f"https://{uniq('crowd')}.example.com"
    r = client.put("/rest/applinks/2.0/applicationlink",
                   {"id": link_id, "typeId": "crowd", "name": uniq("crowd"), "rpcUrl": url, "displayUrl": url})
    assert r.status_code == 201, r.text
    return link_id


def test_primary_per_type(fresh):
    c = fresh.client()
    r = c.get("/rest/applinks/1.0/applicationlink/primary/crowd")
    assert r.status_code == 404 and r.json() == {"status-code": 404, "message": "applinks.error.noprimary"}
    first, second = _crowd(c), _crowd(c)
    assert c.get("/rest/applinks/1.0/applicationlink/primary/crowd").json()["id"] == first
    r = c.post(f"/rest/applinks/1.0/applicationlink/primary/{second}")
    href = f"{fresh.base_url}/rest/applinks/1.0/applicationlink/{second}"
    assert r.status_code == 200
    assert r.json() == {"status-code": 200, "message": "applinks.primary",
                        "resources-updated": [{"href": href, "rel": "self"}]}
    links = c.get("/rest/applinks/1.0/applicationlink/type/crowd").json()["applicationLinks"]
    assert [l["id"] for l in links if l["isPrimary"]] == [second] and len(links) == 2
    # Deleting the primary hands it to the oldest remaining link; nothing else is deleted.
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{second}").status_code == 200
    assert c.get("/rest/applinks/1.0/applicationlink/primary/crowd").json()["id"] == first
    third = _crowd(c)
    assert c.get(f"/rest/applinks/1.0/applicationlink/{third}").json()["isPrimary"] is False
    r = c.post("/rest/applinks/1.0/applicationlink/primary/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a")
    assert r.status_code == 500  # the service's IllegalArgumentException
    assert c.get(f"/rest/applinks/1.0/applicationlink/{first}").status_code == 200


def test_delete_200_then_404(confluence):
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    r = c.delete(f"/rest/applinks/1.0/applicationlink/{link_id}")
    assert r.status_code == 200 and r.json() == {"status-code": 200, "message": "applinks.deleted"}
    r = c.delete(f"/rest/applinks/1.0/applicationlink/{link_id}")
    assert r.status_code == 404 and r.json() == {"status-code": 404, "message": "applinks.notfound"}


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "applinks.error.name.required"),
    ({"name": "x" * 256}, "applinks.error.name.too.long"),
    ({"rpcUrl": "ftp://example.com"}, "applinks.error.url.invalid: rpcUrl"),
    ({"rpcUrl": "/relative"}, "applinks.error.url.invalid: rpcUrl"),
    ({"displayUrl": "ftp://example.com"}, "applinks.error.url.invalid: displayUrl"),
    ({"typeId": "nope"}, "applinks.type.not.installed"),
])
def test_put_validation(confluence, change, message):
    c = confluence.client()
    url = f"https://{uniq('val')}.example.com"
    body = {"id": generic_id(url), "typeId": "generic", "name": uniq(), "rpcUrl": url, "displayUrl": url}
    body.update(change)
    r = c.put(f"/rest/applinks/1.0/applicationlink/{body['id']}", body)
    assert r.status_code == 400 and r.json() == {"status": 400, "message": [message]}
    assert c.get(f"/rest/applinks/1.0/applicationlink/{body['id']}").status_code == 500


def test_put_malformed_json_is_a_clean_400(confluence):
    r = confluence.client().put("/rest/applinks/1.0/applicationlink/11111111-2222-3333-4444-555555555555",
                                data="{not json")
    assert r.status_code == 400 and r.json()["status"] == 400


def test_duplicate_name_and_rpcurl_change(confluence):
    c = confluence.client()
    first, first_name, _ = create_generic(c)
    second, _, second_url = create_generic(c)
    r = v1_put(c, second, "generic", first_name, second_url)
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.error.duplicate.name"]}
    r = v1_put(c, second, "generic", uniq(), "https://elsewhere.example.com")
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.error.cannot.update.rpcurl"]}


def test_system_links_need_a_sysadmin(confluence):
    c = confluence.client()
    link_id, name, url = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    got = c.get(f"/rest/applinks/1.0/applicationlink/{link_id}").json()
    assert got["isSystem"] is True and "rpcUrl" not in got
    manager = confluence.client(auth=("manager", "manager"))
    r = v1_put(manager, link_id, "generic", name + "x", url)
    assert r.status_code == 403 and r.json()["status-code"] == 403
    assert manager.delete(f"/rest/applinks/1.0/applicationlink/{link_id}").status_code == 403
    assert v1_put(c, link_id, "generic", name + "x", url).status_code == 200
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{link_id}").status_code == 200


def test_put_answers_xml_without_accept(confluence):
    c = confluence.client()
    url = f"https://{uniq('xml')}.example.com"
    link_id = generic_id(url)
    r = c.put(f"/rest/applinks/1.0/applicationlink/{link_id}",
              {"id": link_id, "typeId": "generic", "name": uniq(), "rpcUrl": url, "displayUrl": url},
              headers={"Accept": "*/*"})
    assert r.status_code == 201 and r.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(r.text)
    assert root.tag == "status" and root.findtext("status-code") == "201"
    assert root.find("resources-created/link").attrib == {
        "href": f"{confluence.base_url}/rest/applinks/1.0/applicationlink/{link_id}", "rel": "self"}
    single = c.get(f"/rest/applinks/1.0/applicationlink/{link_id}", headers={"Accept": "*/*"})
    assert ET.fromstring(single.text).tag == "applicationLink"


def test_links_and_identity_survive_a_restart(tmp_path, ca_dir):
    first = testing.start("confluence", tmp_path / "d", ca_dir=ca_dir)
    try:
        link_id, name, _ = create_generic(first.client())
        server_id = first.server_id
    finally:
        first.stop()
    second = testing.start("confluence", tmp_path / "d", ca_dir=ca_dir)
    try:
        c = second.client()
        assert c.get("/rest/applinks/1.0/manifest").json()["id"] == server_id
        got = c.get(f"/rest/applinks/1.0/applicationlink/{link_id}")
        assert got.status_code == 200 and got.json()["name"] == name and got.json()["isPrimary"] is True
    finally:
        second.stop()
