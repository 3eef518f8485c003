"""v1 operations that involve the remote side (REST reference §2.2-§2.5): the manifest, PUT create/update (which fetch
the remote manifest), reciprocal delete, permission checks, relocation, and the admin UI listings.
"""

from dcsim.errors import ApiError
from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import applink_status, applinks, oauth1

# i18n keys of v1 ApplicationLinkResource and RelocateApplicationLinkUIResource.
MSG_CREDENTIALS_REQUIRED = "applinks.remote.operation.failed.credentials.required"
MSG_REMOTE_DELETE_FAILED = "applinks.remote.delete.failed"
MSG_RELOCATE_TYPE_MISMATCH = "applinks.error.relocate.type"
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
    """GET manifest/{applinkId} (ManifestResource.getManifestFor): the link type's producer manifest, fetched live
    or made up for an unreachable remote (applink_remote.producer_manifest)."""
    return remote.producer_manifest(sim, link["rpc_url"], link["type_id"])


def put_v1(sim, who, path_id, body):
    """v1 PUT /applicationlink/{id} (v1 ApplicationLinkResource.updateApplicationLink): (link, created).

    The type must be installed; the producer manifest is asked for (it never fails); no link with the path id
    creates one under the body's id (a taken name is renamed); otherwise the link is updated.
    """
    applinks.check_type(body.get("typeId"), applinks.MSG_TYPE_NOT_INSTALLED)
    rpc_url, display_url = applinks.details(body)
    found = remote.producer_manifest(sim, rpc_url, body["typeId"])
    existing = applinks.get(sim, path_id)
    if existing:
        applinks.check_modifiable(existing, who)
        link = applinks.update(sim, who, existing, name=applinks.check_name(body.get("name")),
                               display_url=display_url, rpc_url=rpc_url, is_primary=body.get("isPrimary"),
                               app_version=found.get("version"))
        return link, False
    link_id = applinks.canonical_id(body.get("id"))
    if body.get("id") is not None and link_id is None:
        raise applinks.bad(applinks.MSG_INVALID_ID)
    if link_id is None:  # addApplicationLink(null, ...): the service dereferences the missing id
        raise ApiError(500, "id must not be null")
    link = applinks.create(sim, link_id=link_id, type_id=body["typeId"], name=body.get("name"), rpc_url=rpc_url,
                           display_url=display_url, is_primary=body.get("isPrimary"), app_version=found.get("version"))
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
