"""applinks-oauth (REST reference §5.3) and the consumer-info servlet (§5.1)."""

import base64
import xml.etree.ElementTree as ET

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dcsim.tests.applinks_support import ADMIN_ONLY, DEAD_URL, WEBSUDO, cookie_session, create_generic, uniq, v1_put

OAUTH = "/rest/applinks-oauth/1.0"


@pytest.fixture(scope="module")
def oa(start_instance):
    return start_instance("bitbucket", name="oauth-bitbucket")


def _public_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _consumer_info(instance):
    r = instance.client(auth=None).get("/plugins/servlet/oauth/consumer-info", headers={"Accept": "application/xml"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/xml;charset=UTF-8"
    return ET.fromstring(r.text)


def test_consumer_info_servlet(jira):
    root = _consumer_info(jira)
    assert root.tag == "consumer"
    assert root.findtext("key").startswith("jira:") and root.findtext("name") == "Jira"
    key = serialization.load_der_public_key(base64.b64decode(root.findtext("publicKey")))
    assert isinstance(key, rsa.RSAPublicKey)
    assert jira.base_url in root.findtext("description") and root.findtext("callback").startswith(jira.base_url)
    assert _consumer_info(jira).findtext("publicKey") == root.findtext("publicKey")


@pytest.fixture()
def to_jira(oa, jira):
    """A jira link from `oa` to the session Jira (v1 PUT fetches its manifest), removed afterwards."""
    c = oa.client()
    assert v1_put(c, jira.server_id, "jira", uniq("jira"), jira.base_url).status_code == 201
    yield jira.server_id
    c.delete(f"/rest/applinks/1.0/applicationlink/{jira.server_id}")


def test_authentication_and_autoconfigured_consumer(oa, jira, to_jira):
    c = oa.client()
    base = f"{OAUTH}/applicationlink/{to_jira}/authentication"
    r = c.get(base)
    assert r.status_code == 200
    assert r.json() == {"link": [{"href": f"applicationlink/{to_jira}/authentication", "rel": "self"}], "consumers": [],
                        "configuredAuthProviders": []}
    r = c.get(base + "/consumer")
    assert r.status_code == 404 and r.json() == {"status-code": 404, "message": "applinks.consumer.notfound"}
    r = c.put(base + "/consumer", {"twoLOAllowed": True, "executingTwoLOUser": "user",
                                   "twoLOImpersonationAllowed": False}, params={"autoConfigure": "true"})
    assert r.status_code == 201
    assert r.json()["resources-created"][0]["href"] == f"applicationlink/{to_jira}/authentication/consumer"
    consumers = c.get(f"/rest/applinks-oauth/latest/applicationlink/{to_jira}/authentication/consumer").json()
    [consumer] = consumers["consumers"]
    assert consumer["key"] == _consumer_info(jira).findtext("key") and consumer["name"] == "Jira"
    assert consumer["signatureMethod"] == "RSA_SHA1" and consumer["publicKey"].startswith("-----BEGIN PUBLIC KEY")
    assert (consumer["twoLOAllowed"], consumer["executingTwoLOUser"], consumer["twoLOImpersonationAllowed"],
            consumer["outgoing"]) == (True, "user", False, False)
    status = c.get(f"/rest/applinks/3.0/status/{to_jira}/oauth").json()
    assert status["incoming"] == {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}
    # OAuthApplicationLinkResource checks no role beyond its admin interceptor, impersonation included
    r = oa.client(auth=("manager", "manager")).put(base + "/consumer", {"twoLOImpersonationAllowed": True},
                                                   params={"autoConfigure": "true"})
    assert r.status_code == 201


def test_autoconfigure_without_consumer_info_is_500(oa):
    c = oa.client()
    r = c.put("/rest/applinks/2.0/applicationlink", {"id": "0d6f0000-0000-4000-8000-0000000000cc", "typeId": "jira",
                                                     "name": uniq(), "rpcUrl": DEAD_URL, "displayUrl": DEAD_URL})
    assert r.status_code == 201
    r = c.put(f"{OAUTH}/applicationlink/0d6f0000-0000-4000-8000-0000000000cc/authentication/consumer", {},
              params={"autoConfigure": "true"})
    assert r.status_code == 500
    assert r.json() == {"status-code": 500, "message": "applinks.consumer.autoconfigure.consumerInfo.notfound"}


def test_manual_consumer_on_a_generic_link(oa):
    """The contract's example: an incoming RSA consumer on a Bitbucket generic link answers 201."""
    c = oa.client()
    link_id, _, _ = create_generic(c)
    path = f"{OAUTH}/applicationlink/{link_id}/authentication/consumer"
    body = {"key": "de00c96434df2b31d3e3e3164391091c", "name": "FOO", "description": None, "sharedSecret": None,
            "publicKey": _public_pem(), "outgoing": False, "twoLOAllowed": False, "executingTwoLOUser": None,
            "twoLOImpersonationAllowed": None}
    r = c.put(path, body)
    assert r.status_code == 201 and r.json()["status-code"] == 201
    [consumer] = c.get(path).json()["consumers"]
    assert consumer["key"] == body["key"] and consumer["outgoing"] is False and consumer["twoLOAllowed"] is False
    r = c.put(path, {"key": "out-1", "outgoing": True, "name": "SP"})
    assert r.status_code == 400 and r.json() == {
        "status": 400, "message": ["auth.oauth.config.consumer.serviceprovider.shared.secret.is.required"]}
    r = c.put(path, {"key": "out-1", "outgoing": True, "name": "SP", "sharedSecret": "s3cr3t"})
    assert r.status_code == 201
    consumers = c.get(path).json()["consumers"]
    assert sorted(x["key"] for x in consumers) == ["de00c96434df2b31d3e3e3164391091c", "out-1"]
    outgoing = next(x for x in consumers if x["outgoing"])
    assert outgoing["signatureMethod"] == "HMAC_SHA1" and "sharedSecret" not in outgoing
    r = c.put(path, {"outgoing": False})
    assert r.status_code == 400 and r.json()["message"] == [
        "auth.oauth.config.consumer.serviceprovider.key.is.required", "auth.oauth.config.serviceprovider.missing.public.key"]


def test_manual_consumer_validation_on_an_atlassian_link(oa, to_jira):
    c = oa.client()
    path = f"{OAUTH}/applicationlink/{to_jira}/authentication/consumer"
    r = c.put(path, {"key": "jira:1", "name": "Jira"})
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.consumer.publickey.required"]}
    r = c.put(path, {"key": "jira:1", "name": "Jira", "publicKey": "bm90IGEga2V5"})
    assert r.status_code == 400 and r.json() == {"status": 400, "message": ["applinks.invalid.consumer.publickey"]}
    der = serialization.load_pem_public_key(_public_pem().encode()).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    r = c.put(path, {"key": "jira:1", "name": "Jira", "publicKey": base64.b64encode(der).decode()})
    assert r.status_code == 201
    assert c.put(f"{OAUTH}/applicationlink/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a/authentication/consumer",
                 {"key": "k", "name": "n", "publicKey": _public_pem()}).status_code == 404


def test_consumer_token_delete(oa):
    assert oa.client().delete(f"{OAUTH}/consumer-token/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a").status_code == 204
    assert oa.client(auth=("user", "user")).delete(f"{OAUTH}/consumer-token/x").json() == ADMIN_ONLY
    assert oa.client().delete(f"{OAUTH}/consumer-token/x").status_code == 400  # not a UUID
    r = oa.client(auth=None).delete(f"{OAUTH}/consumer-token/x")
    assert r.status_code == 401 and r.json()["status-code"] == 401


def test_permissions_and_websudo(oa):
    link_id, _, _ = create_generic(oa.client())
    r = oa.client(auth=("user", "user")).get(f"{OAUTH}/applicationlink/{link_id}/authentication")
    assert r.status_code == 401 and r.json() == {"status-code": 401, "message": "applinks.error.only.admin"}
    s = cookie_session(oa)
    r = s.get(f"{oa.base_url}{OAUTH}/applicationlink/{link_id}/authentication",
              headers={"Accept": "application/json"}, verify=oa.ca_file)
    assert r.status_code == 401 and r.json() == WEBSUDO
    # The v1 applicationlink GET resources also answer under this base.
    assert oa.client().get(f"{OAUTH}/applicationlink/{link_id}").json()["id"] == link_id
    assert oa.client().get("/rest/applinks-oauth/latest/applicationlink").status_code == 200
