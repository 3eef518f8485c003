"""Simulator-only control of applinks state that no product API can set (not part of the contract)."""

from flask import Blueprint

from dcsim.errors import ApiError
from dcsim.services import applinks
from dcsim.web import json_body, require, respond, sim

blueprint = Blueprint("applinks_simctl", __name__, url_prefix="/_dcsim/applinks")


@blueprint.put("/<link_id>")
def set_link_flags(link_id):
    """{"system": bool, "properties": {"key": "value" or null}}: mark a system link, set v3 properties."""
    require("sysadmin")
    link = applinks.get(sim(), link_id)
    if link is None:
        raise ApiError(404, f"No application link with id {link_id}")
    body = json_body()
    system, props = body.get("system"), body.get("properties") or {}
    if system is not None and not isinstance(system, bool):
        raise ApiError(400, "system must be a boolean")
    if not isinstance(props, dict):
        raise ApiError(400, "properties must be an object")
    applinks.set_system(sim(), link, system, props)
    return respond(applinks.v3_view(applinks.get(sim(), link_id)))
