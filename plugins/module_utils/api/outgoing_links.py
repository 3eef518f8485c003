# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 2.0 client REST family (REST reference §7): outgoing links (the client's configurations). Every
method is one request; no cache, no recovery (apply.py decides)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.outgoing_link import (
    outgoing_from_wire, outgoing_to_wire)

# REST reference §1.1 and §10: the module path of this API is inferred; only `config` is confirmed.
BASE = "/rest/oauth2-client/latest"
# Characters a name must not carry in the `config/name/{name}` path (Tomcat rejects %2F and %5C by default,
# and ';' starts a path parameter).
UNSAFE_IN_PATH = "/\\;"


def _q(value):
    return quote(value, safe="")


def findable_by_name(name):
    """Whether `config/name/{name}` can carry the name (not an encoded slash, nor a dot segment)."""
    return name not in (".", "..") and not any(c in name for c in UNSAFE_IN_PATH)


class OutgoingLinksApi(object):
    path = BASE + "/config"

    def __init__(self, transport):
        self.transport = transport

    def list(self):
        return [outgoing_from_wire(c) for c in self.transport.request("GET", self.path, shape="list").body or []]

    def by_name(self, name):
        """`config/name/{name}` (one GET): the link, or None (404 with an empty body, REST reference §7). Only for
        a name findable_by_name() accepts."""
        response = self.transport.request("GET", "%s/name/%s" % (self.path, _q(name)), allow_missing=True,
                                          shape="dict")
        return outgoing_from_wire(response.body) if response is not None else None

    def get(self, entity_id):
        return outgoing_from_wire(self.transport.request("GET", "%s/%s" % (self.path, _q(entity_id)),
                                                         shape="dict").body)

    def create(self, link, client_secret):
        """POST: not idempotent; after a lost answer apply.py looks the link up by its unique name."""
        body = outgoing_to_wire(link, client_secret)
        return outgoing_from_wire(self.transport.request("POST", self.path, body=body, shape="dict").body)

    def update(self, entity_id, link, client_secret=None):
        """PUT without clientSecret keeps the stored secret (REST reference §7); returns the link read back."""
        body = outgoing_to_wire(link, client_secret)
        body["id"] = entity_id
        self.transport.request("PUT", "%s/%s" % (self.path, _q(entity_id)), body=body, expect=(204,))
        return self.get(entity_id)

    def delete(self, entity_id):
        self.transport.request("DELETE", "%s/%s" % (self.path, _q(entity_id)), expect=(204,), allow_missing=True)
