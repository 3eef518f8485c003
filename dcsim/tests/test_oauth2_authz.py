"""The OAuth 2.0 authorization server (REST reference §6.3), driven by the test like a browser plus a client app."""

import secrets
import sqlite3
import time

import requests

from dcsim.tests.oauth2_support import (ADMIN, FORM, MANAGER, PROVIDER, authorize, create_client, exchange,
                                        get_code, issue_tokens, jwt_claims, myself, query_of, refresh, s256,
                                        token_request)


def _post(inst, path, data, auth=None, headers=None):
    return requests.post(inst.base_url + path, data=data, auth=auth, headers=headers, verify=inst.ca_file,
                         allow_redirects=False, timeout=30)


def test_well_known_metadata_is_exactly_the_contracts(confluence):
    r = requests.get(confluence.base_url + PROVIDER + "/.well-known/oauth-authorization-server",
                     verify=confluence.ca_file, timeout=10)
    assert r.status_code == 200
    base = confluence.base_url
    assert r.json() == {
        "issuer": base,
        "authorization_endpoint": f"{base}/rest/oauth2/latest/authorize",
        "token_endpoint": f"{base}/rest/oauth2/latest/token",
        "revocation_endpoint": f"{base}/rest/oauth2/latest/revoke",
        "scopes_supported": ["READ", "WRITE", "ADMIN", "SYSTEM_ADMIN", "READ_ALL", "MANAGE_SUBSCRIPTIONS"],
        "response_types_supported": ["code"], "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_post"]}


