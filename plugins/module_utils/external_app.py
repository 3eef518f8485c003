# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module oauth1_external_app: a one-item run on one direction of OAuth 1.0a of a generic application link
(the rules: model/oauth1_consumer.py). A run reads the v3 link list and the link's applinks-oauth
`authentication` (consumers and providers): two GETs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.oauth1_consumers import OAuth1ConsumersApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.apply import Applier, create_despite_lost_reply
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import base_of, generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_consumer import (
    CONSUMER_FIELDS, OAUTH1_CONSUMER, URL_FIELDS, consumer_view, incoming_to_wire, outgoing_to_config,
    outgoing_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import OAUTH_PROVIDER, OFF
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import Change
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.reader import StateReader
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import failed, read_or_fail, run
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import AtlassianError, InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.writes import Writes


class ExternalApp(Writes):
    """One direction of OAuth 1.0a on a generic link: its state, its change and its writes."""

    def __init__(self, module, transport):
        super(ExternalApp, self).__init__(OAuth1ConsumersApi(transport))
        self.module = module
        self.item = module.params
        self.direction = self.item["direction"]
        self.reader = StateReader(transport, warn=module.warn)
        self.links = self.reader.apis["links"]
        self.public_pem = None
        self.link = None          # the generic link (return names), None when it does not exist
        self.config = {}          # the current OAuth provider config (outgoing)
        self.consumer = None      # the current consumer of this direction, as read
        self.link_removed = False

    # Reading

    def _link(self):
        name, state = self.item["link"], self.reader.state
        self.reader.read("links")
        self.reader.confirm_links(set([name]))
        found = state.named("links", name)
        if found is None and self.item.get("remote_url"):
            link_id = generic_link_id(self.item["remote_url"])
            for link in state.lists["links"]:
                if link["id"] == link_id:
                    raise InputError("link", "no link is named '%s', but the generic link '%s' already has "
                                             "remote_url %s; use link: %s"
                                     % (name, link["name"], base_of(self.item["remote_url"]), link["name"]))
        if found is not None and found["type"] != "generic":
            raise InputError("link", "'%s' is a link of type %s; oauth1_external_app manages the OAuth 1.0a consumers "
                                     "of generic links only (for Atlassian products use application_link with "
                                     "incoming_auth and outgoing_auth)" % (name, found["type"]))
        return found

    def _read(self, link):
        current, self.consumer, self.config = consumer_view(self.direction, link, self.api.authentication(link["id"]),
                                                            OAUTH_PROVIDER)
        return current

    def read(self):
        self.link = self._link()
        if self.link is None:
            return None
        current = self._read(self.link)
        if current is None and self.item["state"] == "absent" and self.item.get("remove_link"):
            return {"link": dict(self.link), "direction": self.direction}  # the link alone is still to remove
        return current

    # The change

    def change(self, current):
        name = self.item["link"]
        if self.item["state"] == "absent":
            return Change("oauth1", name, "delete" if current else "none", current, None, item=self.item)
        decision = OAUTH1_CONSUMER.decide(current, self.item, self.link, self.consumer, self.public_pem)
        return Change("oauth1", name, decision.action, current, decision.after, decision.fields, item=self.item)

    # Writes (behind apply.py's gate)

    def _ensure_link(self):
        if self.link is None:
            remote_url = self.item["remote_url"]
            link_id = generic_link_id(remote_url)
            created = create_despite_lost_reply(
                lambda: self.links.create("generic", self.item["link"], remote_url, remote_url),
                lambda: self.reader.fresh("links", self.item["link"], link_id), resend=False)
            link_id = created["id"] if isinstance(created, dict) else created or link_id
            self.link = self.reader.fresh("links", self.item["link"], link_id) or {"id": link_id,
                                                                                   "name": self.item["link"]}
        return self.link["id"]

    def _write(self, link_id, merged, consumer_changed, config_changed):
        if self.direction == "incoming":
            self.api.put_consumer(link_id, incoming_to_wire(merged))
        else:
            if consumer_changed:
                self.api.put_consumer(link_id, outgoing_to_wire(merged, self.item["shared_secret"]))
            if config_changed:
                self.api.put_provider(link_id, OAUTH_PROVIDER, outgoing_to_config(merged, self.config))
        after = self._read(self.link)
        if after is not None and self.direction == "outgoing":
            after["shared_secret"] = self.item["shared_secret"] if consumer_changed else None
        return after

    def post(self, change):
        return self._write(self._ensure_link(), change.after, True, True)

    def update(self, change):
        consumer_changed = bool(set(change.fields) & set(CONSUMER_FIELDS))
        config_changed = bool(set(change.fields) & set(("consumer_key",) + URL_FIELDS))
        return self._write(self.link["id"], change.after, consumer_changed, config_changed)

    def delete(self, change):
        if self.item.get("remove_link"):
            self.links.delete(self.link["id"])  # the link's consumers and providers go with it
            self.link_removed = True
            return
        status = self.links.raw_oauth_status(self.link["id"])
        body = {"incoming": status.get("incoming") or dict(OFF), "outgoing": status.get("outgoing") or dict(OFF)}
        body[self.direction] = dict(OFF)
        self.links.put_oauth_status(self.link["id"], body)


def run_external_app(module):
    item = module.params
    subject = "%s '%s'" % (OAUTH1_CONSUMER.label(item), item["link"])

    def work(module, transport):
        app = ExternalApp(module, transport)
        app.public_pem = OAUTH1_CONSUMER.validate(item, module.check_mode)
        current = read_or_fail(subject, app.read)
        change = app.change(current)
        applier = Applier(app.reader, module.check_mode, writes={"oauth1": app})
        try:
            after = applier.apply(change)
        except InputError:
            raise
        except AtlassianError as exc:
            raise failed(change.verb, subject, exc)
        result = {"changed": change.action != "none", "action": change.action}
        result.update(OAUTH1_CONSUMER.result(after, app.link, module.check_mode, item, app.link_removed))
        if module._diff:
            result["diff"] = {"before": OAUTH1_CONSUMER.fields.redact(current) if current else {},
                              "after": OAUTH1_CONSUMER.fields.redact(after) if after else {}}
        return result
    run(module, work)
