# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each change sends, per kind: the requests of a create, an update and a delete, and the object the
product holds afterwards. Only apply.py calls these, behind its one write gate; a create's lost reply is resolved
there."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import (
    FIELDS as LINK_FIELDS, V3_FIELDS, auth_managed, link_from_wire, wanted_auth)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import norm_list
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import INCOMING_LINK
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_consumer import (
    CONSUMER_FIELDS, OAUTH1_CONSUMER, URL_FIELDS, incoming_to_wire, outgoing_to_config, outgoing_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import OAUTH_PROVIDER, OFF
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import type_to_wire
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AmbiguousWriteError, AtlassianError, HttpError)


def create_despite_lost_reply(post, lookup, resend=True, refusal_stands=False):
    """Send a create once. After a lost reply (AmbiguousWriteError; for a create the transport retried, an HTTP
    400 of the retry), `lookup()`, one fresh GET, decides: the object found is the one created; nothing found, the
    create is sent once more (`resend`) or the error stands. `refusal_stands`: a 400 of the first try (another
    run's object, not this run's own) is raised for the caller to converge on it."""
    try:
        return post()
    except (AmbiguousWriteError, HttpError) as exc:
        if isinstance(exc, HttpError) and (resend or exc.status != 400 or (refusal_stands and exc.attempts == 1)):
            raise
        found = lookup()
        if found is not None:
            return found
        if not resend:
            raise
    return post()


class RenamedByProduct(AtlassianError):
    """A create came back under another name: the product gave the new link a free name ("Name - 2",
    DefaultApplicationLinkService.findSuitableName) because another link took the name after this run read."""

    def __init__(self, link):
        self.link = link
        super(RenamedByProduct, self).__init__("the new link came back named '%s' (id %s)" % (link["name"], link["id"]))


class Writes(object):
    """What apply.py calls: post(change) sends a create, created(change, what post or a fresh lookup returned) is the
    object then held, expected_id(change) the id a create gives (None: looked up by name), update, delete."""

    def __init__(self, api):
        self.api = api

    @staticmethod
    def expected_id(change):
        return None

    @staticmethod
    def created(change, created):
        return created


class IncomingLinkWrites(Writes):
    def post(self, change):
        return self.api.create(change.after)

    def update(self, change):
        current, desired = change.before, INCOMING_LINK.desired(change.item)
        link = current
        if set(change.fields) & {"redirect_uris", "scope"}:
            # Unmanaged values go blank: the product keeps them (REST reference §6.1).
            link = self.api.update(current["id"], {"name": current["name"], "scope": desired["scope"],
                                                   "redirect_uris": norm_list(desired["redirect_uris"])})
        if "client_secret" in change.fields:
            link = self.api.reset_secret(current["client_id"])
        return link

    def delete(self, change):
        self.api.delete(change.before["id"])


class OutgoingLinkWrites(Writes):
    """The objects carry the secret this run sent (None: none) in client_secret; the product never returns it."""

    def post(self, change):
        return self.api.create(change.after, change.after["client_secret"])

    @staticmethod
    def created(change, created):
        return dict(created, client_secret=change.after["client_secret"])

    def update(self, change):
        secret = change.after["client_secret"]
        return dict(self.api.update(change.before["id"], change.after, secret), client_secret=secret)

    def delete(self, change):
        self.api.delete(change.before["id"])


