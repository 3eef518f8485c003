# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OAuth 2.0 outgoing link (the product is the OAuth 2.0 client of a provider, REST reference §7): the field
table and the pure rules of a change (unit tested).

The product never returns the client secret: objects carry `client_secret` None when read (write-only,
unknown) and the value sent when this run sends one. The record of the secret last sent (formulas.py) is kept
in the description and compared instead.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_list, check_name, check_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.decision import Decision
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import (
    Field, FieldTable, blank_to_none, merged, norm_enum, norm_scopes)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    join_description, provider_endpoints, records_secret, redirect_uri_suffix, secret_record, split_description)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import (
    DEFAULT_SCOPE, PLACEHOLDER, trimmed)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

# The UI calls a generic provider "Custom".
PROVIDER_ALIASES = {"custom": "generic"}
# Public endpoints the UI pre-fills for the well-known providers.
PROVIDER_ENDPOINTS = {
    "google": ("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token"),
    "microsoft": ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                  "https://login.microsoftonline.com/common/oauth2/v2.0/token"),
}
# Changing these makes the stored secret meaningless: the secret must be sent with the change.
SECRET_BOUND_FIELDS = ("client_id", "authorization_endpoint", "token_endpoint")

FIELDS = FieldTable("outgoing", [
    Field("id", wire="id"),
    Field("name", wire="name"),
    Field("provider", wire="type", normalize=norm_enum, compared=True),
    Field("client_id", wire="clientId", compared=True),
    Field("client_secret", wire="clientSecret", secret=True, write_only=True),
    # Compared exactly: the redirect URI suffix is the MD5 of the exact authorization endpoint (REST reference
    # §11), so a trailing '/' is another redirect URI.
    Field("authorization_endpoint", wire="authorizationEndpoint", compared=True),
    Field("token_endpoint", wire="tokenEndpoint", compared=True),
    Field("scopes", wire="scopes", normalize=norm_scopes, compared=True),
    # The description without the record of the secret; an empty one is no description.
    Field("description", normalize=blank_to_none, compared=True),
    Field("secret_fingerprint"),
])


def outgoing_from_wire(wire):
    """An outgoing link in the modules' return names; the secret record the description ends with is split off
    into `secret_fingerprint`."""
    if wire is None:
        return None
    link = FIELDS.from_wire(wire)
    link["provider"] = (link["provider"] or "").lower()
    link["scopes"] = list(link["scopes"] or [])
    link["description"], link["secret_fingerprint"] = split_description(wire.get("description"))
    return link


def outgoing_to_wire(link, client_secret=None):
    body = FIELDS.to_wire(link, include=("name", "provider", "client_id", "authorization_endpoint",
                                         "token_endpoint", "scopes"))
    body.update(description=join_description(link.get("description"), link.get("secret_fingerprint")),
                scopes=list(link["scopes"]), redirectUriSuffix=redirect_uri_suffix(link["authorization_endpoint"]))
    if client_secret is not None:
        body["clientSecret"] = client_secret
    return body


def endpoints(item):
    """(authorization, token) endpoints from the options: remote_url, explicit, or the provider's defaults."""
    auth, token = item.get("authorization_endpoint"), item.get("token_endpoint")
    if item.get("remote_url"):
        return provider_endpoints(item["remote_url"])
    provider = provider_of(item)
    if provider in PROVIDER_ENDPOINTS:
        default_auth, default_token = PROVIDER_ENDPOINTS[provider]
        return auth or default_auth, token or default_token
    return auth, token


def provider_of(item):
    return PROVIDER_ALIASES.get(item.get("provider"), item.get("provider"))


