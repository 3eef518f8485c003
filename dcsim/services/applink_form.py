"""The admin UI's create wizard, applicationlinkForm (REST reference §2.4), including the real two-way sequence of §5.4
against the remote server: authenticationinfo, reciprocal v1 PUT, capabilities, remote status/oauth PUT, and
registering the remote as a local consumer.

No transaction is held while a remote is called: the remote calls back (manifest, consumer-info).
"""

from urllib.parse import quote

from dcsim.errors import ApiError
from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import applinks
from dcsim.sim import REMOTE_TIMEOUT
from dcsim.store import applinks as link_store

# i18n keys of CreateApplicationLinkUIResource.
MSG_ITSME = "applinks.error.applink.itsme"
MSG_EXISTS = "applinks.error.applink.exists"
MSG_EXISTS_OTHER_URL = "applinks.error.applink.exists.with.different.url"
MSG_APP_NAME = "applinks.error.appname"
MSG_APP_TYPE = "applinks.error.apptype"
MSG_UNAUTHORIZED = "applinks.error.unauthorized"
MSG_GENERAL = "applinks.error.general"
MSG_AUTHORIZATION_RESPONSE = "applinks.error.authorization.response"
MSG_RECIPROCAL_RPC_URL = "applinks.error.url.reciprocal.rpc.url.invalid"
MSG_RPCURL = "applinks.error.rpcurl"
MSG_REMOTE_TYPE = "applinks.error.remote.type.not.installed"
# The product refuses loopback and link-local hosts in the form's manifest look-up unless the JVM runs with
# applinks.allow.all.hosts=true. dcsim serves loopback only, so it plays that setting (deliberate deviation).
ALLOW_ALL_HOSTS = True
# dcsim's own text for the 500 of the product's failed cast to a static-URL type.
MSG_NOT_STATIC = "applinks.error.type.not.static.url"
F_NAME, F_TYPES, F_URL = ["application-name"], ["application-types"], ["application-url"]
F_USERBASE, F_AUTHORIZATION = ["same-userbase"], ["authorization"]


def _form_error(message, fields):
    return ApiError(400, message, kind="errorlist", fields=fields)


def form_manifest(sim, url):
    """GET applicationlinkForm/manifest?url= (CreateApplicationLinkUIResource.tryToFetchManifest): the remote's
    manifest; a responseInfo body (200) when it redirects, cannot be reached, or answers without a manifest;
    400 for a blank or invalid URL or a type that is not installed; 409 (error list) for a link that exists
    (compared by display URL) or a link to this server."""
    if not isinstance(url, str) or not url.strip():
        raise applinks.bad(MSG_RPCURL)
    if not ALLOW_ALL_HOSTS:  # RequestUtil.validateUriAgainstBlocklist: loopback and link-local hosts
        raise ApiError(403, "applinks.service.error.restapi.url.host.restricted")
    if not applinks.valid_url(url):
        raise applinks.bad(applinks.MSG_INVALID_URL)
    url = applinks.normalise_url(url.strip())
    try:
        found = remote.fetch_manifest(sim, url, allow_redirects=False)
    except remote.RemoteError as exc:
        if exc.type == "REDIRECTED":
            return {"code": "applinks.warning.redirected.host", "warning": "applinks.warning.redirected.host.new",
                    "params": {"redirectedUrl": exc.detail}}
        if exc.status is None:
            return {"code": "applinks.warning.unknown.host", "warning": "applinks.warning.unknown.host.new"}
        return {}  # "Null manifest retrieved": an empty responseInfo
    if found.get("typeId") not in applinks.INSTALLED_TYPES:
        raise applinks.bad(MSG_REMOTE_TYPE)
    link_id = applinks.canonical_id(found.get("id"))
    existing = applinks.get(sim, link_id) if link_id else None
    if existing:
        same = existing["display_url"] == applinks.normalise_url(found.get("url"))
        raise ApiError(409, MSG_EXISTS if same else MSG_EXISTS_OTHER_URL, kind="errorlist")
    if link_id == sim.server_id:
        raise ApiError(409, MSG_ITSME, kind="errorlist")
    return found


