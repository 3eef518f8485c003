"""Applinks v1 (REST reference §2.2, §2.3): manifest and `applicationlink`.

The GET resources also answer under 2.0/3.0/latest (v2 inherits them) and under applinks-oauth (§5.3).
"""

from flask import Blueprint, request

from dcsim.routes.applinks_common import ANY, OAUTH, V1, V1_V3, admin, api_base, flag, route
from dcsim.services import applink_admin, applinks
from dcsim.web import json_body, principal, require, respond, sim, status_body

blueprint = Blueprint("applinks_v1", __name__)

_GET_BASES = (f"/rest/applinks/{ANY}", f"/rest/applinks-oauth/{OAUTH}")


def _cors():
    """CorsInterceptor (manifest resources): the request's Origin is allowed, with credentials."""
    origin = request.headers.get("Origin")
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true"} if origin else {}


def _gets(suffix):
    return [base + suffix for base in _GET_BASES]


@route(blueprint, ["GET"], f"/rest/applinks/{V1}/manifest")
def manifest(ver):
    return respond(applink_admin.manifest(sim()), xml_root="manifest", headers=_cors())


@route(blueprint, ["GET"], f"/rest/applinks/{V1}/manifest/<link_id>")
def remote_manifest(ver, link_id):
    require("user")
    link = applinks.require(sim(), link_id, 400, f"No application link with id {link_id}", kind="errorlist")
    return respond(applink_admin.remote_manifest(sim(), link), xml_root="manifest", headers=_cors())


@route(blueprint, ["GET"], *_gets("/applicationlink"))
def list_links(ver):
    admin(websudo=True)
    base = api_base()
    return respond({"applicationLinks": [applinks.v1_view(sim(), link, base) for link in applinks.all_links(sim())]},
                   xml_root="applicationLinks")


@route(blueprint, ["GET"], *_gets("/applicationlink/type/<type_id>"))
def links_of_type(ver, type_id):
    admin(websudo=True)
    base = api_base()
    links = applinks.of_type_primary_first(sim(), type_id)
    return respond({"applicationLinks": [applinks.v1_view(sim(), link, base) for link in links]},
                   xml_root="applicationLinks")


@route(blueprint, ["GET"], *_gets("/applicationlink/<link_id>"))
def get_link(ver, link_id):
    admin(websudo=True)
    link = applinks.require(sim(), link_id, applinks.UNKNOWN_LINK_GET_STATUS, applinks.MSG_UNKNOWN_LINK_GET)
    return respond(applinks.v1_view(sim(), link, api_base()), xml_root="applicationLink")


@route(blueprint, ["GET"], *_gets("/applicationlink/primary/<type_id>"))
def primary_of_type(ver, type_id):
    admin(websudo=True)
    return respond(applinks.v1_view(sim(), applinks.primary_of_type(sim(), type_id), api_base()),
                   xml_root="applicationLink")


@route(blueprint, ["PUT"], f"/rest/applinks/{V1_V3}/applicationlink/<link_id>")
def put_link(ver, link_id):
    """Create (201) when no link has the path id, else update (200); the new link is stored under the body id."""
    admin(websudo=True)
    link, created = applink_admin.put_v1(sim(), principal(), link_id, json_body())
    href = f"{api_base()}/applicationlink/{link['id']}"
    if created:
        return respond(status_body(201, created=[href]), 201, xml_root="status")
    return respond(status_body(200, updated=[href]), 200, xml_root="status")


@route(blueprint, ["DELETE"], f"/rest/applinks/{ANY}/applicationlink/<link_id>")
def delete_link(ver, link_id):
    who = admin(websudo=False)  # REST reference §1.5: DELETE needs no websudo
    link = applinks.require(sim(), link_id)
    applink_admin.delete(sim(), who, link, flag("reciprocate"))
    return respond(status_body(200, "applinks.deleted"), 200, xml_root="status")


@route(blueprint, ["POST"], f"/rest/applinks/{ANY}/applicationlink/primary/<link_id>")
def make_primary(ver, link_id):
    admin(websudo=True)
    # the service's IllegalArgumentException for an unknown (or malformed) id surfaces as a 500
    link = applinks.require(sim(), link_id, 500, f"No application link with ID={link_id}")
    applinks.make_primary(sim(), link)
    href = f"{api_base()}/applicationlink/{link['id']}"
    return respond(status_body(200, "applinks.primary", updated=[href]), 200, xml_root="status")
