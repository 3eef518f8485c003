"""Link status computed for real (REST reference §4.2): reachability, the remote's view of the link, and a signed
OAuth 1.0a request that the remote verifies. Also remote capabilities (§4.3).

The order of the checks is DefaultApplinkStatusService.getApplinkStatus's: local compatibility (system link,
then generic or non-Atlassian) -> the remote's applinks version -> the remote's OAuth status, read anonymously
under our server id, then under the id of our base URL -> 3LO without 2LO is unsupported (local, then remote)
-> local and remote levels agree -> both off is DISABLED -> a 2LO-signed GET of the remote manifest.
"""

import re

from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import applinks, oauth1
from dcsim.store import applinks as link_store
from dcsim.store import oauth1 as consumer_store

CAPABILITIES = ["STATUS_API", "MIGRATION_API"]
LOGIN_DANCE_PATH = "/plugins/servlet/applinks/oauth/login-dance/authorize"  # (inferred) authorisationUri base
# DefaultApplinkStatusValidationService.MIN_VERSION: older remote applinks are REMOTE_VERSION_INCOMPATIBLE.
MIN_REMOTE_APPLINKS = (4, 0, 13)
# (inferred) The oauth_problem by which a remote says "2LO is not allowed for you". The product recognises that
# answer as a 401 with an OAuth challenge and an empty body (ApplinksOAuth.isAuthLevelDisabled); dcsim's
# service provider names the problem instead.
AUTH_LEVEL_DISABLED_PROBLEM = "permission_denied"
_OAUTH_PROBLEM_TYPES = {"signature_invalid": "OAUTH_SIGNATURE_INVALID", "timestamp_refused": "OAUTH_TIMESTAMP_REFUSED"}
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$")


class StatusError(Exception):
    """One status error (REST reference §4.2): category and type, optional details and authorisationUri."""

    def __init__(self, category, type_, details=None, uri=None):
        super().__init__(type_)
        self.category, self.type, self.details, self.uri = category, type_, details, uri


def remote_status_path(link_id):
    """Where a remote keeps the OAuth status of its link with this id."""
    return f"/rest/applinks/3.0/status/{link_id}/oauth"


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


def _network(exc):
    """A RemoteError as the status error NetworkErrorTranslator makes of it."""
    return StatusError("NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS" if exc.status is not None else exc.type,
                       exc.detail)


def _version_tuple(text):
    match = _VERSION.match(text or "")
    return tuple(int(part or 0) for part in match.groups()[:3]) if match else None


def _check_local_compatibility(link):
    """DefaultApplinkCompatibilityVerifier.verifyLocalCompatibility."""
    if link["is_system"]:
        raise StatusError("SYSTEM", "SYSTEM_LINK")
    if link["type_id"] == "generic":
        raise StatusError("NON_ATLASSIAN", "GENERIC_LINK")
    if not applinks.is_atlassian(link["type_id"]):
        raise StatusError("NON_ATLASSIAN", "NON_ATLASSIAN")


def _fetch_remote_status(sim, link):
    """StatusApiOAuthFetchStrategy: anonymous GET under our server id, then under the §2.8 id of our base URL."""
    for link_id in (sim.server_id, applinks.generated_id(sim.base_url)):
        try:
            answer = remote.call(sim, "GET", link["rpc_url"] + remote_status_path(link_id))
        except remote.RemoteError as exc:
            raise _network(exc)
        if answer.status_code == 404:
            continue
        if answer.status_code != 200:
            raise StatusError("NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS", f"HTTP {answer.status_code}")
        try:
            found = answer.json()
        except ValueError:
            found = None
        if not _valid_oauth_status(found):
            raise StatusError("NETWORK_ERROR", "UNEXPECTED_RESPONSE", "not an OAuth status")
        return {d: auth.normalise(found[d]) for d in ("incoming", "outgoing")}
    raise StatusError("CONFIG_ERROR", "NO_REMOTE_APPLINK")


def _without_status_api(sim, who, link, probe):
    """The pre-status-API strategies (ApplinkAuthenticationOAuthFetchStrategy): they need 2LOi or 3LO outgoing,
    and a 3LO request needs the user's own token. dcsim does not play remotes older than the status API: when
    such a request could be sent, the answer is the probe's network error, or REMOTE_VERSION_INCOMPATIBLE."""
    providers = link_store.providers(sim.store, link["id"])
    if auth.P_2LOI not in providers and auth.P_OAUTH not in providers:
        raise StatusError("INCOMPATIBLE", "NO_OUTGOING_AUTH")
    if auth.P_2LOI not in providers and not (
            who.username and consumer_store.consumer_token(sim.store, link["id"], who.username)):
        raise StatusError("ACCESS_ERROR", "LOCAL_AUTH_TOKEN_REQUIRED", uri=True)
    if probe["error"] is not None:
        raise probe["error"]
    raise StatusError("INCOMPATIBLE", "REMOTE_VERSION_INCOMPATIBLE")


