# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource of application_link (a classic application link), declared for the ensure engine.

Identity (REST reference §2.8, §4.1):
- Atlassian types: the link id is the remote's server id, read from the remote's manifest (anonymous GET to
  the remote itself, not to this product). Match that id in the v3 list, else the name.
- generic: match the name, else the id the product derives from the rpcUrl (§2.8).
- state absent deletes only a link of that name; a link found by id under another name is kept (a warning
  says which). state present renames a link found by id, with a warning.
- A change that needs delete + create (type, id, relocate: false with a new URL) needs recreate: true.
- The v3 list also holds synthetic entries for OAuth 2.0 clients and configs (type generic, random ids that
  are not in the applink store). A name candidate that could be one (type generic, id not a version-3 UUID)
  is only taken after GET /applinks/{id} confirms it is a real link (synthetic ids answer 404); candidates
  that cannot be synthetic are preferred, so a no-op run still costs one GET (plus status/{id}/oauth when
  the auth levels are managed).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import (
    ATLASSIAN_TYPES, ApplinksApi, generic_link_id, is_v3_uuid, link_from_wire, manifest_url, type_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import changed_fields, norm_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import Resource
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AtlassianError, HttpError, InputError, TransportError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_name, check_url

AUTH_OPTIONS = (("incoming", "incoming_auth"), ("outgoing", "outgoing_auth"))
# Fields changed in place with v3 PUT /applinks/{id}.
V3_FIELDS = ("name", "display_url", "primary")


# What deleting a link loses (the warning of a replacement).
LOST_ON_DELETE = ("its entity links (project and space links), the OAuth tokens users granted through it, its "
                  "primary flag, and the pairing with the remote's reciprocal link (link the remote side again)")


class RemoteUnreachable(TransportError):
    """The remote application's manifest could not be read."""


class ReplacementFailed(AtlassianError):
    """The old link of a replacement was deleted, and creating the new one failed."""

    def __init__(self, old, exc):
        self.status = getattr(exc, "status", None)
        super(ReplacementFailed, self).__init__(
            "deleted the link (id %s) to replace it, then creating the new link failed: %s. The link is gone "
            "now: fix the cause and run the task again to create it" % (old["id"], exc))


def maybe_synthetic(wire):
    """Whether a v3 list entry could be a synthetic OAuth 2.0 entry (REST reference §4.1)."""
    return wire.get("type") == "generic" and not is_v3_uuid(wire.get("id"))


def replacement_reason(current, desired, relocate):
    """Why reaching `desired` needs a new link (delete + create) instead of an in-place change, or None."""
    reasons = []
    if current["type"] != desired["type"]:
        reasons.append("is of type '%s', not '%s' (the type of a link cannot be changed)"
                       % (current["type"], desired["type"]))
    if desired["id"] is not None and current["id"] != desired["id"]:
        reasons.append("has another id than the one the remote's manifest gives (%s)" % desired["id"])
    if norm_url(current["remote_url"]) != desired["remote_url"] and not relocate:
        reasons.append("points at %s, not %s, and relocate is false"
                       % (current["remote_url"], desired["remote_url"]))
    return " and ".join(reasons) or None


class ApplicationLink(Resource):
    kind = "application link"
    normalizers = {"remote_url": norm_url, "display_url": norm_url}

    def __init__(self, module, transport):
        super(ApplicationLink, self).__init__(module, transport)
        self.api = ApplinksApi(transport)
        self.remote = None     # the remote's manifest (Atlassian types)
        self.links = []        # the raw v3 list
        self.current = None
        self.wanted = None     # what desired() returned
        self.action = None     # create / update / replace / delete / none, when known before the write
        self.forced_reasons = []

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
                                             "bitbucket, ...), not to type generic; give a non-Atlassian "
                                             "application OAuth 1.0a consumers with the module "
                                             "oauth1_external_app, or link it with OAuth 2.0 (modules "
                                             "oauth2_incoming and oauth2_outgoing)")

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

    def _by_identity(self):
        """(wire, what its id is) of the link that the remote's server id or the §2.8 id of remote_url finds."""
        p = self.params
        if self.remote:
            found = self._by_id(self.remote["id"])
            if found is not None:
                return found, "the remote's server id"
        if p.get("type") in ("generic", None) and p.get("remote_url"):
            found = self._by_id(generic_link_id(p["remote_url"]))
            if found is not None:
                return found, "the id of its remote_url"
        return None, None

    def _match_absent(self):
        """Only a link of this name is deleted; one found by id under another name is kept, with a warning."""
        found = self._by_name()
        if found is None:
            other, how = self._by_identity()
            if other is not None:
                self.module.warn("no link is named '%s'; link '%s' (id %s, found by %s) was not deleted: state "
                                 "absent deletes only a link of that name" % (self.name, other.get("name"),
                                                                              other.get("id"), how))
        return found

    def _match_present(self):
        found, how = self._by_identity()
        if found is None or found.get("name") == self.name:
            return found if found is not None else self._by_name()
        named = self._by_name()
        if named is not None and not self.remote:
            return named  # generic: a link of this name comes before the id of remote_url
        if named is not None:
            raise InputError("name", "link '%s' (id %s) is the link to the remote's server id, and another link "
                                     "(id %s) is named '%s'; delete or rename one of them first"
                             % (found.get("name"), found.get("id"), named.get("id"), self.name))
        self.module.warn("renaming link '%s' (id %s, found by %s) to '%s'"
                         % (found.get("name"), found.get("id"), how, self.name))
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
        if p["state"] == "absent":
            wire = self._match_absent()
            self.action = "delete" if wire is not None else "none"
        else:
            wire = self._match_present()
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
        # Unset display_url: not managed on an existing link; on create it defaults to remote_url.
        display = p.get("display_url") or (None if cur else p["remote_url"])
        self.wanted = {"id": self.remote["id"] if self.remote else None, "name": self.name, "type": p["type"],
                       "remote_url": norm_url(p["remote_url"]), "display_url": norm_url(display), "primary": primary}
        if cur is None:
            self.action = "create"
        return self.wanted

    def _new_id(self, desired):
        return desired["id"] or generic_link_id(self.params["remote_url"])

    def forced(self, current):
        reasons = []
        why = replacement_reason(current, self.wanted, self.params["relocate"])
        if why is not None:
            if not self.params["recreate"]:
                raise InputError("recreate", "link '%s' (id %s) %s; that can only be changed by deleting the link "
                                             "and creating a new one, which loses %s. Set recreate: true to allow "
                                             "it" % (current["name"], current["id"], why, LOST_ON_DELETE))
            self.module.warn("replacing link '%s' (id %s) with a new link (id %s) because it %s: deleting it loses "
                             "%s" % (current["name"], current["id"], self._new_id(self.wanted), why, LOST_ON_DELETE))
            self.action = "replace"
            reasons.append("replace")
        have = current.get("auth") or {}
        if any(level is not None and have.get(d) != level for d, level in self.wanted_auth().items()):
            reasons.append("auth")
        self.forced_reasons = reasons
        return reasons

    def _replaces(self, current, desired):
        """Whether reaching `desired` needs a new link (delete + create) rather than an in-place change."""
        return current is None or replacement_reason(current, desired, self.params["relocate"]) is not None

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

    def _create(self, desired):
        """The create request alone; returns the new id."""
        p = self.params
        return self.api.create(type_to_wire(p["type"]), self.name, p["remote_url"], self._display(),
                               link_id=desired["id"])

    def _configure(self, link_id, desired):
        """A new link: primary when wanted, the managed auth levels; returns the link read back."""
        p = self.params
        if desired["primary"]:
            wire = self.api.update(link_id, self.name, p["remote_url"], self._display(), True)
        else:
            wire = self.api.get(link_id)
        link = link_from_wire(wire) if wire else self.predict(None, desired)
        if self.auth_managed():
            link["auth"] = self._apply_auth(link_id, None)
        return link

    def create(self, desired):
        return self._configure(self._create(desired), desired)

    def _replace(self, current, desired):
        self.api.delete(current["id"])
        try:
            link_id = self._create(desired)
        except AtlassianError as exc:
            raise ReplacementFailed(current, exc)
        # The new link exists from here on: a later failure is an ordinary one that a new run repairs.
        return self._configure(link_id, desired)

    def update(self, current, desired, changes):
        if self._replaces(current, desired):
            return self._replace(current, desired)
        link = dict((k, v) for k, v in current.items() if k != "auth")
        moved = "remote_url" in changes
        if moved:
            self.api.relocate(current["id"], self.params["remote_url"])
            link.update(remote_url=self.params["remote_url"], display_url=self.params["remote_url"])
        want = dict((k, desired[k]) for k in V3_FIELDS)
        if changed_fields(link, want, self.normalizers):
            primary = desired["primary"] if desired["primary"] is not None else link["primary"]
            display = self.params.get("display_url") or link["display_url"]
            link = link_from_wire(self.api.update(current["id"], self.name, link["remote_url"], display, primary))
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
            predicted = {"id": self._new_id(desired), "system": False, "primary": False,
                         "display_url": norm_url(self._display())}
            have_auth = {"incoming": "disabled", "outgoing": "disabled"}
        else:
            predicted = dict(current)
            have_auth = current.get("auth") or {}
            if norm_url(current["remote_url"]) != desired["remote_url"] and desired["display_url"] is None:
                predicted["display_url"] = p["remote_url"]  # relocation moves the display URL too
        predicted.update(dict((k, v) for k, v in desired.items() if v is not None))
        if self.auth_managed():
            predicted["auth"] = dict((d, level if level is not None else have_auth.get(d))
                                     for d, level in self.wanted_auth().items())
        return predicted

    def _action(self):
        if self.action is not None:
            return self.action
        changes = changed_fields(self.current, self.wanted or {}, self.normalizers)
        return "update" if changes or self.forced_reasons else "none"

    def result(self, resource):
        out = {"action": self._action(), "link": {}}
        if resource:
            out["link"] = dict((k, v) for k, v in resource.items() if k != "auth")
            if "auth" in resource:
                out["auth"] = resource["auth"]
        return out
