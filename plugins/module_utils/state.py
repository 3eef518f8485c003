# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state of one product, read once per run: its manifest (the base URL it reports, type, version), its
incoming links, outgoing links and application links (with their OAuth 1.0a levels when needed), in the one shape
product_links returns as `state` and takes back as `current_state`; and the OAuth 1.0a consumers of the generic
links a run manages (oauth1), read only when needed.

This is the only place that tells a real application link from the synthetic entries the v3 list shows for the
OAuth 2.0 incoming and outgoing links (type generic, random ids; REST reference §4.1): with both OAuth 2.0 lists
known their ids say it; without them an entry that could be synthetic (generic, id not a version-3 UUID: real
generic links get the name-based id of §2.8) is doubtful, and only GET /applinks/{id} confirms it (synthetic
ids answer 404).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import (
    FIELDS as LINK_FIELDS, link_from_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import norm_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import is_v3_uuid
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import (
    FIELDS as INCOMING_FIELDS)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.outgoing_link import (
    FIELDS as OUTGOING_FIELDS)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

KINDS = ("incoming", "outgoing", "links")
TABLES = {"incoming": INCOMING_FIELDS, "outgoing": OUTGOING_FIELDS, "links": LINK_FIELDS}
# What identifies an object of each kind within a run: OAuth 2.0 names are unique on a product (and check mode's
# predicted objects share a placeholder id); a link keeps its id when renamed.
KEYS = {"incoming": "name", "outgoing": "name", "links": "id"}


def maybe_synthetic(entry):
    """Whether a v3 list entry could be a synthetic OAuth 2.0 entry."""
    return entry.get("type") == "generic" and not is_v3_uuid(entry.get("id"))


def split_v3_list(entries, oauth2_ids=None):
    """(application links, doubtful entries) of a v3 list; `oauth2_ids`: the ids of every OAuth 2.0 incoming and
    outgoing link, when both lists are known (then nothing is doubtful)."""
    links, doubtful = [], []
    for entry in entries:
        if oauth2_ids is not None:
            if entry.get("id") not in oauth2_ids:
                links.append(entry)
        elif maybe_synthetic(entry):
            doubtful.append(entry)
        else:
            links.append(entry)
    return links, doubtful


class ProductState(object):
    """What a run knows of one product (no requests). A list is None when it was not read; an object looked up
    alone (e.g. an outgoing link by its name) is known without its list."""

    def __init__(self, manifest=None, incoming=None, outgoing=None, links=None):
        self.manifest = manifest
        given = {"incoming": incoming, "outgoing": outgoing, "links": links}
        self.lists = dict((kind, None if given[kind] is None else [dict(o) for o in given[kind]]) for kind in KINDS)
        self.looked_up = dict((kind, {}) for kind in KINDS)
        self.doubtful = []
        # {link id: {"consumers": [...], "providers": {class: config}}}: the OAuth 1.0a consumers of a generic
        # link, read only by a run that manages them (never part of the returned state).
        self.oauth1 = {}

    @classmethod
    def from_dict(cls, state):
        """A state handed back as current_state; InputError before any request when it is not one."""
        known = dict(state or {})
        if known.get("manifest") is not None and not isinstance(known["manifest"], dict):
            raise InputError("current_state", "manifest must be a dict (the state returned by product_links), got %s"
                             % type(known["manifest"]).__name__)
        for kind in KINDS:
            value = known.get(kind)
            if value is not None and (not isinstance(value, list) or not all(isinstance(o, dict) for o in value)):
                raise InputError("current_state", "%s must be a list of dicts (the state returned by product_links), "
                                                  "got %s" % (kind, type(value).__name__))
        return cls(known.get("manifest"), known.get("incoming"), known.get("outgoing"), known.get("links"))

    def to_dict(self, base_url):
        """The `state` return value: the lists this run knows, sorted by name, never a secret."""
        state = {"manifest": self.manifest, "base_url": base_url}
        for kind in KINDS:
            if self.lists[kind] is not None:
                state[kind] = sorted((TABLES[kind].public(o) for o in self.lists[kind]), key=lambda o: o["name"])
        return state

    def complete(self, kind):
        return self.lists[kind] is not None

    def oauth2_ids(self):
        """The ids of every OAuth 2.0 incoming and outgoing link, or None unless both lists are known."""
        if not (self.complete("incoming") and self.complete("outgoing")):
            return None
        return set(o["id"] for kind in ("incoming", "outgoing") for o in self.lists[kind])

    def known(self, kind, name):
        """(whether this run knows it, the object of that name or None)."""
        if self.lists[kind] is not None:
            for obj in self.lists[kind]:
                if obj.get("name") == name:
                    return True, obj
            return True, None
        if name in self.looked_up[kind]:
            return True, self.looked_up[kind][name]
        return False, None

    def named(self, kind, name):
        return self.known(kind, name)[1]

    def record(self, kind, obj, replaces=None):
        """Keep `obj` (after a write or a prediction) in place of `replaces` (the object it was) or of the entry of
        the same id or name."""
        key = KEYS[kind]
        old = replaces or {}
        obj = TABLES[kind].as_current(obj)
        if self.lists[kind] is None:
            self.looked_up[kind].pop(old.get("name"), None)
            self.looked_up[kind][obj["name"]] = dict(obj)
            return
        gone = set(o.get(key) for o in (obj, old) if o)
        self.lists[kind] = [o for o in self.lists[kind] if o.get(key) not in gone]
        self.lists[kind].append(dict(obj))

    def forget(self, kind, obj):
        if self.lists[kind] is None:
            self.looked_up[kind][obj["name"]] = None
            return
        self.lists[kind] = [o for o in self.lists[kind] if o.get(KEYS[kind]) != obj.get(KEYS[kind])]

    def set_links(self, entries):
        """The v3 list as read: application links (return names), the doubtful entries kept aside."""
        links, self.doubtful = split_v3_list(entries, self.oauth2_ids())
        self.lists["links"] = [link_from_wire(e) for e in links]

    def confirmed(self, entry):
        """A doubtful entry that GET /applinks/{id} answered: a real application link."""
        self.doubtful = [e for e in self.doubtful if e.get("id") != entry.get("id")]
        self.lists["links"].append(link_from_wire(entry))

    def base_url(self, reached_at):
        """The base URL the product reports (its manifest `url`), else the one it is reached at."""
        return norm_url((self.manifest or {}).get("url")) or norm_url(reached_at)
