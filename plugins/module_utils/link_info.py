# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module application_link_info: the page "View application links" of one product, read through the state
reader, plus the entities behind it and the product they are on (REST reference §2.3, §12.1).

Requests, all GETs: the manifest, the v3 list, the OAuth 2.0 incoming and outgoing lists, then
- with `status`: status/{id} per application link (not system links; it carries the OAuth levels too);
- else the OAuth 1.0a levels (reader.levels: one listApplicationlinks for two or more links).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

try:
    import jmespath
    from jmespath.exceptions import JMESPathError
    HAS_JMESPATH = True
    JMESPATH_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by application_link_info
    HAS_JMESPATH = False
    JMESPATH_IMPORT_ERROR = exc

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.incoming_links import (
    BASE as PROVIDER_BASE)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.outgoing_links import (
    BASE as CLIENT_BASE)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.api.application_links import ApplicationLinksApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_name
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.link_table import (
    EXTERNAL_LABEL, GENERIC_LABEL, build_rows, version_text)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import auth_from_wire
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import (
    ATLASSIAN_TYPES, product_report)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.reader import StateReader
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import read_or_fail, run
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.connection import anonymous_transport
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AtlassianError, HttpError, InputError, NotFoundError)


def compile_query(query):
    """A compiled JMESPath expression (the module has checked that jmespath is installed)."""
    try:
        return jmespath.compile(query)
    except JMESPathError as exc:
        raise InputError("query", "is not a valid JMESPath expression: %s" % " ".join(str(exc).split()))


class LinkInfo(object):
    def __init__(self, module, transport):
        self.module = module
        self.params = module.params
        self.transport = transport
        self.reader = StateReader(transport, warn=module.warn)

    def _oauth2_list(self, kind, path, role):
        """The list, and whether the API answered: True, False (no such API: 404, the plugin is absent, so it
        adds no synthetic entries either: the empty list is complete), None (not permitted: 401/403)."""
        try:
            return self.reader.read(kind), True
        except NotFoundError:
            self.module.warn("the product has no OAuth 2.0 %s API at %s (HTTP 404): its OAuth 2.0 %s links are not "
                             "listed" % (role, path, kind))
            self.reader.state.lists[kind] = []
            return [], False
        except HttpError as exc:
            if exc.status not in (401, 403):
                raise
            self.module.warn("OAuth 2.0 incoming and outgoing links are not listed: the OAuth 2.0 APIs need a "
                             "system administrator (%s)" % exc)
            return [], None

    def _details(self, entry, levels_by_id):
        link = entry["link"]
        if self.params["status"]:
            entry["status"] = self.reader.apis["links"].status(link["id"])
            entry["auth"] = auth_from_wire(entry["status"].get("localAuthentication"))
        else:
            entry["auth"] = levels_by_id[link["id"]]
        if entry["version"] is None and link["type"] in ATLASSIAN_TYPES:
            entry["version"] = self._remote_version(link["remote_url"])

    def _remote_version(self, remote_url):
        """The version in the remote's own manifest (best effort, one try, short timeout), or None."""
        if not remote_url:
            return None
        remote = anonymous_transport(self.params, remote_url, timeout=min(self.params["timeout"], 10), retries=0)
        try:
            return ApplicationLinksApi(remote).remote_manifest(remote_url).get("version")
        except (AtlassianError, ValueError):
            return None

    def gather(self):
        p = self.params
        manifest = self.reader.manifest()
        entries = self.reader.apis["links"].list(data=("applicationVersion",))
        versions = dict((e.get("id"), version_text((e.get("data") or {}).get("applicationVersion")))
                        for e in entries)
        clients, provider_api = self._oauth2_list("incoming", PROVIDER_BASE + "/client", "provider")
        configs, client_api = [], None
        if provider_api is not None:
            configs, client_api = self._oauth2_list("outgoing", CLIENT_BASE + "/config", "client")
        state = self.reader.state
        order = dict((e.get("id"), index) for index, e in enumerate(entries))
        state.set_links(entries)
        if p.get("type") in (None, "generic"):
            self.reader.confirm_links(None if p.get("name") is None else set([p["name"]]))
        links = sorted((l for l in state.lists["links"] if (p.get("name") is None or l["name"] == p["name"])
                        and (p.get("type") is None or l["type"] == p["type"])), key=lambda l: order[l["id"]])
        entries = [{"link": link, "version": versions.get(link["id"])} for link in links]
        detailed = [e for e in entries if not e["link"]["system"]]
        if not p["status"]:
            self.reader.levels([e["link"] for e in detailed])
        for entry in detailed:
            self._details(entry, dict((l["id"], l.get("auth")) for l in state.lists["links"]))
        if p.get("type") not in (None, "generic"):
            clients, configs = [], []
        if p.get("name") is not None:
            clients = [c for c in clients if c["name"] == p["name"]]
            configs = [c for c in configs if c["name"] == p["name"]]
        if not p["include_secrets"]:
            clients = [dict((k, v) for k, v in c.items() if k != "client_secret") for c in clients]
        product = product_report(manifest, provider_api, client_api)
        # On a line with native OAuth 2.0 links the UI lists the §11 construction as an external application.
        label = EXTERNAL_LABEL if product["native_oauth2_applinks"] else GENERIC_LABEL
        rows = build_rows(entries, clients, configs, oauth2_label=label)
        result = {"changed": False, "manifest": manifest, "product": product,
                  "links": [dict((k, v) for k, v in e["link"].items() if k != "auth") for e in entries],
                  "oauth2_incoming": clients, "oauth2_outgoing": configs, "applications": rows}
        if p.get("query") is not None:
            result["query_result"] = compile_query(p["query"]).search(rows)
        return result


def run_link_info(module):
    def work(module, transport):
        if module.params.get("name") is not None:
            check_name("name", module.params["name"])
        if module.params.get("query") is not None:
            compile_query(module.params["query"])
        return read_or_fail("application links", LinkInfo(module, transport).gather)
    run(module, work)
