"""Applinks v3 (REST reference §4): applinks, synthetic OAuth 2.0 entries, status/{id}/oauth, status basics,
capabilities and features."""

import pytest

from dcsim.tests.applinks_support import DEAD_URL, create_generic, oauth_level, uniq, v1_put

V3 = "/rest/applinks/3.0"
OFF = oauth_level(False, False, False)


@pytest.fixture(scope="module")
def inst(start_instance):
    """A Jira of its own: these tests switch features, so they must not disturb the session instances."""
    return start_instance("jira", name="v3-jira")


def test_auth_errors_use_the_v3_body(inst):
    r = inst.client(auth=None).get(V3 + "/applinks")
    assert r.status_code == 401 and r.json()["status"] == 401 and r.json()["errors"][0]["summary"]
    r = inst.client(auth=("user", "user")).get(V3 + "/applinks")
    assert r.status_code == 403 and r.json()["status"] == 403 and len(r.json()["errors"]) == 1
    assert inst.client(auth=("manager", "manager")).get(V3 + "/applinks").status_code == 200


def test_list_with_properties_and_data(inst):
    c = inst.client()
    link_id, name, url = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"properties": {"colour": "blue"}}).status_code == 200
    r = c.get(V3 + "/applinks", params=[("property", "colour"), ("property", "missing"), ("data", "atlassian"),
                                        ("data", "iconUri"), ("data", "configUrl"), ("data", "editable")])
    assert r.status_code == 200 and isinstance(r.json(), list)
    entry = next(e for e in r.json() if e["id"] == link_id)
    assert entry == {"id": link_id, "name": name, "displayUrl": url, "rpcUrl": url, "type": "generic",
                     "system": False, "primary": entry["primary"],
                     "properties": {"colour": "blue", "missing": None},
                     "data": {"atlassian": False, "iconUri": entry["data"]["iconUri"], "configUrl": None,
                              "editable": True}}
    plain = c.get(f"{V3}/applinks/{link_id}").json()
    assert plain["properties"] == {} and plain["data"] == {}
    assert c.get(V3.replace("3.0", "latest") + f"/applinks/{link_id}").status_code == 200


def test_get_put_delete(inst):
    c = inst.client()
    link_id, name, url = create_generic(c)
    r = c.put(f"{V3}/applinks/{link_id}", {"id": "ignored", "name": name + "-v3", "rpcUrl": url + "/moved",
                                           "displayUrl": url + "/ui", "primary": True, "type": "jira",
                                           "system": True, "status": "ignored"})
    assert r.status_code == 200
    assert r.json() == {"id": link_id, "name": name + "-v3", "displayUrl": url + "/ui", "rpcUrl": url + "/moved",
                        "type": "generic", "system": False, "primary": True}
    r = c.put(f"{V3}/applinks/{link_id}", {"name": name})
    assert r.status_code == 400 and r.json()["status"] == 400 and r.json()["errors"][0]["summary"]
    assert c.delete(f"{V3}/applinks/{link_id}").status_code == 204
    r = c.delete(f"{V3}/applinks/{link_id}")
    assert r.status_code == 404 and r.json()["status"] == 404
    assert c.get(f"{V3}/applinks/{link_id}").status_code == 404
    assert c.get(f"{V3}/applinks/not-a-uuid").status_code == 400


def test_synthetic_oauth2_entries_follow_the_v4_ui_feature(inst):
    c = inst.client()
    r = c.post("/rest/oauth2/latest/client",
               {"name": uniq("oauth2"), "redirects": ["https://peer.example.com/cb"], "scope": "READ"})
    assert r.status_code == 200, r.text
    client_id = r.json()["id"]
    entries = {e["id"]: e for e in c.get(V3 + "/applinks").json()}
    assert entries[client_id]["type"] == "generic" and entries[client_id]["rpcUrl"] == "https://peer.example.com"
    assert c.get(f"{V3}/applinks/{client_id}").status_code == 404
    assert c.delete(f"{V3}/applinks/{client_id}").status_code == 404
    # V4_UI is a system feature: on, and no REST call switches it off (test_fidelity_features)
    assert c.get(V3 + "/features/V4_UI").json() == {"V4_UI": True}


def test_features_under_latest(inst):
    """The feature rules themselves: test_fidelity_features."""
    c = inst.client()
    assert c.put("/rest/applinks/latest/features/TEST_NON_SYSTEM").json() == {"TEST_NON_SYSTEM": True}
    assert c.delete("/rest/applinks/latest/features/TEST_NON_SYSTEM").status_code == 204
    assert c.get("/rest/applinks/latest/features/TEST_NON_SYSTEM").json() == {"TEST_NON_SYSTEM": False}


