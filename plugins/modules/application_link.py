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
  - A name held by a link to another application (another RPC URL, and another id or type than the declared link)
    is taken - the task fails before any write, naming that link (name, id, type, URL) and the option O(name),
    whatever O(recreate) says. The product itself never refuses a taken name on create but renames the new link
    (C(Name - 2)).
  - When another run creates the name between this run's read and its create, the product gives this run's new
    link another name (C(Name - 2)). The module reads every new link back, deletes such a renamed link (a warning
    says so) and converges on the link that has the name - nothing more to do reports no change, a generic link
    is relocated to O(remote_url), and another application's link fails as above. Racing identical creates leave
    one link; the runs that lost the race report no change.
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
  - atlassian_dc.applinks.item_options.LINK
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
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
- name: Link Confluence to Jira with OAuth (the admin UI's "OAuth", 3-legged and 2-legged) in both directions
  atlassian_dc.applinks.application_link:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_admin_token }}"  # a personal access token of a system administrator
    name: Jira
    type: jira
    remote_url: https://jira.example.com
    primary: true
    incoming_auth: oauth
    outgoing_auth: oauth

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
      description:
        - Level of incoming requests (V(disabled), V(oauth), V(oauth_impersonation), V(oauth_3lo_only)); an old
          name given as option is returned as the level it means (V(oauth_2lo) as V(oauth)).
      type: str
    outgoing:
      description: Level of outgoing requests.
      type: str
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import LINK, LINK_REQUIRED_IF
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import build_module, run_one


def main():
    module = build_module(LINK, required_if=LINK_REQUIRED_IF)
    run_one(module, "links")


if __name__ == "__main__":
    main()
