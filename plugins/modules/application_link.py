#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: application_link
short_description: Manage a classic application link (Atlassian products and generic applications)
version_added: 0.1.0
description:
  - Creates, updates, relocates and deletes a classic application link of a Confluence, Jira or Bitbucket Data
    Center product, and sets its OAuth 1.0a levels, like the admin screen "Application links" does.
  - Only the links of the applinks store are managed. The OAuth 2.0 incoming clients and outgoing configurations
    that the product also lists among its application links are never read, changed nor deleted here; manage
    them with M(atlassian_dc.applinks.oauth2_incoming) and M(atlassian_dc.applinks.oauth2_outgoing).
  - For Atlassian types the link id is the remote application's server id. The module reads it from the
    remote's manifest (an anonymous C(GET) of O(remote_url)C(/rest/applinks/1.0/manifest) sent from the
    controller, with the same O(validate_certs) and O(ca_path)), then finds the link by that id, else by
    O(name).
  - For O(type=generic) the link is found by O(name), else by the id the product derives from the RPC URL.
  - With O(state=present), a link found by id under another name is renamed to O(name), with a warning.
  - With O(state=absent), only a link named O(name) is deleted. When no link has that name but the remote's
    server id (or for O(type=generic) the id of O(remote_url)) finds a link of another name, nothing is deleted
    and a warning names that link and its id; the task reports no change.
  - A change that the product can only make by deleting the link and creating a new one (another type, another
    id in the remote's manifest, a new O(remote_url) with O(relocate=false)) fails before any write unless
    O(recreate=true).
  - Options that are not set are not managed on an existing link; defaults apply when a link is created.
  - This creates the link on this product only. For a two-way link between two Atlassian products, run the
    module on both products (each pointing at the other) and set O(incoming_auth) and O(outgoing_auth) on both.
extends_documentation_fragment:
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
options:
  name:
    description:
      - Name of the link, shown in the link list. Unique on the product; at most 255 characters.
    type: str
    required: true
  type:
    description:
      - Type of the remote application. V(bitbucket) is sent as the type id C(stash).
      - Required when O(state=present).
      - For an Atlassian type the remote's manifest must report the same type.
    type: str
    choices: [jira, confluence, bitbucket, bamboo, fecru, crowd, generic]
  remote_url:
    description:
      - Base URL of the remote application, which this product uses to reach it (the link's RPC URL).
        An absolute http(s) URL. Required when O(state=present).
      - When an existing link points elsewhere, see O(relocate).
    type: str
  display_url:
    description:
      - URL that users follow to reach the remote application.
      - Not managed on an existing link when unset (a display URL set in the UI is kept); on create defaults
        to O(remote_url). A relocation (see O(relocate)) moves the display URL to the new O(remote_url) unless
        this is set.
    type: str
  primary:
    description:
      - Whether the link is the primary link of its type.
      - Not managed on an existing link when unset; on create the product decides (the first link of a type
        becomes primary).
      - Making a link primary makes the previous primary link of that type a non-primary link; it is never
        deleted.
      - The product keeps one primary link per type and only moves the flag to another link, so V(false) is not
        enforced on a link that is primary (a warning says so); set V(true) on another link of that type.
    type: bool
  incoming_auth:
    description:
      - OAuth 1.0a level of requests the remote application makes to this product.
      - Not managed on an existing link when unset; on create the product's default applies (no OAuth).
      - V(disabled) no OAuth; V(oauth) 3-legged OAuth; V(oauth_2lo) also 2-legged OAuth; V(oauth_impersonation)
        also 2-legged OAuth with impersonation (needs a system administrator).
      - Only for Atlassian types. Enabling it makes the product fetch the remote's OAuth consumer information.
    type: str
    choices: [disabled, oauth, oauth_2lo, oauth_impersonation]
  outgoing_auth:
    description:
      - OAuth 1.0a level of requests this product makes to the remote application.
      - Not managed on an existing link when unset; on create the product's default applies (no OAuth).
      - Same levels as O(incoming_auth). Only for Atlassian types.
    type: str
    choices: [disabled, oauth, oauth_2lo, oauth_impersonation]
  relocate:
    description:
      - When the link found by id or name has another RPC URL than O(remote_url), V(true) moves it to the new
        URL and keeps its id and configuration (relocation needs a system administrator); V(false) replaces it
        with a new link, which needs O(recreate=true).
    type: bool
    default: true
  recreate:
    description:
      - Allow changes that can only be made by deleting the link and creating a new one - another O(type),
        another id in the remote's manifest (the remote was reinstalled or is another server), or a new
        O(remote_url) with O(relocate=false).
      - V(false) fails before any write, naming the reason.
      - V(true) replaces the link. The new link has a new id (shown in RV(link) and in the diff) and RV(action)
        is V(replace), in check mode too; a warning lists what is lost - entity links (project and space links),
        the OAuth tokens users granted through the link, its primary flag, and the pairing with the remote's
        reciprocal link (link the remote side again).
      - When the delete succeeded and the create failed, the error says that the link was deleted.
    type: bool
    default: false
  state:
    description: Whether the link should exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A run that changes nothing sends at most two requests to the product, both C(GET)s (the link list, and the
    OAuth levels of the link when O(incoming_auth) or O(outgoing_auth) is set), however many links exist.
seealso:
  - module: atlassian_dc.applinks.application_link_info
  - module: atlassian_dc.applinks.oauth2_incoming
  - module: atlassian_dc.applinks.oauth2_outgoing
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Link Confluence to Jira with OAuth (impersonation off) in both directions
  atlassian_dc.applinks.application_link:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_admin_token }}"  # a personal access token of a system administrator
    name: Jira
    type: jira
    remote_url: https://jira.example.com
    primary: true
    incoming_auth: oauth_2lo
    outgoing_auth: oauth_2lo

