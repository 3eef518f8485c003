"""The OAuth 2.0 authorization server (REST reference §6.3): codes, JWT tokens, refresh rotation, revocation, bearer auth.

Protocol handling is oauthlib's (WebApplicationServer + a RequestValidator backed by dcsim's store); tokens are
HS256 JWTs (PyJWT) signed with a per-instance secret kept in the store. Only the response shapes are adjusted
to the contract (token_type "bearer", an error_description on every error, 303 redirects).
"""

import base64
import hashlib
import json
import secrets
import time
import uuid
from urllib.parse import parse_qsl, urlencode

import jwt
from oauthlib.oauth2 import RequestValidator, WebApplicationServer
from oauthlib.oauth2.rfc6749 import errors as oauth_errors

from dcsim import versions
from dcsim.services import auth
from dcsim.services.oauth2_provider import PROVIDER_BASE
from dcsim.store import oauth2 as store

# REST reference §6.3, provider system properties (defaults).
ACCESS_TOKEN_SECONDS = 3600
REFRESH_TOKEN_SECONDS = 7776000
CODE_SECONDS = 60
JWT_ALGORITHM = "HS256"
# REST reference §6.3 (inferred): the consent servlet the authorize endpoint redirects to.
CONSENT_PATH = "/plugins/servlet/oauth2/consent"
# dcsim simplification: `approve=true` on the authorize request stands for the user's consent.
APPROVE_PARAM = "approve"
REVOCABLE_TOKEN_TYPES = ("access_token", "refresh_token")
_DEFAULT_DESCRIPTIONS = {
    "invalid_client": "Client authentication failed.",
    "invalid_grant": "The authorization grant or refresh token is invalid, expired or revoked.",
    "invalid_request": "The request is missing a parameter or is otherwise malformed.",
    "unsupported_grant_type": "The grant type is not supported.",
    "unauthorized_client": "The client may not use this grant type.",
    "invalid_scope": "The requested scope is invalid or exceeds the client's scope.",
}


def _hash(value):
    return hashlib.sha256(value.encode()).hexdigest()


def scopes_within(sim, requested, granted):
    """Whether every requested scope is a product scope that the granted scope string includes."""
    return bool(requested) and all(s in sim.profile.scopes for s in requested) and \
        set(requested) <= versions.implied(granted.split())


# JWTs

def jwt_secret(sim):
    return store.get_jwt_secret(sim.store) or store.init_jwt_secret(sim.store, secrets.token_hex(32))


def decode(sim, token, kind=None, verify_exp=True):
    """The claims of a token issued here (signature checked), or None."""
    if not token or token.count(".") != 2:
        return None
    try:
        claims = jwt.decode(token, jwt_secret(sim), algorithms=[JWT_ALGORITHM],
                            options={"require": ["exp", "jti"], "verify_exp": verify_exp})
    except jwt.PyJWTError:
        return None
    if kind and claims.get("typ") != kind:
        return None
    return claims


def _generator(sim, kind, seconds):
    def generate(request):
        if getattr(request, "dcsim_grant", None) is None:
            request.dcsim_grant = str(uuid.uuid4())
        now = int(time.time())
        jti = str(uuid.uuid4())
        claims = {"iss": sim.base_url, "sub": request.user, "client_id": request.client.client_id,
                  "scope": " ".join(request.scopes or []), "typ": kind, "jti": jti,
                  "gid": request.dcsim_grant, "iat": now, "exp": now + seconds}
        request.dcsim_issued = (getattr(request, "dcsim_issued", None) or []) + [(jti, kind, now + seconds)]
        return jwt.encode(claims, jwt_secret(sim), algorithm=JWT_ALGORITHM)
    return generate


class _Client:
    def __init__(self, row):
        self.row = row
        self.client_id = row["client_id"]


def _basic_credentials(headers):
    value = headers.get("Authorization") or headers.get("authorization") or ""
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded.strip()).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return client_id, secret


