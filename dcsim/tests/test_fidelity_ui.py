"""The v1 admin-UI resources as the applinks 9.1.4 classes decide them (issue 14; the fidelity audit).

Written against the dcsim before the correction; they failed there.
"""

import pytest

from dcsim.tests.applinks_support import DEAD_URL, create_generic, two_way, uniq

V1 = "/rest/applinks/1.0"
FORM = V1 + "/applicationlinkForm"
UNKNOWN = "6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a"


@pytest.fixture(scope="module")
def here(start_instance):
    return start_instance("confluence", name="ui-fid-conf")


@pytest.fixture(scope="module")
def there(start_instance):
    return start_instance("jira", name="ui-fid-jira")


def _atlassian_link(client, remote_url, link_id, type_id="jira", display_url=None):
    r = client.put("/rest/applinks/2.0/applicationlink", {"id": link_id, "typeId": type_id, "name": uniq(),
                                                          "rpcUrl": remote_url,
                                                          "displayUrl": display_url or remote_url})
    assert r.status_code == 201, r.text


def test_link_states_exist_only_per_id(here):
    """ApplicationLinkStatesUIResource has only id/{id}; an unknown id is a 500 with its key."""
    c = here.client()
    assert c.get(f"{V1}/listApplicationlinkstates").status_code == 404
    r = c.get(f"{V1}/listApplicationlinkstates/id/{UNKNOWN}")
    assert r.status_code == 500
    assert r.json() == {"status-code": 500, "message": "applinks.error.retrieving.application.link.list"}


def test_link_state_is_a_get_of_the_remote_base_url_then_its_manifest(here, there):
    """OK when the base URL answers and the manifest carries the link's id; UPGRADED_TO_UAL when another id
    (applinks 3+) answers at that URL; OFFLINE when the base URL does not answer."""
    c = here.client()
    _atlassian_link(c, there.base_url, there.server_id)
    assert c.get(f"{V1}/listApplicationlinkstates/id/{there.server_id}").json() == {"appLinkState": "OK"}
    moved = "0d6f0000-0000-4000-8000-00000000a11a"
    c.delete(f"{V1}/applicationlink/{moved}")
    r = c.put("/rest/applinks/2.0/applicationlink", {"id": moved, "typeId": "jira", "name": uniq(),
                                                     "rpcUrl": there.base_url + "/", "displayUrl": there.base_url})
    assert r.status_code == 201
    assert c.get(f"{V1}/listApplicationlinkstates/id/{moved}").json() == {"appLinkState": "UPGRADED_TO_UAL"}
    there.client().clear_log()
    c.get(f"{V1}/listApplicationlinkstates/id/{there.server_id}")
    assert ("GET", "/jira/") in [(e["method"], e["path"]) for e in there.client().log()] or \
        ("GET", "/jira") in [(e["method"], e["path"]) for e in there.client().log()]
    c.delete(f"{V1}/applicationlink/{there.server_id}")
    c.delete(f"{V1}/applicationlink/{moved}")


def test_application_link_info_of_an_unknown_id_is_a_500(here):
    """ApplicationLinkInfoResource counts the entity links of the link before its null check (a 500)."""
    assert here.client().get(f"{V1}/applicationlinkInfo/id/{UNKNOWN}").status_code == 500


def test_application_link_info_lists_every_installed_provider(here):
    """configuredAuthProviders are the enabled provider modules, not the link's; remoteEntityTypes repeat the
    host's (the resource filters both lists by the host's type)."""
    c = here.client()
    link_id, _, _ = create_generic(c)
    info = c.get(f"{V1}/applicationlinkInfo/id/{link_id}").json()
    assert "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider" in info["configuredAuthProviders"]
    assert info["hostEntityTypes"] == info["remoteEntityTypes"] == ["confluence.space"]


def test_relocate_takes_the_display_url_from_the_manifest_at_the_new_url(here, there):
    """RelocateApplicationLinkUIResource: rpcUrl = newUrl, displayUrl = the url of the manifest found there."""
    c = here.client()
    link_id = "0d6f0000-0000-4000-8000-00000000a11b"
    c.delete(f"{V1}/applicationlink/{link_id}")
    _atlassian_link(c, DEAD_URL + "/old", link_id)
    internal = there.base_url.replace("127.0.0.1", "localhost")
    r = c.post(f"{V1}/relocateApplicationlink/{link_id}", params={"newUrl": internal})
    assert r.status_code == 204, r.text
    got = c.get(f"{V1}/applicationlink/{link_id}").json()
    assert (got["rpcUrl"], got["displayUrl"]) == (internal, there.base_url)
    c.delete(f"{V1}/applicationlink/{link_id}")


