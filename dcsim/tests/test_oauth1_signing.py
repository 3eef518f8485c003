"""OAuth 1.0a verification (REST reference §5.2): requests signed RSA-SHA1 with a test consumer's own key, verified by
the server against the consumer registered on a link, and the oauth_problem of each kind of failure."""

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from dcsim.services.oauth1 import rsa_signer
from dcsim.testing import rsa_keypair
from dcsim.tests.applinks_support import create_generic, uniq

MYSELF = "/rest/api/latest/myself"


@pytest.fixture(scope="module")
def sp(start_instance):
    return start_instance("confluence", name="oauth1-sp")


@pytest.fixture(scope="module")
def consumer(sp):
    """(key, private PEM, consumer path): an incoming RSA consumer with 2LO as `manager`, on a generic link."""
    private, public = rsa_keypair()
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
    other_private, _ = rsa_keypair()
    r, _ = _send(sp, rsa_signer(key, other_private))
    assert _problem(r) == "signature_invalid"


def test_unknown_consumer(sp):
    private, _ = rsa_keypair()
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
    private, _ = rsa_keypair()
    r, _ = _send(sp, rsa_signer("nobody:2", private), path="/rest/applinks/1.0/applicationlink")
    assert r.status_code == 401 and r.json()["status-code"] == 401


def _post(sp, path, auth):
    return requests.post(sp.base_url + path, auth=auth, verify=sp.ca_file, timeout=10)


def test_three_legged_dance_then_access_token_use(sp, consumer):
    """request-token, the user's authorisation, access-token, then a request signed with the access token."""
    key, private, _, _ = consumer
    r = _post(sp, "/plugins/servlet/oauth/request-token", rsa_signer(key, private, callback_uri="https://cb.example/x"))
    assert r.status_code == 200, r.text
    fields = dict(parse_qsl(r.text))
    assert fields["oauth_callback_confirmed"] == "true" and fields["oauth_token_secret"]
    token = fields["oauth_token"]
    assert requests.get(sp.base_url + "/plugins/servlet/oauth/authorize", params={"oauth_token": token},
                        verify=sp.ca_file, timeout=10).status_code == 401
    r = requests.get(sp.base_url + "/plugins/servlet/oauth/authorize", params={"oauth_token": token},
                     auth=("admin", "admin"), allow_redirects=False, verify=sp.ca_file, timeout=10)
    assert r.status_code == 302
    back = dict(parse_qsl(urlsplit(r.headers["Location"]).query))
    assert r.headers["Location"].startswith("https://cb.example/x?") and back["oauth_token"] == token
    bad = _post(sp, "/plugins/servlet/oauth/access-token", rsa_signer(key, private, token, verifier="wrong"))
    assert bad.status_code == 401 and dict(parse_qsl(bad.text)) == {
        "oauth_problem": "parameter_rejected", "oauth_problem_advice": "The verifier does not match.",
        "oauth_parameters_rejected": "oauth_verifier"}
    r = _post(sp, "/plugins/servlet/oauth/access-token", rsa_signer(key, private, token,
                                                                     verifier=back["oauth_verifier"]))
    assert r.status_code == 200, r.text
    access = dict(parse_qsl(r.text))
    assert set(access) == {"oauth_token", "oauth_token_secret", "oauth_expires_in",
                           "oauth_authorization_expires_in", "oauth_session_handle"}
    again = _post(sp, "/plugins/servlet/oauth/access-token", rsa_signer(key, private, token,
                                                                         verifier=back["oauth_verifier"]))
    assert dict(parse_qsl(again.text))["oauth_problem"] == "token_rejected"
    me, _ = _send(sp, rsa_signer(key, private, access["oauth_token"]))
    assert me.status_code == 200 and (me.json()["name"], me.json()["authenticatedVia"]) == ("admin", "oauth1")
    forged, _ = _send(sp, rsa_signer(key, private, "not-a-token"))
    assert _problem(forged) == "token_rejected"


def test_out_of_band_and_unauthorised_tokens(sp, consumer):
    key, private, _, _ = consumer
    r = _post(sp, "/plugins/servlet/oauth/request-token", rsa_signer(key, private, callback_uri="oob"))
    token = dict(parse_qsl(r.text))["oauth_token"]
    early = _post(sp, "/plugins/servlet/oauth/access-token", rsa_signer(key, private, token, verifier="x"))
    assert early.status_code == 401 and dict(parse_qsl(early.text))["oauth_problem"] == "permission_unknown"
    assert early.headers["WWW-Authenticate"].endswith('oauth_problem="permission_unknown"')
    r = requests.get(sp.base_url + "/plugins/servlet/oauth/authorize", params={"oauth_token": token},
                     auth=("user", "user"), verify=sp.ca_file, timeout=10)
    assert r.status_code == 200 and r.text.startswith("oauth_verifier=")
    r = requests.get(sp.base_url + "/plugins/servlet/oauth/authorize", params={"oauth_token": "nope"},
                     auth=("user", "user"), verify=sp.ca_file, timeout=10)
    assert r.status_code == 400 and dict(parse_qsl(r.text))["oauth_problem"] == "token_rejected"
    unsigned = requests.post(sp.base_url + "/plugins/servlet/oauth/request-token", verify=sp.ca_file, timeout=10)
    assert unsigned.status_code == 401 and dict(parse_qsl(unsigned.text))["oauth_problem"] == "parameter_absent"
