# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource of application_link_info: the page "View application links", the entities behind it and the
product they are on (version, OAuth 2.0 APIs, native OAuth 2.0 application links; REST reference §2.3, §12.1).

Requests, all GETs: this product's manifest, the v3 list, the OAuth 2.0 client and config lists, then
- with `status`: status/{id} per classic (non-system) link (it carries the OAuth levels too);
- else: one listApplicationlinks for the OAuth levels of every link when two or more links need them, or
  status/{id}/oauth for a single link.
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

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import (
    ATLASSIAN_TYPES, ApplinksApi, auth_from_wire, link_from_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import Resource
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AtlassianError, HttpError, InputError, NotFoundError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._link_table import (
    EXTERNAL_LABEL, GENERIC_LABEL, build_rows, version_text)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_client import (
    BASE as CLIENT_BASE, OutgoingConfigApi)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_provider import (
    BASE as PROVIDER_BASE, IncomingClientApi)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_versions import product_report
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_applinks import maybe_synthetic
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import Transport
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_name


class LinkTable(Resource):
    """What application_link_info reads (see the module docstring for the requests)."""

    kind = "application links"

    def __init__(self, module, transport):
        super(LinkTable, self).__init__(module, transport)
        self.api = ApplinksApi(transport)
        self.compiled = None

    @property
    def name(self):  # a filter, not an identity: errors read "Failed to read application links: ..."
        return None

    def validate(self):
        p = self.params
        if p.get("name") is not None:
            check_name("name", p["name"])
        if p.get("query") is not None:
            self.compiled = compile_query(p["query"])

    def _oauth2_list(self, api, path, role):
        """(entities, state): state True (read), False (no such API: 404), None (not permitted: 401/403)."""
        try:
            return api.list(), True
        except NotFoundError:
            self.module.warn("the product has no OAuth 2.0 %s API at %s (HTTP 404): its OAuth 2.0 %s links are "
                             "not listed" % (role, path, "incoming" if role == "provider" else "outgoing"))
            return [], False
        except HttpError as exc:
            if exc.status not in (401, 403):
                raise
            self.module.warn("OAuth 2.0 incoming and outgoing links are not listed: the OAuth 2.0 APIs need a "
                             "system administrator (%s)" % exc)
            return [], None

    def _oauth2(self):
        """(clients, configs, provider_api, client_api); the second list is not read after a refusal."""
        clients, provider_api = self._oauth2_list(IncomingClientApi(self.transport), PROVIDER_BASE + "/client",
                                                  "provider")
        if provider_api is None:
            return [], [], None, None
        configs, client_api = self._oauth2_list(OutgoingConfigApi(self.transport), CLIENT_BASE + "/config",
                                                "client")
        return clients, configs, provider_api, client_api

    def _classic(self, entries, synthetic_ids, oauth2_known):
        """Real links of the v3 list, filtered; without the OAuth 2.0 lists, doubtful entries are checked."""
        p = self.params
        links = []
        for wire in entries:
            if wire.get("id") in synthetic_ids:
                continue
            link = link_from_wire(wire)
            if p.get("name") is not None and link["name"] != p["name"]:
                continue
            if p.get("type") is not None and link["type"] != p["type"]:
                continue
            if not oauth2_known and maybe_synthetic(wire) and self.api.get(link["id"]) is None:
                continue
            version = version_text((wire.get("data") or {}).get("applicationVersion"))
            links.append({"link": link, "version": version})
        return links

    def _levels(self, classic):
        """{link_id: levels} of every link from one listApplicationlinks when that saves requests, else None."""
        if self.params["status"] or len([e for e in classic if not e["link"]["system"]]) < 2:
            return None
        try:
            return self.api.list_auth()
        except NotFoundError:
            return None  # read per link instead

    def _details(self, entry, levels):
        link = entry["link"]
        if link["system"]:
            return
        if self.params["status"]:
            entry["status"] = self.api.status(link["id"])
            entry["auth"] = auth_from_wire(entry["status"].get("localAuthentication"))
        elif levels is not None and link["id"] in levels:
            entry["auth"] = levels[link["id"]]
        else:
            entry["auth"] = self.api.oauth_status(link["id"])
        if entry["version"] is None and link["type"] in ATLASSIAN_TYPES:
            entry["version"] = self._remote_version(link["remote_url"])

    def _remote_version(self, remote_url):
        """The version in the remote's own manifest (best effort, one try, short timeout), or None."""
        if not remote_url:
            return None
        p = self.params
        remote = Transport(remote_url, validate_certs=p["validate_certs"], ca_path=p.get("ca_path"),
                           timeout=min(p["timeout"], 10), retries=0, use_proxy=p.get("use_proxy", True))
        try:
            return ApplinksApi(remote).remote_manifest(remote_url).get("version")
        except (AtlassianError, ValueError):
            return None

    def gather(self):
        p = self.params
        manifest = self.api.manifest()
        entries = self.api.list(data=("applicationVersion",))
        clients, configs, provider_api, client_api = self._oauth2()
        synthetic_ids = set(e["id"] for e in clients + configs)
        # A 404 means the plugin is absent, so it adds no synthetic entries either: the lists are complete.
        classic = self._classic(entries, synthetic_ids, provider_api is not None and client_api is not None)
        levels = self._levels(classic)
        for entry in classic:
            self._details(entry, levels)
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
        rows = build_rows(classic, clients, configs, oauth2_label=label)
        result = {"changed": False, "manifest": manifest, "product": product,
                  "links": [e["link"] for e in classic], "oauth2_incoming": clients, "oauth2_outgoing": configs,
                  "applications": rows}
        if self.compiled is not None:
            result["query_result"] = self.compiled.search(rows)
        return result


def compile_query(query):
    """A compiled JMESPath expression (the module has checked that jmespath is installed)."""
    try:
        return jmespath.compile(query)
    except JMESPathError as exc:
        raise InputError("query", "is not a valid JMESPath expression: %s" % " ".join(str(exc).split()))


def gather_info(module, resource, step):
    return resource.gather()
