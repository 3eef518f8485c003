"""applinks-oauth and the OAuth settings of a link as the applinks 9.1.4 classes decide them (issue 14).

Written against the dcsim before the correction; they failed there.
"""

from dcsim.testing import rsa_keypair
from dcsim.tests.applinks_support import ADMIN_ONLY, create_generic, oauth_level, uniq

OAUTH = "/rest/applinks-oauth/1.0"
TWO_LOI = "com.atlassian.applinks.api.auth.types.TwoLeggedOAuthWithImpersonationAuthenticationProvider"
KEY_REQUIRED = "auth.oauth.config.consumer.serviceprovider.key.is.required"
NAME_REQUIRED = "auth.oauth.config.consumer.serviceprovider.name.is.required"


def _atlassian_link(client):
    link_id = "0d6f0000-0000-4000-8000-00000000c0c0"
    client.delete(f"/rest/applinks/1.0/applicationlink/{link_id}")
    url = f"https://{uniq('bamboo')}.example.com"
    r = client.put("/rest/applinks/2.0/applicationlink", {"id": link_id, "typeId": "bamboo", "name": uniq(),
                                                          "rpcUrl": url, "displayUrl": url})
    assert r.status_code == 201
    return link_id


def test_consumer_token_delete_is_for_administrators(confluence):
    """ConsumerTokenResource runs the AdminApplicationLinksInterceptor; a malformed id is a 400."""
    link_id, _, _ = create_generic(confluence.client())
    r = confluence.client(auth=("user", "user")).delete(f"{OAUTH}/consumer-token/{link_id}")
    assert r.status_code == 401 and r.json() == ADMIN_ONLY
    assert confluence.client(auth=("manager", "manager")).delete(f"{OAUTH}/consumer-token/{link_id}").status_code \
        == 204
    assert confluence.client().delete(f"{OAUTH}/consumer-token/not-a-uuid").status_code == 400


def test_consumer_validation_keys(confluence):
    """OAuthApplicationLinkResource.validateAtlassianConsumer / validate3rdPartyConsumer: every missing field."""
    c = confluence.client()
    atlassian = _atlassian_link(c)
    r = c.put(f"{OAUTH}/applicationlink/{atlassian}/authentication/consumer", {})
    assert r.status_code == 400
    assert r.json() == {"status": 400, "message": [KEY_REQUIRED, NAME_REQUIRED, "applinks.consumer.publickey.required"]}
    generic, _, _ = create_generic(c)
    r = c.put(f"{OAUTH}/applicationlink/{generic}/authentication/consumer", {"outgoing": True})
    assert r.json() == {"status": 400, "message": [
        KEY_REQUIRED, NAME_REQUIRED, "auth.oauth.config.consumer.serviceprovider.shared.secret.is.required"]}
    r = c.put(f"{OAUTH}/applicationlink/{generic}/authentication/consumer", {"key": "k"})
    assert r.json() == {"status": 400, "message": ["auth.oauth.config.serviceprovider.missing.public.key"]}


def test_generic_link_without_consumer_or_provider_names_the_provider(confluence):
    """OAuthApplicationLinkResource.getConsumer: a generic link with neither -> 404
    applinks.generic.consumer.needs.authenticationprovider."""
    link_id, _, _ = create_generic(confluence.client())
    r = confluence.client().get(f"{OAUTH}/applicationlink/{link_id}/authentication/consumer")
    assert r.status_code == 404
    assert r.json() == {"status-code": 404, "message": "applinks.generic.consumer.needs.authenticationprovider"}


def test_an_administrator_may_allow_impersonation_on_a_consumer(confluence):
    """The consumer PUT has no system-administrator check (only the admin interceptor)."""
    _, public = rsa_keypair()
    link_id, _, _ = create_generic(confluence.client())
    manager = confluence.client(auth=("manager", "manager"))
    r = manager.put(f"{OAUTH}/applicationlink/{link_id}/authentication/consumer",
                    {"key": uniq("k"), "publicKey": public, "twoLOAllowed": True, "twoLOImpersonationAllowed": True})
    assert r.status_code == 201, r.text


def test_oauth_settings_of_a_system_link_can_be_changed_by_an_administrator(confluence):
    """DefaultOAuthStatusService and v2 putAuthenticationProvider do not look at the system flag."""
    c = confluence.client()
    link_id, _, _ = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    manager = confluence.client(auth=("manager", "manager"))
    off = oauth_level(False, False, False)
    r = manager.put(f"/rest/applinks/3.0/status/{link_id}/oauth", {"incoming": off, "outgoing": oauth_level()})
    assert r.status_code == 204, r.text
    provider = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
    r = manager.put(f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider",
                    {"provider": provider, "config": {}})
    assert r.status_code == 201, r.text


def test_v2_provider_error_keys(confluence):
    """v2 putAuthenticationProvider: an unknown class and 2LOi by an administrator are 400s with these keys."""
    link_id, _, _ = create_generic(confluence.client())
    base = f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider"
    r = confluence.client().put(base, {"provider": "com.example.Nope", "config": {}})
    assert r.json() == {"status": 400, "message": ["applinks.authentication.provider.type.not.recognized"]}
    r = confluence.client(auth=("manager", "manager")).put(base, {"provider": TWO_LOI, "config": {}})
    assert r.json() == {"status": 400, "message": ["applinks.authentication.provider.2loi.only.available.to.sysadmin"]}
