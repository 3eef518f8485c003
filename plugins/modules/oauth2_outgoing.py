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
  - Returns the redirect URI to register at the remote provider, computed from the product's base URL and
    the authorization endpoint; it is returned on every run, in check mode, and with O(state=absent).
  - The product needs an HTTPS base URL, and the endpoints must use HTTPS.
extends_documentation_fragment:
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
options:
  name:
    description: Name of the outgoing link. Unique on the product.
    type: str
    required: true
  provider:
    description:
      - Service provider. V(google) and V(microsoft) fill in their public endpoints.
    type: str
    choices: [generic, google, microsoft]
    default: generic
  remote_url:
    description:
      - Base URL of a remote Atlassian Data Center product acting as OAuth 2.0 provider. Derives
        O(authorization_endpoint) (C(<remote_url>/rest/oauth2/latest/authorize)) and O(token_endpoint)
        (C(<remote_url>/rest/oauth2/latest/token)).
      - Mutually exclusive with O(authorization_endpoint) and O(token_endpoint).
    type: str
  authorization_endpoint:
    description: Authorization endpoint of the remote provider.
    type: str
  token_endpoint:
    description: Token endpoint of the remote provider.
    type: str
  scopes:
    description:
      - Scopes to request. Defaults to C([READ]) with O(remote_url); required otherwise.
    type: list
    elements: str
  client_id:
    description: Client id issued by the remote provider. Required when O(state=present).
    type: str
  client_secret:
    description:
      - Client secret issued by the remote provider. Required to create the link.
      - The product never returns it, so it cannot be compared; see O(update_secret).
    type: str
  description:
    description: Description of the outgoing link.
    type: str
  update_secret:
    description:
      - V(on_create) sends O(client_secret) only when the link is created.
      - V(always) sends it on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  state:
    description: Whether the outgoing link should exist.
    type: str
    choices: [present, absent]
    default: present
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Let Confluence call Jira with OAuth 2.0 (Jira's incoming link issued the credentials)
  atlassian_dc.applinks.oauth2_outgoing:
    url: https://confluence.example.com/confluence
    username: admin
    password: "{{ confluence_admin_password }}"
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
      description: Entity id (UUID).
      type: str
    name:
      description: Name.
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
      description: Description.
      type: str
redirect_uri:
  description:
    - The redirect URI to register at the remote provider, C(<url>/plugins/servlet/oauth2/client/callback/<suffix>)
      where the suffix is the unpadded base64url MD5 of the authorization endpoint.
  returned: always
  type: str
  sample: https://confluence.example.com/confluence/plugins/servlet/oauth2/client/callback/p15aycRYQD-ybhHl_2h71g
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import build_module, run
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_oauth2 import OutgoingConfig


def main():
    module = build_module(
        dict(name=dict(type="str", required=True),
             provider=dict(type="str", choices=["generic", "google", "microsoft"], default="generic"),
             remote_url=dict(type="str"),
             authorization_endpoint=dict(type="str"),
             token_endpoint=dict(type="str", no_log=False),
             scopes=dict(type="list", elements="str"),
             client_id=dict(type="str"),
             client_secret=dict(type="str", no_log=True),
             description=dict(type="str"),
             update_secret=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
             state=dict(type="str", choices=["present", "absent"], default="present")),
        mutually_exclusive=[("remote_url", "authorization_endpoint"), ("remote_url", "token_endpoint")])
    run(module, OutgoingConfig)


if __name__ == "__main__":
    main()