class Validator(RequestValidator):
    """oauthlib's questions, answered from dcsim's store."""

    def __init__(self, sim):
        super().__init__()
        self.sim = sim
        self.db = sim.store

    # Authorization request
    def validate_client_id(self, client_id, request, *args, **kwargs):
        row = store.get_client_by_client_id(self.db, client_id)
        if row:
            request.client = _Client(row)
        return row is not None

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return redirect_uri in request.client.row["redirects"]

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        return None  # redirect_uri is required and must match exactly

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code"

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return request.client.row["scope"].split()

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        if not scopes_within(self.sim, scopes, request.client.row["scope"]):
            return False
        scopes[:] = sorted(set(scopes))
        return True

    def is_pkce_required(self, client_id, request):
        return False

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        store.insert_code(self.db, _hash(code["code"]), client_id, request.user, request.redirect_uri,
                          " ".join(sorted(request.scopes)), request.code_challenge,
                          request.code_challenge_method if request.code_challenge else None,
                          time.time() + CODE_SECONDS)

    # Client authentication (client_secret_post, or HTTP Basic)
    def client_authentication_required(self, request, *args, **kwargs):
        return True

    def authenticate_client(self, request, *args, **kwargs):
        client_id, secret = request.client_id, request.client_secret
        basic = _basic_credentials(request.headers)
        if basic:
            if client_id and client_id != basic[0]:
                return False
            client_id, secret = basic
        row = store.get_client_by_client_id(self.db, client_id) if client_id else None
        if row is None or not secret or not secrets.compare_digest(row["client_secret"], secret):
            return False
        request.client = _Client(row)
        request.client_id = row["client_id"]
        return True

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type in ("authorization_code", "refresh_token")

    # Authorization code grant
    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        row = store.take_code(self.db, _hash(code))  # consumed now: a code is single-use
        if row is None or row["client_id"] != client_id or row["expires"] < time.time():
            return False
        request.user = row["username"]
        request.scopes = row["scope"].split()
        request.dcsim_code = row
        return True

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kwargs):
        return redirect_uri == request.dcsim_code["redirect_uri"]

    def get_code_challenge(self, code, request):
        return request.dcsim_code["code_challenge"]

    def get_code_challenge_method(self, code, request):
        return request.dcsim_code["code_challenge_method"]

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        pass  # already deleted by validate_code

    # Refresh token grant (rotation)
    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        claims = decode(self.sim, refresh_token, "refresh")
        row = store.get_token(self.db, claims["jti"]) if claims else None
        if row is None or row["client_id"] != client.client_id or row["expires"] < time.time():
            return False
        request.user = row["username"]
        request.dcsim_refresh = row
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        return request.dcsim_refresh["scope"].split()

    def is_within_original_scope(self, request_scopes, refresh_token, request, *args, **kwargs):
        return scopes_within(self.sim, request_scopes, request.dcsim_refresh["scope"])

    def rotate_refresh_token(self, request):
        return True

    def save_bearer_token(self, token, request, *args, **kwargs):
        scope = " ".join(sorted(set(request.scopes or [])))
        with self.db.transaction():
            old = getattr(request, "dcsim_refresh", None)
            if old is not None:
                # Rotation: the old refresh token and its access token go; a concurrent reuse loses.
                if not store.delete_token(self.db, old["jti"]):
                    raise oauth_errors.InvalidGrantError(description="The refresh token has already been used.")
                store.delete_grant(self.db, old["grant_id"])
            for jti, kind, expires in request.dcsim_issued:
                store.insert_token(self.db, jti, request.dcsim_grant, kind, request.client.client_id,
                                   request.user, scope, expires)

    # Revocation
    def revoke_token(self, token, token_type_hint, request, *args, **kwargs):
        claims = decode(self.sim, token, verify_exp=False)
        row = store.get_token(self.db, claims["jti"]) if claims else None
        if row is None or row["client_id"] != request.client.client_id:
            return  # RFC 7009: an unknown token is not an error
        with self.db.transaction():
            # RevokeTokenService: an access token goes with its refresh token and the other way round
            store.delete_grant(self.db, row["grant_id"])


def _server(sim):
    return WebApplicationServer(Validator(sim), token_generator=_generator(sim, "access", ACCESS_TOKEN_SECONDS),
                                token_expires_in=ACCESS_TOKEN_SECONDS,
                                refresh_token_generator=_generator(sim, "refresh", REFRESH_TOKEN_SECONDS))


def _error_body(error, description=None):
    return {"error": error, "error_description": description or _DEFAULT_DESCRIPTIONS.get(error, error)}


# The authorize endpoint and the consent page

def authorize_uri(sim, params):
    """The authorize URL for a set of request parameters (the consent form re-enters the flow with it)."""
    return f"{sim.base_url}{PROVIDER_BASE}/authorize?{urlencode(params)}"


