#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: oauth2_outgoing
short_description: Manage an OAuth 2.0 outgoing link (the product is the OAuth 2.0 client)
version_added: 0.1.0
description:
  - Configures a Confluence, Jira or Bitbucket Data Center product as an OAuth 2.0 client of a remote
    authorization server (Google, Microsoft, a custom server, or another Atlassian product), as the admin
    screen "Configure an outgoing link" does.
  - Returns the redirect URI to register at the remote provider, computed from the base URL the product
    reports (its manifest; a warning says so when it differs from O(url)) and the authorization endpoint; it is
    returned on every run, in check mode, and with O(state=absent).
  - The product needs an HTTPS base URL, and the endpoints must use HTTPS (unless it runs in dev mode or with
    its skip properties); the product's own answer is reported when it refuses.
  - The product never returns the client secret. When the module sends a secret it records it at the end of the
    description, so that a later run can tell whether the link holds the secret it is given
    (O(update_secret=when_changed)); see O(secret_origin) for what is recorded (a deliberately slow salted
    derivation for a secret a user chose, a short fingerprint for a secret a product generated). A secret typed
    into the outgoing screen by hand without changing the description cannot be detected.
extends_documentation_fragment:
  - atlassian_dc.applinks.item_options.OUTGOING
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Let Confluence call Jira with OAuth 2.0 (Jira's incoming link issued the credentials)
  atlassian_dc.applinks.oauth2_outgoing:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_admin_token }}"  # a personal access token of a system administrator
    name: Jira
    remote_url: https://jira.example.com
    client_id: "{{ jira_client.client.client_id }}"
    client_secret: "{{ jira_client.client.client_secret }}"
  register: outgoing

- name: Show the redirect URI to register at the provider
  ansible.builtin.debug:
    var: outgoing.redirect_uri

- name: A Google integration
  atlassian_dc.applinks.oauth2_outgoing:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_pat }}"
    name: Google Drive
    provider: google
    scopes:
      - https://www.googleapis.com/auth/drive.readonly
    client_id: 1234.apps.googleusercontent.com
    client_secret: "{{ google_client_secret }}"
"""

RETURN = r"""
config:
  description: The outgoing link after the run (never with the secret); empty when O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Entity id of the outgoing link (a UUID).
      type: str
    name:
      description: Name of the outgoing link.
      type: str
    provider:
      description: V(generic), V(google) or V(microsoft).
      type: str
    client_id:
      description: Client id.
      type: str
    authorization_endpoint:
      description: Authorization endpoint.
      type: str
    token_endpoint:
      description: Token endpoint.
      type: str
    scopes:
      description: Scopes, sorted.
      type: list
      elements: str
    description:
      description: Description, without the secret fingerprint marker.
      type: str
    secret_fingerprint:
      description:
        - The record of the secret the link holds, as written when it was last sent (see O(secret_origin)); null if
          unknown.
      type: str
action:
  description: What the run did (or would do in check mode) to the outgoing link.
  returned: always
  type: str
  sample: none
  choices: [create, update, delete, none]
redirect_uri:
  description:
    - The redirect URI to register at the remote provider,
      C(<base URL>/plugins/servlet/oauth2/client/callback/<suffix>) where the base URL is the one the product
      reports and the suffix is the unpadded base64url MD5 of the authorization endpoint.
  returned: always
  type: str
  sample: https://confluence.example.com/confluence/plugins/servlet/oauth2/client/callback/p15aycRYQD-ybhHl_2h71g
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import (
    OUTGOING, OUTGOING_EXCLUSIVE)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import build_module, run_one


def main():
    module = build_module(OUTGOING, mutually_exclusive=OUTGOING_EXCLUSIVE)
    run_one(module, "outgoing")


if __name__ == "__main__":
    main()
