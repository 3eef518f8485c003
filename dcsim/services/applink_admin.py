"""v1 operations that involve the remote side (REST reference §2.2-§2.5): the manifest, PUT create/update (which fetch
the remote manifest), reciprocal delete, permission checks, relocation, and the admin UI listings.
"""

from dcsim.errors import ApiError
from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import applink_requests as requests_as_user
from dcsim.services import applink_status, applinks

# i18n keys of v1 ApplicationLinkResource and RelocateApplicationLinkUIResource.
MSG_CREDENTIALS_REQUIRED = "applinks.remote.operation.failed.credentials.required"
MSG_REMOTE_DELETE_FAILED = "applinks.remote.delete.failed"
MSG_RELOCATE_TYPE_MISMATCH = "applinks.error.relocate.type"
MSG_LINK_STATE_ERROR = "applinks.error.retrieving.application.link.list"
# PermissionResource: the local checks, and each reciprocal check -> the local check it asks the remote for.
LOCAL_PERMISSION_OPS = ("delete-application", "create-entity")
RECIPROCAL_PERMISSION_OPS = {"reciprocate-application-delete": "delete-application",
                             "reciprocate-entity-create": "create-entity"}
PERMISSION_OPS = LOCAL_PERMISSION_OPS + tuple(RECIPROCAL_PERMISSION_OPS)


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


def _authorisation_uri(sim, link):
    return applink_status.authorisation_uri(sim, link, None)


def permission(sim, who, op, link_id):
    """PermissionResource: the local checks answer from this server; the reciprocal ones ask the remote's
    PermissionResource for the matching local check on its link to us, as the calling user."""
    if op in LOCAL_PERMISSION_OPS:
        if not who.at_least("admin"):
            return {"code": "NO_PERMISSION"}
        return {"code": "ALLOWED" if applinks.get(sim, link_id) else "MISSING"}
    link = applinks.get(sim, link_id)
    if link is None:
        raise ApiError(404, f"No link found with id {link_id}")
    url = f"{link['rpc_url']}/rest/applinks/1.0/permission/{RECIPROCAL_PERMISSION_OPS[op]}/{sim.server_id}"
    try:
        answer = requests_as_user.call_as_user(sim, who, link, "GET", url)
    except requests_as_user.CredentialsRequired:
        code = "CREDENTIALS_REQUIRED"
    except remote.RemoteError:
        code = "NO_CONNECTION"
    else:
        if answer.status_code == 401:
            code = "AUTHENTICATION_FAILED"
        elif answer.status_code == 200 and isinstance(_json_or_none(answer), dict) and _json_or_none(answer).get("code"):
            code = _json_or_none(answer)["code"]
        else:
            code = "NO_CONNECTION"
    if code in ("CREDENTIALS_REQUIRED", "AUTHENTICATION_FAILED", "NO_AUTHENTICATION"):
        return {"code": code, "url": _authorisation_uri(sim, link)}
    return {"code": code}


def _json_or_none(response):
    try:
        return response.json()
    except ValueError:
        return None


def delete(sim, who, link, reciprocate):
    """DELETE /applicationlink/{id}; with reciprocate the remote's link to us goes first
    (ApplicationLinkClient.deleteReciprocalLinkFrom: anything but a 200 fails the delete)."""
    applinks.check_modifiable(link, who)
    if reciprocate:
        url = f"{link['rpc_url']}/rest/applinks/1.0/applicationlink/{sim.server_id}"
        try:
            answer = requests_as_user.call_as_user(sim, who, link, "DELETE", url, params={"reciprocate": "false"})
        except requests_as_user.CredentialsRequired:
            raise ApiError(401, MSG_CREDENTIALS_REQUIRED)
        except remote.RemoteError:
            raise ApiError(500, MSG_REMOTE_DELETE_FAILED)
        if answer.status_code == 401 and remote.oauth_problem(answer):
            raise ApiError(401, MSG_CREDENTIALS_REQUIRED)
        if answer.status_code != 200:
            raise ApiError(500, MSG_REMOTE_DELETE_FAILED)
    applinks.delete(sim, link)


