"""Link creation and update as the applinks 9.1.4 classes decide them (issue 14; dcsim/docs/fidelity audit).

Each test names the class that decides the behaviour. They were written against the dcsim before the correction
and failed there.
"""

import pytest

from dcsim.tests.applinks_support import DEAD_URL, create_generic, generic_id, two_way, uniq, v1_put

V2_CREATE = "/rest/applinks/2.0/applicationlink"
V3 = "/rest/applinks/3.0"


def _names(client):
    return [link["name"] for link in client.get("/rest/applinks/1.0/applicationlink").json()["applicationLinks"]]


def _v2_create(client, name, url=None, **extra):
    url = url or f"https://{uniq('app')}.example.com"
    body = {"typeId": "generic", "name": name, "rpcUrl": url, "displayUrl": url}
    body.update(extra)
    return client.put(V2_CREATE, body), url


def test_v2_create_with_a_taken_name_renames_the_new_link(confluence):
    """DefaultApplicationLinkService.addApplicationLink -> findSuitableName: "X", "X - 2", "X - 3"; the root is
    the name as given (String.replace of a regex-looking literal never matches), so "X - 2" becomes "X - 2 - 2"."""
    c = confluence.client()
    name = uniq("Jira")
    for expected in (name, f"{name} - 2", f"{name} - 3"):
        r, url = _v2_create(c, name)
        assert r.status_code == 201, r.text
        link = c.get(f"/rest/applinks/1.0/applicationlink/{generic_id(url)}").json()
        assert link["name"] == expected
    r, url = _v2_create(c, f"{name} - 2")
    assert r.status_code == 201
    assert c.get(f"/rest/applinks/1.0/applicationlink/{generic_id(url)}").json()["name"] == f"{name} - 2 - 2"


def test_v1_put_create_with_a_taken_name_renames_the_new_link(confluence):
    """v1 ApplicationLinkResource.updateApplicationLink creates through addApplicationLink (findSuitableName)."""
    c = confluence.client()
    _, name, _ = create_generic(c)
    url = f"https://{uniq('v1')}.example.com"
    r = v1_put(c, generic_id(url), "generic", name, url)
    assert r.status_code == 201, r.text
    assert c.get(f"/rest/applinks/1.0/applicationlink/{generic_id(url)}").json()["name"] == f"{name} - 2"


def test_create_app_link_with_a_taken_name_renames_the_new_link(confluence):
    """CreateApplicationLinkUIResource.createApplicationLink checks the rpcUrl, not the name."""
    c = confluence.client()
    _, name, _ = create_generic(c)
    url = f"https://{uniq('form')}.example.com"
    body = {"applicationLink": {"typeId": "generic", "name": name, "rpcUrl": url, "displayUrl": url},
            "username": "", "password": "", "createTwoWayLink": False, "customRpcURL": False, "rpcUrl": "",
            "configFormValues": {"trustEachOther": False, "shareUserbase": False}}
    r = c.post("/rest/applinks/1.0/applicationlinkForm/createAppLink", body)
    assert r.status_code == 200, r.text
    assert r.json()["applicationLink"]["name"] == f"{name} - 2"
    again = c.post("/rest/applinks/1.0/applicationlinkForm/createAppLink", body)
    assert again.status_code == 400 and again.json() == {"status": 400, "message": ["applinks.error.rpcurl.exists"]}


def test_parallel_creates_of_one_name_all_succeed_with_suffixes(confluence):
    """Racing creates of one name: every one succeeds and the names are X, X - 2 ... X - 20 (no 400)."""
    import concurrent.futures
    c = confluence.client()
    name = uniq("race")
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda _: _v2_create(c, name)[0].status_code, range(20)))
    assert statuses == [201] * 20
    taken = sorted(n for n in _names(c) if n == name or n.startswith(name + " - "))
    assert taken == sorted([name] + [f"{name} - {i}" for i in range(2, 21)])


