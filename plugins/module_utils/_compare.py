# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalising, comparing and redacting resources (pure functions, unit tested)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

SECRET_MASK = "********"


def norm_url(value):
    return value.rstrip("/") if isinstance(value, str) else value


def norm_list(values):
    """Sorted, de-duplicated, blank-free: how the products store lists (redirects, scopes)."""
    if values is None:
        return None
    return sorted(set(v.strip() for v in values if v and v.strip()))


def norm_scope(value):
    """A space-separated scope string as the provider stores it: names sorted, one space."""
    if value is None:
        return None
    return " ".join(sorted(set(value.split())))


def norm_enum(value):
    return value.lower() if isinstance(value, str) else value


def changed_fields(current, desired, normalizers=None):
    """Names of the fields in `desired` (None = not managed) whose normalised value differs from current."""
    normalizers = normalizers or {}
    changes = []
    for key in sorted(desired):
        want = desired[key]
        if want is None:
            continue
        norm = normalizers.get(key, lambda v: v)
        if norm(want) != norm((current or {}).get(key)):
            changes.append(key)
    return changes


def redact(value, secret_keys):
    """A deep copy with every value under a secret key replaced by the mask (None stays None)."""
    if isinstance(value, dict):
        return dict((k, (SECRET_MASK if v is not None else None) if k in secret_keys else redact(v, secret_keys))
                    for k, v in value.items())
    if isinstance(value, list):
        return [redact(v, secret_keys) for v in value]
    return copy.deepcopy(value)