- name: Link a non-Atlassian application
  atlassian_dc.applinks.application_link:
    url: https://bitbucket.example.com
    token: "{{ bitbucket_token }}"
    name: Terraform (my-org)
    type: generic
    remote_url: https://terraform.example.com/app/my-org
    display_url: https://terraform.example.com/my-org

- name: Remove a link (only a link named "Old Jira" is deleted)
  atlassian_dc.applinks.application_link:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_pat }}"
    name: Old Jira
    state: absent

- name: Point a link at a reinstalled Jira (a new server id), replacing the old link
  atlassian_dc.applinks.application_link:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_pat }}"
    name: Jira
    type: jira
    remote_url: https://jira.example.com
    recreate: true
"""

RETURN = r"""
action:
  description:
    - What the run did, or would do in check mode - V(create), V(update) (in place, also a rename or a
      relocation), V(replace) (delete and create, see O(recreate)), V(delete) or V(none).
  returned: always
  type: str
  sample: update
link:
  description:
    - The link after the run; empty when O(state=absent).
    - In check mode, the link a run would produce.
  returned: always
  type: dict
  contains:
    id:
      description: Link id (for Atlassian types the remote's server id).
      type: str
      sample: e94a6efa-f3e9-33a8-8322-6d4e02b9f883
    name:
      description: Name.
      type: str
    type:
      description: Type, with the module's names (V(bitbucket), not C(stash)).
      type: str
    remote_url:
      description: RPC URL.
      type: str
    display_url:
      description: Display URL.
      type: str
    primary:
      description: Whether it is the primary link of its type.
      type: bool
    system:
      description: Whether it is a system link (those cannot be changed by administrators).
      type: bool
auth:
  description: OAuth 1.0a levels of the link.
  returned: when O(incoming_auth) or O(outgoing_auth) is set and the link exists
  type: dict
  contains:
    incoming:
      description: Level of incoming requests (V(disabled), V(oauth), V(oauth_2lo), V(oauth_impersonation)).
      type: str
    outgoing:
      description: Level of outgoing requests.
      type: str
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import build_module, run
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._item_specs import (
    LINK, LINK_REQUIRED_IF)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_applinks import ApplicationLink


def main():
    module = build_module(LINK, required_if=LINK_REQUIRED_IF)
    run(module, ApplicationLink)


if __name__ == "__main__":
    main()