def test_authorization_code_with_pkce_s256_and_bearer_use(confluence):
    client = create_client(confluence, scope="WRITE")
    verifier = secrets.token_urlsafe(40)
    r = authorize(confluence, client, state="xyz", code_challenge=s256(verifier), code_challenge_method="S256")
    assert r.status_code == 303
    location = r.headers["Location"]
    assert location.startswith(client["redirects"][0] + "?")
    params = query_of(location)
    assert params["state"] == "xyz" and params["code"]
    # a wrong verifier fails, and burns the code
    assert exchange(confluence, client, params["code"], verifier="wrong" * 9).json()["error"] == "invalid_grant"
    code = get_code(confluence, client, code_challenge=s256(verifier), code_challenge_method="S256")
    r = exchange(confluence, client, code, verifier=verifier)
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store" and r.headers["Pragma"] == "no-cache"
    body = r.json()
    assert list(body) == ["access_token", "token_type", "expires_in", "refresh_token", "scope"]
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600 and body["scope"] == "WRITE"
    assert jwt_claims(body["access_token"])["sub"] == "admin"
    me = myself(confluence, body["access_token"])
    assert me.status_code == 200
    assert me.json()["name"] == "admin" and me.json()["authenticatedVia"] == "oauth2"
    assert me.json()["scope"] == "WRITE"
    # single use
    again = exchange(confluence, client, code, verifier=verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert again.json()["error_description"]


def test_pkce_plain_and_default_method_and_missing_verifier(confluence):
    client = create_client(confluence)
    verifier = secrets.token_urlsafe(40)
    code = get_code(confluence, client, code_challenge=verifier, code_challenge_method="plain")
    assert exchange(confluence, client, code, verifier=verifier).status_code == 200
    code = get_code(confluence, client, code_challenge=verifier)  # no method means plain
    assert exchange(confluence, client, code, verifier=verifier).status_code == 200
    code = get_code(confluence, client, code_challenge=verifier)
    r = exchange(confluence, client, code)
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    code = get_code(confluence, client)  # no PKCE at all
    assert exchange(confluence, client, code).status_code == 200


def test_scope_defaults_to_the_clients_and_must_stay_within_it(confluence):
    client = create_client(confluence, scope="ADMIN")
    assert issue_tokens(confluence, client)["scope"] == "ADMIN"
    assert issue_tokens(confluence, client, scope="READ WRITE")["scope"] == "READ WRITE"
    r = authorize(confluence, client, scope="SYSTEM_ADMIN", state="s1")
    assert r.status_code == 303
    assert query_of(r.headers["Location"]) == {"error": "invalid_scope", "state": "s1",
                                               "error_description": query_of(r.headers["Location"])[
                                                   "error_description"]}
    assert r.headers["Location"].startswith(client["redirects"][0] + "?")


def test_authorize_errors(confluence):
    client = create_client(confluence)
    unknown = dict(client, clientId="0" * 32)
    r = authorize(confluence, unknown)
    assert r.status_code == 400 and "Location" not in r.headers and "invalid" in r.text
    r = authorize(confluence, client, redirect_uri="https://evil.example.com/cb")
    assert r.status_code == 400 and "Location" not in r.headers
    r = authorize(confluence, client, code_challenge="abc", code_challenge_method="S512", state="s2")
    assert r.status_code == 303 and query_of(r.headers["Location"])["error"] == "invalid_request"
    r = authorize(confluence, client, response_type="token")
    assert r.status_code == 303 and query_of(r.headers["Location"])["error"] == "unsupported_response_type"
    r = authorize(confluence, client, auth=None)
    assert r.status_code == 401
    r = authorize(confluence, client, auth=("admin", "wrong"))
    assert r.status_code == 401


def test_consent_page_allow_and_deny(confluence):
    client = create_client(confluence)
    r = authorize(confluence, client, approve=False, state="c1")
    assert r.status_code == 303
    consent = r.headers["Location"]
    assert consent.startswith(confluence.base_url + "/plugins/servlet/oauth2/consent?")
    page = requests.get(consent, auth=ADMIN, verify=confluence.ca_file, timeout=10)
    assert page.status_code == 200 and "<form" in page.text and 'name="approve"' in page.text
    fields = query_of(consent)
    allowed = _post(confluence, "/plugins/servlet/oauth2/consent", dict(fields, approve="true"), auth=ADMIN)
    assert allowed.status_code == 303
    code = query_of(allowed.headers["Location"])
    assert code["state"] == "c1" and exchange(confluence, client, code["code"]).status_code == 200
    denied = _post(confluence, "/plugins/servlet/oauth2/consent", dict(fields, approve="false"), auth=ADMIN)
    assert denied.status_code == 303
    assert query_of(denied.headers["Location"])["error"] == "access_denied"
    assert query_of(denied.headers["Location"])["state"] == "c1"
    assert requests.get(consent, verify=confluence.ca_file, timeout=10).status_code == 401


def test_token_endpoint_errors(confluence):
    client = create_client(confluence)
    code = get_code(confluence, client)
    r = exchange(confluence, client, code, secret="f" * 64)
    assert r.status_code == 401 and r.json()["error"] == "invalid_client" and r.json()["error_description"]
    r = token_request(confluence, {"grant_type": "password", "username": "a", "password": "b"})
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"
    r = token_request(confluence, {"grant_type": "authorization_code", "client_id": client["clientId"],
                                   "client_secret": client["clientSecret"], "redirect_uri": client["redirects"][0]})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    r = exchange(confluence, client, "not-a-code")
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    code = get_code(confluence, client)
    r = exchange(confluence, client, code, redirect_uri="https://other.example.com/cb")
    assert r.status_code == 400 and r.json()["error"] in ("invalid_grant", "invalid_request")


def test_client_credentials_may_come_as_http_basic(confluence):
    client = create_client(confluence)
    code = get_code(confluence, client)
    r = token_request(confluence, {"grant_type": "authorization_code", "code": code,
                                   "redirect_uri": client["redirects"][0]},
                      auth=(client["clientId"], client["clientSecret"]))
    assert r.status_code == 200, r.text


def test_expired_code_is_rejected(confluence):
    client = create_client(confluence)
    code = get_code(confluence, client)
    with sqlite3.connect(confluence.data_dir / "dcsim.sqlite3", timeout=30) as db:
        db.execute("UPDATE oauth2_code SET expires = ? WHERE client_id = ?", (time.time() - 1, client["clientId"]))
    r = exchange(confluence, client, code)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_refresh_rotation(confluence):
    client = create_client(confluence)
    first = issue_tokens(confluence, client)
    r = refresh(confluence, client, first["refresh_token"])
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store"
    second = r.json()
    assert second["token_type"] == "bearer" and second["scope"] == "READ"
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    assert myself(confluence, second["access_token"]).status_code == 200
    assert myself(confluence, first["access_token"]).status_code == 401  # the old access token went too
    old = refresh(confluence, client, first["refresh_token"])
    assert old.status_code == 400 and old.json()["error"] == "invalid_grant"
    assert refresh(confluence, client, second["refresh_token"], secret="0" * 64).status_code == 401
    other = create_client(confluence)
    assert refresh(confluence, other, second["refresh_token"]).json()["error"] == "invalid_grant"
    assert refresh(confluence, client, second["refresh_token"]).status_code == 200


def test_revoke(confluence):
    client = create_client(confluence)
    tokens = issue_tokens(confluence, client)
    creds = {"client_id": client["clientId"], "client_secret": client["clientSecret"]}
    r = _post(confluence, PROVIDER + "/revoke", dict(creds, token=tokens["access_token"],
                                                     token_type_hint="access_token"))
    assert r.status_code == 200 and r.content == b""
    assert myself(confluence, tokens["access_token"]).status_code == 401
    # revoking the refresh token ends the grant (an access token's revocation does too: test_fidelity_oauth2)
    renewed = issue_tokens(confluence, client)
    assert _post(confluence, PROVIDER + "/revoke", dict(creds, token=renewed["refresh_token"])).status_code == 200
    assert myself(confluence, renewed["access_token"]).status_code == 401
    assert refresh(confluence, client, renewed["refresh_token"]).json()["error"] == "invalid_grant"
    assert _post(confluence, PROVIDER + "/revoke", dict(creds, token="unknown")).status_code == 200
    r = _post(confluence, PROVIDER + "/revoke", dict(creds, token="x", token_type_hint="id_token"))
    assert r.status_code == 400 and r.json()["error"] == "unsupported_token_type"
    r = _post(confluence, PROVIDER + "/revoke", dict(creds, token="x", client_secret="0" * 64))
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"


def test_revoke_by_token_id(confluence):
    client = create_client(confluence)
    tokens = issue_tokens(confluence, client)
    token_id = jwt_claims(tokens["access_token"])["jti"]
    xsrf = {"X-Atlassian-Token": "no-check"}
    assert _post(confluence, f"{PROVIDER}/revoke/{token_id}", {}, headers=xsrf).status_code == 401
    r = _post(confluence, f"{PROVIDER}/revoke/{token_id}", {}, auth=ADMIN, headers=xsrf)
    assert r.status_code == 200 and r.content == b""
    assert myself(confluence, tokens["access_token"]).status_code == 401
    assert refresh(confluence, client, tokens["refresh_token"]).json()["error"] == "invalid_grant"
    r = _post(confluence, f"{PROVIDER}/revoke/{token_id}", {}, auth=ADMIN, headers=xsrf)
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"


def test_read_scope_token_may_only_read(confluence):
    tokens = issue_tokens(confluence, create_client(confluence, scope="READ"))
    r = requests.post(confluence.base_url + "/rest/pat/latest/tokens", json={"name": "x"}, verify=confluence.ca_file,
                      headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10)
    assert r.status_code == 403
    assert requests.get(confluence.base_url + PROVIDER + "/client", verify=confluence.ca_file, timeout=10,
                        headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 401


def test_deleting_a_client_ends_its_tokens(confluence):
    client = create_client(confluence)
    tokens = issue_tokens(confluence, client)
    assert confluence.client().delete(f"{PROVIDER}/client/{client['id']}").status_code == 200
    assert myself(confluence, tokens["access_token"]).status_code == 401
    assert refresh(confluence, client, tokens["refresh_token"]).status_code == 401


def test_jwt_reset_invalidates_every_token(start_instance):
    inst = start_instance("jira", name="jwtreset")
    client = create_client(inst)
    tokens = issue_tokens(inst, client)
    xsrf = dict(FORM, **{"X-Atlassian-Token": "no-check"})
    r = _post(inst, PROVIDER + "/token/jwt/reset", {}, auth=MANAGER, headers=xsrf)
    assert r.status_code == 401 and set(r.json()) == {"errors", "fieldErrors"}
    assert r.headers["Cache-Control"] == "no-cache, no-store"
    assert _post(inst, PROVIDER + "/token/jwt/reset", {}, auth=ADMIN, headers=FORM).status_code == 403  # XSRF
    r = _post(inst, PROVIDER + "/token/jwt/reset", {}, auth=ADMIN, headers=xsrf)
    assert r.status_code == 200
    assert myself(inst, tokens["access_token"]).status_code == 401
    assert refresh(inst, client, tokens["refresh_token"]).json()["error"] == "invalid_grant"
    assert myself(inst, issue_tokens(inst, client)["access_token"]).status_code == 200
