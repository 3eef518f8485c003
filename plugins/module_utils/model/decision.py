# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the rules of a kind decide for one declared object (plan.py turns it into a change)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

ACTIONS = ("create", "update", "replace", "delete", "none")


class Decision(object):
    """action: one of ACTIONS; fields: what differs, plus the reasons to write although nothing compared differs
    (e.g. client_secret, auth, replace); after: the object the write would produce (check mode returns it);
    checks: (option, value) pairs the product must accept before the write (e.g. a scope its OAuth 2.0
    metadata lists); warnings: what the user should know about this object; desired: the managed values the
    decision compared (None = not managed), for the write."""

    def __init__(self, action, after, fields=(), checks=(), warnings=(), desired=None):
        self.action = action
        self.after = after
        self.fields = list(fields)
        self.checks = list(checks)
        self.warnings = list(warnings)
        self.desired = desired
