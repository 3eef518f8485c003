# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One read per kind: the API classes of the three kinds, serving lookups from a list read once (or handed
in from an earlier read of the same play) and keeping that list current after each write.

The per-object resources (oauth2_incoming, oauth2_outgoing, application_link) run unchanged on top of these,
so product_links converges many objects with the same rules as the single-object modules.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import (
    ApplinksApi, link_from_wire, type_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import HttpError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_client import OutgoingConfigApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_provider import IncomingClientApi


def _replace(items, new, key="id"):
    """`items` with `new` in place of the entry of the same id (or appended)."""
    out = [i for i in items if i.get(key) != new.get(key)]
    out.append(new)
    return out


class CachedIncomingApi(IncomingClientApi):
    def __init__(self, transport, clients=None):
        super(CachedIncomingApi, self).__init__(transport)
        self.cache = None if clients is None else [dict(c) for c in clients]
        self.read = False   # whether this run read the list (its clients then carry their secrets)

    def list(self):
        if self.cache is None:
            self.cache = super(CachedIncomingApi, self).list()
            self.read = True
        return self.cache

    def find_by_name(self, name, fresh=False):
        if fresh:
            self.cache = None
        for client in self.list():
            if client["name"] == name:
                return dict(client)
        return None

    def secret_of(self, client):
        """The secret of a listed client: from the list when this run read it, else one GET of that client."""
        if client.get("client_secret") is not None:
            return client["client_secret"]
        return self.get(client["id"]).get("client_secret")

    def create(self, name, redirect_uris, scope):
        created = super(CachedIncomingApi, self).create(name, redirect_uris, scope)
        self.cache = _replace(self.list(), created)
        return created

    def update(self, client_id, name=None, redirect_uris=None, scope=None):
        updated = super(CachedIncomingApi, self).update(client_id, name, redirect_uris, scope)
        self.cache = _replace(self.list(), updated)
        return updated

    def reset_secret(self, client_id_value):
        reset = super(CachedIncomingApi, self).reset_secret(client_id_value)
        self.cache = _replace(self.list(), reset)
        return reset

    def delete(self, client_id):
        super(CachedIncomingApi, self).delete(client_id)
        self.cache = [c for c in self.list() if c["id"] != client_id]


class CachedOutgoingApi(OutgoingConfigApi):
    def __init__(self, transport, configs=None):
        super(CachedOutgoingApi, self).__init__(transport)
        self.cache = None if configs is None else [dict(c) for c in configs]

    def list(self):
        if self.cache is None:
            self.cache = super(CachedOutgoingApi, self).list()
        return self.cache

    def find_by_name(self, name, fresh=False):
        if fresh:
            self.cache = None
        for config in self.list():
            if config["name"] == name:
                return dict(config)
        return None

    def create(self, config, client_secret):
        created = super(CachedOutgoingApi, self).create(config, client_secret)
        self.cache = _replace(self.list(), created)
        return created

    def update(self, config_id, config, client_secret=None):
        updated = super(CachedOutgoingApi, self).update(config_id, config, client_secret)
        self.cache = _replace(self.list(), updated)
        return updated

    def delete(self, config_id):
        super(CachedOutgoingApi, self).delete(config_id)
        self.cache = [c for c in self.list() if c["id"] != config_id]


def link_to_wire(link):
    """A link in return names back to the AppLinkV3 shape the list answers with."""
    return {"id": link["id"], "name": link["name"], "type": type_to_wire(link["type"]),
            "rpcUrl": link.get("remote_url"), "displayUrl": link.get("display_url"),
            "primary": bool(link.get("primary")), "system": bool(link.get("system"))}


class CachedApplinksApi(ApplinksApi):
    """The v3 link list read once; the remote manifests the caller already knows (e.g. a peer's own read)."""

    def __init__(self, transport, links=None, remote_manifests=None):
        super(CachedApplinksApi, self).__init__(transport)
        self.cache = None if links is None else [link_to_wire(link) for link in links]
        self.auth = dict((link["id"], link["auth"]) for link in links or [] if link.get("auth"))
        self.remote_manifests = dict(remote_manifests or {})
        self._auth_listed = False

    def list(self, data=()):
        if data:
            return super(CachedApplinksApi, self).list(data=data)
        if self.cache is None:
            self.cache = super(CachedApplinksApi, self).list()
        return [dict(w) for w in self.cache]

    def links(self):
        """The list in return names (synthetic OAuth 2.0 entries included; the caller filters them)."""
        out = []
        for wire in self.list():
            link = link_from_wire(wire)
            if wire.get("id") in self.auth:
                link["auth"] = self.auth[wire["id"]]
            out.append(link)
        return out

    def remote_manifest(self, remote_url):
        known = self.remote_manifests.get((remote_url or "").rstrip("/"))
        return dict(known) if known else super(CachedApplinksApi, self).remote_manifest(remote_url)

    def oauth_status(self, link_id):
        """From one listApplicationlinks for all links (REST reference §2.5), else one status read of this link."""
        if link_id not in self.auth and not self._auth_listed:
            self._auth_listed = True
            try:
                self.auth.update(self.list_auth())
            except HttpError as exc:
                if exc.status != 404:
                    raise
        if link_id not in self.auth:
            self.auth[link_id] = super(CachedApplinksApi, self).oauth_status(link_id)
        return dict(self.auth[link_id])

    def set_oauth_status(self, link_id, auth):
        super(CachedApplinksApi, self).set_oauth_status(link_id, auth)
        self.auth[link_id] = dict(auth)

    def create(self, wire_type, name, rpc_url, display_url, link_id=None):
        new_id = super(CachedApplinksApi, self).create(wire_type, name, rpc_url, display_url, link_id=link_id)
        if self.cache is not None:  # what the product stores for a new link; a later get() or update() refines it
            self.cache = _replace(self.cache, {"id": new_id, "name": name, "type": wire_type, "rpcUrl": rpc_url,
                                               "displayUrl": display_url, "primary": False, "system": False})
        return new_id

    def get(self, link_id):
        wire = super(CachedApplinksApi, self).get(link_id)
        if wire is not None and self.cache is not None and any(w.get("id") == link_id for w in self.cache):
            self.cache = _replace(self.cache, wire)
        return wire

    def update(self, link_id, name, rpc_url, display_url, primary):
        wire = super(CachedApplinksApi, self).update(link_id, name, rpc_url, display_url, primary)
        if self.cache is not None and isinstance(wire, dict):
            self.cache = _replace(self.cache, wire)
        return wire

    def relocate(self, link_id, new_url):
        super(CachedApplinksApi, self).relocate(link_id, new_url)
        self.cache = None

    def delete(self, link_id):
        super(CachedApplinksApi, self).delete(link_id)
        if self.cache is not None:
            self.cache = [w for w in self.cache if w.get("id") != link_id]
        self.auth.pop(link_id, None)
