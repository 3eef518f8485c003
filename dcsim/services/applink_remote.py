"""Calls from this server to a linked remote server (REST reference §2.3, §5.1, §5.4), and how failures are classified.

Network failures map onto the NETWORK_ERROR types of the status API (REST reference §4.2).
"""

import json

import requests

from dcsim.services import applinks, oauth1

# Seconds for the quick look-ups (manifest, consumer-info, status probes); the reciprocal PUT uses the
# contract's 60 s (sim.REMOTE_TIMEOUT).
PROBE_TIMEOUT = 10
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json", "X-Atlassian-Token": "no-check"}
MANIFEST_PATH = "/rest/applinks/1.0/manifest"
CONSUMER_INFO_PATH = "/plugins/servlet/oauth/consumer-info"


class RemoteError(Exception):
    """A failed call to a remote. `type` is a NETWORK_ERROR type of REST reference §4.2."""

    def __init__(self, type_, detail="", status=None, response=None):
        super().__init__(detail or type_)
        self.type = type_
        self.detail = detail or type_
        self.status = status
        self.response = response


def classify(exc):
    """requests exception -> NETWORK_ERROR type."""
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        return "SSL_HOSTNAME_UNMATCHED" if "hostname" in text.lower() else "SSL_UNTRUSTED"
    if "NameResolution" in text or "Name or service not known" in text or "nodename nor servname" in text:
        return "UNKNOWN_HOST"
    return "CONNECTION_REFUSED"


def call(sim, method, url, *, timeout=PROBE_TIMEOUT, headers=None, **kwargs):
    """sim.remote with JSON headers; network failures raise RemoteError. Any HTTP status is returned."""
    merged = dict(JSON_HEADERS)
    merged.update(headers or {})
    try:
        return sim.remote(method, url, headers=merged, timeout=timeout, **kwargs)
    except requests.RequestException as exc:
        raise RemoteError(classify(exc), str(exc))


def _json(response):
    try:
        return response.json()
    except ValueError:
        raise RemoteError("UNEXPECTED_RESPONSE", "not JSON", response.status_code, response)


def fetch_manifest(sim, base_url, allow_redirects=True):
    """The remote manifest (REST reference §2.3). RemoteError when unreachable, not 200, or not a manifest."""
    response = call(sim, "GET", base_url.rstrip("/") + MANIFEST_PATH, allow_redirects=allow_redirects)
    if response.is_redirect:
        raise RemoteError("REDIRECTED", response.headers.get("Location", ""), response.status_code, response)
    if response.status_code != 200:
        raise RemoteError("UNEXPECTED_RESPONSE_STATUS", f"HTTP {response.status_code}", response.status_code,
                          response)
    manifest = _json(response)
    if not isinstance(manifest, dict) or not manifest.get("id") or not manifest.get("typeId"):
        raise RemoteError("UNEXPECTED_RESPONSE", "not an applinks manifest", 200, response)
    return manifest


def answers(sim, url):
    """AppLinksManifestProducer.getStatus: a GET of the URL itself answers 2xx (redirects followed)."""
    try:
        return 200 <= call(sim, "GET", url).status_code < 300
    except RemoteError:
        return False


def producer_manifest(sim, base_url, type_id):
    """The manifest a link of `type_id` gets for `base_url` (AppLinksManifestProducer.getManifest): the remote's
    own when it answers one of that type, else one made up locally (id of the URL, REST reference §2.8, the
    type's name, build number 0). It never fails, so no create or update is refused for an unreachable remote.
    Generic links are not asked (nothing on the remote reads that request; the answer is the same).
    """
    if type_id in applinks.ATLASSIAN_TYPES:
        try:
            found = fetch_manifest(sim, base_url, allow_redirects=False)
            if found.get("typeId") == type_id:
                return found
        except RemoteError:
            pass
    url = applinks.normalise_url(base_url)
    return {"id": applinks.generated_id(url), "name": applinks.PRODUCER_NAMES.get(type_id, type_id),
            "typeId": type_id, "buildNumber": 0, "url": url}


def fetch_consumer_info(sim, base_url):
    """The remote's OAuth consumer identity (REST reference §5.1), read the way a linking server reads it."""
    try:
        response = sim.remote("GET", base_url.rstrip("/") + CONSUMER_INFO_PATH,
                              headers={"Accept": "application/xml"}, timeout=PROBE_TIMEOUT)
    except requests.RequestException as exc:
        raise RemoteError(classify(exc), str(exc))
    if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith("application/xml"):
        raise RemoteError("UNEXPECTED_RESPONSE_STATUS", f"HTTP {response.status_code}", response.status_code)
    try:
        return oauth1.parse_consumer_info(response.text)
    except ValueError as exc:
        raise RemoteError("UNEXPECTED_RESPONSE", str(exc), 200)


def fetch_capabilities(sim, base_url):
    response = call(sim, "GET", base_url.rstrip("/") + "/rest/applinks/3.0/capabilities")
    if response.status_code != 200:
        raise RemoteError("UNEXPECTED_RESPONSE_STATUS", f"HTTP {response.status_code}", response.status_code)
    caps = _json(response)
    if not isinstance(caps, list):
        raise RemoteError("UNEXPECTED_RESPONSE", "capabilities are not a list", 200)
    return [str(c) for c in caps]


def error_messages(response):
    """The messages of a remote error-list or status body, for relaying them."""
    try:
        body = response.json()
    except ValueError:
        return [f"HTTP {response.status_code}"]
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, list):
            return [str(m) for m in message]
        if message:
            return [str(message)]
        errors = body.get("errors")
        if isinstance(errors, list):
            return [str(e.get("summary", e)) if isinstance(e, dict) else str(e) for e in errors]
    return [json.dumps(body)[:200]]


def oauth_problem(response):
    """oauth_problem from a 401's WWW-Authenticate header, or None."""
    header = response.headers.get("WWW-Authenticate", "")
    marker = 'oauth_problem="'
    if marker not in header:
        return None
    return header.split(marker, 1)[1].split('"', 1)[0]
