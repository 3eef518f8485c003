"""Helpers shared by the OAuth 2.0 tests: plain requests against real dcsim processes, no mocks."""

import base64
import hashlib
import json
import secrets
import uuid
from urllib.parse import parse_qs, urlsplit

import requests

PROVIDER = "/rest/oauth2/latest"
CLIENT = "/rest/oauth2-client/latest"
CALLBACK = "/plugins/servlet/oauth2/client/callback"
ADMIN = ("admin", "admin")
MANAGER = ("manager", "manager")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def unique(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def suffix(endpoint):
    return base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()


def s256(verifier):
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def redirect_for(client_side, provider_side):
    """redirect(Y, X) of REST reference §11: Y's callback for its outgoing config pointing at X."""
    return f"{client_side.base_url}{CALLBACK}/{suffix(provider_side.base_url + PROVIDER + '/authorize')}"


def jwt_claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def create_client(inst, name=None, redirects=None, scope="READ"):
    body = {"name": name or unique("client"), "redirects": redirects or ["https://app.example.com/cb"],
            "scope": scope}
    r = inst.client().post(PROVIDER + "/client", body)
    assert r.status_code == 200, r.text
    return r.json()


def authorize(inst, client, redirect_uri=None, auth=ADMIN, approve=True, **params):
    query = {"client_id": client["clientId"], "redirect_uri": redirect_uri or client["redirects"][0],
             "response_type": "code", "state": params.pop("state", "st-" + secrets.token_hex(4))}
    if approve:
        query["approve"] = "true"
    query.update({k: v for k, v in params.items() if v is not None})
    return requests.get(inst.base_url + PROVIDER + "/authorize", params=query, auth=auth,
                        verify=inst.ca_file, allow_redirects=False, timeout=30)


def query_of(location):
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def get_code(inst, client, **params):
    r = authorize(inst, client, **params)
    assert r.status_code == 303, r.text
    return query_of(r.headers["Location"])["code"]


def token_request(inst, data, auth=None, headers=None):
    return requests.post(inst.base_url + PROVIDER + "/token", data=data, auth=auth, headers=headers,
                         verify=inst.ca_file, timeout=30)


def exchange(inst, client, code, redirect_uri=None, verifier=None, secret=None):
    data = {"grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_uri or client["redirects"][0], "client_id": client["clientId"],
            "client_secret": secret or client["clientSecret"]}
    if verifier is not None:
        data["code_verifier"] = verifier
    return token_request(inst, data)


def issue_tokens(inst, client, scope=None):
    verifier = secrets.token_urlsafe(40)
    code = get_code(inst, client, scope=scope, code_challenge=s256(verifier), code_challenge_method="S256")
    r = exchange(inst, client, code, verifier=verifier)
    assert r.status_code == 200, r.text
    return r.json()


def refresh(inst, client, refresh_token, secret=None):
    return token_request(inst, {"grant_type": "refresh_token", "refresh_token": refresh_token,
                                "client_id": client["clientId"], "client_secret": secret or client["clientSecret"]})


def myself(inst, access_token):
    return requests.get(inst.base_url + "/rest/api/latest/myself", verify=inst.ca_file, timeout=30,
                        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"})


def config_body(provider_inst, client, name=None, **overrides):
    authorize_url = provider_inst.base_url + PROVIDER + "/authorize"
    body = {"name": name or unique("config"), "type": "generic", "clientId": client["clientId"],
            "clientSecret": client["clientSecret"], "authorizationEndpoint": authorize_url,
            "tokenEndpoint": provider_inst.base_url + PROVIDER + "/token", "scopes": ["READ"],
            "redirectUriSuffix": suffix(authorize_url)}
    body.update(overrides)
    return body


def run_flow(inst, config_id, auth=ADMIN):
    """config/flow + GET initFlowUrl + config/flow/{id}: the UI's 'Test connection'."""
    c = inst.client()
    created = c.post(f"{CLIENT}/config/flow", params={"id": config_id})
    assert created.status_code == 200, created.text
    flow = created.json()
    assert flow["initFlowUrl"] == f"{inst.base_url}{CALLBACK}?startFlow={flow['id']}"
    init = requests.get(flow["initFlowUrl"], auth=auth, verify=inst.ca_file, allow_redirects=False, timeout=60)
    assert init.status_code == 200, init.text
    result = c.get(f"{CLIENT}/config/flow/{flow['id']}")
    assert result.status_code == 200, result.text
    return result.json()
