"""Applinks v2 (REST reference §3): create under 2.0 and 3.0, update, delete, authentication providers, concurrency."""

import concurrent.futures
import uuid
import xml.etree.ElementTree as ET

import pytest

from dcsim.tests.applinks_support import create_generic, generic_id, uniq

OAUTH = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
TWO_LOI = "com.atlassian.applinks.api.auth.types.TwoLeggedOAuthWithImpersonationAuthenticationProvider"
TERRAFORM = "https://terraform.example.com/app/my-org"


@pytest.fixture(scope="module")
def bitbucket(start_instance):
    return start_instance("bitbucket", name="v2-bitbucket")


def test_generic_create_under_3_0_matches_the_contract_example(bitbucket):
    """REST reference §3.3: 201, XML status body without Accept, id from §2.8; delete with v3 (204)."""
    c = bitbucket.client()
    r = c.put("/rest/applinks/3.0/applicationlink",
              {"id": None, "name": "FOO", "rpcUrl": TERRAFORM + "/", "displayUrl": TERRAFORM, "typeId": "generic"},
              headers={"Accept": "*/*"})
    assert r.status_code == 201
    root = ET.fromstring(r.text)
    assert root.tag == "status" and root.findtext("status-code") == "201"
    assert root.find("resources-created/link").attrib == {
        "href": f"{bitbucket.base_url}/rest/applinks/3.0/applicationlink/e94a6efa-f3e9-33a8-8322-6d4e02b9f883",
        "rel": "self"}
    again = c.put("/rest/applinks/3.0/applicationlink",
                  {"name": "FOO2", "rpcUrl": TERRAFORM, "displayUrl": TERRAFORM, "typeId": "generic"})
    assert again.status_code == 400 and again.json() == {"status": 400, "message": ["applinks.error.duplicate.url"]}
    assert c.delete("/rest/applinks/3.0/applinks/e94a6efa-f3e9-33a8-8322-6d4e02b9f883").status_code == 204


def test_create_201_json_body_and_generated_id(confluence):
    c = confluence.client()
    url = f"https://{uniq('v2')}.example.com/app/"
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"typeId": "generic", "name": uniq(), "rpcUrl": url, "displayUrl": url, "id": str(uuid.uuid4())})
    link_id = generic_id(url)
    assert r.status_code == 201
    assert r.json() == {"status-code": 201, "resources-created": [
        {"href": f"{confluence.base_url}/rest/applinks/2.0/applicationlink/{link_id}", "rel": "self"}]}
    assert link_id[14] == "3"  # the version-3 nibble
    assert c.get(f"/rest/applinks/2.0/applicationlink/{link_id}").json()["typeId"] == "generic"


def test_atlassian_create_uses_the_given_id_without_fetching(confluence):
    c = confluence.client()
    link_id, url = str(uuid.uuid4()), f"https://{uniq('jira')}.invalid"
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"id": link_id, "typeId": "jira", "name": uniq(), "rpcUrl": url, "displayUrl": url})
    assert r.status_code == 201 and r.json()["resources-created"][0]["href"].endswith(link_id)
    assert c.delete(f"/rest/applinks/2.0/applicationlink/{link_id}").json() == {"status-code": 200,
                                                                                "message": "applinks.deleted"}


@pytest.mark.parametrize("body, message", [
    ({"typeId": "nope"}, "applinks.type.not.installed"),
    ({"name": None}, "applinks.error.name.required"),
    ({"rpcUrl": "example.com"}, "applinks.error.url.invalid: rpcUrl"),
    ({"id": "not-a-uuid", "typeId": "jira"}, "applinks.error.id.invalid"),
])
def test_create_validation(confluence, body, message):
    url = f"https://{uniq()}.example.com"
    full = {"typeId": "generic", "name": uniq(), "rpcUrl": url, "displayUrl": url}
    full.update(body)
    r = confluence.client().put("/rest/applinks/2.0/applicationlink", full)
    assert r.status_code == 400 and r.json() == {"status": 400, "message": [message]}