def _check_supported(level):
    """checkOAuthSupported: enabled without 2LO (3LO only) is a level the product no longer supports."""
    for direction in ("incoming", "outgoing"):
        if level[direction]["enabled"] and not level[direction]["twoLoEnabled"]:
            raise StatusError("DEPRECATED", "AUTH_LEVEL_UNSUPPORTED")


def verify_two_legged(sim, link):
    """TwoLeggedOAuthConnectionVerifier: when 2LO is configured outgoing, a 2LO-signed GET of the remote manifest
    must be accepted (200); a refused signature is a NETWORK_ERROR of the OAuth problem."""
    if auth.P_2LO not in link_store.providers(sim.store, link["id"]):
        return
    try:
        answer = remote.call(sim, "GET", link["rpc_url"] + remote.MANIFEST_PATH, auth=oauth1.signer(sim))
    except remote.RemoteError as exc:
        raise _network(exc)
    if answer.status_code == 200:
        return
    if answer.status_code == 401:
        problem = remote.oauth_problem(answer)
        if problem == AUTH_LEVEL_DISABLED_PROBLEM:
            raise StatusError("DEPRECATED", "AUTH_LEVEL_UNSUPPORTED")
        if problem:
            raise StatusError("NETWORK_ERROR", _OAUTH_PROBLEM_TYPES.get(problem, "OAUTH_PROBLEM"), problem)
    raise StatusError("NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS", f"HTTP {answer.status_code}")


def status(sim, who, link, callback=None):
    """GET status/{id} (REST reference §4.2), in the product's order (see the module docstring)."""
    local = auth.oauth_status(sim, link["id"])
    body = {"link": _link_summary(link), "working": False, "localAuthentication": local}
    found = {}
    try:
        _check_local_compatibility(link)
        probe = probe_capabilities(sim, link["rpc_url"])
        version = _version_tuple(probe["applinksVersion"])
        if version is not None and version < MIN_REMOTE_APPLINKS:
            raise StatusError("INCOMPATIBLE", "REMOTE_VERSION_INCOMPATIBLE")
        if "STATUS_API" not in probe["capabilities"]:
            _without_status_api(sim, who, link, probe)
        found["remote"] = _fetch_remote_status(sim, link)
        _check_supported(local)
        _check_supported(found["remote"])
        if local["outgoing"] != found["remote"]["incoming"] or local["incoming"] != found["remote"]["outgoing"]:
            raise StatusError("CONFIG_ERROR", "AUTH_LEVEL_MISMATCH")
        if local == found["remote"] == {"incoming": auth.DISABLED_LEVEL, "outgoing": auth.DISABLED_LEVEL}:
            raise StatusError("DISABLED", "DISABLED")
        verify_two_legged(sim, link)
    except StatusError as error:
        if error.type in ("LOCAL_AUTH_TOKEN_REQUIRED", "REMOTE_AUTH_TOKEN_REQUIRED"):
            try:  # DefaultApplinkStatusService.checkForNetworkError: a token problem may hide a broken link
                verify_two_legged(sim, link)
            except StatusError as network:
                error = network
        if "remote" in found:
            body["remoteAuthentication"] = found["remote"]
        body["error"] = {"category": error.category, "type": error.type}
        if error.details:
            body["error"]["details"] = error.details
        if error.uri:
            body["error"]["authorisationUri"] = authorisation_uri(sim, link, callback)
        return body
    body["working"] = True
    body["remoteAuthentication"] = found["remote"]
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


def probe_capabilities(sim, rpc_url):
    """DefaultRemoteCapabilitiesService: the remote manifest, then its anonymous capabilities (live: dcsim keeps
    no cache, so maxAge is moot). {"applinksVersion", "applicationVersion", "capabilities", "error": StatusError}"""
    result = {"applinksVersion": None, "applicationVersion": None, "capabilities": [], "error": None}
    try:
        manifest = remote.fetch_manifest(sim, rpc_url)
        result["applinksVersion"], result["applicationVersion"] = manifest.get("applinksVersion"), manifest.get(
            "version")
        result["capabilities"] = remote.fetch_capabilities(sim, rpc_url)
    except remote.RemoteError as exc:
        result["error"] = _network(exc)
    return result


def remote_capabilities(sim, link):
    """v3 capabilities/remote/{id} (REST reference §4.3)."""
    if not applinks.is_atlassian(link["type_id"]):
        return {"capabilities": [], "error": {"category": "NON_ATLASSIAN", "type": "GENERIC_LINK"}}
    probe = probe_capabilities(sim, link["rpc_url"])
    result = {"applinksVersion": version_view(probe["applinksVersion"]),
              "applicationVersion": version_view(probe["applicationVersion"]), "capabilities": probe["capabilities"]}
    if probe["error"] is not None:
        result["error"] = {"category": probe["error"].category, "type": probe["error"].type,
                           "details": probe["error"].details}
    return {k: v for k, v in result.items() if v is not None}
