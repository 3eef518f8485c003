# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The applinks API family (REST reference §2 to §4): manifest, v3 links, v2 create, relocate, status and OAuth
levels, plus the pure helpers around them (type names, the generic link id of §2.8, auth level mapping)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import re
import uuid

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import AmbiguousWriteError, HttpError

V1 = "/rest/applinks/1.0"
V2 = "/rest/applinks/2.0"
V3 = "/rest/applinks/3.0"
MANIFEST_PATH = V1 + "/manifest"

# Module type names -> wire typeId (REST reference §2.9); Bitbucket is still "stash" on the wire.
TYPE_TO_WIRE = {"jira": "jira", "confluence": "confluence", "bitbucket": "stash", "bamboo": "bamboo",
                "fecru": "fecru", "crowd": "crowd", "generic": "generic"}
WIRE_TO_TYPE = dict((v, k) for k, v in TYPE_TO_WIRE.items())
MODULE_TYPES = sorted(TYPE_TO_WIRE)
ATLASSIAN_TYPES = tuple(t for t in MODULE_TYPES if t != "generic")

# OAuth 1.0a levels of a link direction, as {enabled, twoLoEnabled, twoLoImpersonationEnabled} (§4.2).
AUTH_LEVELS = {
    "disabled": (False, False, False),
    "oauth": (True, False, False),
    "oauth_2lo": (True, True, False),
    "oauth_impersonation": (True, True, True),
}
AUTH_LEVEL_NAMES = ["disabled", "oauth", "oauth_2lo", "oauth_impersonation"]
_FLAG_KEYS = ("enabled", "twoLoEnabled", "twoLoImpersonationEnabled")
# The provider classes (§2.7) behind each flag, as listApplicationlinks reports them (§2.5).
_PROVIDER_PKG = "com.atlassian.applinks.api.auth.types."
FLAG_PROVIDERS = (_PROVIDER_PKG + "OAuthAuthenticationProvider",
                  _PROVIDER_PKG + "TwoLeggedOAuthAuthenticationProvider",
                  _PROVIDER_PKG + "TwoLeggedOAuthWithImpersonationAuthenticationProvider")


def type_to_wire(module_type):
    return TYPE_TO_WIRE.get(module_type, module_type)


def type_from_wire(wire_type):
    return WIRE_TO_TYPE.get(wire_type, wire_type)


def norm_rpc_url(url):
    return url.rstrip("/") if isinstance(url, str) else url


def generic_link_id(rpc_url):
    """The id the product gives a generic link (§2.8): the MD5 name-based UUID of the rpcUrl, no trailing '/'."""
    digest = hashlib.md5(norm_rpc_url(rpc_url).encode("utf-8")).digest()
    return str(uuid.UUID(bytes=digest, version=3))


def is_v3_uuid(value):
    """Whether `value` is a version-3 (name-based MD5) UUID, the shape of generated applink ids."""
    try:
        return uuid.UUID(str(value)).version == 3
    except (TypeError, ValueError):
        return False


def normalise_flags(direction):
    """A direction of an OAuthStatus normalised the way the product stores it (§4.2), as a 3-tuple."""
    direction = direction or {}
    if not direction.get("enabled"):
        return AUTH_LEVELS["disabled"]
    if direction.get("twoLoImpersonationEnabled"):
        return AUTH_LEVELS["oauth_impersonation"]
    if direction.get("twoLoEnabled"):
        return AUTH_LEVELS["oauth_2lo"]
    return AUTH_LEVELS["oauth"]


def level_from_flags(direction):
    """The module's level name ('disabled', 'oauth', ...) of one OAuthStatus direction."""
    flags = normalise_flags(direction)
    for name in AUTH_LEVEL_NAMES:
        if AUTH_LEVELS[name] == flags:
            return name
    return "disabled"  # pragma: no cover - every normalised tuple is a level


def flags_from_level(level):
    """The wire OAuthStatus direction for a level name."""
    return dict(zip(_FLAG_KEYS, AUTH_LEVELS[level]))


def auth_from_wire(status):
    """{'incoming': level, 'outgoing': level} from an OAuthStatus body."""
    status = status or {}
    return {"incoming": level_from_flags(status.get("incoming")),
            "outgoing": level_from_flags(status.get("outgoing"))}


def auth_to_wire(auth):
    return {"incoming": flags_from_level(auth["incoming"]), "outgoing": flags_from_level(auth["outgoing"])}


def level_from_providers(providers):
    """The level of one direction from its configured provider class names (§2.5, §2.7); the flags are
    normalised like the product stores them (§4.2), and non-OAuth providers (Basic, CORS, ...) are ignored."""
    names = set(providers or [])
    return level_from_flags(dict(zip(_FLAG_KEYS, (p in names for p in FLAG_PROVIDERS))))


def auth_by_link(entries):
    """{link_id: {'incoming': level, 'outgoing': level}} from the `list` of listApplicationlinks (§2.5)."""
    result = {}
    for entry in entries or []:
        link_id = (entry.get("application") or {}).get("id")
        if link_id:
            result[link_id] = {"incoming": level_from_providers(entry.get("configuredInboundAuthenticators")),
                               "outgoing": level_from_providers(entry.get("configuredOutboundAuthenticators"))}
    return result