class OutgoingLink(object):
    name = "outgoing"
    label = "OAuth 2.0 outgoing link"
    fields = FIELDS
    result_key = "config"

    @staticmethod
    def identity(item):
        return trimmed(item.get("name"))

    def validate(self, item, check_mode=False):
        check_name("name", self.identity(item))
        for option in ("remote_url", "authorization_endpoint", "token_endpoint"):
            # HTTPS is the product's rule (dev mode and skip properties relax it): its 400 answers.
            check_url(option, item.get(option))
        check_list("scopes", item.get("scopes"))
        if item.get("state", "present") == "absent":
            return
        auth, token = endpoints(item)
        if not (auth and token):
            raise InputError("token_endpoint" if auth else "authorization_endpoint",
                             "set remote_url, or both authorization_endpoint and token_endpoint, for provider "
                             "'generic'")
        if not item.get("client_id"):
            raise InputError("client_id", "is required when state is present")
        if item.get("description") is not None and len(item["description"]) > 255:
            raise InputError("description", "must be at most 255 characters")
        secret = item.get("client_secret")
        if secret is not None and not secret.strip():
            raise InputError("client_secret", "must not be blank")
        if secret == PLACEHOLDER and not check_mode:
            raise InputError("client_secret", "is the check-mode placeholder of an incoming link that does not "
                                              "exist yet, not a real secret")

    def desired(self, item):
        scopes = item.get("scopes") or ([DEFAULT_SCOPE] if item.get("remote_url") else None)
        auth, token = endpoints(item)
        return {"name": self.identity(item), "provider": provider_of(item), "client_id": item.get("client_id"),
                "authorization_endpoint": auth, "token_endpoint": token, "scopes": norm_scopes(scopes),
                "description": item.get("description")}

    @staticmethod
    def forced(current, item):
        """The secret is sent when asked (always), or when the secret given is not the one recorded."""
        secret = item.get("client_secret")
        if not secret:
            return []
        mode = item.get("update_secret")
        if mode == "always":
            return ["client_secret"]
        if mode == "when_changed" and not records_secret(current.get("secret_fingerprint"), secret,
                                                         item.get("client_id")):
            return ["client_secret"]
        return []

    @staticmethod
    def secret_to_send(fields, item):
        """The secret an update sends, or None; InputError when it must be sent but is missing."""
        bound = [f for f in SECRET_BOUND_FIELDS if f in fields]
        if bound and not item.get("client_secret"):
            raise InputError("client_secret", "is required when %s changes: the product would keep the old "
                                              "secret with the new value" % ", ".join(bound))
        return item.get("client_secret") if bound or "client_secret" in fields else None

    @staticmethod
    def _with(current, desired, secret, item):
        link = merged(current, desired)
        if desired.get("scopes") is None and not link.get("scopes"):
            raise InputError("scopes", "is required to create the outgoing link unless remote_url is set (which "
                                       "defaults it to [READ])")
        if desired.get("description") is not None:
            link["description"] = desired["description"] or None
        if secret is not None:
            link["secret_fingerprint"] = secret_record(secret, link["client_id"], item.get("secret_origin", "user"))
        link["client_secret"] = secret
        return link

    def decide(self, current, item, context):
        """The Decision for one declared outgoing link (present; plan.py handles absent); InputError when it cannot
        be done. `after` carries the secret to send (None: none) in client_secret."""
        desired = self.desired(item)
        if current is None:
            if not item.get("client_secret"):
                raise InputError("client_secret", "is required to create the outgoing link (the product keeps it "
                                                  "write-only)")
            after = self._with(None, desired, item["client_secret"], item)
            after["id"] = PLACEHOLDER
            return Decision("create", after)
        fields = FIELDS.changes(current, desired) + self.forced(current, item)
        if not fields:
            return Decision("none", current)
        return Decision("update", self._with(current, desired, self.secret_to_send(fields, item), item), fields)

    def result(self, change, after, item):
        """The single module's link, never with the secret."""
        return {"config": FIELDS.public(after)}

    @staticmethod
    def identity_of(obj):
        """What identifies the provider besides the name: its authorization endpoint."""
        if obj.get("authorization_endpoint"):
            return obj["authorization_endpoint"]
        if obj.get("remote_url"):
            return provider_endpoints(obj["remote_url"])[0]
        return None


OUTGOING_LINK = OutgoingLink()
