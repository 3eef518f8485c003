# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field tables: each kind of object declares its fields once, and its wire conversion, comparison, redaction
and diffs derive from the table (pure functions, unit tested).

Objects are dicts in the modules' return names (snake_case), so they go to the user unchanged. A desired value
of None means "not managed": it is never compared.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

SECRET_MASK = "********"


# Normalizers: how the products store a value, so that equal values compare equal.

def norm_url(value):
    return value.rstrip("/") if isinstance(value, str) else value


def norm_list(values):
    """Sorted, de-duplicated, blank-free: how the products store lists (redirects, scopes)."""
    if values is None:
        return None
    return sorted(set(v.strip() for v in values if v and v.strip()))


def norm_scopes(values):
    """Scope names as a provider reads a request: space-separated names in any element, sorted, de-duplicated
    (["WRITE READ"] and ["READ", "WRITE"] request the same scopes)."""
    if values is None:
        return None
    return sorted(set(name for value in values if value for name in value.split()))


def norm_scope(value):
    """A space-separated scope string as the provider stores it: names sorted, one space."""
    if value is None:
        return None
    return " ".join(sorted(set(value.split())))


def norm_enum(value):
    return value.lower() if isinstance(value, str) else value


def blank_to_none(value):
    return value or None


def same(value):
    return value


class Field(object):
    """One field of a kind.

    wire: the key in the product's JSON (None: not on the wire as such, e.g. derived by the kind);
    normalize: how the product stores the value (compared normalized); compared: compared when the desired value
    is set (None = not managed); secret: masked in diffs, never in `state`; write_only: the product never returns
    it (read as None, "unknown"); default: the value on create when unset.
    """

    def __init__(self, name, wire=None, normalize=same, compared=False, secret=False, write_only=False,
                 default=None):
        self.name = name
        self.wire = wire
        self.normalize = normalize
        self.compared = compared
        self.secret = secret
        self.write_only = write_only
        self.default = default


class FieldTable(object):
    def __init__(self, kind, fields):
        self.kind = kind
        self.fields = tuple(fields)
        self.by_name = dict((f.name, f) for f in self.fields)
        self.secret_keys = tuple(f.name for f in self.fields if f.secret)

    def normalizer(self, name):
        field = self.by_name.get(name)
        return field.normalize if field else same

    def from_wire(self, wire):
        """The object of a wire dict: every field with a wire key the product returns (not the write-only ones)."""
        wire = wire if isinstance(wire, dict) else {}
        return dict((f.name, wire.get(f.wire)) for f in self.fields if f.wire and not f.write_only)

    def as_current(self, obj):
        """An object as a run compares it: its write-only fields None, "unknown" (e.g. a diff's before)."""
        if obj is None:
            return None
        return dict(obj, **dict((f.name, None) for f in self.fields if f.write_only))

    def to_wire(self, obj, include=None):
        """The wire dict of an object's fields with a wire key (`include`: only those field names)."""
        return dict((f.wire, obj.get(f.name)) for f in self.fields
                    if f.wire and (include is None or f.name in include))

    def changes(self, current, desired):
        """Names of the compared fields set in `desired` whose normalized value differs from `current`."""
        found = []
        for field in self.fields:
            want = desired.get(field.name)
            if not field.compared or want is None:
                continue
            if field.normalize(want) != field.normalize((current or {}).get(field.name)):
                found.append(field.name)
        return found

    def redact(self, obj):
        return redact(obj, self.secret_keys)

    def public(self, obj):
        """The object without its secret fields (what `state` carries)."""
        return dict((k, v) for k, v in (obj or {}).items() if k not in self.secret_keys)

    def minimal_diff(self, name, before, after):
        """Only the keys that differ, secrets masked, headed by kind and name (k8s-style)."""
        before, after = self.redact(before or {}), self.redact(after or {})
        keys = sorted(set(before) | set(after))
        differ = [k for k in keys if before.get(k) != after.get(k)]
        header = "%s %s" % (self.kind, name)
        return {"before_header": header, "after_header": header,
                "before": dict((k, before[k]) for k in differ if k in before),
                "after": dict((k, after[k]) for k in differ if k in after)}


def merged(current, desired):
    """`current` with every managed (not None) value of `desired`."""
    out = dict(current or {})
    out.update(dict((k, v) for k, v in desired.items() if v is not None))
    return out


def redact(value, secret_keys):
    """A deep copy with every value under a secret key replaced by the mask (None stays None)."""
    if isinstance(value, dict):
        return dict((k, (SECRET_MASK if v is not None else None) if k in secret_keys else redact(v, secret_keys))
                    for k, v in value.items())
    if isinstance(value, list):
        return [redact(v, secret_keys) for v in value]
    return copy.deepcopy(value)