def test_capabilities(inst, jira):
    c = inst.client()
    assert c.get(V3 + "/capabilities").json() == ["STATUS_API", "MIGRATION_API"]
    assert c.get(V3 + "/capabilities/STATUS_API").json() == ["STATUS_API"]
    r = c.get(V3 + "/capabilities/NOPE")
    assert r.status_code == 404 and r.json()["status"] == 404
    link_id = jira.server_id
    assert v1_put(c, link_id, "jira", uniq("peer"), jira.base_url).status_code == 201
    remote = c.get(f"{V3}/capabilities/remote/{link_id}", params={"maxAge": 1, "timeUnit": "HOURS"}).json()
    assert remote["capabilities"] == ["STATUS_API", "MIGRATION_API"] and "error" not in remote
    assert remote["applinksVersion"] == {"versionString": "10.0.6", "major": 10, "minor": 0, "bugfix": 6}
    assert remote["applicationVersion"]["versionString"] == "10.3.12"
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{link_id}").status_code == 200
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"id": "0d6f0000-0000-4000-8000-000000000001", "typeId": "jira", "name": uniq("dead"),
               "rpcUrl": DEAD_URL, "displayUrl": DEAD_URL})
    assert r.status_code == 201
    dead = c.get(f"{V3}/capabilities/remote/0d6f0000-0000-4000-8000-000000000001").json()
    assert dead["capabilities"] == [] and dead["error"]["category"] == "NETWORK_ERROR"
    assert dead["error"]["type"] == "CONNECTION_REFUSED"
    assert c.get(f"{V3}/capabilities/remote/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a").status_code == 404


@pytest.fixture()
def to_jira(inst, jira):
    """A generic link from `inst` to the session Jira (whose consumer-info is real), removed afterwards."""
    c = inst.client()
    link_id, _, _ = create_generic(c, url=jira.base_url)
    yield link_id
    c.delete(f"{V3}/applinks/{link_id}")


@pytest.mark.parametrize("given, stored", [
    (oauth_level(False, True, True), OFF),
    (oauth_level(True, False, True), oauth_level(True, True, True)),
    (oauth_level(True, True, False), oauth_level(True, True, False)),
    ({"enabled": True}, oauth_level(True, False, False)),
])
def test_oauth_status_normalisation(inst, to_jira, given, stored):
    """REST reference §4.2 table, on both directions. Enabling incoming fetches the remote's consumer-info."""
    c = inst.client()
    path = f"{V3}/status/{to_jira}/oauth"
    assert c.get(path).json() == {"incoming": OFF, "outgoing": OFF}
    r = c.put(path, {"incoming": given, "outgoing": given})
    assert r.status_code == 204 and r.text == ""
    assert c.get(path).json() == {"incoming": stored, "outgoing": stored}


def test_oauth_status_put_errors(inst, to_jira):
    c, manager = inst.client(), inst.client(auth=("manager", "manager"))
    path = f"{V3}/status/{to_jira}/oauth"
    r = c.put(path, {"incoming": oauth_level()})
    assert r.status_code == 400 and r.json()["status"] == 400
    r = c.put(path, data="{broken")
    assert r.status_code == 500 and r.json()["status"] == 500
    r = manager.put(path, {"incoming": OFF, "outgoing": oauth_level(True, True, True)})
    assert r.status_code == 403 and r.json()["status"] == 403
    assert manager.put(path, {"incoming": oauth_level(), "outgoing": oauth_level()}).status_code == 204
    assert c.put(f"{V3}/status/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a/oauth",
                 {"incoming": OFF, "outgoing": OFF}).status_code == 404
    assert inst.client(auth=None).put(path, {"incoming": OFF, "outgoing": OFF}).status_code == 401
    dead_id, _, _ = create_generic(c, url=DEAD_URL + f"/{uniq('d')}")
    r = c.put(f"{V3}/status/{dead_id}/oauth", {"incoming": oauth_level(), "outgoing": OFF})
    assert r.status_code == 409
    assert r.json()["errors"][0]["summary"] == ("Public key for remote host unavailable and no cached credentials "
                                                "exist")
    assert c.get(f"{V3}/status/{dead_id}/oauth").json() == {"incoming": OFF, "outgoing": OFF}  # nothing written
    # Outgoing alone needs nothing from the remote.
    assert c.put(f"{V3}/status/{dead_id}/oauth", {"incoming": OFF, "outgoing": oauth_level()}).status_code == 204


def test_status_basics(inst):
    c = inst.client()
    link_id, _, _ = create_generic(c)
    r = c.get(f"{V3}/status/{link_id}")
    assert r.status_code == 200
    body = r.json()
    assert body["working"] is False and body["error"] == {"category": "NON_ATLASSIAN", "type": "GENERIC_LINK"}
    assert body["link"]["id"] == link_id and body["localAuthentication"] == {"incoming": OFF, "outgoing": OFF}
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"id": "0d6f0000-0000-4000-8000-0000000000aa", "typeId": "bamboo", "name": uniq("bamboo"),
               "rpcUrl": DEAD_URL, "displayUrl": DEAD_URL})
    assert r.status_code == 201
    body = c.get(f"{V3}/status/0d6f0000-0000-4000-8000-0000000000aa").json()
    # No answer from the remote and no outgoing 3LO/2LOi to try the older status strategies with
    assert body["working"] is False and body["error"] == {"category": "INCOMPATIBLE", "type": "NO_OUTGOING_AUTH"}
    assert "remoteAuthentication" not in body
    assert c.get(f"{V3}/status/{link_id}", params={"authorisationCallback": "relative/x"}).status_code == 400
    assert c.get(f"{V3}/status/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a").status_code == 404
    r = inst.client(auth=None).get(f"{V3}/status/{link_id}")
    assert r.status_code == 401 and r.json()["status"] == 401
