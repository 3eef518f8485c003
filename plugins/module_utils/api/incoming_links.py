# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 2.0 provider REST family (REST reference §6): incoming links (the provider's clients) and their
secrets. Every method is one request; no cache, no recovery (apply.py decides)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import (
    incoming_from_wire, incoming_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import HttpError

BASE = "/rest/oauth2/latest"
WELL_KNOWN = BASE + "/.well-known/oauth-authorization-server"


def _q(value):
    return quote(value, safe="")


class IncomingLinksApi(object):
    path = BASE + "/client"

    def __init__(self, transport):
        self.transport = transport

    def list(self):
        return [incoming_from_wire(c) for c in self.transport.request("GET", self.path, shape="list").body or []]

    def get(self, entity_id):
        return incoming_from_wire(self.transport.request("GET", "%s/%s" % (self.path, _q(entity_id)),
                                                         shape="dict").body)

    def create(self, link):
        """POST: not idempotent; after a lost answer apply.py looks the link up by its unique name."""
        body = incoming_to_wire(link)
        return incoming_from_wire(self.transport.request("POST", self.path, body=body, shape="dict").body)

    def update(self, entity_id, link):
        """PUT: blank values keep the stored ones (REST reference §6.1); returns the link read back."""
        self.transport.request("PUT", "%s/%s" % (self.path, _q(entity_id)), body=incoming_to_wire(link),
                               expect=(204,))
        return self.get(entity_id)

    def reset_secret(self, client_id):
        """Reset by the OAuth client id (not the entity id), REST reference §6.1."""
        response = self.transport.request("PUT", "%s/reset/%s" % (self.path, _q(client_id)), shape="dict")
        return incoming_from_wire(response.body)

    def delete(self, entity_id):
        self.transport.request("DELETE", "%s/%s" % (self.path, _q(entity_id)), allow_missing=True)

    def supported_scopes(self):
        """The product's scope names from its well-known metadata (for error messages); [] if unknown."""
        try:
            response = self.transport.request("GET", WELL_KNOWN, anonymous=True, shape="dict")
        except HttpError:
            return []
        return list((response.body or {}).get("scopes_supported") or [])
