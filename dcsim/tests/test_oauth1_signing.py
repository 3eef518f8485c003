"""OAuth 1.0a verification (contract §5.2): requests signed RSA-SHA1 with a test consumer's own key, verified by
the server against the consumer registered on a link, and the oauth_problem of each kind of failure."""

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dcsim.services.oauth1 import rsa_signer
from dcsim.tests.applinks_support import create_generic, uniq

MYSELF = "/rest/api/latest/myself"


def _keypair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@pytest.fixture(scope="module")
def sp(start_instance):
    return start_instance("confluence", name="oauth1-sp")


@pytest.fixture(scope="module")
def consumer(sp):
    """(key, private PEM, consumer path): an incoming RSA consumer with 2LO as `manager`, on a generic link."""
    private, public = _keypair()
    link_id, _, _ = create_generic(sp.client())
    key = uniq("consumer")
    path = f"/rest/applinks-oauth/1.0/applicationlink/{link_id}/authentication/consumer"
    body = {"key": key, "publicKey": public, "twoLOAllowed": True, "executingTwoLOUser": "manager",
            "twoLOImpersonationAllowed": False}
    assert sp.client().put(path, body).status_code == 201
    return key, private, path, body


def _send(sp, auth, path=MYSELF, params=None, tamper=None):
    prepared = requests.Request("GET", sp.base_url + path, params=params, auth=auth,
                                headers={"Accept": "application/json"}).prepare()
    if tamper:
        prepared.url = tamper(prepared.url)
    return requests.Session().send(prepared, verify=sp.ca_file, timeout=10), prepared


def _problem(response):
    assert response.status_code == 401
    header = response.headers["WWW-Authenticate"]
    assert header.startswith("OAuth realm=")
    return header.split('oauth_problem="')[1].split('"')[0]


def test_two_legged_request_runs_as_the_executing_user(sp, consumer):
    key, private, _, _ = consumer
    r, _ = _send(sp, rsa_signer(key, private), params={"q": "1"})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["authenticatedVia"]) == ("manager", "oauth1")


def test_tampered_request_is_signature_invalid(sp, consumer):
    key, private, _, _ = consumer
    r, _ = _send(sp, rsa_signer(key, private), params={"q": "1"}, tamper=lambda u: u.replace("q=1", "q=2"))
    assert _problem(r) == "signature_invalid"


def test_wrong_key_is_signature_invalid(sp, consumer):
    key, _, _, _ = consumer
    other_private, _ = _keypair()
    r, _ = _send(sp, rsa_signer(key, other_private))
    assert _problem(r) == "signature_invalid"


def test_unknown_consumer(sp):
    private, _ = _keypair()
    r, _ = _send(sp, rsa_signer("nobody:1", private))
    assert _problem(r) == "consumer_key_unknown"


def test_replayed_nonce_is_refused(sp, consumer):
    key, private, _, _ = consumer
    first, prepared = _send(sp, rsa_signer(key, private))
    assert first.status_code == 200
    again = requests.Session().send(prepared, verify=sp.ca_file, timeout=10)
    assert _problem(again) == "nonce_used"


def test_old_timestamp_is_refused(sp, consumer):
    key, private, _, _ = consumer
    auth = rsa_signer(key, private)
    auth.client.timestamp = "1000000000"
    r, _ = _send(sp, auth)
    assert _problem(r) == "timestamp_refused"


def test_impersonation_needs_the_consumer_flag(sp, consumer):
    key, private, path, body = consumer
    r, _ = _send(sp, rsa_signer(key, private), params={"xoauth_requestor_id": "admin"})
    assert _problem(r) == "permission_denied"
    assert sp.client().put(path, dict(body, twoLOImpersonationAllowed=True)).status_code == 201
    try:
        r, _ = _send(sp, rsa_signer(key, private), params={"xoauth_requestor_id": "admin"})
        assert r.status_code == 200 and r.json()["name"] == "admin"
        r, _ = _send(sp, rsa_signer(key, private), params={"xoauth_requestor_id": "ghost"})
        assert _problem(r) == "user_refused"
    finally:
        assert sp.client().put(path, body).status_code == 201


def test_two_legged_disabled_is_permission_denied(sp, consumer):
    key, private, path, body = consumer
    assert sp.client().put(path, dict(body, twoLOAllowed=False)).status_code == 201
    try:
        r, _ = _send(sp, rsa_signer(key, private))
        assert _problem(r) == "permission_denied"
    finally:
        assert sp.client().put(path, body).status_code == 201


def test_oauth_failure_uses_the_family_error_body(sp):
    private, _ = _keypair()
    r, _ = _send(sp, rsa_signer("nobody:2", private), path="/rest/applinks/1.0/applicationlink")
    assert r.status_code == 401 and r.json()["status-code"] == 401
