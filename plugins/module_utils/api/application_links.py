# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The applinks REST family (REST reference §2 to §4): manifests, the v3 link list, v2 create, relocation and
the OAuth 1.0a levels of a link. Every method is one request; no cache, no recovery (apply.py decides)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import (
    link_from_wire, manifest_from_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import base_of
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import (
    auth_by_link, auth_from_wire, auth_to_wire)

V1 = "/rest/applinks/1.0"
V2 = "/rest/applinks/2.0"
V3 = "/rest/applinks/3.0"
MANIFEST_PATH = V1 + "/manifest"


def manifest_url(base_url):
    return base_of(base_url) + MANIFEST_PATH


def created_id(body):
    """The new id from a create answer's `resources-created` self link (XML or JSON), or None."""
    text = body if isinstance(body, str) else json.dumps(body or {})
    match = re.search(r'applicationlink/([^"/?<\s]+)', text)
    return match.group(1) if match else None


def _q(value):
    return quote(str(value), safe="")


class ApplicationLinksApi(object):
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
        """GET /applinks: every entry, the synthetic OAuth 2.0 entries included (raw AppLinkV3 dicts; state.py
        tells them apart)."""
        params = [("data", d) for d in data] or None
        return list(self.transport.request("GET", V3 + "/applinks", params=params, shape="list").body or [])

    def get(self, link_id):
        """One link of the real store (raw AppLinkV3), or None (404; also the answer for synthetic ids)."""
        response = self.transport.request("GET", "%s/applinks/%s" % (V3, _q(link_id)), allow_missing=True,
                                          shape="dict")
        return response.body if response is not None else None

    def update(self, link_id, name, rpc_url, display_url, primary):
        """v3 PUT: name, rpcUrl and displayUrl are all required; returns the link."""
        body = {"name": name, "rpcUrl": rpc_url, "displayUrl": display_url, "primary": bool(primary)}
        wire = self.transport.request("PUT", "%s/applinks/%s" % (V3, _q(link_id)), body=body, shape="dict").body
        return link_from_wire(wire)

    def delete(self, link_id):
        self.transport.request("DELETE", "%s/applinks/%s" % (V3, _q(link_id)), expect=(204,), allow_missing=True)

    # v2 create (§3), relocate (§2.5)

    def create(self, wire_type, name, rpc_url, display_url, link_id=None):
        """v2 PUT /applicationlink (201); returns the new id, or None when the answer does not carry it."""
        body = {"id": link_id, "typeId": wire_type, "name": name, "rpcUrl": rpc_url, "displayUrl": display_url}
        return created_id(self.transport.request("PUT", V2 + "/applicationlink", body=body, expect=(201,)).body)

    def relocate(self, link_id, new_url):
        """Move a link to a new rpcUrl (and displayUrl), keeping its id. System administrator only."""
        self.transport.request("POST", "%s/relocateApplicationlink/%s" % (V1, _q(link_id)),
                               params={"newUrl": new_url, "nowarning": "true"}, expect=(200, 204))

    # Status and OAuth 1.0a levels (§2.5, §4.2)

    def status(self, link_id):
        return self.transport.request("GET", "%s/status/%s" % (V3, _q(link_id)), shape="dict").body

    def oauth_status(self, link_id):
        """{'incoming': level, 'outgoing': level}."""
        return auth_from_wire(self.transport.request("GET", "%s/status/%s/oauth" % (V3, _q(link_id)),
                                                     shape="dict").body)

    def raw_oauth_status(self, link_id):
        """The OAuthStatus body as the product answers it."""
        return self.transport.request("GET", "%s/status/%s/oauth" % (V3, _q(link_id))).body or {}

    def list_auth(self):
        """{link_id: levels} of every real link in one GET of the admin UI's listApplicationlinks (§2.5)."""
        body = self.transport.request("GET", V1 + "/listApplicationlinks", shape="dict").body
        return auth_by_link((body or {}).get("list") if isinstance(body, dict) else body)

    def set_oauth_status(self, link_id, auth):
        """PUT both directions (204); `auth` as level names."""
        self.put_oauth_status(link_id, auth_to_wire(auth))

    def put_oauth_status(self, link_id, status):
        """PUT both directions as OAuthStatus flags (204); a direction with enabled=false removes that side."""
        self.transport.request("PUT", "%s/status/%s/oauth" % (V3, _q(link_id)), body=status, expect=(204,))
