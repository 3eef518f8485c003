# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a product's state (state.py) through its APIs: the manifest and each list at most once per run, none
that current_state already holds, one object alone when a run needs only that one. fresh() asks the product
again, whatever the state holds: after a lost reply the product decides, never a list read before."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.application_links import (
    ApplicationLinksApi, manifest_url)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.incoming_links import IncomingLinksApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.oauth1_consumers import OAuth1ConsumersApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.outgoing_links import (
    OutgoingLinksApi, findable_by_name)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import link_from_wire
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import norm_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import (
    ATLASSIAN_TYPES, known_scopes)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import ProductState, split_v3_list
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    HttpError, InputError, NotFoundError, TransportError)


class RemoteUnreachable(TransportError):
    """The remote application's manifest could not be read."""


class StateReader(object):
    def __init__(self, transport, state=None, warn=None):
        self.transport = transport
        self.state = state if state is not None else ProductState()
        self.warn = warn or (lambda msg: None)
        self.apis = {"links": ApplicationLinksApi(transport), "incoming": IncomingLinksApi(transport),
                     "outgoing": OutgoingLinksApi(transport), "oauth1": OAuth1ConsumersApi(transport)}
        self.read_by_this_run = set()  # the lists this run read (its incoming links carry their secrets)
        self._scopes = None
        self._warned = False

    # The product itself

    def manifest(self):
        if self.state.manifest is None:
            self.state.manifest = self.apis["links"].manifest()
        return self.state.manifest

    def base_url(self):
        """The base URL the product reports (REST reference §2.3), which redirect URIs and endpoints derive from
        (§11). Warns once when Ansible reaches the product by another URL."""
        self.manifest()
        reported = self.state.base_url(self.transport.base_url)
        if reported != norm_url(self.transport.base_url) and not self._warned:
            self._warned = True
            self.warn("the product reports its base URL as %s while it is reached at %s (option url); redirect URIs "
                      "and OAuth 2.0 endpoints derive from the reported base URL" % (reported, self.transport.base_url))
        return reported

    def unknown_scopes(self, scopes):
        """The names in `scopes` the product does not support, and the product's list (for the message): the
        product line's known scopes when the manifest is known, else the product's own OAuth 2.0 metadata."""
        manifest = self.state.manifest or {}
        table = known_scopes(manifest.get("type"), manifest.get("version"))
        if all(s in table for s in scopes):
            return [], list(table)
        if self._scopes is None:
            self._scopes = self.apis["incoming"].supported_scopes()
        if not self._scopes:  # the product does not say: let it answer the write itself
            return [], []
        return [s for s in scopes if s not in self._scopes], list(self._scopes)

    def check_scopes(self, option, scopes):
        unknown, supported = self.unknown_scopes(scopes)
        if unknown:
            raise InputError(option, "unknown scope %s; the product supports: %s"
                             % (", ".join(unknown), ", ".join(supported)))

    # Lists and objects

    def read(self, kind):
        """The whole list of `kind` (application links: the real ones, see state.py)."""
        if not self.state.complete(kind):
            if kind == "links":
                self.state.set_links(self.apis["links"].list())
            else:
                self.state.lists[kind] = self.apis[kind].list()
            self.read_by_this_run.add(kind)
        return self.state.lists[kind]

    def find(self, kind, name):
        """The object of that name: from the state, else one lookup (an outgoing link by its name, else the list)."""
        known, obj = self.state.known(kind, name)
        if known:
            return obj
        if kind == "outgoing" and findable_by_name(name):
            obj = self.apis["outgoing"].by_name(name)
            self.state.looked_up[kind][name] = obj
            return obj
        self.read(kind)
        return self.state.named(kind, name)

    def fresh(self, kind, name, link_id=None):
        """Ask the product once more (one GET) for the object of that name (an application link: of that id and
        name), bypassing the state."""
        if kind == "links":
            wire = self.apis["links"].get(link_id)
            return link_from_wire(wire) if wire is not None and wire.get("name") == name else None
        if kind == "outgoing" and findable_by_name(name):
            return self.apis["outgoing"].by_name(name)
        for obj in self.apis[kind].list():
            if obj["name"] == name:
                return obj
        return None

    def fresh_links(self, name):
        """The application links as the product holds them now (one GET of the v3 list, and one GET per entry of
        that name that could be a synthetic OAuth 2.0 entry), for a run that must decide again after a write;
        the state keeps them."""
        links, doubtful = split_v3_list(self.apis["links"].list(), self.state.oauth2_ids())
        links = [link_from_wire(e) for e in links]
        for entry in doubtful:
            if entry.get("name") == name and self.apis["links"].get(entry.get("id")) is not None:
                links.append(link_from_wire(entry))
        known = dict((link["id"], link.get("auth")) for link in self.state.lists["links"] or [] if link.get("auth"))
        for link in links:
            if link["id"] in known:
                link["auth"] = known[link["id"]]
        self.state.lists["links"] = links
        return links

    def confirm_links(self, names=None):
        """Resolve the doubtful v3 entries of these names (all with None): GET /applinks/{id} answers for a real
        link only. A name that already has an application link needs no request."""
        for entry in list(self.state.doubtful):
            name = entry.get("name")
            if names is not None and (name not in names or self.state.named("links", name) is not None):
                continue
            if self.apis["links"].get(entry.get("id")) is not None:
                self.state.confirmed(entry)

    def oauth1(self, link_id, fresh=False):
        """The OAuth 1.0a consumers and provider configs of a generic link (one GET, kept in the state)."""
        if fresh or link_id not in self.state.oauth1:
            self.state.oauth1[link_id] = self.apis["oauth1"].authentication(link_id)
        return self.state.oauth1[link_id]

    def levels(self, links):
        """The OAuth 1.0a levels of these application links (kept in the state): one listApplicationlinks for two
        or more (REST reference §2.5), else status/{id}/oauth."""
        missing = [link for link in links if "auth" not in link]
        known = {}
        if len(missing) > 1:
            try:
                known = self.apis["links"].list_auth()
            except NotFoundError:
                known = {}
        for link in missing:
            link["auth"] = known.get(link["id"]) or self.apis["links"].oauth_status(link["id"])

    # Other applications

    def remote(self, item):
        """The manifest of the remote application of an application link item (Atlassian types), None for a
        generic one: from the item's remote_id when the caller knows it, else read anonymously from the remote
        itself. Unreachable: an error for state present, a warning (match by name) for state absent."""
        if item.get("type") not in ATLASSIAN_TYPES or not item.get("remote_url"):
            return None
        if item.get("remote_id"):
            return {"id": item["remote_id"], "type": item["type"], "url": norm_url(item["remote_url"])}
        try:
            manifest = self.apis["links"].remote_manifest(item["remote_url"])
        except (TransportError, HttpError, ValueError) as exc:
            if item.get("state", "present") == "absent":
                self.warn("the remote application is not reachable; matching the link by name only")
                return None
            reason = str(exc).replace("; check the url option", "")
            raise RemoteUnreachable("cannot read the application manifest at %s (remote_url): %s. A link of type "
                                    "'%s' takes its id from the remote's manifest, so the remote must be reachable "
                                    "from the controller" % (manifest_url(item["remote_url"]), reason, item["type"]))
        if manifest["type"] != item["type"]:
            raise InputError("type", "the application at %s is of type '%s' (from its manifest), not '%s'"
                             % (item["remote_url"], manifest["type"], item["type"]))
        return manifest
