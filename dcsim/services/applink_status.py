"""Link status computed for real (REST reference §4.2): reachability, the remote's view of the link, and a signed
OAuth 1.0a request that the remote verifies. Also remote capabilities (§4.3) and the v1 link state (§2.5).

The order of the checks (dcsim's reading of the contract's error table):
generic -> system -> nothing enabled locally -> remote reachable and has STATUS_API -> remote has a link to us
-> OAuth levels agree both ways -> a 2-legged signed request is accepted -> (3-legged only) a user token exists.
"""

import re

from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import applinks, oauth1
from dcsim.store import oauth1 as consumer_store

CAPABILITIES = ["STATUS_API", "MIGRATION_API"]
LOGIN_DANCE_PATH = "/plugins/servlet/applinks/oauth/login-dance/authorize"  # (inferred) authorisationUri base
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$")


def remote_status_path(sim):
    """Where the remote keeps the OAuth status of its link to us (its link id is our server id)."""
    return f"/rest/applinks/3.0/status/{sim.server_id}/oauth"


def _link_summary(link):
    return {"id": link["id"], "name": link["name"], "displayUrl": link["display_url"], "rpcUrl": link["rpc_url"],
            "type": link["type_id"]}


def _valid_oauth_status(body):
    if not isinstance(body, dict):
        return False
    return all(isinstance(body.get(d), dict) for d in ("incoming", "outgoing"))


def authorisation_uri(sim, link, callback):
    uri = f"{sim.base_url}{LOGIN_DANCE_PATH}?applicationLinkID={link['id']}"
    return uri + (f"&redirectUrl={callback}" if callback else "")


def status(sim, who, link, callback=None):
    local = auth.oauth_status(sim, link["id"])
    body = {"link": _link_summary(link), "working": False, "localAuthentication": local}

    def failed(category, type_, details=None, remote_auth=None, uri=None):
        if remote_auth is not None:
            body["remoteAuthentication"] = remote_auth
        error = {"category": category, "type": type_}
        if details:
            error["details"] = details
        if uri:
            error["authorisationUri"] = uri
        body["error"] = error
        return body

    if not applinks.is_atlassian(link["type_id"]):
        return failed("NON_ATLASSIAN", "GENERIC_LINK")
    if link["is_system"]:
        return failed("SYSTEM", "SYSTEM_LINK")
    if not local["incoming"]["enabled"] and not local["outgoing"]["enabled"]:
        return failed("DISABLED", "DISABLED")
    rpc = link["rpc_url"]
    try:
        capabilities = remote.fetch_capabilities(sim, rpc)
    except remote.RemoteError as exc:
        if exc.status is not None:
            return failed("NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS", exc.detail)
        return failed("NETWORK_ERROR", exc.type, exc.detail)
    if "STATUS_API" not in capabilities:
        return failed("INCOMPATIBLE", "REMOTE_VERSION_INCOMPATIBLE")
    url = rpc + remote_status_path(sim)
    try:
        answer = remote.call(sim, "GET", url)
    except remote.RemoteError as exc:
        return failed("NETWORK_ERROR", exc.type, exc.detail)
    if answer.status_code == 404:
        return failed("CONFIG_ERROR", "NO_REMOTE_APPLINK")
    try:
        remote_auth = answer.json() if answer.status_code == 200 else None
    except ValueError:
        remote_auth = None
    if not _valid_oauth_status(remote_auth):
        return failed("NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS", f"HTTP {answer.status_code}")
    remote_auth = {d: auth.normalise(remote_auth[d]) for d in ("incoming", "outgoing")}
    if local["outgoing"] != remote_auth["incoming"] or local["incoming"] != remote_auth["outgoing"]:
        return failed("CONFIG_ERROR", "AUTH_LEVEL_MISMATCH", remote_auth=remote_auth)
    if local["outgoing"]["twoLoEnabled"]:
        try:
            signed = remote.call(sim, "GET", url, auth=oauth1.signer(sim))
        except remote.RemoteError as exc:
            return failed("NETWORK_ERROR", exc.type, exc.detail, remote_auth)
        if signed.status_code == 401:
            problem = remote.oauth_problem(signed)
            kind = {"signature_invalid": "OAUTH_SIGNATURE_INVALID",
                    "timestamp_refused": "OAUTH_TIMESTAMP_REFUSED"}.get(problem, "OAUTH_PROBLEM")
            return failed("NETWORK_ERROR", kind, problem or "HTTP 401", remote_auth)
        if signed.status_code != 200:
            return failed("NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS", f"HTTP {signed.status_code}", remote_auth)
    elif local["outgoing"]["enabled"] and not (
            who.username and consumer_store.consumer_token(sim.store, link["id"], who.username)):
        # 3-legged only: nothing can be tried without the user's own access token.
        return failed("ACCESS_ERROR", "LOCAL_AUTH_TOKEN_REQUIRED", remote_auth=remote_auth,
                      uri=authorisation_uri(sim, link, callback))
    body["working"] = True
    body["remoteAuthentication"] = remote_auth
    return body


def version_view(text):
    if not isinstance(text, str) or not text:
        return None
    match = _VERSION.match(text)
    if not match:
        return {"versionString": text}
    major, minor, bugfix, suffix = match.groups()
    view = {"versionString": text, "major": int(major), "minor": int(minor or 0), "bugfix": int(bugfix or 0)}
    if suffix:
        view["suffix"] = suffix.lstrip(".-")
    return view


def remote_capabilities(sim, link):
    """v3 capabilities/remote/{id} (REST reference §4.3), fetched live (dcsim keeps no cache, so maxAge is moot)."""
    result = {"capabilities": []}
    if not applinks.is_atlassian(link["type_id"]):
        result["error"] = {"category": "NON_ATLASSIAN", "type": "GENERIC_LINK"}
        return result
    try:
        manifest = remote.fetch_manifest(sim, link["rpc_url"])
        result["applinksVersion"] = version_view(manifest.get("applinksVersion"))
        result["applicationVersion"] = version_view(manifest.get("version"))
        result["capabilities"] = remote.fetch_capabilities(sim, link["rpc_url"])
    except remote.RemoteError as exc:
        category = "NETWORK_ERROR"
        type_ = "UNEXPECTED_RESPONSE_STATUS" if exc.status is not None else exc.type
        result["error"] = {"category": category, "type": type_, "details": exc.detail}
    return {k: v for k, v in result.items() if v is not None}


def link_state(sim, link):
    """v1 listApplicationlinkstates: OK when an Atlassian remote answers its manifest, else OFFLINE."""
    if not applinks.is_atlassian(link["type_id"]):
        return "OK"
    try:
        remote.fetch_manifest(sim, link["rpc_url"])
        return "OK"
    except remote.RemoteError:
        return "OFFLINE"
