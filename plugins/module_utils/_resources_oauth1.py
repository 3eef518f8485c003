# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource of oauth1_external_app: one direction of OAuth 1.0a on a generic application link.

- incoming: the remote application is registered here as an RSA-SHA1 consumer (REST reference §5.3 outgoing=false).
- outgoing: this product is the HMAC-SHA1 consumer of a third-party provider: a consumer with the shared secret
  (§5.3 outgoing=true) plus the provider config of §3.2. The outgoing side exists when that config names its
  consumer key; the product never returns the shared secret, and needs it on every consumer write.
- Removal is v3 PUT status/{id}/oauth with the direction disabled (§4.2); the other direction is sent back as
  read.

A run reads the v3 link list and the link's applinks-oauth `authentication` (consumers and providers): two GETs.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import (
    ApplinksApi, generic_link_id, is_v3_uuid, link_from_wire, norm_rpc_url)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks_oauth1 import (
    P_OAUTH, URL_FIELDS, Oauth1Api, incoming_to_wire, load_public_key, norm_public_key, outgoing_from_config,
    outgoing_to_config, outgoing_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import changed_fields
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import Resource
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_name, check_url

INCOMING_OPTIONS = ("public_key", "callback", "two_lo_allowed", "execute_as", "two_lo_impersonation")
OUTGOING_OPTIONS = ("shared_secret",) + URL_FIELDS
INCOMING_FIELDS = ("consumer_key", "consumer_name") + INCOMING_OPTIONS
OUTGOING_FIELDS = ("consumer_key", "consumer_name") + URL_FIELDS
CONSUMER_FIELDS = ("consumer_key", "consumer_name", "shared_secret", "consumer")
OFF = {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}


def _blank_to_none(value):
    return value or None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def desired_fields(params, direction, public_pem=None):
    """The managed fields of a direction from the options; None = not managed."""
    if direction == "incoming":
        values = dict((f, params.get(f)) for f in INCOMING_FIELDS)
        values["public_key"] = public_pem
    else:
        values = dict((f, params.get(f)) for f in OUTGOING_FIELDS)
    values["consumer_name"] = _strip(values.get("consumer_name"))
    return values


def maybe_synthetic(wire):
    """Whether a v3 list entry could be a synthetic OAuth 2.0 entry (REST reference §4.1)."""
    return wire.get("type") == "generic" and not is_v3_uuid(wire.get("id"))


class ExternalOAuth1App(Resource):
    secret_keys = ("shared_secret",)
    normalizers = {"public_key": norm_public_key, "callback": _blank_to_none, "execute_as": _blank_to_none}

    def __init__(self, module, transport):
        super(ExternalOAuth1App, self).__init__(module, transport)
        self.direction = self.params["direction"]
        self.kind = "OAuth 1.0a %s consumer of generic link" % self.direction
        self.links = ApplinksApi(transport)
        self.api = Oauth1Api(transport)
        self.public_pem = None
        self.link = None          # the link (return names), None when it does not exist
        self.config = {}          # the current OAuth provider config (outgoing)
        self.consumer = None      # the current consumer of this direction, as read
        self.link_removed = False

    @property
    def name(self):
        return self.params.get("link")

    # Options

    def validate(self):
        p = self.params
        check_name("link", self.name)
        check_url("remote_url", p.get("remote_url"))
        for option in URL_FIELDS + ("callback",):
            check_url(option, p.get(option) or None)
        other = OUTGOING_OPTIONS if self.direction == "incoming" else INCOMING_OPTIONS
        for option in other:
            if p.get(option) is not None:
                raise InputError(option, "applies to direction %s only (this task has direction %s)"
                                 % ("outgoing" if self.direction == "incoming" else "incoming", self.direction))
        for option in ("consumer_key", "consumer_name", "shared_secret"):
            if p.get(option) is not None and not p[option].strip():
                raise InputError(option, "must not be blank")
        if p.get("public_key") is not None:
            try:
                self.public_pem = load_public_key(p["public_key"])
            except ValueError as exc:
                raise InputError("public_key", str(exc))
        if p.get("remove_link") and p["state"] != "absent":
            raise InputError("remove_link", "applies to state absent only")

    # Reading

    def _match(self, entries):
        candidates = [w for w in entries if w.get("name") == self.name]
        for wire in candidates:
            if not maybe_synthetic(wire):
                return wire
        for wire in candidates:  # could be an OAuth 2.0 entry: only a real link answers GET /applinks/{id}
            if self.links.get(wire.get("id")) is not None:
                return wire
        remote_url = self.params.get("remote_url")
        if remote_url:
            link_id = generic_link_id(remote_url)
            for wire in entries:
                if wire.get("id") == link_id:
                    other = wire.get("name")
                    raise InputError("link", "no link is named '%s', but the generic link '%s' already has "
                                             "remote_url %s; use link: %s"
                                     % (self.name, other, norm_rpc_url(remote_url), other))
        return None

    def _read(self, link):
        """The resource of this direction on an existing link, or None."""
        auth = self.api.authentication(link["id"])
        self.config = auth["providers"].get(P_OAUTH) or {}
        mine = [c for c in auth["consumers"] if c["outgoing"] == (self.direction == "outgoing")]
        if self.direction == "incoming":
            self.consumer = mine[0] if mine else None
            if self.consumer is None:
                return None
            resource = dict((f, self.consumer.get(f)) for f in INCOMING_FIELDS + ("description", "signature_method"))
        else:
            wired = outgoing_from_config(self.config)
            if not wired["consumer_key"]:
                self.consumer = None
                return None
            same = [c for c in mine if c["consumer_key"] == wired["consumer_key"]]
            self.consumer = same[0] if same else None
            resource = dict(wired, consumer_name=(self.consumer or {}).get("consumer_name"),
                            description=(self.consumer or {}).get("description"),
                            signature_method=(self.consumer or {}).get("signature_method"),
                            shared_secret=None)  # write-only: unknown
        resource.update(link=dict(link), direction=self.direction)
        return resource

    def find(self):
        wire = self._match(self.links.list())
        if wire is None:
            return None
        link = link_from_wire(wire)
        if link["type"] != "generic":
            raise InputError("link", "'%s' is a link of type %s; oauth1_external_app manages the OAuth 1.0a "
                                     "consumers of generic links only (for Atlassian products use "
                                     "application_link with incoming_auth and outgoing_auth)"
                             % (self.name, link["type"]))
        self.link = link
        current = self._read(link)
        if current is None and self.params["state"] == "absent" and self.params.get("remove_link"):
            return {"link": dict(link), "direction": self.direction}  # the link alone is still to remove
        return current

    def desired(self):
        return desired_fields(self.params, self.direction, self.public_pem)

    def forced(self, current):
        p = self.params
        reasons = []
        if self.direction == "outgoing":
            if self.consumer is None:
                reasons.append("consumer")  # the config names a consumer that does not exist
            if p.get("update_secret") == "always" and p.get("shared_secret"):
                reasons.append("shared_secret")
        return reasons

    # Checks made before the first write (and in check mode)

    def _check_create(self):
        p = self.params
        if self.link is None and not p.get("remote_url"):
            raise InputError("remote_url", "is required to create the generic link '%s', which does not exist"
                             % self.name)
        required = ("consumer_key", "public_key") if self.direction == "incoming" else (
            ("consumer_key", "shared_secret") + URL_FIELDS)
        for option in required:
            if not p.get(option):
                raise InputError(option, "is required to create the %s consumer of '%s'%s"
                                 % (self.direction, self.name,
                                    " (the product keeps it write-only)" if option == "shared_secret" else ""))

    def _check_update(self, changes):
        if self.direction == "outgoing" and set(changes) & set(CONSUMER_FIELDS) and not self.params.get("shared_secret"):
            raise InputError("shared_secret", "is required to change the outgoing consumer (%s): the product needs "
                                              "the secret on every consumer write and never returns it"
                             % ", ".join(sorted(set(changes) & set(CONSUMER_FIELDS))))

    # Writing

    def _merged(self, current, desired):
        merged = dict(current or {})
        merged.update(dict((k, v) for k, v in desired.items() if v is not None))
        if not merged.get("consumer_name"):
            merged["consumer_name"] = self.name  # default on create (and for a missing outgoing consumer)
        return merged

    def _ensure_link(self):
        if self.link is None:
            p = self.params
            link_id = self.links.create("generic", self.name, p["remote_url"], p["remote_url"])
            wire = self.links.get(link_id)
            self.link = link_from_wire(wire) if wire else {"id": link_id, "name": self.name}
        return self.link["id"]

    def _write(self, link_id, merged, consumer_changed, config_changed):
        if self.direction == "incoming":
            self.api.put_consumer(link_id, incoming_to_wire(merged))
        else:
            if consumer_changed:
                self.api.put_consumer(link_id, outgoing_to_wire(merged, self.params["shared_secret"]))
            if config_changed:
                self.api.put_provider(link_id, P_OAUTH, outgoing_to_config(merged, self.config))
        after = self._read(self.link)
        if after is not None and self.direction == "outgoing":
            after["shared_secret"] = self.params["shared_secret"] if consumer_changed else None
        return after

    def create(self, desired):
        self._check_create()
        link_id = self._ensure_link()
        return self._write(link_id, self._merged(None, desired), True, True)

    def update(self, current, desired, changes):
        self._check_update(changes)
        consumer_changed = bool(set(changes) & set(CONSUMER_FIELDS))
        config_changed = bool(set(changes) & set(("consumer_key",) + URL_FIELDS))
        return self._write(self.link["id"], self._merged(current, desired), consumer_changed, config_changed)

    def delete(self, current):
        if self.params.get("remove_link"):
            self.links.delete(self.link["id"])  # the link's consumers and providers go with it
            self.link_removed = True
            return
        status = self.api.oauth_status(self.link["id"])
        body = {"incoming": status.get("incoming") or dict(OFF), "outgoing": status.get("outgoing") or dict(OFF)}
        body[self.direction] = dict(OFF)
        self.api.set_oauth_status(self.link["id"], body)

    def predict(self, current, desired):
        if current is None:
            self._check_create()
            predicted = self._merged(None, desired)
            predicted.setdefault("callback", None)
            link = self.link or {"id": generic_link_id(self.params["remote_url"]), "name": self.name,
                                 "type": "generic", "remote_url": norm_rpc_url(self.params["remote_url"]),
                                 "display_url": norm_rpc_url(self.params["remote_url"]), "primary": False,
                                 "system": False}
            if self.direction == "incoming":
                for flag in ("two_lo_allowed", "two_lo_impersonation"):
                    predicted[flag] = bool(predicted.get(flag))
                predicted["signature_method"] = "RSA_SHA1"
            else:
                predicted.update(shared_secret=self.params["shared_secret"], signature_method="HMAC_SHA1")
            predicted.update(link=dict(link), direction=self.direction)
            return predicted
        changes = changed_fields(current, desired, self.normalizers) + self.forced(current)
        self._check_update(changes)
        predicted = self._merged(current, desired)
        if self.direction == "outgoing" and set(changes) & set(CONSUMER_FIELDS):
            predicted["shared_secret"] = self.params["shared_secret"]
        return predicted

    def result(self, resource):
        if resource is None:
            link = {} if self.link_removed or self.link is None else self.link
            if self.module.check_mode and self.params.get("remove_link"):
                link = {}
            return {"link": link, "consumer": {}}
        consumer = dict((k, v) for k, v in resource.items() if k not in ("link", "shared_secret"))
        return {"link": resource.get("link") or {}, "consumer": consumer}
