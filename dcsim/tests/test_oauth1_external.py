"""External applications over OAuth 1.0a on generic links (REST reference §3.2, §4.2, §5.2, §5.3).

Endpoints and their validation, then real round trips:
- incoming: a client signing RSA-SHA1 with the private key of the registered public key calls an ordinary REST
  resource (2-legged, and with xoauth_requestor_id when impersonation is allowed); a wrong key is refused;
- outgoing: dcsim signs the request-token step HMAC-SHA1 with the shared secret against an OAuth 1.0a provider
  that this test runs on 127.0.0.1 (oauthlib's server side).
"""

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from dcsim.oauth1_provider_stub import Provider
from dcsim.services.oauth1 import rsa_signer
from dcsim.testing import rsa_keypair
from dcsim.tests.applinks_support import create_generic, uniq

AO = "/rest/applinks-oauth/1.0"
MYSELF = "/rest/api/latest/myself"
P_OAUTH = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"


@pytest.fixture(scope="module")
def sp(start_instance):
    return start_instance("jira", name="oauth1-external")


def consumer_path(link_id):
    return f"{AO}/applicationlink/{link_id}/authentication/consumer"


def provider_path(link_id):
    return f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider"


def errorlist(response):
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status"] == 400
    return body["message"]


# ---- endpoints -----------------------------------------------------------------------------------------------

def test_consumer_validation_on_generic_links(sp):
    c = sp.client()
    link_id, _, _ = create_generic(c)
    path = consumer_path(link_id)
    _, public = rsa_keypair()
    key, name = "auth.oauth.config.consumer.serviceprovider.key.is.required", \
        "auth.oauth.config.consumer.serviceprovider.name.is.required"
    secret = "auth.oauth.config.consumer.serviceprovider.shared.secret.is.required"
    assert errorlist(c.put(path, {"publicKey": public})) == [key]
    assert errorlist(c.put(path, {"key": "app", "outgoing": False})) == [
        "auth.oauth.config.serviceprovider.missing.public.key"]
    assert errorlist(c.put(path, {"key": "app", "outgoing": True})) == [name, secret]
    assert errorlist(c.put(path, {"key": "app", "name": "App", "outgoing": True})) == [secret]
    private, _ = rsa_keypair()
    ec_public = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    for bad in ("not a key", private, ec_public):
        assert errorlist(c.put(path, {"key": "app", "publicKey": bad})) == ["applinks.invalid.consumer.publickey"]
    # nothing was stored by the refused requests
    assert c.get(path).status_code == 404
    assert c.put(consumer_path("e94a6efa-f3e9-33a8-8322-6d4e02b9f883"), {"key": "k", "publicKey": public}
                 ).status_code == 404


def test_incoming_consumer_put_and_get(sp):
    c = sp.client()
    link_id, _, _ = create_generic(c)
    path = consumer_path(link_id)
    _, public = rsa_keypair()
    key = uniq("inhouse")
    r = c.put(path, {"key": key, "name": "In-house tool", "publicKey": public, "callback": "https://tool.example/cb",
                     "outgoing": False, "twoLOAllowed": True, "executingTwoLOUser": "user",
                     "twoLOImpersonationAllowed": False})
    assert r.status_code == 201, r.text
    assert r.json() == {"status-code": 201, "resources-created": [
        {"href": f"applicationlink/{link_id}/authentication/consumer", "rel": "self"}]}
    xml = c.put(path, {"key": key, "name": "In-house tool", "publicKey": public}, headers={"Accept": "*/*"})
    assert xml.status_code == 201 and "<resources-created><link href=" in xml.text
    r = c.put(path, {"key": key, "name": "In-house tool", "publicKey": public, "callback": "https://tool.example/cb",
                     "twoLOAllowed": True, "executingTwoLOUser": "user"})
    assert r.status_code == 201
    [consumer] = c.get(path).json()["consumers"]
    assert consumer == {"key": key, "name": "In-house tool", "signatureMethod": "RSA_SHA1", "publicKey": public,
                        "callback": "https://tool.example/cb", "twoLOAllowed": True, "executingTwoLOUser": "user",
                        "twoLOImpersonationAllowed": False, "outgoing": False}
    status = c.get(f"/rest/applinks/3.0/status/{link_id}/oauth").json()
    assert status["incoming"] == {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}


def test_outgoing_consumer_and_provider_config(sp):
    c = sp.client()
    link_id, _, _ = create_generic(c)
    key, secret = uniq("jenkins"), uniq("secret")
    assert c.put(consumer_path(link_id), {"key": key, "name": "Jenkins", "sharedSecret": secret,
                                          "outgoing": True}).status_code == 201
    [consumer] = c.get(consumer_path(link_id)).json()["consumers"]
    assert consumer == {"key": key, "name": "Jenkins", "signatureMethod": "HMAC_SHA1", "twoLOAllowed": False,
                        "twoLOImpersonationAllowed": False, "outgoing": True}
    assert secret not in c.get(f"{AO}/applicationlink/{link_id}/authentication").text
    config = {"consumerKey.outbound": key, "serviceProvider.requestTokenUrl": "https://ci.example/request-token",
              "serviceProvider.accessTokenUrl": "https://ci.example/access-token",
              "serviceProvider.authorizeUrl": "https://ci.example/authorize"}
    r = c.put(provider_path(link_id), {"provider": P_OAUTH, "config": config})
    assert r.status_code == 201, r.text
    [entry] = c.get(provider_path(link_id)).json()["authenticationProviders"]
    assert entry["provider"] == P_OAUTH and entry["config"] == config
    auth = c.get(f"{AO}/applicationlink/{link_id}/authentication").json()
    assert [p["config"] for p in auth["configuredAuthProviders"]] == [config]
    assert [x["key"] for x in auth["consumers"]] == [key]
    status = c.get(f"/rest/applinks/3.0/status/{link_id}/oauth").json()
    assert status["outgoing"]["enabled"] is True and status["incoming"]["enabled"] is False


