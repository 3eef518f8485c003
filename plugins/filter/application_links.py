# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the application_links role and audit_links.yml. The rules live in plugin_utils/_declared.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils import _declared


class FilterModule(object):
    def filters(self):
        return {
            "application_links_errors": _declared.declared_errors,
            "application_links_items": _declared.items,
            "application_links_rows": _declared.rows,
            "applinks_drift": _declared.drift,
        }
