# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 2.0 client API (outgoing links, REST reference §7) and the redirect-URI formula."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import AmbiguousWriteError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._fingerprint import (
    join_description, split_description)

# REST reference §1.1 and §10: the module path of this API is inferred; only `config` is confirmed.
BASE = "/rest/oauth2-client/latest"
CALLBACK_PATH = "/plugins/servlet/oauth2/client/callback/"
# Characters a name must not carry in the `config/name/{name}` path (Tomcat rejects %2F and %5C by default,
# and ';' starts a path parameter).
UNSAFE_IN_PATH = "/\\;"

# Public endpoints the UI pre-fills for the well-known providers.
PROVIDER_ENDPOINTS = {
    "google": ("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token"),
    "microsoft": ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                  "https://login.microsoftonline.com/common/oauth2/v2.0/token"),
}


def redirect_uri_suffix(authorization_endpoint):
    """base64url without padding of MD5(authorization endpoint), REST reference §7."""
    digest = hashlib.md5(authorization_endpoint.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def redirect_uri(base_url, authorization_endpoint):
    return base_url.rstrip("/") + CALLBACK_PATH + redirect_uri_suffix(authorization_endpoint)


def config_from_wire(wire):
    """An OutgoingConfig in the modules' return names; the secret fingerprint the description records is split
    off into `secret_fingerprint` (see _fingerprint.py)."""
    if wire is None:
        return None
    description, recorded = split_description(wire.get("description"))
    return {"id": wire.get("id"), "name": wire.get("name"), "provider": (wire.get("type") or "").lower(),
            "client_id": wire.get("clientId"), "authorization_endpoint": wire.get("authorizationEndpoint"),
            "token_endpoint": wire.get("tokenEndpoint"), "scopes": list(wire.get("scopes") or []),
            "description": description, "secret_fingerprint": recorded}


def config_to_wire(config, client_secret=None):
    body = {"name": config["name"],
            "description": join_description(config.get("description"), config.get("secret_fingerprint")),
            "type": config["provider"],
            "clientId": config["client_id"], "authorizationEndpoint": config["authorization_endpoint"],
            "tokenEndpoint": config["token_endpoint"], "scopes": list(config["scopes"]),
            "redirectUriSuffix": redirect_uri_suffix(config["authorization_endpoint"])}
    if client_secret is not None:
        body["clientSecret"] = client_secret
    return body


class OutgoingConfigApi(object):
    def __init__(self, transport):
        self.transport = transport

    def find_by_name(self, name, fresh=False):
        """One GET either way. `config/name/{name}` answers 404 with an empty body when absent (REST reference §7).
        A name the path cannot carry (an encoded slash, which servlet containers reject, or a dot segment)
        is looked up in the list instead. `fresh` matters to caching subclasses only: this class always reads."""
        if name in (".", "..") or any(c in name for c in UNSAFE_IN_PATH):
            for config in self.list():
                if config["name"] == name:
                    return config
            return None
        response = self.transport.request("GET", "%s/config/name/%s" % (BASE, quote(name, safe="")),
                                          allow_missing=True, shape="dict")
        return config_from_wire(response.body) if response is not None else None

    def list(self):
        return [config_from_wire(c) for c in self.transport.request("GET", BASE + "/config", shape="list").body or []]

    def get(self, config_id):
        return config_from_wire(self.transport.request("GET", "%s/config/%s" % (BASE, quote(config_id, safe="")),
                                                       shape="dict")
                                .body)

    def create(self, config, client_secret):
        body = config_to_wire(config, client_secret)
        try:
            return config_from_wire(self.transport.request("POST", BASE + "/config", body=body, shape="dict").body)
        except AmbiguousWriteError:
            found = self.find_by_name(config["name"])
            if found is None:
                return config_from_wire(self.transport.request("POST", BASE + "/config", body=body, shape="dict").body)
            return found

    def update(self, config_id, config, client_secret=None):
        """PUT without clientSecret keeps the stored secret (REST reference §7)."""
        body = config_to_wire(config, client_secret)
        body["id"] = config_id
        self.transport.request("PUT", "%s/config/%s" % (BASE, quote(config_id, safe="")), body=body,
                               expect=(204,))
        return self.get(config_id)

    def delete(self, config_id):
        self.transport.request("DELETE", "%s/config/%s" % (BASE, quote(config_id, safe="")), expect=(204,),
                               allow_missing=True)