class ApplicationLinkWrites(Writes):
    @staticmethod
    def _display(item):
        return item.get("display_url") or item["remote_url"]

    def post(self, change):
        """v2 create; the new id (the expected one when the answer does not carry it)."""
        item = change.item
        return self.api.create(type_to_wire(item["type"]), item["name"], item["remote_url"], self._display(item),
                               link_id=change.desired["id"]) or self.expected_id(change)

    @staticmethod
    def expected_id(change):
        """The id a create gives: the remote's server id, or the id of the RPC URL (REST reference §2.8)."""
        return change.after["id"]

    def created(self, change, link_id):
        """A new link read back (RenamedByProduct when the product gave it another name), then primary when
        wanted and the managed OAuth 1.0a levels."""
        item = change.item
        if isinstance(link_id, dict):  # the link a fresh lookup found
            link_id = link_id["id"]
        link = link_from_wire(self.api.get(link_id))
        if link is not None and link["name"] != item["name"]:
            raise RenamedByProduct(link)
        if change.desired["primary"]:
            link = self.api.update(link_id, item["name"], item["remote_url"], self._display(item), True)
        link = link or dict(change.after)
        link.pop("auth", None)
        if auth_managed(item):
            link["auth"] = self.levels(link_id, None, item)
        return link

    def levels(self, link_id, have, item):
        """Set the managed OAuth 1.0a levels; the PUT needs both directions, so an unmanaged one keeps its level."""
        want = wanted_auth(item)
        if have is None:
            have = self.api.oauth_status(link_id)
        merged = dict((d, want[d] if want[d] is not None else have[d]) for d in want)
        if merged == have:
            return have
        self.api.set_oauth_status(link_id, merged)
        return self.api.oauth_status(link_id)

    def update(self, change):
        """In place: relocation, then v3 PUT of name, display URL and primary, then the levels."""
        current, desired, item = change.before, change.desired, change.item
        link = dict((k, v) for k, v in current.items() if k != "auth")
        moved = "remote_url" in change.fields
        if moved:
            self.api.relocate(current["id"], item["remote_url"])
            link.update(remote_url=item["remote_url"], display_url=item["remote_url"])
        if LINK_FIELDS.changes(link, dict((k, desired[k]) for k in V3_FIELDS)):
            primary = desired["primary"] if desired["primary"] is not None else link["primary"]
            link = self.api.update(current["id"], item["name"], link["remote_url"],
                                   item.get("display_url") or link["display_url"], primary)
        elif moved:
            link = link_from_wire(self.api.get(current["id"]))
        if "auth" in change.fields:
            link["auth"] = self.levels(current["id"], current.get("auth"), item)
        elif "auth" in current:
            link["auth"] = current["auth"]
        return link

    def delete(self, change):
        self.api.delete(change.before["id"])


class OAuth1ConsumerWrites(Writes):
    """One direction of OAuth 1.0a on a generic link (oauth1_external_app): the generic link is created first when
    it does not exist (its own lost reply resolved by one fresh lookup), then the consumer and, outgoing, the
    provider config; the consumers are read back. link_removed: whether a delete removed the whole link."""

    def __init__(self, api, reader):
        super(OAuth1ConsumerWrites, self).__init__(api)
        self.reader = reader
        self.links = reader.apis["links"]
        self.link_removed = False

    def _link_of(self, change):
        return self.reader.state.named("links", change.item["link"])

    def _ensure_link(self, change):
        item, link = change.item, self._link_of(change)
        if link is None:
            remote_url, name = item["remote_url"], item["link"]
            link_id = generic_link_id(remote_url)
            created = create_despite_lost_reply(lambda: self.links.create("generic", name, remote_url, remote_url),
                                                lambda: self.reader.fresh("links", name, link_id), resend=False)
            link_id = created["id"] if isinstance(created, dict) else created or link_id
            link = self.reader.fresh("links", name, link_id) or {"id": link_id, "name": name}
            self.reader.state.record("links", link)
        return link

    def _write(self, change, link, consumer_changed, config_changed):
        item, merged = change.item, change.after
        before = OAUTH1_CONSUMER.current(item, link, self.reader.state.oauth1.get(link["id"]) or {
            "consumers": [], "providers": {}}, OAUTH_PROVIDER)[2]
        if item["direction"] == "incoming":
            self.api.put_consumer(link["id"], incoming_to_wire(merged))
        else:
            if consumer_changed:
                self.api.put_consumer(link["id"], outgoing_to_wire(merged, item["shared_secret"]))
            if config_changed:
                self.api.put_provider(link["id"], OAUTH_PROVIDER, outgoing_to_config(merged, before))
        after = OAUTH1_CONSUMER.current(item, link, self.reader.oauth1(link["id"], fresh=True), OAUTH_PROVIDER)[0]
        if after is not None and item["direction"] == "outgoing":
            after["shared_secret"] = item["shared_secret"] if consumer_changed else None
        return after

    def post(self, change):
        return self._write(change, self._ensure_link(change), True, True)

    def update(self, change):
        consumer_changed = bool(set(change.fields) & set(CONSUMER_FIELDS))
        config_changed = bool(set(change.fields) & set(("consumer_key",) + URL_FIELDS))
        return self._write(change, self._link_of(change), consumer_changed, config_changed)

    def delete(self, change):
        link_id = self._link_of(change)["id"]
        if change.item.get("remove_link"):
            self.links.delete(link_id)  # the link's consumers and providers go with it
            self.link_removed = True
            return
        status = self.links.raw_oauth_status(link_id)
        body = {"incoming": status.get("incoming") or dict(OFF), "outgoing": status.get("outgoing") or dict(OFF)}
        body[change.item["direction"]] = dict(OFF)
        self.links.put_oauth_status(link_id, body)
