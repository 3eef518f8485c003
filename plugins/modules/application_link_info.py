#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: application_link_info
short_description: Read the application links of a product, like the page "View application links"
version_added: 0.1.0
description:
  - Returns this product's own manifest, its classic application links, its OAuth 2.0 incoming links (clients)
    and outgoing links (configurations), and one row per remote application as the admin page
    "Application links" shows them.
  - The OAuth 2.0 entries that the product also lists among its application links (as generic links) appear
    in RV(oauth2_incoming) and RV(oauth2_outgoing), not in RV(links).
  - The OAuth 2.0 APIs need a system administrator. For an administrator who is not one, the classic links are
    still returned, with a warning.
  - A product without the OAuth 2.0 plugins (the OAuth 2.0 provider or client API answers 404) still returns its
    classic links, with a warning naming the missing API; RV(product) says which API is missing.
  - RV(product) reports this product's version and whether its line has native OAuth 2.0 application links
    (Jira 11.2, Confluence 10.1, Bitbucket 10.1, Bamboo 12.0, Crowd 7.1 and later).
extends_documentation_fragment:
  - atlassian_dc.applinks.connection
attributes:
  check_mode:
    description: Can run in check mode; it reads only, in check mode too.
    support: full
  diff_mode:
    description: Reads only, so there is no diff.
    support: none
options:
  name:
    description:
      - Only return the links, OAuth 2.0 entities and rows of this name.
      - The filters apply before rows are built, so an OAuth 2.0 incoming and outgoing pair of different names
        shows as two one-way rows when filtered.
    type: str
  type:
    description:
      - Only return classic links of this type. OAuth 2.0 entities count as V(generic).
    type: str
    choices: [jira, confluence, bitbucket, bamboo, fecru, crowd, generic]
  status:
    description:
      - Also read the status of each classic link (one request per link), giving RV(applications[].status).
    type: bool
    default: false
  query:
    description:
      - A JMESPath expression applied to RV(applications); the result is returned as RV(query_result).
      - Needs the Python library C(jmespath) on the controller.
    type: str
  include_secrets:
    description:
      - Return the client secrets of the OAuth 2.0 incoming links. Use C(no_log) on the task when set.
    type: bool
    default: false
notes:
  - Requests sent, all C(GET)s - this product's manifest, the link list, the OAuth 2.0 client and configuration
    lists, then for the OAuth levels of the classic links one C(listApplicationlinks) (when two or more links
    need them; one C(status/{id}/oauth) for a single link), so at most 5 requests however many links exist.
    With O(status=true) one C(status/{id}) per classic link instead (it carries the OAuth levels). The version
    of a remote Atlassian application comes from this product, or else from the remote's own manifest, read
    from the controller with one try and a timeout of at most 10 seconds.
requirements:
  - jmespath (only for O(query))
seealso:
  - module: atlassian_dc.applinks.application_link
author:
  - atlassian_dc.applinks contributors (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Read the application links of Confluence
  atlassian_dc.applinks.application_link_info:
    url: https://confluence.example.com/confluence
    token: "{{ confluence_admin_token }}"  # a personal access token of a system administrator
    status: true
  register: applinks

- name: Fail when a link does not work
  ansible.builtin.assert:
    that: applinks.applications | rejectattr('status', 'in', ['working', 'Non-Atlassian']) | list | length == 0

- name: Names of the two-way links
  atlassian_dc.applinks.application_link_info:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    query: "[?direction=='Two-way'].name"
  register: two_way
"""

RETURN = r"""
manifest:
  description: This product's manifest.
  returned: always
  type: dict
  contains:
    id:
      description: Server id; other applications use it as the id of their link to this product.
      type: str
    name:
      description: Name.
      type: str
    type:
      description: Type (V(jira), V(confluence), V(bitbucket), ...).
      type: str
    version:
      description: Product version.
      type: str
    build_number:
      description: Build number.
      type: int
    applinks_version:
      description: Version of the application links plugin.
      type: str
    url:
      description: Base URL.
      type: str
product:
  description: This product, from its manifest and the reads the module makes anyway.
  returned: always
  type: dict
  contains:
    type:
      description: The manifest's type, with the modules' names (V(bitbucket), not C(stash)).
      type: str
    version:
      description: The manifest's product version.
      type: str
      sample: 9.12.15
    build_number:
      description: The manifest's build number.
      type: int
    applinks_version:
      description: The manifest's version of the application links plugin.
      type: str
    oauth2_provider_api:
      description:
        - Whether the OAuth 2.0 provider API (incoming links, C(/rest/oauth2/latest)) answered; V(false) when it
          answered 404; V(null) when it was not readable (not a system administrator).
      type: bool
    oauth2_client_api:
      description:
        - Whether the OAuth 2.0 client API (outgoing links, C(/rest/oauth2-client/latest)) answered; V(false)
          when it answered 404; V(null) when it was not readable.
      type: bool
    native_oauth2_applinks:
      description:
        - Whether the product line has OAuth 2.0 as a native authentication type of application links
          (Jira 11.2, Confluence 10.1, Bitbucket 10.1, Bamboo 12.0, Crowd 7.1 and later); V(null) when the
          version cannot be parsed.
      type: bool
links:
  description: Classic application links, with the keys of RV(atlassian_dc.applinks.application_link#module:link).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "e94a6efa-f3e9-33a8-8322-6d4e02b9f883", "name": "Terraform", "type": "generic",
            "remote_url": "https://terraform.example.com/app/my-org", "display_url": "https://terraform.example.com",
            "primary": true, "system": false}]
