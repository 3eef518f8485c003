#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: product_links
short_description: Converge the OAuth 2.0 and classic application links of one product in one call
version_added: 0.2.0
description:
  - Converges sets of OAuth 2.0 incoming links (O(incoming)), OAuth 2.0 outgoing links (O(outgoing)) and classic
    application links (O(links)) of one Confluence, Jira, Bitbucket or Bamboo Data Center product in one
    invocation, with the same rules as M(atlassian_dc.applinks.oauth2_incoming),
    M(atlassian_dc.applinks.oauth2_outgoing) and M(atlassian_dc.applinks.application_link).
  - Reads the product's manifest and each list it needs once (incoming clients, outgoing configurations, the v3
    link list), or takes them from O(current_state), the RV(state) an earlier call of the same play returned;
    a call whose lists are all known and that changes nothing sends no request.
  - Applies incoming links first, then classic links, then outgoing links; removals go the other way (outgoing
    first).
  - Returns RV(state), what the product holds after the run (never a secret), to hand to the next call, and
    RV(credentials), the client ids and secrets of the incoming links for the applications that use them.
  - The two-way link role P(atlassian_dc.applinks.two_way_link#role) runs it in phases on every product of the play.
extends_documentation_fragment:
  - atlassian_dc.applinks.connection
  - atlassian_dc.applinks.connection.ATTRIBUTES
options:
  incoming:
    description: OAuth 2.0 incoming links (the options of M(atlassian_dc.applinks.oauth2_incoming)).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the incoming link. Unique on the product.
        type: str
        required: true
      redirect_uris:
        description: Redirect URLs; required to create; not managed on an existing link when unset.
        type: list
        elements: str
      scope:
        description: Space-separated scope names; not managed on an existing link when unset; C(READ) on create.
        type: str
      regenerate_secret:
        description: Reset the client secret.
        type: bool
        default: false
      held_by_peer:
        description:
          - What the application using this link holds, C({client_id, secret_fingerprint}) (its outgoing
            link's client id and recorded fingerprint). When the product does not return secrets, a new secret
            is generated if the peer holds another client id or no recorded secret, so that there is one to hand
            over.
        type: dict
      exclusive:
        description:
          - Other incoming links with exactly these redirect URIs, under another name, are removed (the same
            application under an old name, e.g. a renamed peer product).
        type: bool
        default: false
      state:
        description: Whether the incoming link should exist.
        type: str
        choices: [present, absent]
        default: present
  outgoing:
    description: OAuth 2.0 outgoing links (the options of M(atlassian_dc.applinks.oauth2_outgoing)).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the outgoing link. Unique on the product.
        type: str
        required: true
      provider:
        description: Service provider; V(custom) is the admin screen's name for V(generic).
        type: str
        choices: [generic, custom, google, microsoft]
        default: generic
      remote_url:
        description: Base URL of a remote Atlassian product acting as provider (derives both endpoints).
        type: str
      authorization_endpoint:
        description: Authorization endpoint.
        type: str
      token_endpoint:
        description: Token endpoint.
        type: str
      scopes:
        description: Scopes; defaults to C([READ]) with O(outgoing[].remote_url).
        type: list
        elements: str
      client_id:
        description: Client id issued by the provider.
        type: str
      client_secret:
        description: Client secret issued by the provider.
        type: str
      description:
        description: Description; not managed on an existing link when unset.
        type: str
      update_secret:
        description: When to send O(outgoing[].client_secret), as in M(atlassian_dc.applinks.oauth2_outgoing).
        type: str
        choices: [when_changed, on_create, always]
        default: when_changed
      exclusive:
        description:
          - Other outgoing links with the same authorization endpoint, under another name, are removed (the
            same provider under an old name, e.g. a renamed peer product).
        type: bool
        default: false
      state:
        description: Whether the outgoing link should exist.
        type: str
        choices: [present, absent]
        default: present
  links:
    description: Classic application links (the options of M(atlassian_dc.applinks.application_link)).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the link.
        type: str
        required: true
      type:
        description: Type of the remote application.
        type: str
        choices: [jira, confluence, bitbucket, bamboo, fecru, crowd, generic]
      remote_url:
        description: Base URL of the remote application (RPC URL).
        type: str
      remote_id:
        description:
          - The remote's server id when it is already known (for example from its own product_links read),
            which saves reading the remote's manifest.
        type: str
      display_url:
        description: Display URL.
        type: str
      primary:
        description: Whether it is the primary link of its type.
        type: bool
      incoming_auth:
        description: OAuth 1.0a level of incoming requests.
        type: str
        choices: [disabled, oauth, oauth_2lo, oauth_impersonation]
      outgoing_auth:
        description: OAuth 1.0a level of outgoing requests.
        type: str
        choices: [disabled, oauth, oauth_2lo, oauth_impersonation]
      relocate:
        description: Move a link whose RPC URL changed instead of refusing.
        type: bool
        default: true
      recreate:
        description: Allow changes that delete the link and create it again (see M(atlassian_dc.applinks.application_link)).
        type: bool
        default: false
      state:
        description: Whether the link should exist.
        type: str
        choices: [present, absent]
        default: present
  read:
    description:
      - Kinds to read even when no item of that kind is given (for RV(state)). A call with no items and
        O(read) reads the product for later calls.
    type: list
    elements: str
    choices: [incoming, outgoing, links]
    default: []
  expect_scopes:
    description:
      - OAuth 2.0 scopes this product must support, for example the scope a later call of the play grants. An
        unknown one fails this call, before any write, listing the scopes the product supports.
      - Checked against the known scopes of the product line (no request), else against the product's own
        list (one GET of its OAuth 2.0 metadata).
    type: list
    elements: str
    default: []
  current_state:
    description:
      - The RV(state) of an earlier product_links call on the same product in this play. Its lists are used
        instead of reading them again. Only hand in a state of the same run; objects changed by someone else in
        between are caught by the product (a create of an existing name converges on it; an update of a removed
        object fails and the next run repairs it).
    type: dict
  purge:
    description:
      - Kinds whose objects that the lists do not name are removed (never system links, never names in
        O(purge_exclude)).
      - Refused before any write when the declared lists of all purged kinds are empty (a missing or misspelled
        list; unless O(purge_allow_empty=true)), or when more than O(purge_max) objects would go. Check mode
        lists exactly what would go.
    type: list
    elements: str
    choices: [incoming, outgoing, links]
    default: []
  purge_exclude:
    description: Names that are never purged (of any kind).
    type: list
    elements: str
    default: []
  purge_max:
    description: Refuse to purge more than this many objects in one run.
    type: int
    default: 5
  purge_allow_empty:
    description: Allow purging when every declared list of the purged kinds is empty (removes all of them).
    type: bool
    default: false
  return_secrets:
    description:
      - Return in RV(credentials) the secret of every declared incoming link, not only of those created or
        regenerated by this run. Register the result with C(no_log).
    type: bool
    default: false
  continue_on_error:
    description:
      - Go on with the other items when one fails; its result carries RV(results[].failed) and
        RV(results[].msg), and the module does not fail. By default the first failure stops the run and
        fails the module with the results so far.
    type: bool
    default: false
notes:
  - A no-op run costs one GET for the manifest and one per list it needs, or none with O(current_state).
seealso:
  - module: atlassian_dc.applinks.oauth2_incoming
  - module: atlassian_dc.applinks.oauth2_outgoing
  - module: atlassian_dc.applinks.application_link
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: An external CI server calling Confluence, and Confluence calling a corporate IdP
  atlassian_dc.applinks.product_links:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_pat }}"
    incoming:
      - name: CI server
        redirect_uris: [https://ci.example.com/oauth/callback]
        scope: WRITE
    outgoing:
      - name: Corporate IdP
        authorization_endpoint: https://idp.example.com/oauth2/authorize
        token_endpoint: https://idp.example.com/oauth2/token
        scopes: [openid, profile]
        client_id: confluence-at-idp
        client_secret: "{{ vault_idp_client_secret }}"
    purge: [incoming]
    purge_exclude: [Jira]
  register: confluence_links
  no_log: true  # RV(credentials) holds the CI server's new secret

- name: Read the product once, for later calls of this play
  atlassian_dc.applinks.product_links:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    read: [incoming, outgoing]
  register: jira_read

- name: Converge with what was read (no further GET)
  atlassian_dc.applinks.product_links:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    current_state: "{{ jira_read.state }}"
    incoming:
      - name: CI server
        redirect_uris: [https://ci.example.com/oauth/callback]
"""

RETURN = r"""
results:
  description: One entry per object the run converged or purged, in the order applied.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: V(incoming), V(outgoing) or V(links).
      type: str
    name:
      description: Name of the object.
      type: str
    state:
      description: V(present), V(absent), or V(purged).
      type: str
    action:
      description: V(create), V(update), V(delete), V(replace) or V(none).
      type: str
    changed:
      description: Whether the object changed (or would in check mode).
      type: bool
    id:
      description: Entity id.
      type: str
    client_id:
      description: OAuth 2.0 client id (incoming and outgoing links).
      type: str
    secret_fingerprint:
      description: Fingerprint of the current secret (incoming) or of the recorded one (outgoing).
      type: str
    redirect_uri:
      description: Redirect URI to register at the provider (outgoing links).
      type: str
    diff:
      description: The keys that differ, before and after, secrets masked (diff mode).
      type: dict
    superseded_by:
      description: For a removal the run added itself, the O(incoming[].exclusive) or O(outgoing[].exclusive)
        item whose object replaces this one (a renamed peer).
      type: str
    failed:
      description: Whether this item failed (O(continue_on_error)).
      type: bool
    msg:
      description: Why it failed.
      type: str
state:
  description:
    - The product after the run, as far as this run knows it (no secrets); hand it to a later call as
      O(current_state).
  returned: always
  type: dict
  contains:
    manifest:
      description: The product's manifest (id, name, type, version, url).
      type: dict
    base_url:
      description: The base URL the product reports.
      type: str
    incoming:
      description: Incoming links (with C(secret_fingerprint), never the secret), when read.
      type: list
      elements: dict
    outgoing:
      description: Outgoing links (with the recorded C(secret_fingerprint)), when read.
      type: list
      elements: dict
    links:
      description: Classic application links (OAuth 2.0 entities left out), when read.
      type: list
      elements: dict
state_before:
  description: The same as RV(state), before the first write of this run.
  returned: always
  type: dict
base_url:
  description: The base URL the product reports (its manifest C(url)).
  returned: always
  type: str
redirect_uris:
  description: Redirect URI of each outgoing link, by name.
  returned: always
  type: dict
credentials:
  description:
    - The client id, secret and secret fingerprint of the incoming links created or regenerated by
      this run, and of every declared incoming link with O(return_secrets=true), by name. Register with C(no_log).
  returned: always
  type: dict
"""

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import build_module
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._item_specs import (
    INCOMING, LINK, LINK_REQUIRED_IF, OUTGOING, OUTGOING_EXCLUSIVE, extended)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_links import run_product_links

KIND_CHOICES = ["incoming", "outgoing", "links"]


def main():
    module = build_module(dict(
        incoming=dict(type="list", elements="dict", default=[], options=extended(
            INCOMING, held_by_peer=dict(type="dict"), exclusive=dict(type="bool", default=False))),
        outgoing=dict(type="list", elements="dict", default=[], mutually_exclusive=OUTGOING_EXCLUSIVE,
                      options=extended(OUTGOING, exclusive=dict(type="bool", default=False))),
        links=dict(type="list", elements="dict", default=[], required_if=LINK_REQUIRED_IF,
                   options=extended(LINK, remote_id=dict(type="str"))),
        read=dict(type="list", elements="str", choices=KIND_CHOICES, default=[]),
        current_state=dict(type="dict"),
        expect_scopes=dict(type="list", elements="str", default=[]),
        purge=dict(type="list", elements="str", choices=KIND_CHOICES, default=[]),
        purge_exclude=dict(type="list", elements="str", default=[]),
        purge_max=dict(type="int", default=5),
        purge_allow_empty=dict(type="bool", default=False),
        return_secrets=dict(type="bool", default=False, no_log=False),
        continue_on_error=dict(type="bool", default=False)))
    run_product_links(module)


if __name__ == "__main__":
    main()
