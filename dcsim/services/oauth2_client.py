"""OAuth 2.0 client configurations ("outgoing links", REST reference §7)."""

import base64
import hashlib
import sqlite3
import uuid
from urllib.parse import urlsplit

from dcsim.errors import ApiError, field_errors
from dcsim.services import oauth2_provider, synthetic
from dcsim.store import oauth2 as store

# REST reference §1.1, §10 (inferred): base path of the OAuth 2.0 client REST API.
CLIENT_BASE = "/rest/oauth2-client/latest"
# REST reference §1.1: the client's servlet; the redirect URI is CALLBACK_PATH + "/" + suffix.
CALLBACK_PATH = "/plugins/servlet/oauth2/client/callback"
INSECURE_BASE_URL_KEY = "oauth2.integrations.insecure.base.url.error.message"
# REST reference §7: atlassian.oauth2.client.skip.base.url.https.requirement and
# atlassian.oauth2.client.skip.provider.https.requirement (false by default; dev mode relaxes both).
SKIP_BASE_URL_HTTPS = False
SKIP_PROVIDER_HTTPS = False
TYPES = ("generic", "google", "microsoft")
MAX_LENGTH = 255


def redirect_uri_suffix(authorization_endpoint):
    """base64url_nopad(MD5(authorizationEndpoint as UTF-8)) (REST reference §7)."""
    digest = hashlib.md5(authorization_endpoint.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def redirect_uri(sim, suffix):
    return f"{sim.base_url}{CALLBACK_PATH}/{suffix}"


def check_https(sim):
    if not (sim.config.base_is_https or sim.config.dev_mode or SKIP_BASE_URL_HTTPS):
        raise ApiError(400, INSECURE_BASE_URL_KEY)


def _endpoint_error(sim, label, value):
    if len(value) > MAX_LENGTH:
        return f"{label} must be at most {MAX_LENGTH} characters."
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{label} is not a valid URL."
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"{label} is not a valid URL."
    if parts.scheme.lower() != "https" and not (sim.config.dev_mode or SKIP_PROVIDER_HTTPS):
        return f"{label} must use HTTPS."
    return None


def _string(body, key, label, errors, required=True, max_length=MAX_LENGTH):
    value = body.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[key] = [f"{label} is required."]
        return None
    if not isinstance(value, str):
        errors[key] = [f"{label} must be a string."]
        return None
    if len(value) > max_length:
        errors[key] = [f"{label} must be at most {max_length} characters."]
    return value


def _validate(sim, body, creating):
    errors = {}
    config = {"name": _string(body, "name", "Name", errors),
              "description": _string(body, "description", "Description", errors, required=False),
              "client_id": _string(body, "clientId", "Client ID", errors),
              "client_secret": _string(body, "clientSecret", "Client secret", errors, required=creating)}
    kind = _string(body, "type", "Type", errors)
    if kind is not None and kind.lower() not in TYPES:
        errors["type"] = [f"Type must be one of {', '.join(TYPES)}."]
    config["type"] = kind.upper() if kind else None
    for key, label in (("authorizationEndpoint", "Authorization endpoint"), ("tokenEndpoint", "Token endpoint")):
        value = _string(body, key, label, errors)
        problem = _endpoint_error(sim, label, value) if value is not None else None
        if problem:
            errors[key] = [problem]
        config["authorization_endpoint" if key == "authorizationEndpoint" else "token_endpoint"] = value
    scopes = body.get("scopes")
    if scopes is not None and not (isinstance(scopes, list) and all(s is None or isinstance(s, str) for s in scopes)):
        errors["scopes"] = ["Scopes must be a list of strings."]
        scopes = []
    config["scopes"] = sorted({s.strip() for s in scopes or [] if s and s.strip()})
    if not config["scopes"] and "scopes" not in errors:
        errors["scopes"] = ["At least one scope is required."]
    suffix = _string(body, "redirectUriSuffix", "Redirect URI suffix", errors)
    endpoint = config["authorization_endpoint"]
    if suffix is not None and endpoint is not None and suffix != redirect_uri_suffix(endpoint):
        errors["redirectUriSuffix"] = ["Redirect URI suffix does not match the authorization endpoint."]
    config["redirect_uri_suffix"] = suffix
    return config, errors


def _render(config):
    return {"id": config["id"], "name": config["name"], "description": config["description"],
            "type": config["type"], "clientId": config["client_id"], "clientSecret": None,
            "authorizationEndpoint": config["authorization_endpoint"], "tokenEndpoint": config["token_endpoint"],
            "scopes": list(config["scopes"]), "redirectUriSuffix": config["redirect_uri_suffix"]}


def _name_taken_error(errors):
    errors.setdefault("name", []).append("A configuration with this name already exists.")
    return field_errors(errors)


def _not_found(id_):
    return ApiError(404, f"Client configuration {id_} does not exist.")


def list_configs(sim):
    return [_render(c) for c in store.list_configs(sim.store)]


def get_config(sim, id_):
    config = store.get_config(sim.store, id_)
    if config is None:
        raise _not_found(id_)
    return _render(config)


def find_by_name(sim, name):
    """The config with this name, or None (the route answers 404 with an empty body)."""
    config = store.get_config_by_name(sim.store, name)
    return _render(config) if config else None


def create_config(sim, body):
    config, errors = _validate(sim, body, creating=True)
    config["id"] = str(uuid.uuid4())  # a body id is ignored
    try:
        with sim.store.transaction():
            if config["name"] and "name" not in errors and store.config_name_taken(sim.store, config["name"]):
                raise _name_taken_error(errors)
            if errors:
                raise field_errors(errors)
            store.insert_config(sim.store, config)
    except sqlite3.IntegrityError:
        raise _name_taken_error(errors)
    return _render(config)


def update_config(sim, id_, body):
    """Full update; a null or absent clientSecret keeps the stored secret (REST reference §7)."""
    config, errors = _validate(sim, body, creating=False)
    config["id"] = id_
    try:
        with sim.store.transaction():
            stored = store.get_config(sim.store, id_)
            if stored is None:
                raise _not_found(id_)
            if config["name"] and "name" not in errors and \
                    store.config_name_taken(sim.store, config["name"], except_id=id_):
                raise _name_taken_error(errors)
            if errors:
                raise field_errors(errors)
            if config["client_secret"] is None:
                config["client_secret"] = stored["client_secret"]
            store.update_config(sim.store, config)
    except sqlite3.IntegrityError:
        raise _name_taken_error(errors)


def delete_config(sim, id_):
    with sim.store.transaction():
        if not store.delete_config(sim.store, id_):
            raise _not_found(id_)


def get_redirect_uri(sim, authorization_endpoint):
    if not authorization_endpoint:
        raise ApiError(400, "The authorizationEndpoint parameter is required.")
    suffix = redirect_uri_suffix(authorization_endpoint)
    return {"redirectUri": redirect_uri(sim, suffix), "redirectUriSuffix": suffix}


def is_name_unique(sim, id_, name):
    return not store.config_name_taken(sim.store, name or "", except_id=id_ or None)


def secret_of(sim, id_):
    """The stored config with its secret, for the connection test (never rendered)."""
    return store.get_config(sim.store, id_)


def synthetic_entries(sim):
    """Outgoing configs, then incoming clients, as synthetic `generic` applinks (REST reference §4.1)."""
    result = []
    for config in store.list_configs(sim.store):
        url = oauth2_provider.synthetic_url(config["authorization_endpoint"])
        result.append({"id": config["id"], "name": config["name"], "displayUrl": url, "rpcUrl": url,
                       "type": "generic", "system": False, "primary": False})
    return result + oauth2_provider.synthetic_entries(sim)


synthetic.register(synthetic_entries)