def _own_link_body(sim, rpc_url, name):
    return {"id": sim.server_id, "typeId": sim.product.type_id, "name": name, "rpcUrl": rpc_url,
            "displayUrl": sim.base_url, "isPrimary": False, "isSystem": False}


def _reciprocal_create(sim, rpc, creds, our_rpc):
    """DefaultApplicationLinkService.createReciprocalLink (REST reference §5.4 steps 3 and 4).

    Admin on the remote? (GET authenticationinfo with Basic); then the remote's v1 PUT of a link to us, under our
    name: the remote renames it when the name is taken there (findSuitableName), so there is nothing to retry.
    """
    try:
        check = remote.call(sim, "GET", rpc + "/rest/applinks/1.0/authenticationinfo", auth=creds)
    except remote.RemoteError:
        raise ApiError(500, MSG_AUTHORIZATION_RESPONSE)
    if not 200 <= check.status_code < 300:
        raise _form_error(MSG_UNAUTHORIZED, F_AUTHORIZATION)
    url = f"{rpc}/rest/applinks/1.0/applicationlink/{sim.server_id}"
    try:
        answer = remote.call(sim, "PUT", url, json=_own_link_body(sim, our_rpc, sim.product.name), auth=creds,
                             timeout=REMOTE_TIMEOUT)
    except remote.RemoteError:
        raise ApiError(500, MSG_GENERAL)
    if not 200 <= answer.status_code < 300:  # the remote's error list, after the general message
        messages = [MSG_GENERAL] + remote.error_messages(answer)
        raise ApiError(400, MSG_GENERAL, kind="errorlist", messages=messages)


def _configure_remote(sim, rpc, creds, level):
    """Step 6 of REST reference §5.4 on the remote: status API if it has one, else the older consumer+provider calls."""
    answer = remote.call(sim, "GET", rpc + "/rest/applinks/3.0/capabilities", auth=creds)
    capabilities = answer.json() if answer.status_code == 200 else []  # ValueError is handled by the caller
    if "STATUS_API" in capabilities:
        answer = remote.call(sim, "PUT", f"{rpc}/rest/applinks/3.0/status/{sim.server_id}/oauth",
                             json={"incoming": level, "outgoing": level}, auth=creds)
        if answer.status_code != 204:
            raise remote.RemoteError("UNEXPECTED_RESPONSE_STATUS", f"HTTP {answer.status_code}", answer.status_code)
        return
    consumer_url = f"{rpc}/rest/applinks-oauth/latest/applicationlink/{sim.server_id}/authentication/consumer"
    answer = remote.call(sim, "PUT", consumer_url, params={"autoConfigure": "true"}, auth=creds,
                         json={"twoLOAllowed": level["twoLoEnabled"],
                               "twoLOImpersonationAllowed": level["twoLoImpersonationEnabled"]})
    if answer.status_code != 201:
        raise remote.RemoteError("UNEXPECTED_RESPONSE_STATUS", f"HTTP {answer.status_code}", answer.status_code)
    wanted = [p for p, on in zip(auth.OAUTH_TRIPLE, (level["enabled"], level["twoLoEnabled"],
                                                     level["twoLoImpersonationEnabled"])) if on]
    for provider in wanted:
        answer = remote.call(sim, "PUT", f"{rpc}/rest/applinks/2.0/applicationlink/{sim.server_id}"
                                         "/authentication/provider", json={"provider": provider, "config": {}},
                             auth=creds)
        if answer.status_code != 201:
            raise remote.RemoteError("UNEXPECTED_RESPONSE_STATUS", f"HTTP {answer.status_code}",
                                     answer.status_code)


