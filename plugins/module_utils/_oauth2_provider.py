# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 2.0 provider API (incoming links, REST reference §6): clients and their secrets."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AmbiguousWriteError, HttpError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._fingerprint import fingerprint

BASE = "/rest/oauth2/latest"
WELL_KNOWN = BASE + "/.well-known/oauth-authorization-server"


def authorize_endpoint(base_url):
    return base_url.rstrip("/") + BASE + "/authorize"


def token_endpoint(base_url):
    return base_url.rstrip("/") + BASE + "/token"


def client_from_wire(wire):
    """An IncomingClient in the modules' return names, with the fingerprint of its current secret (None when
    the product does not return the secret; the baseline versions do, REST reference §6.1, §12.3)."""
    if wire is None:
        return None
    return {"id": wire.get("id"), "name": wire.get("name"), "client_id": wire.get("clientId"),
            "client_secret": wire.get("clientSecret"), "redirect_uris": list(wire.get("redirects") or []),
            "scope": wire.get("scope"),
            "secret_fingerprint": fingerprint(wire.get("clientSecret"), wire.get("clientId"))}


class IncomingClientApi(object):
    def __init__(self, transport):
        self.transport = transport

    def list(self):
        return [client_from_wire(c) for c in self.transport.request("GET", BASE + "/client", shape="list").body or []]

    def find_by_name(self, name, fresh=False):
        """`fresh` matters to caching subclasses only: this class always reads."""
        for client in self.list():
            if client["name"] == name:
                return client
        return None

    def get(self, client_id):
        response = self.transport.request("GET", "%s/client/%s" % (BASE, quote(client_id, safe="")), shape="dict")
        return client_from_wire(response.body)

    def create(self, name, redirect_uris, scope):
        """POST is not idempotent: after a lost response, look the client up by its unique name."""
        body = {"name": name, "redirects": list(redirect_uris), "scope": scope}
        try:
            return client_from_wire(self.transport.request("POST", BASE + "/client", body=body, shape="dict").body)
        except AmbiguousWriteError:
            found = self.find_by_name(name)
            if found is None:
                return client_from_wire(self.transport.request("POST", BASE + "/client", body=body, shape="dict").body)
            return found

    def update(self, client_id, name=None, redirect_uris=None, scope=None):
        body = {"name": name or "", "redirects": list(redirect_uris or []), "scope": scope or ""}
        self.transport.request("PUT", "%s/client/%s" % (BASE, quote(client_id, safe="")), body=body,
                               expect=(204,))
        return self.get(client_id)

    def reset_secret(self, client_id_value):
        """Reset by the OAuth client id (not the entity id), REST reference §6.1."""
        response = self.transport.request("PUT", "%s/client/reset/%s" % (BASE, quote(client_id_value, safe="")),
                                          shape="dict")
        return client_from_wire(response.body)

    def delete(self, client_id):
        self.transport.request("DELETE", "%s/client/%s" % (BASE, quote(client_id, safe="")), allow_missing=True)

    def supported_scopes(self):
        """The product's scope names from its well-known metadata (for error messages); [] if unknown."""
        try:
            response = self.transport.request("GET", WELL_KNOWN, anonymous=True, shape="dict")
        except HttpError:
            return []
        return list((response.body or {}).get("scopes_supported") or [])
