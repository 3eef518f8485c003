# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter applinks_report: application_link_info results of an inventory as a report (logic in plugin_utils)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: applinks_report
author: atlassian_dc.applinks contributors
version_added: 0.1.0
short_description: Report of the application links of several products
description:
  - Turns the results of M(atlassian_dc.applinks.application_link_info), one per inventory host, into a report
    of the whole inventory.
  - O(format=data) gives one entry per host with the product's name, type, version, URL and its
    C(applications) rows (name, application, direction, status, url).
  - O(format=markdown) gives a Markdown document with one Mermaid C(graph) of the topology (one node per product
    and per external application, one edge per link labelled C(OAuth 2.0), C(OAuth 1.0a) or C(none), arrows from
    the client to the provider, links with an error status dashed red) and, per product, its
    C(Application links) table. O(format=mermaid) gives the graph alone.
  - Two products are linked when a row's remote URL has the origin (scheme, host and port) of the other
    product's manifest URL; when several products share an origin, the longest matching context path wins.
    Any other remote is an external application. A product's row about another product and that product's
    mirror row (same authentication, opposite direction) are one edge.
  - A host whose value is missing (V(null)), skipped or failed is reported with an C(error) instead of rows,
    and as an unread node in the graph.
options:
  _input:
    description:
      - A dict that maps each inventory host to its registered application_link_info result.
    type: dict
    required: true
  format:
    description: What to return.
    type: str
    choices: [data, markdown, mermaid]
    default: data
  title:
    description: First heading of the Markdown report.
    type: str
    default: Application links
  drift:
    description:
      - O(format=markdown) only. A dict that maps each inventory host to the list of what differs from its
        declared state (C(null) when the host was not audited); adds a last section C(Drift).
      - C(playbooks/audit_links.yml) passes it.
    type: dict
seealso:
  - plugin: atlassian_dc.applinks.applinks_table
    plugin_type: filter
"""

EXAMPLES = r"""
# After `register: applinks_view` of application_link_info on every product host:
- name: Write a Markdown report of the whole inventory
  ansible.builtin.copy:
    dest: /tmp/applinks.md
    content: "{{ _views | atlassian_dc.applinks.applinks_report(format='markdown') }}"
    mode: "0644"
  vars:
    _views: "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars)
                 | map(attribute='applinks_view', default=none))) }}"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description:
    - With O(format=data), a dict per inventory host with C(name), C(type), C(version), C(url),
      C(applications) (list of dicts with C(name), C(application), C(direction), C(status), C(url)) and, for a
      host without a usable result, C(error).
    - With O(format=markdown) or O(format=mermaid), a string.
  type: raw
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._links_report import (
    ReportError, markdown, mermaid, report)


def applinks_report(results, format="data", title="Application links", drift=None):  # pylint: disable=redefined-builtin
    if format not in ("data", "markdown", "mermaid"):
        raise AnsibleFilterError("applinks_report: format must be one of data, markdown, mermaid, got %r" % format)
    try:
        if format == "markdown":
            return markdown(results, title=title, drift=drift)
        return mermaid(results) if format == "mermaid" else report(results)
    except ReportError as exc:
        raise AnsibleFilterError("applinks_report: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"applinks_report": applinks_report}