def test_reciprocal_link_with_a_taken_name_on_the_remote_is_renamed_there(start_instance):
    """createReciprocalLink sends the local name; the remote's v1 PUT creates it under findSuitableName."""
    here = start_instance("confluence", name="fid-recip-conf")
    there = start_instance("jira", name="fid-recip-jira")
    taken = there.client()
    r, _ = _v2_create(taken, "Confluence")  # the name `here` will ask for
    assert r.status_code == 201
    taken.clear_log()
    r = two_way(here.client(), there)
    assert r.status_code == 200, r.text
    back = taken.get(f"/rest/applinks/1.0/applicationlink/{here.server_id}").json()
    assert back["name"] == "Confluence - 2"
    puts = [e for e in taken.log() if e["method"] == "PUT" and "/applicationlink/" in e["path"]]
    assert len(puts) == 1  # one reciprocal PUT, no retry under another name


def test_v3_put_refuses_another_links_rpc_url_display_url_and_name(jira):
    """DefaultApplinkValidationService.validateDuplicates: name, rpcUrl and displayUrl of another link."""
    c = jira.client()
    _, first_name, first_url = create_generic(c)
    second, second_name, second_url = create_generic(c)
    cases = {"rpcUrl": {"name": second_name, "rpcUrl": first_url, "displayUrl": second_url},
             "displayUrl": {"name": second_name, "rpcUrl": second_url, "displayUrl": first_url},
             "name": {"name": first_name, "rpcUrl": second_url, "displayUrl": second_url}}
    for field, body in cases.items():
        r = c.put(f"{V3}/applinks/{second}", body)
        assert r.status_code == 400, (field, r.text)
        assert [e.get("context") for e in r.json()["errors"]] == [field]
    got = c.get(f"{V3}/applinks/{second}").json()
    assert (got["name"], got["rpcUrl"], got["displayUrl"]) == (second_name, second_url, second_url)


def test_v3_put_refuses_a_system_link_even_for_a_system_administrator(jira):
    """DefaultApplinkValidationService.validateSystemLink: a validation error (400), whoever asks."""
    c = jira.client()
    link_id, name, url = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    try:
        r = c.put(f"{V3}/applinks/{link_id}", {"name": name + "x", "rpcUrl": url, "displayUrl": url})
        assert r.status_code == 400 and r.json()["status"] == 400
        assert c.get(f"{V3}/applinks/{link_id}").json()["name"] == name
    finally:
        c.put(f"/_dcsim/applinks/{link_id}", {"system": False})


def test_missing_display_url_defaults_to_the_rpc_url(confluence):
    """ApplicationLinkDetails.Builder.build: a missing displayUrl takes the rpcUrl (and the other way round)."""
    c = confluence.client()
    url = f"https://{uniq('nodisplay')}.example.com"
    r = c.put(V2_CREATE, {"typeId": "generic", "name": uniq(), "rpcUrl": url})
    assert r.status_code == 201, r.text
    assert c.get(f"/rest/applinks/1.0/applicationlink/{generic_id(url)}").json()["displayUrl"] == url


def test_v1_put_creates_a_link_to_an_unreachable_atlassian_remote(confluence):
    """AppLinksManifestProducer.getManifest never fails: an unreachable remote gets a manifest made up locally,
    so v1 PUT creates the link (no applinks.error.url.application.not.reachable for the built-in types)."""
    c = confluence.client()
    link_id = "2f60ea9b-e392-47de-97d0-868755d8ba1d"
    r = v1_put(c, link_id, "jira", uniq("down"), DEAD_URL)
    assert r.status_code == 201, r.text
    assert c.delete(f"/rest/applinks/1.0/applicationlink/{link_id}").status_code == 200


def test_manifest_of_an_unreachable_link_is_the_types_local_manifest(confluence):
    """ManifestResource.getManifestFor -> AppLinksManifestProducer.createManifest: id of the rpcUrl (REST
    reference §2.8), the type's name, build number 0, url = the rpcUrl."""
    c = confluence.client()
    url = DEAD_URL + "/" + uniq("m")
    r = c.put(V2_CREATE, {"id": "2f60ea9b-e392-47de-97d0-868755d8ba1e", "typeId": "jira", "name": uniq(),
                          "rpcUrl": url, "displayUrl": url})
    assert r.status_code == 201
    try:
        r = c.get("/rest/applinks/1.0/manifest/2f60ea9b-e392-47de-97d0-868755d8ba1e")
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["id"], body["typeId"], body["name"], body["url"], body["buildNumber"]) == (
            generic_id(url), "jira", "Jira", url, 0)
    finally:
        c.delete("/rest/applinks/1.0/applicationlink/2f60ea9b-e392-47de-97d0-868755d8ba1e")


