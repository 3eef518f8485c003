# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applying a plan: the product's checks of every change first, then each change in the plan's order through one
write gate (check mode sends nothing and keeps the predicted object), the state kept current.

A create whose reply is lost (the POST may or may not have been applied) is resolved by a fresh lookup, one
GET: found, it is the object this run created; not found, the create is sent once more. A create refused because
another run created the object meanwhile converges on that object.

An application link create is never refused for its name: the product renames the new link ("Name - 2",
DefaultApplicationLinkService.findSuitableName) when another run took the name after this run read. Such a create
is undone (the renamed link deleted, with a warning that says so) and the change decided again against the links
as they are now: on the other run's link, the change is `none` (or the update that makes it the declared one),
and a name taken by another application's link fails naming it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import APPLICATION_LINK
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import RULES
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import KINDS
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AtlassianError, HttpError, InputError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.writes import (
    ApplicationLinkWrites, IncomingLinkWrites, OAuth1ConsumerWrites, OutgoingLinkWrites, RenamedByProduct,
    create_despite_lost_reply)


class ReplacementFailed(AtlassianError):
    """The old link of a replacement was deleted, and creating the new one failed."""

    def __init__(self, old, exc):
        self.status = getattr(exc, "status", None)
        super(ReplacementFailed, self).__init__(
            "deleted the link (id %s) to replace it, then creating the new link failed: %s. The link is gone now: fix "
            "the cause and run the task again to create it" % (old["id"], exc))


def name_taken(exc):
    """Whether an error is the product's 'this name already exists' answer to a create (REST reference §6.1, §7)."""
    return isinstance(exc, HttpError) and exc.status == 400 and "name" in (exc.field_errors or {})


class Applier(object):
    def __init__(self, reader, check_mode=False, context=None, writes=None):
        self.reader = reader
        self.check_mode = check_mode
        self.context = context
        apis = reader.apis
        self.writes = writes or {"incoming": IncomingLinkWrites(apis["incoming"]),
                                 "outgoing": OutgoingLinkWrites(apis["outgoing"]),
                                 "links": ApplicationLinkWrites(apis["links"]),
                                 "oauth1": OAuth1ConsumerWrites(apis["oauth1"], reader)}

    def check(self, change):
        """The product's checks of a change (e.g. a scope it does not know), in check mode too: InputError."""
        for option, value in change.checks:
            if option == "scope" and value:
                self.reader.check_scopes(option, value.split())

    def apply(self, change):
        """The one write gate: the object the change leaves (predicted in check mode), kept in the state."""
        if change.action == "none":
            return change.before
        after = change.after if self.check_mode else self._write(change)
        if change.kind not in KINDS:
            return after
        if change.action == "delete":
            self.reader.state.forget(change.kind, change.before)
        elif after is not None:
            self.reader.state.record(change.kind, after, replaces=change.before)
        return after

    def _write(self, change):
        writes = self.writes[change.kind]
        if change.action == "create":
            return self._create(change, writes)
        if change.action == "replace":
            writes.delete(change)
            try:
                return self._create(change, writes)
            except AtlassianError as exc:
                raise ReplacementFailed(change.before, exc)
        if change.action == "update":
            return writes.update(change)
        writes.delete(change)
        return None

    def _create(self, change, writes):
        def lookup():
            return self.reader.fresh(change.kind, change.name, writes.expected_id(change))
        links = change.kind == "links"
        try:
            created = create_despite_lost_reply(lambda: writes.post(change), lookup, resend=not links,
                                                refusal_stands=links)
        except HttpError as exc:
            if links and exc.status == 400 and exc.attempts == 1:  # the first try refused: another run's id
                return self._lost_race(change, writes, exc, writes.expected_id(change))
            if links or change.kind not in KINDS or not name_taken(exc):
                raise
            return self._lost_race(change, writes, exc)
        try:
            return writes.created(change, created)
        except RenamedByProduct as renamed:
            return self._undo_renamed(change, writes, renamed.link)

    def _lost_race(self, change, writes, exc, link_id=None):
        """Another run created the object between our read and our create: converge on the winner's object."""
        found = RULES[change.kind].fields.as_current(self.reader.fresh(change.kind, change.name, link_id))
        if found is None:
            raise exc
        return self._decide_again(change, writes, found)

    def _decide_again(self, change, writes, found):
        """The change made again against the object another run made; the object the run leaves."""
        if change.kind == "links" and APPLICATION_LINK.needs_auth(found, change.item):
            self.reader.levels([found])
        decision = RULES[change.kind].decide(found, change.item, self.context)
        if decision.action not in ("none", "update"):
            raise AtlassianError("another run changed %s '%s' while this run wrote it: run the task again"
                                 % (RULES[change.kind].label, change.name))
        change.before, change.action, change.fields = found, decision.action, decision.fields
        change.after, change.desired = decision.after, decision.desired or change.desired
        if decision.action == "none":
            return found
        return writes.update(change)

    def _undo_renamed(self, change, writes, renamed):
        """A new link the product named otherwise (another run took the name meanwhile): delete it, then converge
        on the link that has the name now."""
        writes.api.delete(renamed["id"])
        undone = ("another run created application link '%s' after this run read the links, so the product named "
                  "the link this run created '%s' (id %s); that link was deleted" % (change.name, renamed["name"],
                                                                                     renamed["id"]))
        links = self.reader.fresh_links(change.name)
        try:
            found, warnings = APPLICATION_LINK.find(links, change.item, self.context.remote(change.item))
        except InputError as exc:
            raise InputError(exc.option, "%s (%s)" % (str(exc).split(": ", 1)[-1], undone))
        if found is None:
            raise AtlassianError("%s, and no link has the name now: run the task again" % undone)
        self.reader.warn("%s; this run converged on link '%s' (id %s)" % (undone, found["name"], found["id"]))
        for warning in warnings:
            self.reader.warn(warning)
        return self._decide_again(change, writes, found)
