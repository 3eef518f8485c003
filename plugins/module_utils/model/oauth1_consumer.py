# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One direction of OAuth 1.0a on a generic application link (REST reference §3.2, §4.2, §5.3): the field table
and the pure rules of a change (unit tested).

- incoming: the remote application is registered here as an RSA-SHA1 consumer (§5.3 outgoing=false).
- outgoing: this product is the HMAC-SHA1 consumer of a third-party provider: a consumer with the shared secret
  (§5.3 outgoing=true) plus the provider config of §3.2. The outgoing side exists when that config names its
  consumer key; the product never returns the shared secret, and needs it on every consumer write.
- Removal is v3 PUT status/{id}/oauth with the direction disabled (§4.2).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import re

try:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - reported when public_key is used
    HAS_CRYPTOGRAPHY = False

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_name, check_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.decision import Decision
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import (
    Field, FieldTable, blank_to_none, merged)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import base_of, generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

# Module return names -> the OAuth provider config keys of §3.2.
CONFIG_KEYS = (("consumer_key", "consumerKey.outbound"),
               ("request_token_url", "serviceProvider.requestTokenUrl"),
               ("access_token_url", "serviceProvider.accessTokenUrl"),
               ("authorize_url", "serviceProvider.authorizeUrl"))
URL_FIELDS = ("request_token_url", "access_token_url", "authorize_url")
INCOMING_OPTIONS = ("public_key", "callback", "two_lo_allowed", "execute_as", "two_lo_impersonation")
OUTGOING_OPTIONS = ("shared_secret",) + URL_FIELDS
INCOMING_FIELDS = ("consumer_key", "consumer_name") + INCOMING_OPTIONS
OUTGOING_FIELDS = ("consumer_key", "consumer_name") + URL_FIELDS
CONSUMER_FIELDS = ("consumer_key", "consumer_name", "shared_secret", "consumer")
_ARMOR = re.compile(r"-----(BEGIN|END) [A-Z ]+-----")


def load_public_key(text):
    """Normalised SubjectPublicKeyInfo PEM of an RSA public key (§5.1: PEM or base64 X.509); ValueError saying
    why not (never the key)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("must not be empty")
    text = text.strip()
    if "PRIVATE KEY" in text:
        raise ValueError("is a private key; give the public key only (e.g. openssl rsa -in key.pem -pubout)")
    if not HAS_CRYPTOGRAPHY:
        raise ValueError("cannot be checked: the Python library 'cryptography' is missing on the controller "
                         "(pip install cryptography)")
    try:
        if "-----BEGIN" in text:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        else:
            key = serialization.load_der_public_key(base64.b64decode("".join(text.split()), validate=True))
    except (ValueError, TypeError, UnicodeError) as exc:
        raise ValueError("is not a PEM (or base64 DER) public key (%s)" % type(exc).__name__)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("must be an RSA public key (OAuth 1.0a RSA-SHA1), got %s"
                         % type(key).__name__.lstrip("_").replace("PublicKey", " key"))
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def norm_public_key(value):
    """The base64 body of a SubjectPublicKeyInfo PEM without armour and whitespace (compares PEM with DER)."""
    if not isinstance(value, str):
        return value
    return "".join(_ARMOR.sub("", value).split()) or None


FIELDS = FieldTable("oauth1", [
    Field("consumer_key", wire="key", compared=True),
    Field("consumer_name", wire="name", compared=True),
    Field("description", wire="description"),
    Field("public_key", wire="publicKey", normalize=norm_public_key, compared=True),
    Field("callback", wire="callback", normalize=blank_to_none, compared=True),
    Field("two_lo_allowed", wire="twoLOAllowed", compared=True),
    Field("execute_as", wire="executingTwoLOUser", normalize=blank_to_none, compared=True),
    Field("two_lo_impersonation", wire="twoLOImpersonationAllowed", compared=True),
    Field("signature_method", wire="signatureMethod"),
    Field("outgoing", wire="outgoing"),
    Field("shared_secret", wire="sharedSecret", secret=True, write_only=True, compared=True),
    Field("request_token_url", compared=True),
    Field("access_token_url", compared=True),
    Field("authorize_url", compared=True),
])


def consumer_from_wire(wire):
    """A Consumer (§5.3) in the module's return names; the shared secret is never part of it."""
    consumer = FIELDS.from_wire(wire)
    for flag in ("two_lo_allowed", "two_lo_impersonation", "outgoing"):
        consumer[flag] = bool(consumer[flag])
    consumer["execute_as"] = consumer["execute_as"] or None
    return consumer


