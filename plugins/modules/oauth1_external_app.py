#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: oauth1_external_app
short_description: Manage OAuth 1.0a on a generic application link (Jenkins-style and in-house tools)
version_added: 0.2.0
description:
  - Manages one direction of OAuth 1.0a on a B(generic) application link of a Confluence, Jira, Bitbucket or
    Bamboo Data Center product, as the link's "Incoming Authentication" and "Outgoing Authentication" screens do.
  - O(direction=incoming) registers the remote application as an OAuth 1.0a consumer of this product. It
    signs its requests RSA-SHA1 with the private key whose public key is O(public_key); optionally 2-legged
    (as O(execute_as)) and with impersonation (C(xoauth_requestor_id)).
  - O(direction=outgoing) makes this product an OAuth 1.0a consumer of a third-party provider, with the
    consumer key and shared secret (HMAC-SHA1) the provider issued, and the provider's request-token,
    access-token and authorize URLs.
  - Creates the generic link too when it does not exist and O(remote_url) is given. Links of Atlassian types are
    refused; manage their OAuth 1.0a levels with M(atlassian_dc.applinks.application_link).
  - An option left unset is not managed on an existing consumer; defaults apply when it is created.
requirements:
  - cryptography (when O(public_key) is given)
extends_documentation_fragment:
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
options:
  link:
    description: Name of the generic application link.
    type: str
    required: true
  remote_url:
    description:
      - URL of the remote application. Used only to create the generic link when O(link) does not exist (its id
        is derived from this URL); an existing link is not changed.
    type: str
  direction:
    description:
      - V(incoming) the remote application calls this product with OAuth 1.0a.
      - V(outgoing) this product calls the remote (third-party) OAuth 1.0a provider.
    type: str
    choices: [incoming, outgoing]
    required: true
  consumer_key:
    description:
      - V(incoming) the consumer key the remote application signs with.
      - V(outgoing) the consumer key the third-party provider issued to this product.
      - Required to create the consumer.
    type: str
  consumer_name:
    description: Name of the consumer. Defaults to O(link) when the consumer is created.
    type: str
  public_key:
    description:
      - V(incoming) only. The remote application's RSA public key, PEM (C(BEGIN PUBLIC KEY) or
        C(BEGIN RSA PUBLIC KEY)) or base64 DER. Required to create the incoming consumer.
      - Checked before anything is sent; a private key, a non-RSA key or anything else fails.
    type: str
  callback:
    description: V(incoming) only. The consumer's callback URL. An empty string clears it.
    type: str
  two_lo_allowed:
    description: V(incoming) only. Allow 2-legged OAuth (requests without a user's token). Default V(false) on create.
    type: bool
  execute_as:
    description: V(incoming) only. The user 2-legged requests run as. An empty string clears it (anonymous).
    type: str
  two_lo_impersonation:
    description:
      - V(incoming) only. Allow 2-legged OAuth with impersonation (the consumer names the user with
        C(xoauth_requestor_id)). Needs a system administrator. Default V(false) on create.
    type: bool
  shared_secret:
    description:
      - V(outgoing) only. The shared secret the third-party provider issued (HMAC-SHA1). Required to create the
        outgoing consumer, and whenever O(consumer_key) or O(consumer_name) changes.
      - The product never returns it, so it cannot be compared; see O(update_secret).
    type: str
  update_secret:
    description:
      - V(outgoing) only. V(on_create) sends O(shared_secret) only when the consumer is written anyway.
      - V(always) sends it on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  request_token_url:
    description: V(outgoing) only. The provider's request-token URL. Required to create the outgoing consumer.
    type: str
  access_token_url:
    description: V(outgoing) only. The provider's access-token URL. Required to create the outgoing consumer.
    type: str
  authorize_url:
    description: V(outgoing) only. The provider's authorization (user consent) URL. Required to create the
      outgoing consumer.
    type: str
  state:
    description:
      - V(absent) removes the consumer of O(direction) (through the link's OAuth status), keeping the link and
        the other direction.
    type: str
    choices: [present, absent]
    default: present
  remove_link:
    description: With O(state=absent), remove the whole generic link instead (both directions go with it).
    type: bool
    default: false
notes:
  - A run reads the link list and the link's OAuth 1.0a authentication (two GETs) and writes only what differs.
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Let the in-house reporting tool call Jira with OAuth 1.0a (2-legged as the svc-reports user)
  atlassian_dc.applinks.oauth1_external_app:
    url: https://jira.example.com
    token: "{{ jira_admin_token }}"  # a personal access token of a system administrator
    link: Reporting tool
    remote_url: https://reports.example.com
    direction: incoming
    consumer_key: reports-jira
    public_key: "{{ lookup('ansible.builtin.file', 'files/reports-public.pem') }}"
    two_lo_allowed: true
    execute_as: svc-reports

- name: Let Jira call a Jenkins-like CI server that is an OAuth 1.0a provider
  atlassian_dc.applinks.oauth1_external_app:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    link: CI server
    remote_url: https://ci.example.com
    direction: outgoing
    consumer_key: jira-at-ci
    consumer_name: Jira
    shared_secret: "{{ vault_ci_oauth_secret }}"
    request_token_url: https://ci.example.com/oauth/request-token
    access_token_url: https://ci.example.com/oauth/access-token
    authorize_url: https://ci.example.com/oauth/authorize

- name: Stop the reporting tool from calling Jira (the link stays)
  atlassian_dc.applinks.oauth1_external_app:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    link: Reporting tool
    direction: incoming
    state: absent
"""

RETURN = r"""
link:
  description: The generic link after the run; empty when it does not exist (or was removed).
  returned: always
  type: dict
  contains:
    id:
      description: Link id (the name-based UUID of the remote URL for links created here).
      type: str
    name:
      description: Name.
      type: str
    type:
      description: Always V(generic).
      type: str
    remote_url:
      description: The link's RPC URL.
      type: str
    display_url:
      description: Display URL.
      type: str
    primary:
      description: Whether it is the primary generic link.
      type: bool
    system:
      description: Whether it is a system link.
      type: bool
consumer:
  description: The consumer of O(direction) after the run (never with the shared secret); empty when absent.
  returned: always
  type: dict
  contains:
    direction:
      description: V(incoming) or V(outgoing).
      type: str
    consumer_key:
      description: Consumer key.
      type: str
    consumer_name:
      description: Consumer name.
      type: str
    description:
      description: The consumer's description (not managed).
      type: str
    signature_method:
      description: V(RSA_SHA1) (incoming) or V(HMAC_SHA1) (outgoing).
      type: str
    public_key:
      description: V(incoming) the registered public key (PEM).
      type: str
    callback:
      description: V(incoming) the callback URL.
      type: str
    two_lo_allowed:
      description: V(incoming) whether 2-legged OAuth is allowed.
      type: bool
    execute_as:
      description: V(incoming) the user 2-legged requests run as.
      type: str
    two_lo_impersonation:
      description: V(incoming) whether 2-legged OAuth with impersonation is allowed.
      type: bool
    request_token_url:
      description: V(outgoing) the provider's request-token URL.
      type: str
    access_token_url:
      description: V(outgoing) the provider's access-token URL.
      type: str
    authorize_url:
      description: V(outgoing) the provider's authorize URL.
      type: str
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.external_app import run_external_app
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import OAUTH1_CONSUMER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import build_module


def main():
    run_external_app(build_module(OAUTH1_CONSUMER))


if __name__ == "__main__":
    main()