oauth2_incoming:
  description:
    - OAuth 2.0 incoming links (clients of this product), with the keys of
      RV(atlassian_dc.applinks.oauth2_incoming#module:client).
    - C(client_secret) only with O(include_secrets=true). Empty without system administrator rights.
  returned: always
  type: list
  elements: dict
oauth2_outgoing:
  description:
    - OAuth 2.0 outgoing links (this product as a client), with the keys of
      RV(atlassian_dc.applinks.oauth2_outgoing#module:config). Empty without system administrator rights.
  returned: always
  type: list
  elements: dict
applications:
  description: One row per remote application, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description:
        - Name of the link. An OAuth 2.0 pair of different names shows both, separated by C( / ).
      type: str
    application:
      description:
        - Type and version of the remote application, for example C(Jira 9.12.15); the type alone when the
          version is unknown; C(Generic application) for generic links and OAuth 2.0 links.
        - On a product with native OAuth 2.0 application links (RV(product.native_oauth2_applinks)), OAuth 2.0
          rows read C(External application), as that product's UI lists them.
      type: str
    direction:
      description:
        - V(Two-way), V(Incoming) or V(Outgoing). A classic link is two-way when OAuth is on in both
          directions. An OAuth 2.0 incoming link and an outgoing link to the same remote (same scheme, host and
          port of the redirect URL and of the authorization endpoint) are one two-way row.
        - V(null) for a classic link without OAuth in either direction, and for system links.
      type: str
    status:
      description:
        - V(working), or the error as C(CATEGORY/TYPE) (the category alone when both are equal, for example
          C(DISABLED)), with O(status=true).
        - C(Non-Atlassian) for generic and OAuth 2.0 links; V(null) for Atlassian links when O(status=false).
      type: str
    status_category:
      description:
        - The category of the status error as the product computes it (C(DEPRECATED), C(CONFIG_ERROR),
          C(NETWORK_ERROR), C(ACCESS_ERROR), C(INCOMPATIBLE), C(DISABLED), C(NON_ATLASSIAN), C(SYSTEM), C(UNKNOWN)),
          with O(status=true); V(null) when the link works or its status was not read.
      type: str
      sample: DEPRECATED
    status_type:
      description:
        - The type of the status error as the product computes it, for example C(AUTH_LEVEL_UNSUPPORTED) (OAuth 1.0a
          3-legged without 2-legged), C(AUTH_LEVEL_MISMATCH), C(NO_REMOTE_APPLINK), C(CONNECTION_REFUSED).
      type: str
      sample: AUTH_LEVEL_UNSUPPORTED
    remedy:
      description:
        - What to do about a status error, in words (for example for C(AUTH_LEVEL_UNSUPPORTED) C(set the level to
          OAuth (3LO + 2LO\) on both sides ...)); V(null) when the link works, its status was not read, or there is
          nothing to do (generic and system links).
      type: str
    url:
      description: Display URL of a classic link; C(scheme://host[:port]) of the remote for an OAuth 2.0 link.
      type: str
    source:
      description: V(applink) for a classic link, V(oauth2) for OAuth 2.0 links.
      type: str
    ids:
      description: Ids of the link, or of the OAuth 2.0 client and configuration, in that order.
      type: list
      elements: str
query_result:
  description: The result of O(query) applied to RV(applications).
  returned: when O(query) is set
  type: raw
"""

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.link_info import (
    HAS_JMESPATH, JMESPATH_IMPORT_ERROR, run_link_info)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import LINK_INFO
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import build_module


def main():
    module = build_module(LINK_INFO)
    if module.params.get("query") is not None and not HAS_JMESPATH:
        module.fail_json(msg=missing_required_lib("jmespath"), exception=str(JMESPATH_IMPORT_ERROR))
    run_link_info(module)


if __name__ == "__main__":
    main()