def test_create_app_link_to_an_unreachable_atlassian_remote_uses_the_id_of_its_url(confluence):
    """DefaultApplicationLinkService.createApplicationLink stores the link under the producer's manifest id."""
    c = confluence.client()
    url = DEAD_URL + "/" + uniq("f")
    body = {"applicationLink": {"typeId": "jira", "name": uniq("Jira"), "rpcUrl": url, "displayUrl": url},
            "username": "", "password": "", "createTwoWayLink": False, "customRpcURL": False, "rpcUrl": "",
            "configFormValues": {"trustEachOther": False, "shareUserbase": False}}
    r = c.post("/rest/applinks/1.0/applicationlinkForm/createAppLink", body)
    assert r.status_code == 200, r.text
    assert r.json()["applicationLink"]["id"] == generic_id(url)
    c.delete(f"/rest/applinks/1.0/applicationlink/{generic_id(url)}")


def test_links_of_a_type_list_the_primary_first(start_instance):
    """DefaultApplicationLinkService.getApplicationLinks(type) sorts the primary link first."""
    inst = start_instance("jira", name="fid-primary-first")
    c = inst.client()
    first, _, _ = create_generic(c)
    second, _, _ = create_generic(c)
    assert c.post(f"/rest/applinks/1.0/applicationlink/primary/{second}").status_code == 200
    ids = [link["id"] for link in c.get("/rest/applinks/1.0/applicationlink/type/generic").json()["applicationLinks"]]
    assert ids == [second, first]


def test_v1_v2_error_keys_of_the_resources(confluence):
    """v1/v2 ApplicationLinkResource: the i18n keys they answer with (dcsim renders keys, not translations)."""
    c = confluence.client()
    manager = confluence.client(auth=("manager", "manager"))
    link_id, name, url = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    try:
        sysadmin_only = {"status-code": 403, "message": "applinks.error.only.sysadmin.operation"}
        assert manager.put(f"/rest/applinks/1.0/applicationlink/{link_id}",
                           {"id": link_id, "typeId": "generic", "name": name, "rpcUrl": url}).json() == sysadmin_only
        assert manager.post(f"/rest/applinks/2.0/applicationlink/{link_id}",
                            {"typeId": "generic", "name": name, "rpcUrl": url}).json() == sysadmin_only
        assert manager.delete(f"/rest/applinks/1.0/applicationlink/{link_id}").json() == sysadmin_only
    finally:
        c.put(f"/_dcsim/applinks/{link_id}", {"system": False})
    r = c.post("/rest/applinks/2.0/applicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a",
               {"typeId": "generic", "name": "x", "rpcUrl": url})
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.notfound"]}
    r = c.put(V2_CREATE, {"typeId": "nope", "name": uniq(), "rpcUrl": url})
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.type.not.installed"]}


@pytest.mark.parametrize("field", ["name", "rpcUrl"])
def test_v1_update_still_refuses_a_taken_name_and_an_rpc_url_change(confluence, field):
    """v1 updateApplicationLink: isNameInUse -> 400 applinks.error.duplicate.name; rpcUrl -> cannot.update."""
    c = confluence.client()
    _, first_name, _ = create_generic(c)
    second, _, second_url = create_generic(c)
    body = {"name": first_name} if field == "name" else {"name": uniq(), "rpcUrl": "https://moved.example.com"}
    r = v1_put(c, second, "generic", body["name"], body.get("rpcUrl", second_url))
    expected = "applinks.error.duplicate.name" if field == "name" else "applinks.error.cannot.update.rpcurl"
    assert r.status_code == 400 and r.json() == {"status": 400, "message": [expected]}
