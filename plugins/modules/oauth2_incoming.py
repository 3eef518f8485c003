#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: oauth2_incoming
short_description: Manage an OAuth 2.0 incoming link (the product is the OAuth 2.0 provider)
version_added: 0.1.0
description:
  - Registers another application as an OAuth 2.0 client of a Confluence, Jira or Bitbucket Data Center
    product, as the admin screen "Configure an incoming link" does, and returns the generated client id and
    secret for the other application.
  - The client is identified by its O(name), which the product keeps unique.
extends_documentation_fragment:
  - atlassian_dc.applinks.item_options.INCOMING
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
options:
  return_secret:
    description:
      - Return the client secret in RV(client.client_secret) also when it is not new.
      - The secret is always returned when the link is created or its secret regenerated, since the other
        application needs it then; register such results with C(no_log).
    type: bool
    default: false
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Register the CI server as an OAuth 2.0 client of Confluence
  atlassian_dc.applinks.oauth2_incoming:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_admin_token }}"  # a personal access token of a system administrator
    name: CI server
    redirect_uris:
      - https://ci.example.com/oauth/callback
    scope: WRITE
  register: ci_client
  no_log: true  # the result carries the client secret

- name: Rotate the secret
  atlassian_dc.applinks.oauth2_incoming:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_pat }}"
    name: CI server
    redirect_uris:
      - https://ci.example.com/oauth/callback
    regenerate_secret: true
  no_log: true

- name: Remove the incoming link
  atlassian_dc.applinks.oauth2_incoming:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_pat }}"
    name: CI server
    state: absent
"""

RETURN = r"""
action:
  description: What the run did (or would do in check mode) to the incoming link.
  returned: always
  type: str
  sample: create
  choices: [create, update, delete, none]
client:
  description:
    - The incoming link after the run; empty when O(state=absent).
    - In check mode a create returns placeholder credentials.
  returned: always
  type: dict
  contains:
    id:
      description: Entity id of the incoming link (a UUID), not the OAuth 2.0 client id.
      type: str
    name:
      description: Name of the incoming link.
      type: str
    client_id:
      description: OAuth 2.0 client id to give to the remote application.
      type: str
    client_secret:
      description:
        - OAuth 2.0 client secret to give to the remote application.
        - Only when it is new (created or regenerated, a placeholder in check mode) or O(return_secret=true).
      type: str
    secret_fingerprint:
      description:
        - Short fingerprint of the current secret (the first 12 hex digits of SHA-256 over client id, colon,
          secret; the product generated the secret), as M(atlassian_dc.applinks.oauth2_outgoing) records it on
          the other side with O(atlassian_dc.applinks.oauth2_outgoing#module:secret_origin=product); null when the
          product does not return the secret.
      type: str
    redirect_uris:
      description: Redirect URLs, sorted.
      type: list
      elements: str
    scope:
      description: Granted scope names, sorted and separated by one space.
      type: str
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import INCOMING, extended
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import build_module, run_one


def main():
    module = build_module(extended(INCOMING, return_secret=dict(type="bool", default=False, no_log=False)))
    run_one(module, "incoming")


if __name__ == "__main__":
    main()
