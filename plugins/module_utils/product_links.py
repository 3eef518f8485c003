# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module product_links: a run of the core (runner.Run) on the declared lists of one product.

- Reads: the manifest and each needed list once (none that current_state already holds).
- Purge: computed before the first write, refused before any write when too large or when the declared lists
  of the purged kinds are empty (unless allowed).
- Returns per object a result row with a minimal diff keyed by kind, the `state` to hand to a later call, and
  the credentials of the incoming links it created or reset (or of all declared ones with return_secrets).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import PLACEHOLDER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import KINDS
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import (
    native_oauth2_applinks)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import (
    PREDICTED_SECRET, RULES, PurgeRules, declared_errors)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import (
    Failed, Run, outgoing_redirect_uri, read_or_fail, run)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import ProductState

READ_FAILURE = "the links of the product"


def needed_kinds(params):
    """The lists this call reads whole: asked for, declared, purged (purging application links reads the OAuth
    2.0 lists too, so that no synthetic entry of theirs is ever taken for a link)."""
    wanted = set(params.get("read") or [])
    wanted.update(kind for kind in KINDS if params.get(kind))
    wanted.update(params.get("purge") or [])
    if "links" in (params.get("purge") or []):
        wanted.update(("incoming", "outgoing"))
    return [kind for kind in KINDS if kind in wanted]


def row(change, diff_mode):
    """The result row of one change (never a secret)."""
    item, after = change.item, change.result or {}
    out = {"kind": change.kind, "name": change.name, "action": change.action, "changed": change.action != "none",
           "state": "purged" if item.get("purged") else item.get("state", "present")}
    if item.get("superseded_by"):
        out["superseded_by"] = item["superseded_by"]
    for key in ("id", "client_id", "secret_fingerprint"):
        if after.get(key) is not None:
            out[key] = after[key]
    if diff_mode and out["changed"]:
        diff = RULES[change.kind].fields.minimal_diff(change.name, change.before, change.result)
        out["diff"] = {"before": diff["before"], "after": diff["after"]}
    return out


def failed_row(change, message):
    return {"kind": change.kind, "name": change.name, "action": "none", "changed": False, "failed": True,
            "msg": message}


class ProductLinks(object):
    def __init__(self, module, transport):
        params = module.params
        self.module = module
        self.params = params
        self.purge = PurgeRules(params.get("purge"), params.get("purge_exclude"), params["purge_max"])
        declared = dict((kind, [dict(i, name=i["name"].strip()) for i in params.get(kind) or []]) for kind in KINDS)
        declared_errors(declared, self.purge, params["purge_allow_empty"], module.check_mode)
        self.run = Run(module, transport, declared, self.purge, ProductState.from_dict(params.get("current_state")))

    def read(self):
        reader = self.run.reader
        manifest = reader.manifest()
        reader.base_url()
        scopes = [s for scope in self.params.get("expect_scopes") or [] for s in scope.split()]
        if scopes:
            reader.check_scopes("expect_scopes", scopes)
        if (self.params.get("incoming") or self.params.get("outgoing")) and \
                native_oauth2_applinks(manifest.get("type"), manifest.get("version")):
            self.module.warn("%s %s has OAuth 2.0 as an authentication type of Atlassian application links; this "
                             "run builds OAuth 2.0 links from incoming and outgoing links (provider and client), "
                             "which work on this version too, so the UI lists each peer as an external "
                             "application. The REST calls of the native flavour are not published."
                             % (manifest.get("name") or manifest.get("type"), manifest.get("version")))
        self.run.read(needed_kinds(self.params))

    def credentials(self, changes, every):
        """{name: {client_id, client_secret, secret_fingerprint}} of the incoming links this run created or reset,
        and with `every` of every other declared one (a secret the list did not carry: one GET of that link)."""
        found = {}
        for change in changes:
            link = change.result or {}
            if change.kind != "incoming" or change.removal or not change.applied or not link:
                continue
            if RULES["incoming"].secret_is_new(change) and link.get("client_secret") is not None:
                secret = PREDICTED_SECRET if link["client_secret"] == PLACEHOLDER else link["client_secret"]
            elif every and link.get("id") != PLACEHOLDER:
                secret = link.get("client_secret") or self.run.reader.apis["incoming"].get(link["id"])["client_secret"]
            else:
                continue
            found[change.name] = {"client_id": link["client_id"], "client_secret": secret,
                                  "secret_fingerprint": link.get("secret_fingerprint")}
        return found

    def result(self, before):
        reader = self.run.reader
        base_url = reader.base_url()
        changes = self.run.changes
        rows, failures = [], []
        for change in changes:
            if change.error is not None:
                failure = self.run.failure(change)
                rows.append(failed_row(change, str(failure)))
                failures.append(failure)
            elif change.applied:
                rows.append(row(change, self.module._diff))
                if change.kind == "outgoing":
                    rows[-1]["redirect_uri"] = outgoing_redirect_uri(reader, change, change.item)
        result = {"changed": any(r["changed"] for r in rows), "results": rows, "base_url": base_url,
                  "state": self.run.state.to_dict(base_url), "state_before": before,
                  "redirect_uris": dict((r["name"], r["redirect_uri"]) for r in rows if r.get("redirect_uri")),
                  "credentials": self.credentials(changes, self.params["return_secrets"] and not failures)}
        if self.module._diff:
            result["diff"] = [RULES[c.kind].fields.minimal_diff(c.name, c.before, c.result) for c in changes
                              if c.applied and c.action != "none"]
        return result, failures


def converge(module, transport):
    """The work of product_links on one product: its result, or Failed with the partial result."""
    links = ProductLinks(module, transport)
    read_or_fail(READ_FAILURE, links.read)
    before = links.run.state.to_dict(links.run.reader.base_url())
    links.run.plan()
    links.run.apply(module.params["continue_on_error"])
    result, failures = links.result(before)
    if failures and not module.params["continue_on_error"]:
        partial = dict((k, v) for k, v in result.items() if k != "credentials")
        partial.update(failures[0].fields if isinstance(failures[0], Failed) else {})
        raise Failed(str(failures[0]), partial)
    return result


def run_product_links(module):
    run(module, converge)
