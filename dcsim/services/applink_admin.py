"""v1 operations that involve the remote side (REST reference §2.2-§2.5): the manifest, PUT create/update (which fetch
the remote manifest), reciprocal delete, permission checks, relocation, and the admin UI listings.
"""

from dcsim.errors import ApiError
from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import applink_status, applinks, oauth1

MSG_NOT_REACHABLE = "applinks.error.url.application.not.reachable"
# Keys below are dcsim's own (the contract describes the failure, not its key).
MSG_CREDENTIALS_REQUIRED = "applinks.error.credentials.required"
MSG_REMOTE_DELETE_FAILED = "applinks.error.remote.delete.failed"
MSG_RELOCATE_TYPE_MISMATCH = "applinks.error.relocate.type.mismatch"
MSG_MANIFEST_NOT_FOUND = "applinks.error.manifest.notfound"
PERMISSION_OPS = ("delete-application", "reciprocate-application-delete", "create-entity",
                  "reciprocate-entity-create")


def manifest(sim):
    """This server's manifest (REST reference §2.3)."""
    product, profile = sim.product, sim.profile
    auth_types = list(auth.PROVIDERS) + [auth.PLACEHOLDER_AUTH_TYPE]
    return {"id": sim.server_id, "name": product.name, "typeId": product.type_id, "version": profile.version,
            "buildNumber": profile.build_number, "applinksVersion": profile.applinks_version,
            "inboundAuthenticationTypes": auth_types, "outboundAuthenticationTypes": list(auth_types),
            "publicSignup": False, "url": sim.base_url, "iconUrl": applinks.icon_url(sim, product.type_id),
            "iconUri": applinks.icon_uri(sim, product.type_id)}


def remote_manifest(sim, link):
    """GET manifest/{applinkId}: the linked application's manifest, fetched live."""
    try:
        return remote.fetch_manifest(sim, link["rpc_url"])
    except remote.RemoteError:
        raise ApiError(404, MSG_MANIFEST_NOT_FOUND)


def _reachable_manifest(sim, rpc_url):
    try:
        return remote.fetch_manifest(sim, rpc_url)
    except remote.RemoteError:
        raise applinks.bad(MSG_NOT_REACHABLE)


def put_v1(sim, who, path_id, body):
    """v1 PUT /applicationlink/{id}: (link, created). Atlassian types fetch the remote manifest first."""
    existing = applinks.get(sim, path_id)
    if existing:
        applinks.check_modifiable(existing, who)
        rpc_url = body.get("rpcUrl") if body.get("rpcUrl") is not None else existing["rpc_url"]
        if applinks.valid_url(rpc_url) and applinks.normalise_url(rpc_url) != existing["rpc_url"]:
            raise applinks.bad(applinks.MSG_CANNOT_UPDATE_RPCURL)
        found = _reachable_manifest(sim, existing["rpc_url"]) if applinks.is_atlassian(existing["type_id"]) else {}
        link = applinks.update(sim, who, existing, name=body.get("name"), display_url=body.get("displayUrl"),
                               rpc_url=rpc_url, is_primary=body.get("isPrimary"),
                               app_version=found.get("version"))
        return link, False
    type_id = body.get("typeId")
    applinks.check_type(type_id)
    applinks.check_name(body.get("name"))
    rpc_url = applinks.check_url(body.get("rpcUrl"), "rpcUrl")
    applinks.check_url(body.get("displayUrl"), "displayUrl")
    link_id = None
    if body.get("id") is not None:
        link_id = applinks.canonical_id(body.get("id"))
        if link_id is None:
            raise applinks.bad(applinks.MSG_INVALID_ID)
    found = {}
    if applinks.is_atlassian(type_id):
        found = _reachable_manifest(sim, rpc_url)
        link_id = link_id or applinks.canonical_id(found.get("id"))
    link = applinks.create(sim, link_id=link_id or applinks.generated_id(rpc_url), type_id=type_id,
                           name=body.get("name"), rpc_url=rpc_url, display_url=body.get("displayUrl"),
                           is_primary=body.get("isPrimary"), app_version=found.get("version"))
    return link, True


