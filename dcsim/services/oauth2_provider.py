"""OAuth 2.0 provider client administration ("incoming links", REST reference §6.1) and the provider's metadata."""

import secrets
import sqlite3
import uuid
from urllib.parse import urlsplit

from dcsim.errors import ApiError, field_errors
from dcsim.store import oauth2 as store

# REST reference §1.1: base path of the provider REST API.
PROVIDER_BASE = "/rest/oauth2/latest"
# REST reference §6.1: message key of HttpsOnlyResourceFilter. Plugin 3.1.5 applies the filter to no resource, so
# the check is off unless SimConfig.provider_client_https_check (CLI --provider-https-check) turns it on.
NO_HTTPS_KEY = "oauth2.rest.error.no.https.warning.message"
# REST reference §6.1: atlassian.oauth2.provider.skip.redirect.url.https.requirement and
# atlassian.oauth2.provider.disallow.localhost.redirect, both false by default.
SKIP_REDIRECT_HTTPS = False
DISALLOW_LOCALHOST_REDIRECT = False
MAX_NAME = 255
MAX_REDIRECT = 450
# REST reference §4.1: synthetic links show `scheme://host`. dcsim reads "host" as the host name without the port
# (like java.net.URI#getHost); set True to keep an explicit port.
SYNTHETIC_URL_KEEPS_PORT = False


def check_https(sim):
    """The (inferred, switchable) HTTPS-only check of the `client` resource."""
    cfg = sim.config
    if cfg.provider_client_https_check and not cfg.dev_mode and not cfg.base_is_https:
        raise ApiError(400, NO_HTTPS_KEY)


def _text(value):
    """Trimmed text, '' for null; None when the value is not text at all."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    return value.strip()


def _redirect_error(sim, url):
    if len(url) > MAX_REDIRECT:
        return f"Redirect URI must be at most {MAX_REDIRECT} characters: {url}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"Redirect URI cannot be parsed: {url}"
    if not parts.scheme or not parts.netloc or not parts.hostname:
        return f"Redirect URI must be absolute: {url}"
    if "#" in url:
        return f"Redirect URI must not contain a fragment: {url}"
    localhost = parts.hostname == "localhost" and not DISALLOW_LOCALHOST_REDIRECT
    if parts.scheme.lower() != "https" and not (localhost or SKIP_REDIRECT_HTTPS or sim.config.dev_mode):
        return f"Redirect URI must use HTTPS: {url}"
    return None


def _validate(sim, body, partial):
    """(name, redirects, scope, errors). On a partial update, blank values mean 'keep' and come back as None."""
    errors = {}
    name = _text(body.get("name"))
    if name is None:
        errors["name"] = ["Name must be a string."]
    elif not name:
        if not partial:
            errors["name"] = ["Name is required."]
        name = None
    elif len(name) > MAX_NAME:
        errors["name"] = [f"Name must be at most {MAX_NAME} characters."]

    raw = body.get("redirects")
    redirects = None
    if raw is not None and not (isinstance(raw, list) and all(isinstance(r, str) or r is None for r in raw)):
        errors["redirects"] = ["Redirects must be a list of strings."]
    else:
        cleaned = sorted({r.strip() for r in raw or [] if r and r.strip()})
        if cleaned:
            problems = [p for p in (_redirect_error(sim, r) for r in cleaned) if p]
            if problems:
                errors["redirects"] = problems
            redirects = cleaned
        elif not partial:
            errors["redirects"] = ["At least one redirect URI is required."]

    scope = _text(body.get("scope"))
    if scope is None:
        errors["scope"] = ["Scope must be a string."]
    elif not scope:
        if not partial:
            errors["scope"] = ["Scope is required."]
        scope = None
    else:
        names = sorted(set(scope.split()))
        unknown = [n for n in names if n not in sim.profile.scopes]
        if unknown:
            errors["scope"] = [f"Unknown scope: {n}" for n in unknown]
        scope = " ".join(names)
    return name, redirects, scope, errors


def _render(client):
    return {"id": client["id"], "clientId": client["client_id"], "clientSecret": client["client_secret"],
            "name": client["name"], "redirects": list(client["redirects"]), "userKey": client["user_key"],
            "scope": client["scope"]}


def _name_taken_error(errors):
    errors.setdefault("name", []).append("A client with this name already exists.")
    return field_errors(errors)


def _not_found(what):
    return ApiError(404, f"Client {what} does not exist.")


def list_clients(sim):
    return [_render(c) for c in store.list_clients(sim.store)]


def get_client(sim, id_):
    client = store.get_client(sim.store, id_)
    if client is None:
        raise _not_found(id_)
    return _render(client)


def create_client(sim, principal, body):
    name, redirects, scope, errors = _validate(sim, body, partial=False)
    client = {"id": str(uuid.uuid4()), "client_id": secrets.token_hex(16), "client_secret": secrets.token_hex(32),
              "name": name, "redirects": redirects, "user_key": principal.username, "scope": scope}
    try:
        with sim.store.transaction():
            if name and "name" not in errors and store.client_name_taken(sim.store, name):
                raise _name_taken_error(errors)
            if errors:
                raise field_errors(errors)
            store.insert_client(sim.store, client)
    except sqlite3.IntegrityError:
        raise _name_taken_error(errors)
    return _render(client)


def update_client(sim, id_, body):
    """Partial update (REST reference §6.1): a blank name, empty redirects or blank scope keep the stored value."""
    name, redirects, scope, errors = _validate(sim, body, partial=True)
    try:
        with sim.store.transaction():
            stored = store.get_client(sim.store, id_)
            if stored is None:
                raise _not_found(id_)
            if name and "name" not in errors and store.client_name_taken(sim.store, name, except_id=id_):
                raise _name_taken_error(errors)
            if errors:
                raise field_errors(errors)
            store.update_client(sim.store, id_, name or stored["name"], redirects or stored["redirects"],
                                scope or stored["scope"])
    except sqlite3.IntegrityError:
        raise _name_taken_error(errors)


def delete_client(sim, id_):
    with sim.store.transaction():
        client = store.get_client(sim.store, id_)
        if client is None:
            raise _not_found(id_)
        store.delete_client(sim.store, id_)
    return _render(client)


def reset_secret(sim, client_id):
    with sim.store.transaction():
        if not store.set_client_secret(sim.store, client_id, secrets.token_hex(32)):
            raise _not_found(client_id)
        return _render(store.get_client_by_client_id(sim.store, client_id))


def metadata(sim):
    """RFC 8414 metadata exactly as plugin 3.1.5 serves it (REST reference §6.3)."""
    base = sim.base_url
    return {"issuer": base,
            "authorization_endpoint": f"{base}{PROVIDER_BASE}/authorize",
            "token_endpoint": f"{base}{PROVIDER_BASE}/token",
            "revocation_endpoint": f"{base}{PROVIDER_BASE}/revoke",
            "scopes_supported": list(sim.profile.scopes),
            "response_types_supported": ["code"], "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_post"]}


def synthetic_url(url):
    """`scheme://host` of a URL, for the synthetic applinks entries (REST reference §4.1)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        if SYNTHETIC_URL_KEEPS_PORT and parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        return url
    return f"{parts.scheme}://{host}"


def synthetic_entries(sim):
    """Every incoming client as a synthetic `generic` applink (REST reference §4.1)."""
    result = []
    for client in store.list_clients(sim.store):
        url = synthetic_url(client["redirects"][0]) if client["redirects"] else None
        result.append({"id": client["id"], "name": client["name"], "displayUrl": url, "rpcUrl": url,
                       "type": "generic", "system": False, "primary": False})
    return result
