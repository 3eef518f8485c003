"""Route helpers shared by the applinks route modules (no blueprint here)."""

import secrets

from flask import g, request

from dcsim import web
from dcsim.errors import ApiError
from dcsim.services.auth import Principal

# Version segments each resource answers under (REST reference §1.1, §10; `latest` = 3.0 is inferred).
V1 = '<any("1.0"):ver>'
V1_V3 = '<any("1.0", "3.0"):ver>'  # REST reference §12.4: the v1 PUT also answers under 3.0
V1_LATEST = '<any("1.0", "latest"):ver>'
V2 = '<any("2.0", "3.0", "latest"):ver>'
ANY = '<any("1.0", "2.0", "3.0", "latest"):ver>'
V3 = '<any("3.0", "latest"):ver>'
OAUTH = '<any("1.0", "latest"):ver>'

# REST reference §1.4: al_username/al_password are accepted on the v1/v2 admin resources. (inferred) They carry no
# Basic header, so websudo is not skipped for them.
LEGACY_WEBSUDO = False


def add(blueprint, rules, methods, view, **options):
    """Mount one view under several rules (the same resource under several versions or bases)."""
    for rule in rules:
        blueprint.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods, **options)
    return view


def route(blueprint, methods, *rules, **options):
    def deco(view):
        return add(blueprint, rules, methods, view, **options)
    return deco


def _legacy_principal():
    username, password = request.args.get("al_username"), request.args.get("al_password")
    if username is None or g.principal.authenticated:
        return
    entry = web.sim().config.users.get(username)
    if entry is None or not secrets.compare_digest(entry[0], password or ""):
        raise ApiError(401, "applinks.error.only.admin")
    g.principal = Principal(username, entry[1], "legacy", websudo=LEGACY_WEBSUDO)


def admin(websudo=False, role="admin"):
    """The v1/v2/applinks-oauth admin check (REST reference §1.4, §1.5), with the legacy al_ parameters."""
    _legacy_principal()
    return web.require(role, websudo=websudo)


def api_base():
    """Absolute base of the API version the request came in on, e.g. https://host/jira/rest/applinks/1.0."""
    parts = request.path.split("/")
    return web.sim().base_url + "/".join(parts[:4])


def flag(name, default=False):
    value = request.args.get(name)
    return default if value is None else value.strip().lower() == "true"
