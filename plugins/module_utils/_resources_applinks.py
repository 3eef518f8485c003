# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource of application_link (a classic application link), declared for the ensure engine.

Identity (contract §2.8, §4.1):
- Atlassian types: the link id is the remote's server id, read from the remote's manifest (anonymous GET to
  the remote itself, not to this product). Match that id in the v3 list, else the name.
- generic: match the name, else the id the product derives from the rpcUrl (§2.8).
- The v3 list also holds synthetic entries for OAuth 2.0 clients and configs (type generic, random ids that
  are not in the applink store). A name candidate that could be one (type generic, id not a version-3 UUID)
  is only taken after GET /applinks/{id} confirms it is a real link (synthetic ids answer 404); candidates
  that cannot be synthetic are preferred, so a no-op run still costs one GET (plus status/{id}/oauth when
  the auth levels are managed).
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
    ATLASSIAN_TYPES, ApplinksApi, auth_from_wire, generic_link_id, is_v3_uuid, link_from_wire, manifest_url,
    type_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import changed_fields, norm_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import Resource
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import (
    AtlassianError, HttpError, InputError, TransportError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._link_table import build_rows, version_text
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_client import OutgoingConfigApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_provider import IncomingClientApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._transport import Transport
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._validate import check_name, check_url

AUTH_OPTIONS = (("incoming", "incoming_auth"), ("outgoing", "outgoing_auth"))
# Fields changed in place with v3 PUT /applinks/{id}.
V3_FIELDS = ("name", "display_url", "primary")


class RemoteUnreachable(TransportError):
    """The remote application's manifest could not be read."""


def maybe_synthetic(wire):
    """Whether a v3 list entry could be a synthetic OAuth 2.0 entry (contract §4.1)."""
    return wire.get("type") == "generic" and not is_v3_uuid(wire.get("id"))


class ApplicationLink(Resource):
    kind = "application link"
    normalizers = {"remote_url": norm_url, "display_url": norm_url}

    def __init__(self, module, transport):
        super(ApplicationLink, self).__init__(module, transport)
        self.api = ApplinksApi(transport)
        self.remote = None     # the remote's manifest (Atlassian types)
        self.links = []        # the raw v3 list
        self.current = None

    # Options

    @property
    def atlassian(self):
        return self.params.get("type") in ATLASSIAN_TYPES

    def wanted_auth(self):
        """{'incoming': level or None, 'outgoing': level or None}; None = not managed."""
        return dict((direction, self.params.get(option)) for direction, option in AUTH_OPTIONS)

    def auth_managed(self):
        return self.params["state"] == "present" and any(v is not None for v in self.wanted_auth().values())

    def validate(self):
        p = self.params
        check_name("name", self.name)
        check_url("remote_url", p.get("remote_url"))
        check_url("display_url", p.get("display_url"))
        if p["state"] == "present" and p.get("type") == "generic":
            for _direction, option in AUTH_OPTIONS:
                if p.get(option) is not None:
                    raise InputError(option, "OAuth 1.0 levels apply to links of Atlassian types (jira, confluence, "
                                             "bitbucket, ...), not to type generic; link a non-Atlassian "
                                             "application with OAuth 2.0 (modules oauth2_incoming and "
                                             "oauth2_outgoing)")

    # Reading

    def _read_remote_manifest(self, remote_url):
        try:
            manifest = self.api.remote_manifest(remote_url)
        except (TransportError, HttpError, ValueError) as exc:
            reason = str(exc).replace("; check the url option", "")
            raise RemoteUnreachable("cannot read the application manifest at %s (remote_url): %s. A link of type "
                                    "'%s' takes its id from the remote's manifest, so the remote must be "
                                    "reachable from the controller" % (manifest_url(remote_url), reason,
                                                                       self.params["type"]))
        if manifest["type"] != self.params["type"]:
            raise InputError("type", "the application at %s is of type '%s' (from its manifest), not '%s'"
                             % (remote_url, manifest["type"], self.params["type"]))
        return manifest

    def _by_name(self):
        candidates = [w for w in self.links if w.get("name") == self.name]
        for wire in candidates:
            if not maybe_synthetic(wire):
                return wire
        for wire in candidates:  # could be an OAuth 2.0 entry: only a real link answers GET /applinks/{id}
            if self.api.get(wire.get("id")) is not None:
                return wire
        return None

    def _by_id(self, link_id):
        for wire in self.links:
            if wire.get("id") == link_id:
                return wire
        return None

    def _match(self):
        p = self.params
        if self.remote:
            found = self._by_id(self.remote["id"])
            if found is not None:
                return found
        found = self._by_name()
        if found is None and p.get("type") in ("generic", None) and p.get("remote_url"):
            found = self._by_id(generic_link_id(p["remote_url"]))
        return found

    def find(self):
        p = self.params
        if self.atlassian and p.get("remote_url"):
            try:
                self.remote = self._read_remote_manifest(p["remote_url"])
            except RemoteUnreachable:
                if p["state"] == "present":
                    raise
                self.module.warn("the remote application is not reachable; matching the link by name only")
        self.links = self.api.list()
        wire = self._match()
        if wire is None:
            return None
        current = link_from_wire(wire)
        if self.auth_managed() and current["type"] in ATLASSIAN_TYPES and not current["system"]:
            current["auth"] = self.api.oauth_status(current["id"])
        self.current = current
        return current

    def desired(self):
        p = self.params
        primary = p.get("primary")
        cur = self.current
        if primary is False and cur and cur["primary"] and cur["type"] == p["type"]:
            # The product only moves the primary flag to another link; it never clears it (§4.1).
            self.module.warn("link '%s' stays the primary %s link: the product keeps one primary link per type; "
                             "set primary: true on another link of that type instead" % (self.name, p["type"]))
            primary = None
        return {"id": self.remote["id"] if self.remote else None, "name": self.name, "type": p["type"],
                "remote_url": norm_url(p["remote_url"]), "display_url": norm_url(self._display()), "primary": primary}

    def forced(self, current):
        have = current.get("auth") or {}
        if any(level is not None and have.get(d) != level for d, level in self.wanted_auth().items()):
            return ["auth"]
        return []

    def _replaces(self, current, desired):
        """Whether reaching `desired` needs a new link (delete + create) rather than an in-place change."""
        if current is None:
            return True
        if desired["id"] is not None and current["id"] != desired["id"]:
            return True
        if current["type"] != desired["type"]:
            return True
        moved = norm_url(current["remote_url"]) != desired["remote_url"]
        return moved and not self.params["relocate"]

    # Writing

    def _display(self):
        return self.params.get("display_url") or self.params["remote_url"]

    def _apply_auth(self, link_id, have):
        """Set the managed levels; the PUT needs both directions, so the unmanaged one keeps its value."""
        want = self.wanted_auth()
        if have is None:
            have = self.api.oauth_status(link_id)
        merged = dict((d, want[d] if want[d] is not None else have[d]) for d in want)
        if merged == have:
            return have
        self.api.set_oauth_status(link_id, merged)
        return self.api.oauth_status(link_id)

    def create(self, desired):
        p = self.params
        link_id = self.api.create(type_to_wire(p["type"]), self.name, p["remote_url"], self._display(),
                                  link_id=desired["id"])
        if desired["primary"]:
            wire = self.api.update(link_id, self.name, p["remote_url"], self._display(), True)
        else:
            wire = self.api.get(link_id)
        link = link_from_wire(wire) if wire else self.predict(None, desired)
        if self.auth_managed():
            link["auth"] = self._apply_auth(link_id, None)
        return link

    def update(self, current, desired, changes):
        if self._replaces(current, desired):
            self.api.delete(current["id"])
            return self.create(desired)
        link = dict((k, v) for k, v in current.items() if k != "auth")
        moved = "remote_url" in changes
        if moved:
            self.api.relocate(current["id"], self.params["remote_url"])
            link.update(remote_url=self.params["remote_url"], display_url=self.params["remote_url"])
        want = dict((k, desired[k]) for k in V3_FIELDS)
        if changed_fields(link, want, self.normalizers):
            primary = desired["primary"] if desired["primary"] is not None else link["primary"]
            link = link_from_wire(self.api.update(current["id"], self.name, link["remote_url"], self._display(),
                                                  primary))
        elif moved:
            link = link_from_wire(self.api.get(current["id"]))
        if "auth" in changes:
            link["auth"] = self._apply_auth(current["id"], current.get("auth"))
        elif "auth" in current:
            link["auth"] = current["auth"]
        return link

    def delete(self, current):
        self.api.delete(current["id"])

    def predict(self, current, desired):
        p = self.params
        if self._replaces(current, desired):
            predicted = {"id": desired["id"] or generic_link_id(p["remote_url"]), "system": False, "primary": False}
            have_auth = {"incoming": "disabled", "outgoing": "disabled"}
        else:
            predicted = dict(current)
            have_auth = current.get("auth") or {}
        predicted.update(dict((k, v) for k, v in desired.items() if v is not None))
        if self.auth_managed():
            predicted["auth"] = dict((d, level if level is not None else have_auth.get(d))
                                     for d, level in self.wanted_auth().items())
        return predicted

    def result(self, resource):
        if not resource:
            return {"link": {}}
        out = {"link": dict((k, v) for k, v in resource.items() if k != "auth")}
        if "auth" in resource:
            out["auth"] = resource["auth"]
        return out


class LinkTable(Resource):
    """What application_link_info reads: the page "View application links" and the entities behind it.

    Requests: this product's manifest, the v3 list, the OAuth 2.0 client and config lists, then per classic
    (non-system) link one GET: status/{id} with `status`, else status/{id}/oauth (for the direction).
    """

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

    def _oauth2(self):
        """(clients, configs, readable): OAuth 2.0 entities; a 401 (not a system administrator) -> warning."""
        try:
            clients = IncomingClientApi(self.transport).list()
            configs = OutgoingConfigApi(self.transport).list()
        except HttpError as exc:
            if exc.status not in (401, 403):
                raise
            self.module.warn("OAuth 2.0 incoming and outgoing links are not listed: the OAuth 2.0 APIs need a "
                             "system administrator (%s)" % exc)
            return [], [], False
        return clients, configs, True

    def _classic(self, entries, synthetic_ids, oauth2_readable):
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
            if not oauth2_readable and maybe_synthetic(wire) and self.api.get(link["id"]) is None:
                continue
            version = version_text((wire.get("data") or {}).get("applicationVersion"))
            links.append({"link": link, "version": version})
        return links

    def _details(self, entry):
        link = entry["link"]
        if link["system"]:
            return
        if self.params["status"]:
            entry["status"] = self.api.status(link["id"])
            entry["auth"] = auth_from_wire(entry["status"].get("localAuthentication"))
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
                           timeout=min(p["timeout"], 10), retries=0)
        try:
            return ApplinksApi(remote).remote_manifest(remote_url).get("version")
        except (AtlassianError, ValueError):
            return None

    def gather(self):
        p = self.params
        manifest = self.api.manifest()
        entries = self.api.list(data=("applicationVersion",))
        clients, configs, readable = self._oauth2()
        synthetic_ids = set(e["id"] for e in clients + configs)
        classic = self._classic(entries, synthetic_ids, readable)
        for entry in classic:
            self._details(entry)
        if p.get("type") not in (None, "generic"):
            clients, configs = [], []
        if p.get("name") is not None:
            clients = [c for c in clients if c["name"] == p["name"]]
            configs = [c for c in configs if c["name"] == p["name"]]
        if not p["include_secrets"]:
            clients = [dict((k, v) for k, v in c.items() if k != "client_secret") for c in clients]
        rows = build_rows(classic, clients, configs)
        result = {"changed": False, "manifest": manifest, "links": [e["link"] for e in classic],
                  "oauth2_incoming": clients, "oauth2_outgoing": configs, "applications": rows}
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
