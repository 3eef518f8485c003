# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Application link (a classic link of the applinks store, REST reference §2.8, §4.1): the field table and the
pure rules of a change (unit tested).

Identity:
- Atlassian types: the link id is the remote's server id, from the remote's manifest (read by the runner before
  planning). Match that id, else the name.
- generic: match the name, else the id the product derives from the rpcUrl (§2.8).
- state absent deletes only a link of that name; a link found by id under another name is kept (a warning says
  which). state present renames a link found by id, with a warning.
- A change that needs delete + create (type, id, relocate: false with a new URL) needs recreate: true.
- A name held by a link to another application (another remote URL, and another id or type) is taken: the run
  fails before any write naming that link. The product would not refuse the create but rename the new link
  ("Name - 2", DefaultApplicationLinkService.findSuitableName); apply.py undoes a create that comes back renamed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_name, check_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.decision import Decision
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import (
    Field, FieldTable, merged, norm_url)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import (
    canonical_level, level_warnings)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import (
    ATLASSIAN_TYPES, type_from_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

AUTH_OPTIONS = (("incoming", "incoming_auth"), ("outgoing", "outgoing_auth"))
# Fields changed in place with v3 PUT /applinks/{id}.
V3_FIELDS = ("name", "display_url", "primary")
# What deleting a link loses (the warning of a replacement).
LOST_ON_DELETE = ("its entity links (project and space links), the OAuth tokens users granted through it, its "
                  "primary flag, and the pairing with the remote's reciprocal link (link the remote side again)")

FIELDS = FieldTable("links", [
    Field("id", wire="id", compared=True),
    Field("name", wire="name", compared=True),
    Field("type", wire="type", compared=True),
    Field("remote_url", wire="rpcUrl", normalize=norm_url, compared=True),
    Field("display_url", wire="displayUrl", normalize=norm_url, compared=True),
    Field("primary", wire="primary", compared=True),
    Field("system", wire="system"),
])


def link_from_wire(wire):
    """An AppLinkV3 (or AppLinkV1) in the modules' return names."""
    if wire is None:
        return None
    link = FIELDS.from_wire(wire)
    link["type"] = type_from_wire(wire.get("type") or wire.get("typeId"))
    link["primary"] = bool(wire.get("primary", wire.get("isPrimary", False)))
    link["system"] = bool(wire.get("system", wire.get("isSystem", False)))
    return link


def manifest_from_wire(wire):
    wire = wire if isinstance(wire, dict) else {}
    return {"id": wire.get("id"), "name": wire.get("name"), "type": type_from_wire(wire.get("typeId")),
            "version": wire.get("version"), "build_number": wire.get("buildNumber"),
            "applinks_version": wire.get("applinksVersion"), "url": wire.get("url")}


def wanted_auth(item):
    """{'incoming': level or None, 'outgoing': level or None} (an old level name as the level it means); None =
    not managed."""
    return dict((direction, canonical_level(item.get(option))) for direction, option in AUTH_OPTIONS)


def auth_warnings(item):
    """The warnings of the declared levels (an old name, a level the product reports as unsupported)."""
    if item.get("state", "present") != "present":
        return []
    return [w for _direction, option in AUTH_OPTIONS for w in level_warnings(option, item.get(option))]


def auth_managed(item):
    return item.get("state", "present") == "present" and any(v is not None for v in wanted_auth(item).values())


def replacement_reason(current, desired, relocate):
    """Why reaching `desired` needs a new link (delete + create) instead of an in-place change, or None."""
    reasons = []
    if current["type"] != desired["type"]:
        reasons.append("is of type '%s', not '%s' (the type of a link cannot be changed)"
                       % (current["type"], desired["type"]))
    if desired["id"] is not None and current["id"] != desired["id"]:
        reasons.append("has another id than the one the remote's manifest gives (%s)" % desired["id"])
    if norm_url(current["remote_url"]) != desired["remote_url"] and not relocate:
        reasons.append("points at %s, not %s, and relocate is false" % (current["remote_url"], desired["remote_url"]))
    return " and ".join(reasons) or None


def another_application(link, item, remote):
    """Whether `link`, found by the declared name only, links another application than the item declares: it
    points at another remote URL, and has another id than the remote's server id or another type. (Same URL:
    the same application, e.g. reinstalled, which a replacement with recreate reaches.)"""
    if norm_url(link.get("remote_url")) == norm_url(item.get("remote_url")):
        return False
    other_id = remote is not None and link.get("id") != remote.get("id")
    return other_id or link.get("type") != item.get("type")


def name_taken_message(link, item):
    """Why a declared name cannot be had: the link that holds it (name, id, type, remote URL)."""
    return ("is taken: link '%s' (id %s) is the %s link to %s, another application than remote_url %s. Choose "
            "another name, or rename or delete that link first (this module never takes a name from another "
            "application's link)" % (link.get("name"), link.get("id"), link.get("type"), link.get("remote_url"),
                                     item.get("remote_url")))


def _named(links, name):
    for link in links:
        if link.get("name") == name:
            return link
    return None


def _with_id(links, link_id):
    for link in links:
        if link.get("id") == link_id:
            return link
    return None


class ApplicationLink(object):
    name = "links"
    label = "application link"
    fields = FIELDS
    result_key = "link"

    @staticmethod
    def identity(item):
        return item.get("name")

    def validate(self, item, check_mode=False):
        check_name("name", item.get("name"))
        check_url("remote_url", item.get("remote_url"))
        check_url("display_url", item.get("display_url"))
        if item.get("state", "present") == "present" and item.get("type") == "generic":
            for _direction, option in AUTH_OPTIONS:
                if item.get(option) is not None:
                    raise InputError(option, "OAuth 1.0 levels apply to links of Atlassian types (jira, confluence, "
                                             "bitbucket, ...), not to type generic; give a non-Atlassian "
                                             "application OAuth 1.0a consumers with the module "
                                             "oauth1_external_app, or link it with OAuth 2.0 (modules "
                                             "oauth2_incoming and oauth2_outgoing)")

    @staticmethod
    def _by_identity(links, item, remote):
        """(link, what its id is) of the link the remote's server id or the §2.8 id of remote_url finds."""
        if remote:
            found = _with_id(links, remote["id"])
            if found is not None:
                return found, "the remote's server id"
        if item.get("type") in ("generic", None) and item.get("remote_url"):
            found = _with_id(links, generic_link_id(item["remote_url"]))
            if found is not None:
                return found, "the id of its remote_url"
        return None, None

    def find(self, links, item, remote):
        """(current, warnings) among the classic links of the product."""
        name = item["name"]
        if item.get("state", "present") == "absent":
            found = _named(links, name)
            if found is None:
                other, how = self._by_identity(links, item, remote)
                if other is not None:
                    return None, ["no link is named '%s'; link '%s' (id %s, found by %s) was not deleted: state "
                                  "absent deletes only a link of that name" % (name, other.get("name"),
                                                                               other.get("id"), how)]
            return found, []
        found, how = self._by_identity(links, item, remote)
        if found is None:
            named = _named(links, name)
            if named is not None and another_application(named, item, remote):
                raise InputError("name", name_taken_message(named, item))
            return named, []
        if found.get("name") == name:
            return found, []
        named = _named(links, name)
        if named is not None and not remote:
            return named, []  # generic: a link of this name comes before the id of remote_url
        if named is not None:
            raise InputError("name", "link '%s' (id %s) is the link to the remote's server id, and another link "
                                     "(id %s) is named '%s'; delete or rename one of them first"
                             % (found.get("name"), found.get("id"), named.get("id"), name))
        return found, ["renaming link '%s' (id %s, found by %s) to '%s'"
                       % (found.get("name"), found.get("id"), how, name)]

    @staticmethod
    def desired(current, item, remote, warnings):
        primary = item.get("primary")
        if primary is False and current and current["primary"] and current["type"] == item["type"]:
            # The product only moves the primary flag to another link; it never clears it (§4.1).
            warnings.append("link '%s' stays the primary %s link: the product keeps one primary link per type; set "
                            "primary: true on another link of that type instead" % (item["name"], item["type"]))
            primary = None
        # Unset display_url: not managed on an existing link; on create it defaults to remote_url.
        display = item.get("display_url") or (None if current else item["remote_url"])
        return {"id": remote["id"] if remote else None, "name": item["name"], "type": item["type"],
                "remote_url": norm_url(item["remote_url"]), "display_url": norm_url(display), "primary": primary}

    @staticmethod
    def new_id(desired, item):
        return desired["id"] or generic_link_id(item["remote_url"])

    def decide(self, current, item, context):
        """The Decision for one declared link (present; plan.py handles absent); InputError when it cannot be
        done."""
        warnings = auth_warnings(item)
        desired = self.desired(current, item, context.remote(item), warnings)
        if current is None:
            return Decision("create", self.predict(None, desired, item), warnings=warnings, desired=desired)
        fields = FIELDS.changes(current, desired)
        why = replacement_reason(current, desired, item["relocate"])
        if why is not None:
            if not item["recreate"]:
                raise InputError("recreate", "link '%s' (id %s) %s; that can only be changed by deleting the link "
                                             "and creating a new one, which loses %s. Set recreate: true to allow "
                                             "it" % (current["name"], current["id"], why, LOST_ON_DELETE))
            warnings.append("replacing link '%s' (id %s) with a new link (id %s) because it %s: deleting it loses %s"
                            % (current["name"], current["id"], self.new_id(desired, item), why, LOST_ON_DELETE))
            return Decision("replace", self.predict(None, desired, item), fields + ["replace"], warnings=warnings,
                            desired=desired)
        have = current.get("auth") or {}
        if any(level is not None and have.get(d) != level for d, level in wanted_auth(item).items()):
            fields.append("auth")
        if not fields:
            return Decision("none", current, warnings=warnings)
        return Decision("update", self.predict(current, desired, item), fields, warnings=warnings, desired=desired)

    def predict(self, current, desired, item):
        """The link a create or replacement (current None) or an update would produce."""
        if current is None:
            predicted = {"id": self.new_id(desired, item), "system": False, "primary": False,
                         "display_url": norm_url(item.get("display_url") or item["remote_url"])}
            have_auth = {"incoming": "disabled", "outgoing": "disabled"}
        else:
            predicted = dict(current)
            have_auth = current.get("auth") or {}
            if norm_url(current["remote_url"]) != desired["remote_url"] and desired["display_url"] is None:
                predicted["display_url"] = item["remote_url"]  # relocation moves the display URL too
        predicted = merged(predicted, desired)
        if auth_managed(item):
            predicted["auth"] = dict((d, level if level is not None else have_auth.get(d))
                                     for d, level in wanted_auth(item).items())
        return predicted

    def result(self, change, after, item):
        out = {"link": {}}
        if after:
            out["link"] = dict((k, v) for k, v in after.items() if k != "auth")
            if "auth" in after:
                out["auth"] = after["auth"]
        return out

    @staticmethod
    def needs_auth(link, item):
        """Whether planning this item needs the OAuth 1.0a levels of `link`."""
        return auth_managed(item) and link["type"] in ATLASSIAN_TYPES and not link["system"]


APPLICATION_LINK = ApplicationLink()