def incoming_to_wire(consumer):
    return {"key": consumer["consumer_key"], "name": consumer.get("consumer_name"),
            "description": consumer.get("description"), "publicKey": consumer["public_key"],
            "sharedSecret": None, "callback": consumer.get("callback") or None, "outgoing": False,
            "twoLOAllowed": bool(consumer.get("two_lo_allowed")),
            "executingTwoLOUser": consumer.get("execute_as") or None,
            "twoLOImpersonationAllowed": bool(consumer.get("two_lo_impersonation"))}


def outgoing_to_wire(consumer, shared_secret):
    return {"key": consumer["consumer_key"], "name": consumer["consumer_name"],
            "description": consumer.get("description"), "publicKey": None, "sharedSecret": shared_secret,
            "outgoing": True, "twoLOAllowed": False, "executingTwoLOUser": None, "twoLOImpersonationAllowed": False}


def outgoing_from_config(config):
    """{consumer_key, request_token_url, access_token_url, authorize_url} of an OAuth provider config."""
    config = config or {}
    return dict((name, config.get(key) or None) for name, key in CONFIG_KEYS)


def outgoing_to_config(values, base=None):
    """The provider config with the managed keys set; other keys of `base` are kept."""
    config = dict(base or {})
    for name, key in CONFIG_KEYS:
        if values.get(name) is not None:
            config[key] = values[name]
    return config


def consumer_view(direction, link, authentication, provider_class):
    """(the direction's resource on an existing link or None, its consumer as read, the provider config)."""
    config = authentication["providers"].get(provider_class) or {}
    mine = [c for c in authentication["consumers"] if c["outgoing"] == (direction == "outgoing")]
    if direction == "incoming":
        consumer = mine[0] if mine else None
        if consumer is None:
            return None, None, config
        resource = dict((f, consumer.get(f)) for f in INCOMING_FIELDS + ("description", "signature_method"))
    else:
        wired = outgoing_from_config(config)
        if not wired["consumer_key"]:
            return None, None, config
        same = [c for c in mine if c["consumer_key"] == wired["consumer_key"]]
        consumer = same[0] if same else None
        resource = dict(wired, consumer_name=(consumer or {}).get("consumer_name"),
                        description=(consumer or {}).get("description"),
                        signature_method=(consumer or {}).get("signature_method"),
                        shared_secret=None)  # write-only: unknown
    resource.update(link=dict(link), direction=direction)
    return resource, consumer, config