def authorize(sim, params, username, decision):
    """Handle an authorization request. decision: True (approve), False (deny), None (ask the user).

    Returns (kind, value): ("redirect", url), ("consent", {"client": name, "scope": ..., "params": ...})
    or ("error", message) for an error page (bad client or redirect URI: never redirected to).
    """
    params = [(k, v) for k, v in params if k != APPROVE_PARAM]
    uri = authorize_uri(sim, params)
    server = _server(sim)
    try:
        scopes, info = server.validate_authorization_request(uri, "GET")
    except oauth_errors.FatalClientError as exc:
        return "error", f"{exc.error}: {exc.description or _DEFAULT_DESCRIPTIONS.get(exc.error, '')}".strip()
    except oauth_errors.OAuth2Error as exc:
        if not exc.description:
            exc.description = _DEFAULT_DESCRIPTIONS.get(exc.error, "")
        return "redirect", exc.in_uri(exc.redirect_uri)
    if decision is None:
        client = store.get_client_by_client_id(sim.store, info["client_id"])
        return "consent", {"client": client["name"], "scope": " ".join(scopes), "params": params}
    if decision is False:
        denied = oauth_errors.AccessDeniedError(description="The user denied access.", state=info["state"])
        return "redirect", denied.in_uri(info["redirect_uri"])
    headers, _, _ = server.create_authorization_response(uri, "GET", scopes=scopes,
                                                         credentials={"user": username})
    return "redirect", headers["Location"]


def consent_query(params):
    return urlencode([(k, v) for k, v in params if k != APPROVE_PARAM])


# The token and revoke endpoints

def token(sim, uri, body, headers):
    """(status, body dict, headers) of the token endpoint."""
    try:
        out_headers, out_body, status = _server(sim).create_token_response(uri, "POST", body, headers)
    except oauth_errors.OAuth2Error as exc:  # raised by save_bearer_token on a reused refresh token
        out_headers, out_body, status = dict(exc.headers), exc.json, exc.status_code
    data = json.loads(out_body or "{}")
    out_headers = {k: v for k, v in out_headers.items() if k.lower() != "content-type"}
    out_headers.update({"Cache-Control": "no-store", "Pragma": "no-cache"})
    if "error" in data:
        return status, _error_body(data["error"], data.get("error_description")), out_headers
    result = {"access_token": data["access_token"], "token_type": "bearer", "expires_in": data["expires_in"],
              "refresh_token": data["refresh_token"], "scope": data.get("scope", "")}
    return status, result, out_headers


def revoke(sim, uri, body, headers):
    """(status, body dict or None, headers) of the revoke endpoint (REST reference §6.3: 200 with an empty body)."""
    hint = dict(parse_qsl(body or "")).get("token_type_hint")
    if hint and hint not in REVOCABLE_TOKEN_TYPES:
        return 400, _error_body("unsupported_token_type", f"Unsupported token type: {hint}"), {}
    out_headers, out_body, status = _server(sim).create_revocation_response(uri, "POST", body, headers)
    if status == 200:
        return 200, None, {}
    data = json.loads(out_body or "{}")
    extra = {k: v for k, v in out_headers.items() if k.lower() == "www-authenticate"}
    return status, _error_body(data.get("error", "invalid_request"), data.get("error_description")), extra


MSG_REVOKE_TOKEN = "oauth2.rest.error.revoke.token"


def revoke_by_id(sim, token_id):
    """The profile page's revoke (TokenService.removeTokensById): the grant of the token with this id, whoever
    asks. False when there is no such token."""
    with sim.store.transaction():
        row = store.get_token(sim.store, token_id)
        if row is None:
            return False
        store.delete_grant(sim.store, row["grant_id"])
    return True


def reset_jwt_secret(sim):
    """token/jwt/reset: a new signing secret; every issued token stops working."""
    with sim.store.transaction():
        store.set_jwt_secret(sim.store, secrets.token_hex(32))
        store.delete_all_tokens(sim.store)


# Bearer authentication on ordinary REST calls

def resolve_bearer(sim, token_value):
    claims = decode(sim, token_value, "access")
    row = store.get_token(sim.store, claims["jti"]) if claims else None
    if row is None or row["kind"] != "access" or row["expires"] < time.time():
        return None
    return row["username"], row["scope"]


if resolve_bearer not in auth.BEARER_RESOLVERS:
    auth.BEARER_RESOLVERS.append(resolve_bearer)