def test_status_put_removes_one_direction(sp):
    """Incoming disabled removes the incoming consumer; outgoing disabled unregisters the providers; the link
    and the other direction stay."""
    c = sp.client()
    link_id, _, _ = create_generic(c)
    _, public = rsa_keypair()
    in_key, out_key = uniq("in"), uniq("out")
    assert c.put(consumer_path(link_id), {"key": in_key, "publicKey": public, "twoLOAllowed": True}).status_code == 201
    assert c.put(consumer_path(link_id), {"key": out_key, "name": "CI", "sharedSecret": "s3",
                                          "outgoing": True}).status_code == 201
    assert c.put(provider_path(link_id), {"provider": P_OAUTH, "config": {"consumerKey.outbound": out_key}}
                 ).status_code == 201
    status_path = f"/rest/applinks/3.0/status/{link_id}/oauth"
    off = {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}
    on = {"enabled": True, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}
    assert c.put(status_path, {"incoming": off, "outgoing": on}).status_code == 204
    assert [x["key"] for x in c.get(consumer_path(link_id)).json()["consumers"]] == [out_key]
    assert c.get(provider_path(link_id)).json()["authenticationProviders"][0]["config"] == {
        "consumerKey.outbound": out_key}
    assert c.put(status_path, {"incoming": off, "outgoing": off}).status_code == 204
    assert c.get(provider_path(link_id)).json()["authenticationProviders"] == []
    assert c.get(f"/rest/applinks/3.0/applinks/{link_id}").status_code == 200


# ---- incoming round trip -------------------------------------------------------------------------------------

def _call(sp, auth, params=None):
    return requests.get(sp.base_url + MYSELF, params=params, auth=auth, headers={"Accept": "application/json"},
                        verify=sp.ca_file, timeout=10)


def _problem(response):
    assert response.status_code == 401, response.text
    return response.headers["WWW-Authenticate"].split('oauth_problem="')[1].split('"')[0]


def test_incoming_round_trip_rsa_sha1(sp):
    c = sp.client()
    link_id, _, _ = create_generic(c)
    private, public = rsa_keypair()
    key = uniq("tool")
    body = {"key": key, "name": "Tool", "publicKey": public, "twoLOAllowed": True, "executingTwoLOUser": "user",
            "twoLOImpersonationAllowed": False}
    assert c.put(consumer_path(link_id), body).status_code == 201

    r = _call(sp, rsa_signer(key, private))
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["authenticatedVia"]) == ("user", "oauth1")
    assert _problem(_call(sp, rsa_signer(key, private), {"xoauth_requestor_id": "admin"})) == "permission_denied"
    other_private, _ = rsa_keypair()
    assert _problem(_call(sp, rsa_signer(key, other_private))) == "signature_invalid"

    assert c.put(consumer_path(link_id), dict(body, twoLOImpersonationAllowed=True)).status_code == 201
    r = _call(sp, rsa_signer(key, private), {"xoauth_requestor_id": "manager"})
    assert r.status_code == 200 and r.json()["name"] == "manager"

    # removed through the status API: the same signed call is no longer accepted
    off = {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}
    assert c.put(f"/rest/applinks/3.0/status/{link_id}/oauth", {"incoming": off, "outgoing": off}).status_code == 204
    assert _problem(_call(sp, rsa_signer(key, private))) == "consumer_key_unknown"


# ---- outgoing round trip -------------------------------------------------------------------------------------


def test_outgoing_round_trip_hmac_sha1(sp):
    c = sp.client()
    link_id, _, _ = create_generic(c)
    key, secret = uniq("dcsim-at-ci"), uniq("shared")
    trigger = f"/_dcsim/oauth1/outgoing-test/{link_id}"
    r = c.post(trigger)
    assert r.status_code == 409  # nothing configured yet
    with Provider(key, secret, https_callbacks_only=True) as provider:
        assert c.put(consumer_path(link_id), {"key": key, "name": "CI", "sharedSecret": secret,
                                              "outgoing": True}).status_code == 201
        config = {"consumerKey.outbound": key, "serviceProvider.requestTokenUrl": provider.url,
                  "serviceProvider.accessTokenUrl": provider.url.replace("request", "access"),
                  "serviceProvider.authorizeUrl": provider.url.replace("request-token", "authorize")}
        assert c.put(provider_path(link_id), {"provider": P_OAUTH, "config": config}).status_code == 201
        r = c.post(trigger)
        assert r.status_code == 200, r.text
        result = r.json()
        assert result["success"] is True, result
        assert result["oauthToken"] == provider.issued[-1] and result["callbackConfirmed"] is True
        assert 'oauth_signature_method="HMAC-SHA1"' in provider.seen[-1]
        assert f'oauth_consumer_key="{key}"' in provider.seen[-1]

        # the provider's secret changes: dcsim's signature no longer verifies
        provider.secret = "rotated"
        result = c.post(trigger).json()
        assert result["success"] is False and result["status"] == 401
        assert len(provider.issued) == 1

        # a new shared secret through the consumer PUT makes it work again
        assert c.put(consumer_path(link_id), {"key": key, "name": "CI", "sharedSecret": "rotated",
                                              "outgoing": True}).status_code == 201
        assert c.post(trigger).json()["success"] is True
    assert c.post(trigger, auth=("manager", "manager")).status_code in (401, 403)
    result = c.post(trigger).json()
    assert result["success"] is False and "error" in result  # the provider is gone: connection refused