def relocate(sim, who, link_id, new_url, nowarning):
    """RelocateApplicationLinkUIResource.relocate: None on success (204), "unreachable" for the bodiless 409.

    System administrators only; a URL that does not parse is a 500; the new rpcUrl must answer (a GET of it),
    else 409 unless nowarning (then rpcUrl = displayUrl = the new URL); a manifest of another type is a 400
    text; the display URL becomes the url of the manifest found there (or the new URL when there is none).
    """
    if not who.at_least("sysadmin"):
        raise ApiError(403, applinks.MSG_SYSTEM_LINK)
    if applinks.canonical_id(link_id) is None or not isinstance(new_url, str) or not _parses(new_url):
        raise ApiError(500, f"Illegal argument: {new_url}")
    link = applinks.require(sim, link_id)
    url = applinks.normalise_url(new_url.strip())
    if not remote.answers(sim, url):
        if not nowarning:
            return "unreachable"
        applinks.relocate(sim, link, url, url)
        return None
    display_url = url
    try:
        found = remote.fetch_manifest(sim, url, allow_redirects=False)
    except remote.RemoteError:
        found = None
    if found is not None:
        if found.get("typeId") != link["type_id"]:
            raise ApiError(400, MSG_RELOCATE_TYPE_MISMATCH, kind="plain")
        display_url = applinks.normalise_url(found.get("url") or url)
    applinks.relocate(sim, link, url, display_url)
    return None


def _parses(url):
    """java.net.URI's verdict, roughly: no spaces or other characters a URI cannot hold."""
    return bool(url.strip()) and not any(c in url for c in ' "<>\\^`{|}')


def authentication_info_matches(sim, link_id, url):
    """AuthenticationResource.rpcUrlIsReachable: does the manifest at url carry that id?"""
    if not applinks.valid_url(url):
        return False
    try:
        found = remote.fetch_manifest(sim, url, allow_redirects=False)
    except remote.RemoteError:
        return False
    return applinks.canonical_id(found.get("id")) == applinks.canonical_id(link_id)


def list_entry(sim, link, api_base):
    """One entry of listApplicationlinks (REST reference §2.5)."""
    inbound, outbound = auth.configured_inbound(sim, link["id"]), auth.configured_outbound(sim, link["id"])
    # has*AuthenticationProviders: the host's supported types meet the manifest's (every producer manifest
    # lists OAuth, and so does this host), so they are true whatever is configured.
    return {"application": applinks.v1_view(sim, link, api_base), "configuredOutboundAuthenticators": outbound,
            "configuredInboundAuthenticators": inbound, "hasIncomingAuthenticationProviders": True,
            "hasOutgoingAuthenticationProviders": True, "webItems": [], "webPanels": [],
            "isSystem": link["is_system"], "entityTypeIdStrings": applinks.ENTITY_TYPES.get(link["type_id"], [])}


def list_entries(sim, api_base):
    links = sorted(applinks.all_links(sim), key=lambda link: (link["type_id"], link["name"]))
    return [list_entry(sim, link, api_base) for link in links]


def link_info(sim, link_id):
    """ApplicationLinkInfoResource: every enabled provider module's class (not the link's), and the host's entity
    types in both lists (the resource filters both by the host's type). An unknown id fails before its own null
    check (the entity link count dereferences the missing link): a 500."""
    link = applinks.get(sim, link_id)
    if link is None:
        raise ApiError(500, "Internal server error")
    host_types = applinks.ENTITY_TYPES.get(sim.product.type_id, [])
    return {"configuredAuthProviders": list(auth.PROVIDERS), "hostEntityTypes": list(host_types),
            "remoteEntityTypes": list(host_types), "numConfiguredEntities": 0}


def link_state(sim, link_id):
    """ApplicationLinkStatesUIResource (id/{id} only): OFFLINE when a GET of the rpcUrl fails, UPGRADED_TO_UAL /
    UPGRADED when the producer manifest there has another id (applinks 3+ / older), else OK. An unknown id is
    the resource's catch-all 500."""
    link = applinks.get(sim, link_id)
    if link is None:
        raise ApiError(500, MSG_LINK_STATE_ERROR)
    if not remote.answers(sim, link["rpc_url"]):
        return "OFFLINE"
    found = remote.producer_manifest(sim, link["rpc_url"], link["type_id"])
    if applinks.canonical_id(found.get("id")) != link["id"]:
        major = applink_status.version_view(found.get("applinksVersion")) or {}
        return "UPGRADED_TO_UAL" if major.get("major", 0) >= 3 else "UPGRADED"
    return "OK"
