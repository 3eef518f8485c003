"""Who is calling (REST reference §1.4, §1.5, §1.8): Basic, personal access tokens, OAuth 2.0 bearer, cookies."""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass

from dcsim import versions
from dcsim.config import ROLE_RANK
from dcsim.errors import ApiError
from dcsim.store import core as core_store


def read_only_scope(scope):
    """Whether a token's scope only allows reads (versions.SCOPE_RULES)."""
    return all(versions.scope_rule(name).read_only for name in (scope or "").split())


@dataclass
class Principal:
    username: str = None
    role: str = "anonymous"
    via: str = "anonymous"        # basic | pat | oauth2 | cookie | anonymous
    websudo: bool = False         # whether websudo-protected resources may be used
    scope: str = None             # OAuth 2.0 scope of a bearer token

    @property
    def authenticated(self):
        return self.username is not None

    def at_least(self, role):
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


ANONYMOUS = Principal()

# Resolvers for other Authorization schemes, by lower-case scheme name (the OAuth 1.0a service registers
# "oauth"). Each takes (sim, method, url, headers, body) and returns a Principal or None (-> 401).
SCHEME_RESOLVERS = {}

# Resolvers for bearer tokens that are not PATs (the OAuth 2.0 provider registers one). Each takes
# (sim, token) and returns (username, scope) or None.
BEARER_RESOLVERS = []


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _user(sim, username, password=None):
    entry = sim.config.users.get(username)
    if entry is None or (password is not None and not secrets.compare_digest(entry[0], password)):
        return None
    return entry[1]


def resolve(sim, authorization, session_cookie, method="GET", url="", headers=None, body=b""):
    """Return the Principal of a request; raise ApiError(401) on bad credentials."""
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "basic":
            try:
                username, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                raise ApiError(401, "Client must be authenticated to access this resource.")
            role = _user(sim, username, password)
            if role is None:
                raise ApiError(401, "Client must be authenticated to access this resource.")
            return Principal(username, role, "basic", websudo=True)
        if scheme.lower() == "bearer":
            token = value.strip()
            pat = core_store.find_pat(sim.store, hash_token(token))
            if pat and (pat["expires"] is None or pat["expires"] > time.time()):
                role = _user(sim, pat["username"])
                if role:
                    # REST reference §1.5 (inferred): PAT authentication always sets is.pats.enabled.
                    return Principal(pat["username"], role, "pat", websudo=True)
            for resolver in BEARER_RESOLVERS:
                found = resolver(sim, token)
                if found:
                    username, scope = found
                    role = _user(sim, username)
                    if role:
                        return Principal(username, _cap_by_scope(role, scope), "oauth2", websudo=True,
                                         scope=scope)
            raise ApiError(401, "Client must be authenticated to access this resource.")
        resolver = SCHEME_RESOLVERS.get(scheme.lower())
        if resolver:
            found = resolver(sim, method, url, headers or {}, body)
            if found:
                return found
        raise ApiError(401, "Client must be authenticated to access this resource.")
    if session_cookie:
        session = core_store.find_session(sim.store, session_cookie)
        if session:
            role = _user(sim, session["username"])
            if role:
                return Principal(session["username"], role, "cookie", websudo=bool(session["websudo"]))
    return ANONYMOUS


def _cap_by_scope(role, scope):
    names = (scope or "").split()
    best = "user"
    for name in names:
        cap = versions.scope_rule(name).role_cap
        if ROLE_RANK[cap] > ROLE_RANK[best]:
            best = cap
    return role if ROLE_RANK[role] <= ROLE_RANK[best] else best


def login(sim, username, password):
    """A cookie session (Jira's /rest/auth/1/session). Its websudo is never elevated in dcsim."""
    if _user(sim, username, password) is None:
        raise ApiError(401, "Login failed")
    session_id = secrets.token_hex(16)
    core_store.insert_session(sim.store, session_id, username)
    return session_id


def create_pat(sim, principal, name, expiration_days):
    if not name or not isinstance(name, str) or len(name) > 255:
        raise ApiError(400, "Token name is required and must be at most 255 characters.", kind="errorlist")
    if expiration_days is not None and (not isinstance(expiration_days, int) or expiration_days <= 0):
        raise ApiError(400, "expirationDuration must be a positive number of days.", kind="errorlist")
    token = secrets.token_urlsafe(33)
    expires = time.time() + expiration_days * 86400 if expiration_days else None
    row = core_store.insert_pat(sim.store, hash_token(token), name, principal.username, expires)
    return {"id": row["id"], "name": name, "createdAt": _iso(row["created"]),
            "expiringAt": _iso(expires) if expires else None, "rawToken": token}


def _iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000+0000", time.gmtime(ts))
