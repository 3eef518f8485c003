# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs of one object of each kind, shared by the single-object modules and by the item lists of
product_links, so that an option means the same in both (their documentation: the doc fragments
incoming_link, outgoing_link and application_link)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import SECRET_ORIGINS
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import AUTH_LEVEL_CHOICES
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import LINK_TYPES

KINDS = ("incoming", "outgoing", "links")
STATE = dict(type="str", choices=["present", "absent"], default="present")

INCOMING = dict(
    name=dict(type="str", required=True),
    redirect_uris=dict(type="list", elements="str"),
    scope=dict(type="str"),
    regenerate_secret=dict(type="bool", default=False, no_log=False),
    state=STATE)

OUTGOING = dict(
    name=dict(type="str", required=True),
    provider=dict(type="str", choices=["generic", "custom", "google", "microsoft"], default="generic"),
    remote_url=dict(type="str"),
    authorization_endpoint=dict(type="str"),
    token_endpoint=dict(type="str", no_log=False),
    scopes=dict(type="list", elements="str"),
    client_id=dict(type="str"),
    client_secret=dict(type="str", no_log=True),
    secret_origin=dict(type="str", choices=list(SECRET_ORIGINS), default="user", no_log=False),
    description=dict(type="str"),
    update_secret=dict(type="str", choices=["when_changed", "on_create", "always"], default="when_changed",
                       no_log=False),
    state=STATE)
OUTGOING_EXCLUSIVE = [("remote_url", "authorization_endpoint"), ("remote_url", "token_endpoint")]

LINK = dict(
    name=dict(type="str", required=True),
    type=dict(type="str", choices=LINK_TYPES),
    remote_url=dict(type="str"),
    display_url=dict(type="str"),
    primary=dict(type="bool"),
    incoming_auth=dict(type="str", choices=AUTH_LEVEL_CHOICES),
    outgoing_auth=dict(type="str", choices=AUTH_LEVEL_CHOICES),
    relocate=dict(type="bool", default=True),
    recreate=dict(type="bool", default=False),
    state=STATE)
LINK_REQUIRED_IF = [("state", "present", ["type", "remote_url"])]

OAUTH1_CONSUMER = dict(
    link=dict(type="str", required=True),
    remote_url=dict(type="str"),
    direction=dict(type="str", choices=["incoming", "outgoing"], required=True),
    consumer_key=dict(type="str", no_log=False),
    consumer_name=dict(type="str"),
    public_key=dict(type="str", no_log=False),
    callback=dict(type="str"),
    two_lo_allowed=dict(type="bool"),
    execute_as=dict(type="str"),
    two_lo_impersonation=dict(type="bool"),
    shared_secret=dict(type="str", no_log=True),
    update_secret=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
    request_token_url=dict(type="str", no_log=False),
    access_token_url=dict(type="str", no_log=False),
    authorize_url=dict(type="str"),
    state=STATE,
    remove_link=dict(type="bool", default=False))

LINK_INFO = dict(
    name=dict(type="str"),
    type=dict(type="str", choices=LINK_TYPES),
    status=dict(type="bool", default=False),
    query=dict(type="str"),
    include_secrets=dict(type="bool", default=False, no_log=False))

# What product_links' items take beyond the single-object modules' options.
BATCH_EXTRAS = {
    "incoming": dict(held_by_peer=dict(type="dict"), exclusive=dict(type="bool", default=False)),
    "outgoing": dict(exclusive=dict(type="bool", default=False)),
    "links": dict(remote_id=dict(type="str")),
}


def extended(spec, **extra):
    """A copy of `spec` with more options."""
    out = dict(spec)
    out.update(extra)
    return out


def item_defaults(kind):
    """The argspec defaults of one product_links item of `kind` (for the removals a run adds itself)."""
    spec = extended({"incoming": INCOMING, "outgoing": OUTGOING, "links": LINK}[kind], **BATCH_EXTRAS[kind])
    return dict((name, option.get("default")) for name, option in spec.items())
