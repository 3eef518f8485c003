# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter applinks_table: one product's "Application links" page as text (logic in plugin_utils)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: applinks_table
author: atlassian_dc.applinks contributors
version_added: 0.1.0
short_description: The "Application links" page of one product as text lines
description:
  - Renders the C(applications) rows of one M(atlassian_dc.applinks.application_link_info) result as the
    product's "Application links" page, a title line, an empty line and aligned columns Name, Application,
    Direction and Status (C(-) for an empty cell).
  - A missing (V(null)), skipped or failed result gives one line that says why the host was not read.
options:
  _input:
    description: The registered result of M(atlassian_dc.applinks.application_link_info).
    type: dict
    required: true
  name:
    description: Name for the title when the result has no manifest name (for example the inventory host).
    type: str
  url:
    description: URL for the title when the result has no manifest URL.
    type: str
seealso:
  - plugin: atlassian_dc.applinks.applinks_report
    plugin_type: filter
"""

EXAMPLES = r"""
- name: View application links
  ansible.builtin.debug:
    msg: "{{ applinks_view | atlassian_dc.applinks.applinks_table(name=inventory_hostname, url=applinks_url) }}"
"""

RETURN = r"""
_value:
  description: The lines of the page.
  type: list
  elements: str
"""

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._links_report import table_lines


def applinks_table(result, name=None, url=None):
    return table_lines(result, name=name, url=url)


class FilterModule(object):
    def filters(self):
        return {"applinks_table": applinks_table}
