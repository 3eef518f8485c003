"""Applinks v3 (REST reference §4): `applinks`, `status`, `capabilities`, `features`. JSON only, v3 error bodies."""

import json

from flask import Blueprint, request

from dcsim import families
from dcsim.errors import ApiError
from dcsim.routes.applinks_common import V3, route
from dcsim.services import applink_auth, applink_status, applink_v3, applinks
from dcsim.web import principal, require, respond, sim

blueprint = Blueprint("applinks_v3", __name__)
_BASE = f"/rest/applinks/{V3}"

# REST reference §4.2: GET status/{id}/oauth is anonymous (ApplinkStatusResource is @AnonymousAllowed and
# DefaultOAuthStatusService checks nothing); remotes read it anonymously to compare OAuth levels.
OAUTH_STATUS_GET_ANONYMOUS = True
# REST reference §4.2: a malformed PUT status/{id}/oauth body answers 500.
MALFORMED_OAUTH_STATUS = 500
# REST reference §4.3: capabilities are anonymous (ApplinksCapabilitiesResource is @AnonymousAllowed).
CAPABILITIES_ANONYMOUS = True


def _v3_json():
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw) if raw.strip() else None
    except ValueError:
        body = None
    return body


@route(blueprint, ["GET"], _BASE + "/applinks")
def list_links(ver):
    who = require("admin")
    return respond(applink_v3.list_links(sim(), who, request.args.getlist("property"), request.args.getlist("data")))


@route(blueprint, ["GET"], _BASE + "/applinks/<link_id>")
def get_link(ver, link_id):
    who = require("admin")
    link = applink_v3.require_link(sim(), link_id)
    return respond(applink_v3.view(sim(), who, link, request.args.getlist("property"), request.args.getlist("data")))


@route(blueprint, ["PUT"], _BASE + "/applinks/<link_id>")
def put_link(ver, link_id):
    who = require("admin")
    link = applink_v3.require_link(sim(), link_id)
    body = _v3_json()
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object with name, rpcUrl and displayUrl.")
    return respond(applink_v3.put_link(sim(), who, link, body))


@route(blueprint, ["DELETE"], _BASE + "/applinks/<link_id>")
def delete_link(ver, link_id):
    require("admin")
    link = applink_v3.require_link(sim(), link_id)
    applinks.delete(sim(), link)  # ApplicationLinkV3Resource.delete: no system-link check
    return respond(None, 204)


@route(blueprint, ["GET"], _BASE + "/status/<link_id>")
def link_status(ver, link_id):
    callback = request.args.get("authorisationCallback")
    if callback is not None and not applinks.valid_url(callback):
        # ApplinkStatusResource.parseAuthorisationCallback: RestUtil.badRequest, the error-list body
        raise ApiError(400, "authorisationCallback must be absolute", kind=families.ERRORLIST_ANYWHERE)
    who = require("admin")
    link = applink_v3.require_link(sim(), link_id)
    return respond(applink_status.status(sim(), who, link, callback))


@route(blueprint, ["GET"], _BASE + "/status/<link_id>/oauth")
def get_oauth_status(ver, link_id):
    if not OAUTH_STATUS_GET_ANONYMOUS:
        require("admin")
    link = applink_v3.require_link(sim(), link_id)
    return respond(applink_auth.oauth_status(sim(), link["id"]))


def _flags(cfg, name):
    if not isinstance(cfg, dict):
        raise ApiError(400, f"'{name}' is required")
    for key in ("enabled", "twoLoEnabled", "twoLoImpersonationEnabled"):
        if cfg.get(key) is not None and not isinstance(cfg.get(key), bool):
            raise ApiError(MALFORMED_OAUTH_STATUS, f"Malformed OAuth status: {name}.{key} must be a boolean")
    return cfg


@route(blueprint, ["PUT"], _BASE + "/status/<link_id>/oauth")
def put_oauth_status(ver, link_id):
    """204; both directions required; normalised (§4.2); the link is looked up before the caller's rights are
    (ApplinkStatusResource.updateOAuthStatus); sysadmin for impersonation; 409 without consumer-info."""
    body = _v3_json()
    if not isinstance(body, dict):
        raise ApiError(MALFORMED_OAUTH_STATUS, "Malformed OAuth status body")
    incoming, outgoing = _flags(body.get("incoming"), "incoming"), _flags(body.get("outgoing"), "outgoing")
    link = applink_v3.require_link(sim(), link_id)
    applink_auth.apply_oauth_status(sim(), principal(), link, incoming, outgoing)
    return respond(None, 204)


@route(blueprint, ["GET"], _BASE + "/capabilities")
def capabilities(ver):
    if not CAPABILITIES_ANONYMOUS:
        require("admin")
    return respond(list(applink_status.CAPABILITIES))


@route(blueprint, ["GET"], _BASE + "/capabilities/<name>")
def capability(ver, name):
    if not CAPABILITIES_ANONYMOUS:
        require("admin")
    if name.upper() not in applink_status.CAPABILITIES:
        raise ApiError(404, f"No such capability: {name}")
    return respond([name.upper()])


@route(blueprint, ["GET"], _BASE + "/capabilities/remote/<link_id>")
def remote_capabilities(ver, link_id):
    require("admin")
    link = applink_v3.require_link(sim(), link_id)
    return respond(applink_status.remote_capabilities(sim(), link))


@route(blueprint, ["GET"], _BASE + "/features/<name>")
def get_feature(ver, name):
    """Anonymous (ApplinksFeatureResource is @AnonymousAllowed); false for a caller without a user."""
    feature = applink_v3.feature_name(name)
    return respond({feature: applink_v3.feature_enabled(sim(), feature, principal())})


@route(blueprint, ["PUT"], _BASE + "/features/<name>")
def enable_feature(ver, name):
    feature = applink_v3.feature_name(name)
    applink_v3.set_feature(sim(), principal(), feature, True)
    return respond({name: True})  # the name as the path gave it


@route(blueprint, ["DELETE"], _BASE + "/features/<name>")
def disable_feature(ver, name):
    feature = applink_v3.feature_name(name)
    applink_v3.set_feature(sim(), principal(), feature, False)
    return respond(None, 204)