class OAuth1Consumer(object):
    name = "oauth1"
    fields = FIELDS

    @staticmethod
    def label(item):
        return "OAuth 1.0a %s consumer of generic link" % item["direction"]

    @staticmethod
    def identity(item):
        return item.get("link")

    def subject(self, item):
        """How messages name the object: "OAuth 1.0a incoming consumer of generic link 'X'"."""
        return "%s '%s'" % (self.label(item), item["link"])

    @staticmethod
    def find_link(links, item):
        """The generic link of the item among the application links, or None; InputError when the name is another
        type's link, or when no link has the name but a generic link already has remote_url."""
        name = item["link"]
        found = [link for link in links if link["name"] == name]
        found = found[0] if found else None
        if found is None and item.get("remote_url"):
            link_id = generic_link_id(item["remote_url"])
            for link in links:
                if link["id"] == link_id:
                    raise InputError("link", "no link is named '%s', but the generic link '%s' already has "
                                             "remote_url %s; use link: %s"
                                     % (name, link["name"], base_of(item["remote_url"]), link["name"]))
        if found is not None and found["type"] != "generic":
            raise InputError("link", "'%s' is a link of type %s; oauth1_external_app manages the OAuth 1.0a consumers "
                                     "of generic links only (for Atlassian products use application_link with "
                                     "incoming_auth and outgoing_auth)" % (name, found["type"]))
        return found

    @staticmethod
    def current(item, link, authentication, provider_class):
        """(the direction's resource or None, its consumer as read, the provider config) of an item on its link
        (None: the link does not exist); with remove_link, a link without the direction is still to remove."""
        if link is None:
            return None, None, {}
        current, consumer, config = consumer_view(item["direction"], link, authentication, provider_class)
        if current is None and item["state"] == "absent" and item.get("remove_link"):
            current = {"link": dict(link), "direction": item["direction"]}
        return current, consumer, config

    @staticmethod
    def validate(item, check_mode=False):
        """Input checks; returns the normalised public key PEM (or None)."""
        direction = item["direction"]
        check_name("link", item.get("link"))
        check_url("remote_url", item.get("remote_url"))
        for option in URL_FIELDS + ("callback",):
            check_url(option, item.get(option) or None)
        other = OUTGOING_OPTIONS if direction == "incoming" else INCOMING_OPTIONS
        for option in other:
            if item.get(option) is not None:
                raise InputError(option, "applies to direction %s only (this task has direction %s)"
                                 % ("outgoing" if direction == "incoming" else "incoming", direction))
        for option in ("consumer_key", "consumer_name", "shared_secret"):
            if item.get(option) is not None and not item[option].strip():
                raise InputError(option, "must not be blank")
        if item.get("remove_link") and item["state"] != "absent":
            raise InputError("remove_link", "applies to state absent only")
        if item.get("public_key") is None:
            return None
        try:
            return load_public_key(item["public_key"])
        except ValueError as exc:
            raise InputError("public_key", str(exc))

    @staticmethod
    def desired(item, public_pem):
        """The managed fields of the direction from the options; None = not managed."""
        if item["direction"] == "incoming":
            values = dict((f, item.get(f)) for f in INCOMING_FIELDS)
            values["public_key"] = public_pem
        else:
            values = dict((f, item.get(f)) for f in OUTGOING_FIELDS)
        name = values.get("consumer_name")
        values["consumer_name"] = name.strip() if isinstance(name, str) else name
        return values

    @staticmethod
    def forced(item, consumer):
        reasons = []
        if item["direction"] == "outgoing":
            if consumer is None:
                reasons.append("consumer")  # the config names a consumer that does not exist
            if item.get("update_secret") == "always" and item.get("shared_secret"):
                reasons.append("shared_secret")
        return reasons

    @staticmethod
    def check_create(item, link):
        required = ("consumer_key", "public_key") if item["direction"] == "incoming" else (
            ("consumer_key", "shared_secret") + URL_FIELDS)
        if link is None and not item.get("remote_url"):
            raise InputError("remote_url", "is required to create the generic link '%s', which does not exist"
                             % item["link"])
        for option in required:
            if not item.get(option):
                raise InputError(option, "is required to create the %s consumer of '%s'%s"
                                 % (item["direction"], item["link"],
                                    " (the product keeps it write-only)" if option == "shared_secret" else ""))

    @staticmethod
    def check_update(item, fields):
        touched = sorted(set(fields) & set(CONSUMER_FIELDS))
        if item["direction"] == "outgoing" and touched and not item.get("shared_secret"):
            raise InputError("shared_secret", "is required to change the outgoing consumer (%s): the product needs "
                                              "the secret on every consumer write and never returns it"
                             % ", ".join(touched))

    @staticmethod
    def merged(item, current, desired):
        out = merged(current, desired)
        if not out.get("consumer_name"):
            out["consumer_name"] = item["link"]  # default on create (and for a missing outgoing consumer)
        return out

    def decide(self, current, item, link, consumer, public_pem):
        """The Decision for a present direction; InputError when it cannot be done."""
        desired = self.desired(item, public_pem)
        if current is None:
            self.check_create(item, link)
            after = self.merged(item, None, desired)
            after.setdefault("callback", None)
            link = link or {"id": generic_link_id(item["remote_url"]), "name": item["link"], "type": "generic",
                            "remote_url": base_of(item["remote_url"]), "display_url": base_of(item["remote_url"]),
                            "primary": False, "system": False}
            if item["direction"] == "incoming":
                for flag in ("two_lo_allowed", "two_lo_impersonation"):
                    after[flag] = bool(after.get(flag))
                after["signature_method"] = "RSA_SHA1"
            else:
                after.update(shared_secret=item["shared_secret"], signature_method="HMAC_SHA1")
            after.update(link=dict(link), direction=item["direction"])
            return Decision("create", after)
        fields = FIELDS.changes(current, desired) + self.forced(item, consumer)
        if not fields:
            return Decision("none", current)
        self.check_update(item, fields)
        after = self.merged(item, current, desired)
        if item["direction"] == "outgoing" and set(fields) & set(CONSUMER_FIELDS):
            after["shared_secret"] = item["shared_secret"]
        return Decision("update", after, fields)

    @staticmethod
    def result(after, link, check_mode, item, link_removed):
        if after is None:
            if link_removed or link is None or (check_mode and item.get("remove_link")):
                return {"link": {}, "consumer": {}}
            return {"link": link, "consumer": {}}
        consumer = dict((k, v) for k, v in after.items() if k not in ("link", "shared_secret"))
        return {"link": after.get("link") or {}, "consumer": consumer}


OAUTH1_CONSUMER = OAuth1Consumer()