def test_update_by_post(confluence):
    c = confluence.client()
    link_id, name, url = create_generic(c)
    _, other_name, _ = create_generic(c)
    path = f"/rest/applinks/2.0/applicationlink/{link_id}"
    r = c.post(path, {"typeId": "generic", "name": name + "-new", "rpcUrl": url, "displayUrl": url + "/ui"})
    assert r.status_code == 200
    assert r.json() == {"status-code": 200, "resources-updated": [
        {"href": f"{confluence.base_url}{path}", "rel": "self"}]}
    got = c.get(path).json()
    assert (got["name"], got["displayUrl"]) == (name + "-new", url + "/ui")
    r = c.post("/rest/applinks/2.0/applicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a", {"typeId": "generic"})
    assert r.status_code == 400 and r.json()["status"] == 400 and isinstance(r.json()["message"], list)
    r = c.post(path, {"typeId": "generic", "name": name, "rpcUrl": "https://moved.example.com"})
    assert r.status_code == 400 and r.json()["message"] == ["applinks.error.cannot.update.rpcurl"]
    r = c.post(path, {"typeId": "generic", "name": other_name, "rpcUrl": url})
    assert r.status_code == 400 and r.json()["message"] == ["applinks.error.duplicate.name"]
    r = c.post(path, {"name": "no-type"})
    assert r.status_code == 400 and r.json()["message"] == ["applinks.type.not.installed"]


def test_v1_gets_primary_and_delete_under_2_0(confluence):
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    assert c.get("/rest/applinks/2.0/applicationlink").status_code == 200
    assert c.get("/rest/applinks/2.0/applicationlink/type/generic").status_code == 200
    assert c.post(f"/rest/applinks/2.0/applicationlink/primary/{link_id}").status_code == 200
    assert c.get("/rest/applinks/2.0/applicationlink/primary/generic").json()["id"] == link_id
    assert c.delete(f"/rest/applinks/2.0/applicationlink/{link_id}").status_code == 200
    assert c.get(f"/rest/applinks/2.0/applicationlink/{link_id}").status_code == 500


def test_authentication_providers(confluence):
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    base = f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider"
    assert c.get(base).json() == {"authenticationProviders": []}
    config = {"consumerKey.outbound": "dcsim", "serviceProvider.requestTokenUrl": "https://sp.example.com/rt",
              "serviceProvider.accessTokenUrl": "https://sp.example.com/at",
              "serviceProvider.authorizeUrl": "https://sp.example.com/auth"}
    r = c.put(base, {"provider": OAUTH, "config": config})
    assert r.status_code == 201
    assert r.json()["resources-created"][0]["href"] == f"applicationlink/{link_id}/authentication/{OAUTH}"
    entries = c.get(base).json()["authenticationProviders"]
    assert len(entries) == 1 and entries[0]["provider"] == OAUTH and entries[0]["config"] == config
    assert entries[0]["module"] and entries[0]["link"][0]["rel"] == "self"
    assert c.get(f"{base}/{OAUTH}").json()["authenticationProviders"][0]["provider"] == OAUTH
    assert c.get(f"{base}/{TWO_LOI}").json() == {"authenticationProviders": []}
    r = c.put(base, {"provider": "com.example.Nope", "config": {}})
    assert r.status_code == 400 and r.json()["status"] == 400
    manager = confluence.client(auth=("manager", "manager"))
    assert manager.put(base, {"provider": TWO_LOI, "config": {}}).status_code == 400
    assert c.put(base, {"provider": TWO_LOI, "config": {}}).status_code == 201
    unknown = c.get("/rest/applinks/2.0/applicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a/authentication/provider")
    assert unknown.status_code == 404 and unknown.json() == {"status-code": 404, "message": "applinks.notfound"}


def test_parallel_distinct_creates_all_succeed(confluence):
    c = confluence.client()
    prefix = uniq("par")
    bodies = [{"typeId": "generic", "name": f"{prefix}-{i}", "rpcUrl": f"https://{prefix}-{i}.example.com",
               "displayUrl": f"https://{prefix}-{i}.example.com"} for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda b: c.put("/rest/applinks/2.0/applicationlink", b).status_code, bodies))
    assert statuses == [201] * 20
    names = [l["name"] for l in c.get("/rest/applinks/1.0/applicationlink").json()["applicationLinks"]]
    assert sum(n.startswith(prefix) for n in names) == 20
