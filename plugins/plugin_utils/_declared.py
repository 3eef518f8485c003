# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application_links role's declared list and results, and the drift report of audit_links.yml (pure
functions, unit tested; the filters in plugins/filter/application_links.py call them)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_consumer import load_public_key
from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._links_report import status_problems

# The role's kinds -> product_links' list options (the oauth1_* kinds go to the oauth1_external_app module).
PRODUCT_LINKS_KINDS = {"oauth2_incoming": "incoming", "oauth2_outgoing": "outgoing", "link": "links"}
OAUTH1_KINDS = {"oauth1_incoming": "incoming", "oauth1_outgoing": "outgoing"}
ROLE_KINDS = dict((v, k) for k, v in PRODUCT_LINKS_KINDS.items())


def _oauth1_errors(index, entry):
    """What oauth1_external_app would refuse only after product_links wrote the OAuth 2.0 and classic links."""
    if entry.get("kind") != "oauth1_incoming" or entry.get("public_key") is None:
        return []
    try:
        load_public_key(entry["public_key"])
    except ValueError as exc:
        return ["entry %d (%s): public_key %s" % (index + 1, entry["name"], exc)]
    return []


def declared_errors(entries):
    """Problems with the declared list: not a list, entries without kind or name, names declared twice."""
    if not isinstance(entries, (list, tuple)):
        return ["application_links must be a list, got %s" % type(entries).__name__]
    errors, seen = [], {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("kind") or not entry.get("name"):
            errors.append("entry %d needs a kind and a name" % (index + 1))
            continue
        kind = entry["kind"]
        if kind not in PRODUCT_LINKS_KINDS and kind not in OAUTH1_KINDS:
            errors.append("entry %d (%s): unknown kind %r" % (index + 1, entry["name"], kind))
        key = (kind, entry["name"].strip() if kind not in OAUTH1_KINDS else entry.get("link", entry["name"]))
        if key in seen:
            errors.append("%s %r is declared more than once (entries %d and %d)"
                          % (kind, entry["name"], seen[key], index + 1))
        seen.setdefault(key, index + 1)
        errors.extend(_oauth1_errors(index, entry))
    return errors


def items(entries, kind):
    """The entries of one role kind, without `kind`, for product_links (or oauth1_external_app)."""
    return [dict((k, v) for k, v in entry.items() if k != "kind") for entry in entries or []
            if isinstance(entry, dict) and entry.get("kind") == kind]


def rows(results, oauth1_results=None):
    """application_links_result rows from product_links results (and the loop results of oauth1_external_app):
    the role's kind names, a one-line summary; never a secret."""
    out = []
    results = list(results or [])
    for loop_result in oauth1_results or []:
        item = loop_result.get("item") or {}
        if loop_result.get("skipped"):
            continue
        results.append({"kind": "oauth1_%s" % item.get("direction"), "name": item.get("name"),
                        "state": item.get("state", "present"), "changed": bool(loop_result.get("changed")),
                        "action": loop_result.get("action") or ("update" if loop_result.get("changed") else "none"),
                        "id": (loop_result.get("link") or {}).get("id")})
    for result in results:
        row = dict(result, kind=ROLE_KINDS.get(result.get("kind"), result.get("kind")))
        purged = " (purged)" if row.get("state") == "purged" else ""
        row["summary"] = "%s %s '%s'%s" % (row.get("action"), row["kind"], row.get("name"), purged)
        out.append(row)
    return out


def drift(declared_rows, two_way_results, view=None):
    """What differs from the declared state, one line each, naming the product side and the reason; with `view`
    (an application_link_info result read with status), the links whose status the product reports as a fault."""
    lines = [row["summary"] for row in declared_rows or [] if row.get("changed")]
    for result in two_way_results or []:
        lines.extend(result.get("problems_found") or [])
        lines.extend("%s differs" % change for change in result.get("changes") or [])
    return lines + status_problems(view)
