# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""product_links: converge sets of OAuth 2.0 incoming links, outgoing links and classic links of one product
in one invocation.

- Reads: the manifest and each needed list once (or takes them from `current_state`, the `state` an earlier
  call of the same play returned), then every item is converged by the same resource and engine as the
  single-object modules, its lookups served from those lists (_product_cache.py).
- Order: incoming before links before outgoing; removals outgoing first, incoming last (no product is left
  holding credentials of a removed incoming link longer than needed).
- Purge: the whole purge set is computed before the first write, and refused before any write when it is too
  large or when the declared list of a purged kind is empty (unless allowed).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import is_v3_uuid
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_provider import authorize_endpoint
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._connection import (
    transport_from_params, validate_connection)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import (
    _Step, describe_failure, ensure, failure_fields)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import AtlassianError, InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_cache import (
    CachedApplinksApi, CachedIncomingApi, CachedOutgoingApi, link_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_facts import ProductFacts
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_versions import native_oauth2_applinks
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_applinks import ApplicationLink
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_oauth2 import (
    IncomingClient, OutgoingConfig)

KINDS = ("incoming", "outgoing", "links")
# (kind, whether the items are removals) in the order they are applied.
ORDER = (("incoming", False), ("links", False), ("outgoing", False),
         ("outgoing", True), ("incoming", True), ("links", True))
RESULT_KEYS = {"incoming": "client", "outgoing": "config", "links": "link"}
# The argspec defaults of each kind, for the removals the run adds itself (purge, superseded objects).
REMOVAL_DEFAULTS = {"incoming": {"regenerate_secret": False},
                    "outgoing": {"provider": "generic", "update_secret": "when_changed"},
                    "links": {"relocate": True, "recreate": False}}


def _identity(kind, obj):
    """What identifies the remote application of an OAuth 2.0 object besides its name."""
    if kind == "incoming":
        uris = obj.get("redirect_uris")
        return tuple(sorted(set(uris))) if uris else None
    if obj.get("authorization_endpoint"):
        return obj["authorization_endpoint"]
    if obj.get("remote_url"):
        return authorize_endpoint(obj["remote_url"])
    return None


class ItemModule(object):
    """What a per-object resource sees of the module: one item's options plus the connection options."""

    def __init__(self, module, params):
        self.params = params
        self.check_mode = module.check_mode
        self._diff = module._diff
        self.warn = module.warn


class ItemFailed(AtlassianError):
    def __init__(self, message, fields, results):
        super(ItemFailed, self).__init__(message)
        self.fields = fields
        self.results = results


def _public(obj):
    """An object as `state` carries it: never a secret."""
    return dict((k, v) for k, v in (obj or {}).items() if k != "client_secret")


def minimal_diff(kind, name, before, after):
    """Only the keys that differ, masked like the modules' diffs (k8s-style), headed by kind and name."""
    before, after = before or {}, after or {}
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {"before_header": "%s %s" % (kind, name), "after_header": "%s %s" % (kind, name),
            "before": dict((k, before[k]) for k in changed if k in before) if before else {},
            "after": dict((k, after[k]) for k in changed if k in after) if after else {}}


def known_state(state):
    """current_state as the caches take it; InputError before any request when it is not a product_links state."""
    known = dict(state or {})
    if known.get("manifest") is not None and not isinstance(known["manifest"], dict):
        raise InputError("current_state", "manifest must be a dict (the state returned by product_links), got %s"
                         % type(known["manifest"]).__name__)
    for kind in KINDS:
        value = known.get(kind)
        if value is not None and (not isinstance(value, list) or not all(isinstance(o, dict) for o in value)):
            raise InputError("current_state", "%s must be a list of dicts (the state returned by product_links), "
                                              "got %s" % (kind, type(value).__name__))
    return known


class ProductLinks(object):
    """One run of product_links on one product."""

    def __init__(self, module, transport):
        self.module = module
        self.params = module.params
        self.transport = transport
        known = known_state(self.params.get("current_state"))
        self.facts = ProductFacts(transport, manifest=known.get("manifest"), warn=module.warn)
        self.apis = {
            "incoming": CachedIncomingApi(transport, known.get("incoming")),
            "outgoing": CachedOutgoingApi(transport, known.get("outgoing")),
            "links": CachedApplinksApi(transport, known.get("links"), self._remote_manifests()),
        }
        self.results, self.diffs, self.credentials = [], [], {}

    def _remote_manifests(self):
        known = {}
        for item in self.params.get("links") or []:
            if item.get("remote_id") and item.get("remote_url"):
                known[item["remote_url"].rstrip("/")] = {"id": item["remote_id"], "type": item.get("type"),
                                                          "url": item["remote_url"].rstrip("/")}
        return known

    # Input

    def validate(self):
        for kind in KINDS:
            names = [i["name"].strip() for i in self.params.get(kind) or [] if i.get("name")]
            duplicates = sorted(set(n for n in names if names.count(n) > 1))
            if duplicates:
                raise InputError(kind, "declares %s more than once" % ", ".join(repr(n) for n in duplicates))
        purged = self.params.get("purge") or []
        if purged and not any(self.params.get(kind) for kind in purged) and not self.params["purge_allow_empty"]:
            raise InputError("purge", "refusing to purge %s: every declared list of those kinds is empty (a missing "
                                      "or misspelled list would remove everything); set purge_allow_empty: true to "
                                      "remove them all on purpose" % ", ".join(purged))
        for kind, resource_class in (("incoming", IncomingClient), ("outgoing", OutgoingConfig),
                                     ("links", ApplicationLink)):
            for item in self.params.get(kind) or []:
                self._resource(kind, resource_class, item).validate()

    def _item_params(self, item):
        params = dict((k, v) for k, v in self.params.items() if k not in KINDS)
        params.update(item)
        return params

    def _resource(self, kind, resource_class, item):
        shim = ItemModule(self.module, self._item_params(item))
        if kind == "links":
            resource = resource_class(shim, self.transport)
            resource.api = self.apis["links"]
            return resource
        return resource_class(shim, self.transport, api=self.apis[kind], facts=self.facts)

    # Reading

    def _synthetic_ids(self):
        """Ids of the OAuth 2.0 entities the v3 list shows as generic links (contract §4.1), of the lists this
        run has; the others are told apart by their ids (generated generic link ids are version-3 UUIDs)."""
        return set(o["id"] for kind in ("incoming", "outgoing") for o in self.apis[kind].cache or [])

    def classic_links(self):
        synthetic = self._synthetic_ids()
        return [link for link in self.apis["links"].links()
                if link["id"] not in synthetic and not (link["type"] == "generic" and not is_v3_uuid(link["id"]))]

    def _needed_kinds(self):
        wanted = set(self.params.get("read") or [])
        wanted.update(kind for kind in KINDS if self.params.get(kind))
        wanted.update(self.params.get("purge") or [])
        if "links" in (self.params.get("purge") or []):
            wanted.update(("incoming", "outgoing"))  # never purge a synthetic OAuth 2.0 entry by mistake
        return [kind for kind in KINDS if kind in wanted]

    # Purge

    def purge_items(self):
        """(kind, item) removals for what the declared lists do not name; computed before any write."""
        exclude = set(self.params.get("purge_exclude") or [])
        found = []
        for kind in self.params.get("purge") or []:
            declared = set(i["name"].strip() for i in self.params.get(kind) or [])
            objects = self.classic_links() if kind == "links" else self.apis[kind].list()
            for obj in objects:
                if obj["name"] in declared or obj["name"] in exclude or obj.get("system"):
                    continue
                found.append((kind, dict(REMOVAL_DEFAULTS[kind], name=obj["name"], state="absent", purged=True)))
        limit = self.params["purge_max"]
        if len(found) > limit:
            listing = ", ".join("%s '%s'" % (kind, item["name"]) for kind, item in found)
            raise InputError("purge_max", "refusing to purge %d objects (purge_max is %d): %s. Declare the ones to "
                                          "keep, list them in purge_exclude, or raise purge_max for this run"
                             % (len(found), limit, listing))
        return found

    # Applying

    def superseded_items(self):
        """(kind, item) removals of the objects an `exclusive` item replaces: incoming links with the same
        redirect URIs, outgoing links with the same authorization endpoint, under another name (a renamed peer:
        its old objects must not keep working credentials)."""
        found = []
        for kind, key in (("incoming", "redirect_uris"), ("outgoing", "authorization_endpoint")):
            declared = set(i["name"].strip() for i in self.params.get(kind) or [])
            for item in self.params.get(kind) or []:
                if not item.get("exclusive") or item.get("state") == "absent":
                    continue
                want = _identity(kind, item)
                for obj in self.apis[kind].list():
                    if obj["name"] not in declared and want is not None and _identity(kind, obj) == want:
                        found.append((kind, dict(REMOVAL_DEFAULTS[kind], name=obj["name"], state="absent",
                                                 superseded_by=item["name"])))
        return found

    def _plan(self):
        items = dict((kind, list(self.params.get(kind) or [])) for kind in KINDS)
        planned = []
        purged = self.purge_items()
        names = set((k, i["name"]) for k, i in purged)
        purged += [(k, i) for k, i in self.superseded_items() if (k, i["name"]) not in names]
        for kind, removals in ORDER:
            for item in items[kind]:
                if (item.get("state") == "absent") == removals:
                    planned.append((kind, item))
            if removals:
                planned.extend((k, i) for k, i in purged if k == kind)
        return planned

    def _apply(self, kind, item):
        resource_class = {"incoming": IncomingClient, "outgoing": OutgoingConfig, "links": ApplicationLink}[kind]
        resource = self._resource(kind, resource_class, item)
        step = _Step()
        try:
            outcome = ensure(resource.module, resource, step)
        except AtlassianError as exc:
            return None, describe_failure(step, resource, exc), failure_fields(exc)
        return outcome, None, None

    def _keep_cache_current(self, kind, name, obj, action):
        """Check mode writes nothing, so the lists learn the predicted object here (real writes update them in
        the cached APIs already); `state` then shows what the run would leave."""
        if not self.module.check_mode or action == "none":
            return
        api = self.apis[kind]
        if api.cache is None:
            return
        if kind == "links":
            kept = [w for w in api.cache if w.get("name") != name]
            api.cache = kept + ([link_to_wire(obj)] if action != "delete" and obj else [])
            if obj and obj.get("auth"):
                api.auth[obj["id"]] = obj["auth"]
            return
        kept = [o for o in api.cache if o.get("name") != name]
        api.cache = kept + ([dict(obj)] if action != "delete" and obj else [])

    def _record(self, kind, item, outcome):
        obj = outcome.get(RESULT_KEYS[kind]) or {}
        self._keep_cache_current(kind, item["name"].strip(), obj, outcome["action"])
        row = {"kind": kind, "name": item["name"].strip(), "action": outcome["action"],
               "changed": outcome["changed"], "state": "purged" if item.get("purged") else item.get("state")}
        for key in ("id", "client_id", "secret_fingerprint"):
            if obj.get(key) is not None:
                row[key] = obj[key]
        if outcome.get("redirect_uri"):
            row["redirect_uri"] = outcome["redirect_uri"]
        if "diff" in outcome and outcome["changed"]:
            diff = minimal_diff(kind, row["name"], outcome["diff"]["before"], outcome["diff"]["after"])
            row["diff"] = {"before": diff["before"], "after": diff["after"]}
            self.diffs.append(diff)
        if kind == "incoming" and obj.get("client_secret") is not None and item.get("state") != "absent":
            self.credentials[row["name"]] = {"client_id": obj["client_id"], "client_secret": obj["client_secret"],
                                             "secret_fingerprint": obj.get("secret_fingerprint")}
        self.results.append(row)

    def _credentials_for_unchanged(self):
        """return_secrets: the secret of every declared incoming link, also those this run did not change."""
        api = self.apis["incoming"]
        for item in self.params.get("incoming") or []:
            name = item["name"].strip()
            if item.get("state") == "absent" or name in self.credentials:
                continue
            client = api.find_by_name(name)
            if client is None:  # check mode and no such client: nothing real to hand out
                continue
            secret = api.secret_of(client)
            self.credentials[name] = {"client_id": client["client_id"], "client_secret": secret,
                                      "secret_fingerprint": client.get("secret_fingerprint")}

    def _warn_native(self, manifest):
        if (self.params.get("incoming") or self.params.get("outgoing")) and \
                native_oauth2_applinks(manifest.get("type"), manifest.get("version")):
            self.module.warn("%s %s has OAuth 2.0 as an authentication type of Atlassian application links; this "
                             "run builds OAuth 2.0 links from incoming and outgoing links (provider and client), "
                             "which work on this version too, so the UI lists each peer as an external "
                             "application. The REST calls of the native flavour are not published."
                             % (manifest.get("name") or manifest.get("type"), manifest.get("version")))

    def run(self):
        self.validate()
        manifest = self.facts.manifest()
        base_url = self.facts.base_url()
        self._warn_native(manifest)
        for kind in self._needed_kinds():
            self.apis[kind].list()
        before = self.snapshot()
        failed = []
        for kind, item in self._plan():
            params = dict(item)
            params.setdefault("state", "present")
            outcome, message, fields = self._apply(kind, params)
            if outcome is None:
                row = {"kind": kind, "name": params["name"], "action": "none", "changed": False, "failed": True,
                       "msg": message}
                self.results.append(row)
                failed.append((message, fields))
                if not self.params["continue_on_error"]:
                    break
                continue
            self._record(kind, params, outcome)
        if self.params["return_secrets"] and not failed:
            self._credentials_for_unchanged()
        result = {"changed": any(r["changed"] for r in self.results), "results": self.results,
                  "state": self.snapshot(), "base_url": base_url,
                  "redirect_uris": dict((r["name"], r["redirect_uri"]) for r in self.results
                                        if r["kind"] == "outgoing" and r.get("redirect_uri")),
                  "credentials": self.credentials}
        result["state_before"] = before
        if self.module._diff:
            result["diff"] = self.diffs
        if failed and not self.params["continue_on_error"]:
            raise ItemFailed(failed[0][0], failed[0][1] or {}, result)
        return result

    def snapshot(self):
        """The product as this run knows it, without secrets: the `state` to hand to a later call."""
        state = {"manifest": self.facts.manifest(), "base_url": self.facts.base_url()}
        for kind in ("incoming", "outgoing"):
            if self.apis[kind].cache is not None:
                state[kind] = sorted((_public(o) for o in self.apis[kind].cache), key=lambda o: o["name"])
        if self.apis["links"].cache is not None:
            state["links"] = sorted(self.classic_links(), key=lambda o: o["name"])
        return state


def run_product_links(module):
    """The module's one catch site. A failure keeps the results and state so far, never the credentials."""
    runner = None
    try:
        validate_connection(module.params)
        runner = ProductLinks(module, transport_from_params(module.params, warn=module.warn))
        result = runner.run()
    except InputError as exc:
        module.fail_json(msg="Invalid option %s" % exc, option=exc.option)
    except ItemFailed as exc:
        partial = dict((k, v) for k, v in exc.results.items() if k != "credentials")
        partial.update(exc.fields)
        module.fail_json(msg=str(exc), **partial)
    except AtlassianError as exc:
        module.fail_json(msg="Failed to read the links of the product: %s" % exc, **failure_fields(exc))
    module.exit_json(**result)
