"""Helpers for the routes layer: the current instance and caller, permissions, JSON bodies, negotiation."""

import json

from flask import Response, current_app, g, request

from dcsim import families
from dcsim.errors import ApiError
from dcsim.sim import SERVER_CALL_AGENT


def sim():
    return current_app.extensions["dcsim"]


def is_server_call():
    """Whether the request was sent by a dcsim server on its own behalf (sim.SERVER_CALL_AGENT), not by a browser
    or a client."""
    return request.headers.get("User-Agent", "") == SERVER_CALL_AGENT


def principal():
    return g.principal


def family():
    return families.family_for(request.path)


def require(role, websudo=False):
    """Fail unless the caller has `role` (user|admin|sysadmin), in the family's way (REST reference §1.4, §1.5)."""
    who = g.principal
    fam = family()
    if not who.authenticated:
        if fam == "status":
            raise ApiError(401, "applinks.error.only.admin")
        raise ApiError(401, "Client must be authenticated to access this resource.")
    if not who.at_least(role):
        if fam == "v3":
            raise ApiError(403, "You must be an administrator to perform this operation.")
        if fam == "oauth2":
            raise ApiError(401, "You must be a system administrator to access this resource.")
        if fam == "status":
            raise ApiError(401, "applinks.error.only.admin")
        raise ApiError(403, "Forbidden")
    if websudo and not who.websudo:
        raise ApiError(401, "This resource requires WebSudo.")
    return who


def require_xsrf_token():
    """For the few GETs that need the XSRF header anyway (REST reference §1.6)."""
    if request.headers.get("X-Atlassian-Token") not in ("no-check", "nocheck"):
        raise ApiError(403, "XSRF check failed", kind="plain")


def json_body(required=True, expect=dict):
    """The parsed JSON body; 400 in the family's shape when it is missing, malformed or of the wrong type."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise ApiError(400, "A JSON request body is required.", kind="errorlist")
        return expect() if expect else None
    try:
        body = json.loads(raw)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.", kind="errorlist")
    if expect is not None and not isinstance(body, expect):
        raise ApiError(400, f"The request body must be a JSON {expect.__name__.replace('dict', 'object')}.",
                       kind="errorlist")
    return body


def respond(body, status=200, xml_root=None, headers=None):
    """JSON, or XML for the families that prefer it when the client does not ask for JSON (REST reference §1.2)."""
    if body is None:
        return Response(status=status, headers=headers)
    if families.wants_xml(family(), request.headers.get("Accept")):
        return Response(families.render_xml(body, xml_root), status=status, headers=headers,
                        mimetype="application/xml")
    return Response(families.dumps(body), status=status, headers=headers, mimetype="application/json")


def status_body(status, message=None, created=None, updated=None):
    """A status body (REST reference §1.3), with resources-created/-updated self links when given.

    REST reference §12.4: in JSON they are arrays of {"href", "rel"}; the XML renderer adds the `link` wrapper.
    """
    body = {"status-code": status}
    if message:
        body["message"] = message
    if created:
        body["resources-created"] = [{"href": href, "rel": "self"} for href in created]
    if updated:
        body["resources-updated"] = [{"href": href, "rel": "self"} for href in updated]
    return body


def external_url(path):
    """Absolute URL of a path on this instance (base URL includes the context path)."""
    return sim().base_url + path