def create_app_link(sim, who, body, api_base):
    """POST applicationlinkForm/createAppLink (CreateApplicationLinkUIResource.createApplicationLink).

    Name, type, shareUserbase and a taken rpcUrl are checked; a taken name is not (the new link is renamed).
    With createTwoWayLink the remote link is made first and stays if the local create fails (as on a product).
    The local link gets the producer manifest's id, so an unreachable remote gives the §2.8 id of its URL.
    """
    link_in = body.get("applicationLink") if isinstance(body.get("applicationLink"), dict) else {}
    name = link_in.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _form_error(MSG_APP_NAME, F_NAME)
    type_id = link_in.get("typeId")
    if type_id not in applinks.INSTALLED_TYPES:
        raise _form_error(MSG_APP_TYPE, F_TYPES)
    rpc, display = applinks.details(link_in, F_URL)
    form = body.get("configFormValues") if isinstance(body.get("configFormValues"), dict) else {}
    share, trust = form.get("shareUserbase") is True, form.get("trustEachOther") is True
    if share and not who.at_least("sysadmin"):
        raise _form_error(applinks.MSG_SYSTEM_LINK, F_USERBASE)
    if link_store.by_rpc_url(sim.store, rpc):
        raise applinks.bad(applinks.MSG_RPCURL_EXISTS)
    two_way = body.get("createTwoWayLink") is True
    creds = (str(body.get("username") or ""), str(body.get("password") or ""))
    if two_way:
        our_rpc = body.get("rpcUrl") if body.get("customRpcURL") is True else sim.base_url
        _reciprocal_create(sim, rpc, creds, applinks.check_url(our_rpc, "rpcUrl", ["reciprocal-rpc-url"]))
    found = remote.producer_manifest(sim, rpc, type_id)
    link_id = applinks.canonical_id(found.get("id")) or applinks.generated_id(rpc)
    link = applinks.create(sim, link_id=link_id, type_id=type_id, name=name, rpc_url=rpc, display_url=display,
                           is_primary=link_in.get("isPrimary"), app_version=found.get("version"))
    configured = True
    if two_way and trust:
        level = auth.IMPERSONATION_LEVEL if share else auth.DEFAULT_LEVEL
        try:
            _configure_remote(sim, rpc, creds, level)
            auth.apply_oauth_status(sim, who, link, level, level)
        except (remote.RemoteError, ApiError, ValueError):
            configured = False
    return {"applicationLink": applinks.v1_view(sim, applinks.get(sim, link["id"]), api_base),
            "autoConfigurationSuccessful": configured}


def create_static(sim, type_id, api_base):
    """POST createStaticUrlAppLink?typeId=X: a link to a static-URL application type."""
    if type_id not in applinks.STATIC_URL_TYPES:  # the resource casts the type: a 500 for any other
        raise ApiError(500, MSG_NOT_STATIC)
    url = applinks.STATIC_URL_TYPES[type_id]
    link = applinks.create(sim, link_id=applinks.generated_id(url), type_id=type_id, name=type_id.capitalize(),
                           rpc_url=url, display_url=url)
    return {"applicationLink": applinks.v1_view(sim, link, api_base), "autoConfigurationSuccessful": True}


def check_details(sim, body):
    """POST applicationlinkForm/details (verifyTwoWayLinkDetails): admin on the remote (Basic), then the remote
    checks the URL it would use for us: its authenticationinfo/id/{our id}/url/{rpcUrl} must find our manifest.
    (dcsim: without an rpcUrl the second check is skipped.)"""
    remote_url = applinks.normalise_url(body.get("remoteUrl")) if applinks.valid_url(body.get("remoteUrl")) else None
    if remote_url is None:
        raise ApiError(500, MSG_AUTHORIZATION_RESPONSE)
    creds = (str(body.get("username") or ""), str(body.get("password") or ""))
    try:
        answer = remote.call(sim, "GET", remote_url + "/rest/applinks/1.0/authenticationinfo", auth=creds)
    except remote.RemoteError:
        raise ApiError(500, MSG_AUTHORIZATION_RESPONSE)
    if not 200 <= answer.status_code < 300:
        raise _form_error(MSG_UNAUTHORIZED, ["reciprocal-link-password"])
    rpc_url = body.get("rpcUrl")
    if not rpc_url:
        return
    check = f"{remote_url}/rest/applinks/1.0/authenticationinfo/id/{sim.server_id}/url/{quote(str(rpc_url), safe='')}"
    try:
        answer = remote.call(sim, "GET", check, params={"url": str(rpc_url)}, auth=creds)
    except remote.RemoteError:
        raise applinks.bad(MSG_RECIPROCAL_RPC_URL)
    if not 200 <= answer.status_code < 300:
        raise applinks.bad(MSG_RECIPROCAL_RPC_URL)