def reciprocal_permission(sim, who, link):
    """(code, url) of REST reference §2.5 for acting on the remote's reciprocal link as the calling user.

    Only 2-legged OAuth with impersonation can act as the user without a token; 3-legged needs the user's
    own token (CREDENTIALS_REQUIRED); no outgoing OAuth at all is NO_AUTHENTICATION_CONFIGURED.
    """
    url = link["display_url"]
    outgoing = auth.outgoing_status(sim, link["id"])
    if not applinks.is_atlassian(link["type_id"]) or not outgoing["enabled"]:
        return "NO_AUTHENTICATION_CONFIGURED", url
    if not outgoing["twoLoImpersonationEnabled"]:
        return "CREDENTIALS_REQUIRED", applink_status.authorisation_uri(sim, link, None)
    try:
        answer = remote.call(sim, "GET", link["rpc_url"] + "/rest/applinks/1.0/authenticationinfo",
                             params={oauth1.REQUESTOR_PARAM: who.username}, auth=oauth1.signer(sim))
    except remote.RemoteError:
        return "NO_CONNECTION", url
    if answer.status_code == 200:
        return "ALLOWED", url
    if answer.status_code == 401 and remote.oauth_problem(answer):
        return "AUTHENTICATION_FAILED", url
    if answer.status_code in (401, 403):
        return "NO_PERMISSION", url
    return "NO_CONNECTION", url


def permission(sim, who, op, link_id):
    if op not in PERMISSION_OPS:
        raise ApiError(404, f"Unknown permission operation {op}")
    link = applinks.get(sim, link_id)
    if link is None:
        return {"code": "MISSING"}
    if op in ("delete-application", "create-entity"):
        return {"code": "ALLOWED", "url": link["display_url"]}
    code, url = reciprocal_permission(sim, who, link)
    return {"code": code, "url": url}


def delete(sim, who, link, reciprocate):
    """DELETE /applicationlink/{id}; with reciprocate the remote's link to us goes first (2LOi as the user)."""
    applinks.check_modifiable(link, who)
    if reciprocate:
        code, _ = reciprocal_permission(sim, who, link)
        if code != "ALLOWED":
            raise ApiError(401, MSG_CREDENTIALS_REQUIRED)
        try:
            answer = remote.call(sim, "DELETE", f"{link['rpc_url']}/rest/applinks/1.0/applicationlink/"
                                                f"{sim.server_id}", params={oauth1.REQUESTOR_PARAM: who.username},
                                 auth=oauth1.signer(sim))
        except remote.RemoteError:
            raise ApiError(500, MSG_REMOTE_DELETE_FAILED)
        if answer.status_code not in (200, 204, 404):
            raise ApiError(500, MSG_REMOTE_DELETE_FAILED)
    applinks.delete(sim, who, link)


def relocate(sim, who, link, new_url, nowarning):
    """POST relocateApplicationlink: None on success, "unreachable" when the 409 (no body) applies."""
    if not who.at_least("sysadmin"):
        raise ApiError(403, "applinks.error.relocate.sysadmin.only")
    url = applinks.check_url(new_url, "newUrl")
    if not nowarning:
        try:
            found = remote.fetch_manifest(sim, url)
        except remote.RemoteError as exc:
            if exc.status is None:
                return "unreachable"
            found = None
        if applinks.is_atlassian(link["type_id"]) and (found is None or found.get("typeId") != link["type_id"]):
            raise applinks.bad(MSG_RELOCATE_TYPE_MISMATCH)
    applinks.update(sim, who, link, rpc_url=url, display_url=url, rpc_change=True)
    return None


def authentication_info_matches(sim, link_id, url):
    """GET authenticationinfo/id/{id}/url/{url}: does the manifest at url carry that id?"""
    if not applinks.valid_url(url):
        return False
    try:
        found = remote.fetch_manifest(sim, url)
    except remote.RemoteError:
        return False
    return applinks.canonical_id(found.get("id")) == applinks.canonical_id(link_id)


def list_entry(sim, link, api_base):
    """One entry of listApplicationlinks (REST reference §2.5)."""
    inbound, outbound = auth.configured_inbound(sim, link["id"]), auth.configured_outbound(sim, link["id"])
    return {"application": applinks.v1_view(sim, link, api_base), "configuredOutboundAuthenticators": outbound,
            "configuredInboundAuthenticators": inbound, "hasIncomingAuthenticationProviders": bool(inbound),
            "hasOutgoingAuthenticationProviders": bool(outbound), "webItems": [], "webPanels": [],
            "isSystem": link["is_system"], "entityTypeIdStrings": applinks.ENTITY_TYPES.get(link["type_id"], [])}


def list_entries(sim, api_base):
    links = sorted(applinks.all_links(sim), key=lambda l: (l["type_id"], l["name"]))
    return [list_entry(sim, link, api_base) for link in links]


def link_info(sim, link):
    return {"configuredAuthProviders": auth.configured_outbound(sim, link["id"]),
            "hostEntityTypes": applinks.ENTITY_TYPES.get(sim.product.type_id, []),
            "remoteEntityTypes": applinks.ENTITY_TYPES.get(link["type_id"], []), "numConfiguredEntities": 0}
