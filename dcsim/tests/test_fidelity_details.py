"""Smaller behaviours of the applinks 9.1.4 resources found by the fidelity audit (issue 14).

Written against the dcsim before the correction; they failed there.
"""

from dcsim.tests.applinks_support import create_generic

V1 = "/rest/applinks/1.0"
UNKNOWN = "6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a"


def test_make_primary_of_an_unknown_link_is_a_500_and_ignores_the_system_flag(confluence):
    """v1 makePrimary calls the service, which throws IllegalArgumentException for an unknown id (a 500); no
    system-link check."""
    c = confluence.client()
    assert c.post(f"{V1}/applicationlink/primary/{UNKNOWN}").status_code == 500
    link_id, _, _ = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    try:
        r = confluence.client(auth=("manager", "manager")).post(f"{V1}/applicationlink/primary/{link_id}")
        assert r.status_code == 200, r.text
    finally:
        c.put(f"/_dcsim/applinks/{link_id}", {"system": False})


def test_static_url_link_of_another_type_is_a_500(confluence):
    """createStaticUrlAppLink casts the type to a static-URL type."""
    r = confluence.client().post(V1 + "/applicationlinkForm/createStaticUrlAppLink", params={"typeId": "jira"})
    assert r.status_code == 500


def test_authentication_self_links_are_relative(confluence):
    """v2 getConfiguredProviders and OAuthApplicationLinkResource build their self links as relative URIs."""
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    provider = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
    base = f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider"
    assert c.put(base, {"provider": provider, "config": {}}).status_code == 201
    [entry] = c.get(base).json()["authenticationProviders"]
    assert entry["link"] == [{"href": f"applicationlink/{link_id}/authentication/provider", "rel": "self"}]
    auth = c.get(f"/rest/applinks-oauth/1.0/applicationlink/{link_id}/authentication").json()
    assert auth["link"] == [{"href": f"applicationlink/{link_id}/authentication", "rel": "self"}]


def test_manifest_cors_echoes_the_origin(confluence):
    """CorsInterceptor: Access-Control-Allow-Origin is the request's Origin, with Allow-Credentials true."""
    c = confluence.client(auth=None)
    r = c.get(f"{V1}/manifest", headers={"Origin": "https://ui.example.com"})
    assert r.headers["Access-Control-Allow-Origin"] == "https://ui.example.com"
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Access-Control-Allow-Origin" not in c.get(f"{V1}/manifest").headers


def test_applinks_resources_answer_no_cache(confluence):
    """NoCacheHeaderInterceptor on the applinks resources: Cache-Control: no-cache."""
    c = confluence.client()
    for path in (f"{V1}/applicationlink", "/rest/applinks/3.0/applinks", f"{V1}/manifest"):
        assert c.get(path).headers.get("Cache-Control") == "no-cache", path


def test_list_says_auth_providers_exist_when_the_manifests_share_a_type(confluence):
    """ListApplicationLinksUIResource: has*AuthenticationProviders compare the host's supported types with the
    (producer) manifest's, not the link's configuration: true for a generic link without any."""
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    entries = c.get(f"{V1}/listApplicationlinks").json()["list"]
    entry = next(e for e in entries if e["application"]["id"] == link_id)
    assert entry["hasIncomingAuthenticationProviders"] is True and entry["hasOutgoingAuthenticationProviders"] is True


def test_authentication_puts_answer_relative_created_links(confluence):
    """putAuthenticationProvider and putConsumer: RestUtil.created(Link.self(new URI("applicationlink/...")))."""
    from dcsim.testing import rsa_keypair
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    provider = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
    r = c.put(f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider",
              {"provider": provider, "config": {}})
    assert r.json()["resources-created"] == [
        {"href": f"applicationlink/{link_id}/authentication/{provider}", "rel": "self"}]
    r = c.put(f"/rest/applinks-oauth/1.0/applicationlink/{link_id}/authentication/consumer",
              {"key": "rel-" + link_id[:8], "publicKey": rsa_keypair()[1]})
    assert r.json()["resources-created"] == [
        {"href": f"applicationlink/{link_id}/authentication/consumer", "rel": "self"}]


def test_v3_delete_does_not_look_at_the_system_flag(confluence):
    """ApplicationLinkV3Resource.delete: validateAdmin, then deleteApplicationLink (no system-link check)."""
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    r = confluence.client(auth=("manager", "manager")).delete(f"/rest/applinks/3.0/applinks/{link_id}")
    assert r.status_code == 204, r.text


def test_provider_module_class_names(confluence):
    """The ``module`` of a provider entry is the class of its plugin module (the applinks plugins' classes)."""
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    base = f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider"
    expected = {
        "BasicAuthenticationProvider": "com.atlassian.applinks.basic.auth.BasicAuthenticationProviderPluginModule",
        "TrustedAppsAuthenticationProvider":
            "com.atlassian.applinks.trusted.auth.TrustedAppsAuthenticationProviderPluginModule",
        "CorsAuthenticationProvider": "com.atlassian.applinks.cors.auth.CorsAuthenticationProviderPluginModule",
        "OAuthAuthenticationProvider": "com.atlassian.applinks.oauth.auth.OAuthAuthenticatorProviderPluginModule"}
    for provider in expected:
        assert c.put(base, {"provider": "com.atlassian.applinks.api.auth.types." + provider,
                            "config": {}}).status_code == 201
    got = {e["provider"].rsplit(".", 1)[1]: e["module"] for e in c.get(base).json()["authenticationProviders"]}
    assert got == expected