def link_from_wire(wire):
    """An AppLinkV3 (or AppLinkV1) in the modules' return names."""
    if wire is None:
        return None
    return {"id": wire.get("id"), "name": wire.get("name"),
            "type": type_from_wire(wire.get("type") or wire.get("typeId")),
            "remote_url": wire.get("rpcUrl"), "display_url": wire.get("displayUrl"),
            "primary": bool(wire.get("primary", wire.get("isPrimary", False))),
            "system": bool(wire.get("system", wire.get("isSystem", False)))}


def manifest_from_wire(wire):
    wire = wire if isinstance(wire, dict) else {}
    return {"id": wire.get("id"), "name": wire.get("name"), "type": type_from_wire(wire.get("typeId")),
            "version": wire.get("version"), "build_number": wire.get("buildNumber"),
            "applinks_version": wire.get("applinksVersion"), "url": wire.get("url")}


def manifest_url(base_url):
    return norm_rpc_url(base_url) + MANIFEST_PATH


def created_id(body):
    """The new id from a create answer's `resources-created` self link (XML or JSON), or None."""
    text = body if isinstance(body, str) else json.dumps(body or {})
    match = re.search(r'applicationlink/([^"/?<\s]+)', text)
    return match.group(1) if match else None


def _q(value):
    return quote(str(value), safe="")


class ApplinksApi(object):
    """Applinks REST on one product. Every method is one request unless stated."""

    def __init__(self, transport):
        self.transport = transport

    # Manifests (§2.3)

    def manifest(self):
        """This product's own manifest."""
        return manifest_from_wire(self.transport.request("GET", MANIFEST_PATH, shape="dict").body)

    def remote_manifest(self, remote_url):
        """The manifest of another application, read anonymously from its own URL (not via this product)."""
        response = self.transport.request("GET", manifest_url(remote_url), anonymous=True)
        if not isinstance(response.body, dict) or not response.body.get("id"):
            raise ValueError("no application manifest (JSON with an id) at %s" % manifest_url(remote_url))
        return manifest_from_wire(response.body)

    # v3 links (§4.1)

    def list(self, data=()):
        """GET /applinks: every link, including the synthetic OAuth 2.0 entries (raw AppLinkV3 dicts)."""
        params = [("data", d) for d in data] or None
        return list(self.transport.request("GET", V3 + "/applinks", params=params, shape="list").body or [])

    def get(self, link_id):
        """One link of the real store (raw AppLinkV3), or None (404; also the answer for synthetic ids)."""
        response = self.transport.request("GET", "%s/applinks/%s" % (V3, _q(link_id)), allow_missing=True,
                                          shape="dict")
        return response.body if response is not None else None

    def update(self, link_id, name, rpc_url, display_url, primary):
        """v3 PUT: name, rpcUrl and displayUrl are all required; returns the AppLinkV3."""
        body = {"name": name, "rpcUrl": rpc_url, "displayUrl": display_url, "primary": bool(primary)}
        return self.transport.request("PUT", "%s/applinks/%s" % (V3, _q(link_id)), body=body, shape="dict").body

    def delete(self, link_id):
        self.transport.request("DELETE", "%s/applinks/%s" % (V3, _q(link_id)), expect=(204,), allow_missing=True)

    # v2 create (§3), relocate (§2.5)

    def create(self, wire_type, name, rpc_url, display_url, link_id=None):
        """v2 PUT /applicationlink (201). Atlassian types pass the remote manifest id; generic links get the
        id of §2.8. Returns the new id. A retried create of an existing id fails with 400 duplicate url, so
        after a lost answer the link is looked up instead of being sent again."""
        body = {"id": link_id, "typeId": wire_type, "name": name, "rpcUrl": rpc_url, "displayUrl": display_url}
        expected = link_id or generic_link_id(rpc_url)
        try:
            response = self.transport.request("PUT", V2 + "/applicationlink", body=body, expect=(201,))
        except (AmbiguousWriteError, HttpError) as exc:
            # The transport retries a PUT after 502-504 or a lost connection; if the first one was applied,
            # the retry answers 400 "duplicate url". Our link now existing under our name means success.
            if isinstance(exc, HttpError) and exc.status != 400:
                raise
            existing = self.get(expected)
            if existing is None or existing.get("name") != name:
                raise
            return expected
        return created_id(response.body) or expected

    def relocate(self, link_id, new_url):
        """Move a link to a new rpcUrl (and displayUrl), keeping its id. System administrator only."""
        self.transport.request("POST", "%s/relocateApplicationlink/%s" % (V1, _q(link_id)),
                               params={"newUrl": new_url, "nowarning": "true"}, expect=(200, 204))

    # Status (§4.2)

    def status(self, link_id):
        return self.transport.request("GET", "%s/status/%s" % (V3, _q(link_id)), shape="dict").body

    def oauth_status(self, link_id):
        """{'incoming': level, 'outgoing': level}."""
        return auth_from_wire(self.transport.request("GET", "%s/status/%s/oauth" % (V3, _q(link_id)), shape="dict").body)

    def list_auth(self):
        """{link_id: {'incoming': level, 'outgoing': level}} of every real link in one GET of the admin UI's
        listApplicationlinks (§2.5), instead of one status/{id}/oauth per link."""
        body = self.transport.request("GET", V1 + "/listApplicationlinks", shape="dict").body
        return auth_by_link((body or {}).get("list") if isinstance(body, dict) else body)

    def set_oauth_status(self, link_id, auth):
        """PUT both directions (204)."""
        self.transport.request("PUT", "%s/status/%s/oauth" % (V3, _q(link_id)), body=auth_to_wire(auth),
                               expect=(204,))