def test_relocate_error_answers(here):
    """Non-sysadmin: 403 only.sysadmin.operation; a URL that does not parse: 500; a type mismatch: 400 text."""
    c = here.client()
    link_id, _, _ = create_generic(c)
    r = here.client(auth=("manager", "manager")).post(f"{V1}/relocateApplicationlink/{link_id}",
                                                      params={"newUrl": DEAD_URL})
    assert r.json() == {"status-code": 403, "message": "applinks.error.only.sysadmin.operation"}
    assert c.post(f"{V1}/relocateApplicationlink/{link_id}", params={"newUrl": "not a url"}).status_code == 500
    r = c.post(f"{V1}/relocateApplicationlink/{link_id}", params={"newUrl": here.base_url})
    assert r.status_code == 400 and r.text == "applinks.error.relocate.type"


def test_authentication_info_is_served_only_with_a_url_segment(here, there):
    """AuthenticationResource: id/{applinkId}/url/{url:.*} (the url query parameter wins); no id/{id} alone;
    a mismatch is a 404 with an empty message."""
    c = here.client()
    assert c.get(f"{V1}/authenticationinfo/id/{there.server_id}", params={"url": there.base_url}).status_code == 404
    ok = c.get(f"{V1}/authenticationinfo/id/{there.server_id}/url/", params={"url": there.base_url})
    assert ok.status_code == 200
    r = c.get(f"{V1}/authenticationinfo/id/{UNKNOWN}/url/", params={"url": there.base_url})
    assert r.status_code == 404 and r.json() == {"status-code": 404, "message": ""}


def test_form_manifest_answers(here, there):
    """CreateApplicationLinkUIResource.tryToFetchManifest: blank -> applinks.error.rpcurl; an answer without a
    manifest -> 200 and an empty responseInfo; an existing link is compared by its display URL (409 error list)."""
    c = here.client()
    r = c.get(FORM + "/manifest", params={"url": ""})
    assert r.json() == {"status": 400, "message": ["applinks.error.rpcurl"]}
    r = c.get(FORM + "/manifest", params={"url": there.base_url + "/rest/api/latest"})
    assert r.status_code == 200 and r.json() == {}
    internal = there.base_url.replace("127.0.0.1", "localhost")
    _atlassian_link(c, internal, there.server_id, display_url=there.base_url)  # same display URL, other rpcUrl
    try:
        r = c.get(FORM + "/manifest", params={"url": there.base_url})
        assert r.status_code == 409
        assert r.json() == {"status": 409, "message": ["applinks.error.applink.exists"]}
    finally:
        c.delete(f"{V1}/applicationlink/{there.server_id}")
    r = c.get(FORM + "/manifest", params={"url": DEAD_URL})
    assert r.json() == {"code": "applinks.warning.unknown.host", "warning": "applinks.warning.unknown.host.new"}


def test_permission_of_a_plain_user_is_a_code_not_a_401(here):
    """PermissionResource has no admin interceptor: a logged-in user gets NO_PERMISSION; the local checks carry
    no url; an unknown link of a reciprocal check is a 404."""
    c = here.client()
    link_id, _, _ = create_generic(c)
    user = here.client(auth=("user", "user"))
    assert user.get(f"{V1}/permission/delete-application/{link_id}").json() == {"code": "NO_PERMISSION"}
    assert c.get(f"{V1}/permission/delete-application/{link_id}").json() == {"code": "ALLOWED"}
    assert c.get(f"{V1}/permission/reciprocate-application-delete/{UNKNOWN}").status_code == 404


def test_reciprocal_permission_asks_the_remotes_permission_resource(start_instance):
    """checkPermissionFor: GET {rpcUrl}/rest/applinks/1.0/permission/delete-application/{our id} as the user."""
    a = start_instance("confluence", name="ui-fid-perm-a")
    b = start_instance("jira", name="ui-fid-perm-b")
    r = two_way(a.client(), b, share=True)  # impersonation: the remote sees the calling user
    assert r.status_code == 200 and r.json()["autoConfigurationSuccessful"] is True, r.text
    b.client().clear_log()
    got = a.client().get(f"{V1}/permission/reciprocate-application-delete/{b.server_id}").json()
    assert got == {"code": "ALLOWED"}
    calls = [(e["method"], e["path"]) for e in b.client().log()]
    assert ("GET", f"/jira/rest/applinks/1.0/permission/delete-application/{a.server_id}") in calls


def test_details_asks_the_remote_to_check_our_rpc_url(here, there):
    """verifyTwoWayLinkDetails: the remote checks the URL it would use for us (authenticationinfo/id/../url/..)."""
    c = here.client()
    there.client().clear_log()
    body = {"username": "admin", "password": "admin", "remoteUrl": there.base_url, "rpcUrl": here.base_url}
    assert c.post(FORM + "/details", body).status_code == 200
    paths = [e["path"] for e in there.client().log()]
    assert any(p.startswith(f"/jira/rest/applinks/1.0/authenticationinfo/id/{here.server_id}/url/") for p in paths)
    r = c.post(FORM + "/details", dict(body, rpcUrl=there.base_url))
    assert r.status_code == 400 and r.json() == {"status": 400,
                                                 "message": ["applinks.error.url.reciprocal.rpc.url.invalid"]}
