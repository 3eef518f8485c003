"""Applinks v2 (REST reference §3): create by PUT, update by POST, and authentication providers.

Mounted under 2.0, under 3.0 (§3.3) and under latest. The GET, DELETE and primary resources are in applinks_v1.
"""

from flask import Blueprint

from dcsim.routes.applinks_common import V2, admin, api_base, route
from dcsim.services import applink_auth, applinks
from dcsim.web import json_body, respond, sim, status_body

blueprint = Blueprint("applinks_v2", __name__)
_BASE = f"/rest/applinks/{V2}"


@route(blueprint, ["PUT"], _BASE + "/applicationlink")
def create_link(ver):
    """201 (v2 ApplicationLinkResource.addApplicationLink): generic links and links without an id get the §2.8
    id; an existing id is 400 duplicate.url; a taken name is renamed; no manifest is fetched (§3.1)."""
    admin(websudo=True)
    body = json_body()
    applinks.check_type(body.get("typeId"), applinks.MSG_TYPE_NOT_INSTALLED)
    rpc_url, display_url = applinks.details(body)
    link_id = None
    if body["typeId"] != "generic" and body.get("id") is not None:
        link_id = applinks.canonical_id(body.get("id"))
        if link_id is None:
            raise applinks.bad(applinks.MSG_INVALID_ID)
    link = applinks.create(sim(), link_id=link_id or applinks.generated_id(rpc_url), type_id=body["typeId"],
                           name=body.get("name"), rpc_url=rpc_url, display_url=display_url,
                           is_primary=body.get("isPrimary"), existing_id=applinks.bad(applinks.MSG_DUPLICATE_URL))
    href = f"{api_base()}/applicationlink/{link['id']}"
    return respond(status_body(201, created=[href]), 201, xml_root="status")


@route(blueprint, ["POST"], _BASE + "/applicationlink/<link_id>")
def update_link(ver, link_id):
    """200 (v2 updateApplicationLink): the type first; an unknown id is 400 applinks.notfound (not 404)."""
    who = admin(websudo=True)
    body = json_body()
    applinks.check_type(body.get("typeId"), applinks.MSG_TYPE_NOT_INSTALLED)
    link = applinks.require(sim(), link_id, 400, applinks.MSG_NOT_FOUND, kind="errorlist")
    rpc_url, display_url = applinks.details(body)
    updated = applinks.update(sim(), who, link, name=applinks.check_name(body.get("name")),
                              display_url=display_url, rpc_url=rpc_url, is_primary=body.get("isPrimary"))
    href = f"{api_base()}/applicationlink/{updated['id']}"
    return respond(status_body(200, updated=[href]), 200, xml_root="status")


@route(blueprint, ["GET"], _BASE + "/applicationlink/<link_id>/authentication/provider",
       _BASE + "/applicationlink/<link_id>/authentication/provider/<provider>")
def providers(ver, link_id, provider=None):
    admin(websudo=True)
    link = applinks.require(sim(), link_id)
    entries = applink_auth.provider_entries(sim(), link, api_base(), only=provider)
    return respond({"authenticationProviders": entries}, xml_root="authenticationProviders")


@route(blueprint, ["PUT"], _BASE + "/applicationlink/<link_id>/authentication/provider")
def put_provider(ver, link_id):
    who = admin(websudo=True)
    link = applinks.require(sim(), link_id)
    body = json_body()
    applink_auth.put_provider(sim(), who, link, body)
    href = f"applicationlink/{link['id']}/authentication/{body['provider']}"  # relative (putAuthenticationProvider)
    return respond(status_body(201, created=[href]), 201, xml_root="status")
