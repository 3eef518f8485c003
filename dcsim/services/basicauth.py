"""Basic authentication switched off (REST reference §12.2): the block, its allowlists, and their configuration.

The default comes from the version table (blocked from Jira 11.0); `--basic-auth on|off` writes the setting at
start; `PUT /rest/basicauth/1.0/config` changes it at run time. The stored setting wins over the default.
"""

import base64
import fnmatch

from dcsim.errors import ApiError
from dcsim.store import basicauth as store

BLOCKED_MESSAGE = "Basic Authentication has been disabled on this instance."
# Paths that never meet the block: dcsim's own controls (the test harness authenticates with Basic) and the
# OAuth 2.0 token/revoke endpoints, whose Basic header authenticates a client, not a user.
EXEMPT_PREFIXES = ("/_dcsim/", "/rest/oauth2/latest/token", "/rest/oauth2/latest/revoke")
_KEYS = ("block-requests", "allowed-paths", "allowed-users")


def current(sim):
    """The effective settings in the wire form of the config resource."""
    stored = store.get_config(sim.store)
    if stored is None:
        return {"block-requests": sim.profile.basic_auth_blocked, "allowed-paths": [], "allowed-users": []}
    return {"block-requests": stored["block_requests"], "allowed-paths": stored["allowed_paths"],
            "allowed-users": stored["allowed_users"]}


def apply_start_setting(sim):
    """--basic-auth on|off: stored at start (the allowlists stay as they were)."""
    enabled = sim.config.basic_auth
    if enabled is None:
        return
    now = current(sim)
    store.put_config(sim.store, not enabled, now["allowed-paths"], now["allowed-users"])


def _string_list(body, key):
    value = body.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(400, f"'{key}' must be a list of strings.")
    return [item.strip() for item in value if item.strip()]


def update(sim, body):
    """PUT config: keys left out keep their value; unknown keys and wrong types are 400."""
    unknown = sorted(set(body) - set(_KEYS))
    if unknown:
        raise ApiError(400, f"Unknown properties: {', '.join(unknown)}")
    merged = dict(current(sim))
    merged.update(body)
    if not isinstance(merged["block-requests"], bool):
        raise ApiError(400, "'block-requests' must be a boolean.")
    paths, users = _string_list(merged, "allowed-paths"), _string_list(merged, "allowed-users")
    store.put_config(sim.store, merged["block-requests"], paths, users)
    return current(sim)


def _basic_username(authorization):
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        return base64.b64decode(value.strip()).decode("utf-8").partition(":")[0]
    except (ValueError, UnicodeDecodeError):
        return ""


def _path_allowed(path, patterns):
    # dcsim reads an allowed path as a glob relative to the context path ("/rest/api/2/*"); inferred.
    return any(path == p or fnmatch.fnmatchcase(path, p) for p in patterns)


def blocked(sim, path, authorization):
    """Whether this request is a Basic request that the block refuses (the caller answers 403)."""
    username = _basic_username(authorization)
    if username is None or path.startswith(EXEMPT_PREFIXES):
        return False
    settings = current(sim)
    if not settings["block-requests"]:
        return False
    return username not in settings["allowed-users"] and not _path_allowed(path, settings["allowed-paths"])
