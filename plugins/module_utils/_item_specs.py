# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs of one object of each kind, shared by the single-object modules and by the item lists
of product_links, so that an option means the same in both."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import AUTH_LEVEL_NAMES

STATE = dict(type="str", choices=["present", "absent"], default="present")
LINK_TYPES = ["jira", "confluence", "bitbucket", "bamboo", "fecru", "crowd", "generic"]

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
    incoming_auth=dict(type="str", choices=AUTH_LEVEL_NAMES),
    outgoing_auth=dict(type="str", choices=AUTH_LEVEL_NAMES),
    relocate=dict(type="bool", default=True),
    recreate=dict(type="bool", default=False),
    state=STATE)
LINK_REQUIRED_IF = [("state", "present", ["type", "remote_url"])]


def extended(spec, **extra):
    """A copy of `spec` with more options."""
    out = dict(spec)
    out.update(extra)
    return out
