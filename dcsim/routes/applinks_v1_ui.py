"""Applinks v1 resources of the admin UI (REST reference §2.4, §2.5): applicationlinkForm, listApplicationlinks,
listApplicationlinkstates, applicationlinkInfo, relocateApplicationlink, authenticationinfo, permission.
"""

from flask import Blueprint, Response, request

from dcsim.errors import ApiError
from dcsim.routes.applinks_common import V1, V1_LATEST, admin, api_base, flag, route
from dcsim.services import applink_admin, applink_form, applinks
from dcsim.web import json_body, principal, require, require_xsrf_token, respond, sim, status_body

blueprint = Blueprint("applinks_v1_ui", __name__)
_BASE = f"/rest/applinks/{V1}"


@route(blueprint, ["GET"], _BASE + "/applicationlinkForm/manifest")
def form_manifest(ver):
    admin()
    require_xsrf_token()  # REST reference §1.6: this GET needs the XSRF header
    body = applink_form.form_manifest(sim(), request.args.get("url"))
    return respond(body, xml_root="manifest" if "id" in body else "responseInfo")


@route(blueprint, ["POST"], _BASE + "/applicationlinkForm/createAppLink")
def create_app_link(ver):
    who = admin()
    body = applink_form.create_app_link(sim(), who, json_body(), api_base())
    return respond(body, xml_root="createdApplicationLink")


@route(blueprint, ["POST"], _BASE + "/applicationlinkForm/createStaticUrlAppLink")
def create_static(ver):
    admin()
    return respond(applink_form.create_static(sim(), request.args.get("typeId"), api_base()),
                   xml_root="createdApplicationLink")


@route(blueprint, ["POST"], _BASE + "/applicationlinkForm/details")
def details(ver):
    admin()
    applink_form.check_details(sim(), json_body())
    return respond(status_body(200), xml_root="status")


@route(blueprint, ["GET"], f"/rest/applinks/{V1_LATEST}/listApplicationlinks")
def list_applicationlinks(ver):
    admin()
    return respond({"list": applink_admin.list_entries(sim(), api_base())}, xml_root="list")


@route(blueprint, ["GET"], _BASE + "/listApplicationlinkstates/id/<link_id>")
def link_state(ver, link_id):
    """ApplicationLinkStatesUIResource: only per id (a malformed id does not match the path parameter: 404)."""
    admin()
    if applinks.canonical_id(link_id) is None:
        raise ApiError(404, "Not found")
    return respond({"appLinkState": applink_admin.link_state(sim(), link_id)}, xml_root="applicationLinkState")


@route(blueprint, ["GET"], _BASE + "/applicationlinkInfo/id/<link_id>")
def link_info(ver, link_id):
    admin()
    if applinks.canonical_id(link_id) is None:
        raise ApiError(404, "Not found")
    return respond(applink_admin.link_info(sim(), link_id), xml_root="applicationLinkInfo")


@route(blueprint, ["POST"], _BASE + "/relocateApplicationlink/<link_id>")
def relocate(ver, link_id):
    who = admin()
    outcome = applink_admin.relocate(sim(), who, link_id, request.args.get("newUrl"), flag("nowarning"))
    if outcome == "unreachable":
        return Response(status=409)  # REST reference §2.5: 409 with no body
    return respond(None, 204)


@route(blueprint, ["GET"], _BASE + "/authenticationinfo")
def authentication_info(ver):
    admin()
    return respond(status_body(200), xml_root="status")


@route(blueprint, ["GET"], _BASE + "/authenticationinfo/id/<link_id>/url/<path:url>", merge_slashes=False)
@route(blueprint, ["GET"], _BASE + "/authenticationinfo/id/<link_id>/url/")
def authentication_info_for(ver, link_id, url=None):
    """AuthenticationResource.rpcUrlIsReachable: {url:.*$} may be empty; the url query parameter wins."""
    admin()
    url = request.args.get("url") or url
    if url and "://" not in url and ":/" in url:  # a proxy may have merged the slashes of the scheme
        url = url.replace(":/", "://", 1)
    if applink_admin.authentication_info_matches(sim(), link_id, url):
        return respond(status_body(200), xml_root="status")
    raise ApiError(404, "")


@route(blueprint, ["GET"], _BASE + "/permission/<op>/<link_id>")
def permission(ver, op, link_id):
    """PermissionResource: no admin interceptor, a logged-in user; each operation is its own path."""
    require("user")
    if op not in applink_admin.PERMISSION_OPS or applinks.canonical_id(link_id) is None:
        raise ApiError(404, "Not found")
    return respond(applink_admin.permission(sim(), principal(), op, link_id), xml_root="permission")
