# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applying a plan: the product's checks of every change first, then each change in the plan's order through one
write gate (check mode sends nothing and keeps the predicted object), the state kept current.

A create whose reply is lost (the POST may or may not have been applied) is resolved by a fresh lookup, one
GET: found, it is the object this run created; not found, the create is sent once more. A create refused because
another run created the object meanwhile converges on that object.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import RULES
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import KINDS
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AmbiguousWriteError, AtlassianError, HttpError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.writes import (
    ApplicationLinkWrites, IncomingLinkWrites, OutgoingLinkWrites)


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


def create_despite_lost_reply(post, lookup, resend=True):
    """Send a create once. After a lost reply (AmbiguousWriteError; for a create the transport retried, an HTTP
    400 of the retry), `lookup()`, one fresh GET, decides: the object found is the one created; nothing found, the
    create is sent once more (`resend`) or the error stands."""
    try:
        return post()
    except (AmbiguousWriteError, HttpError) as exc:
        if isinstance(exc, HttpError) and (resend or exc.status != 400):
            raise
        found = lookup()
        if found is not None:
            return found
        if not resend:
            raise
    return post()


class Applier(object):
    def __init__(self, reader, check_mode=False, context=None, writes=None):
        self.reader = reader
        self.check_mode = check_mode
        self.context = context
        apis = reader.apis
        self.writes = writes or {"incoming": IncomingLinkWrites(apis["incoming"]),
                                 "outgoing": OutgoingLinkWrites(apis["outgoing"]),
                                 "links": ApplicationLinkWrites(apis["links"])}

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
        try:
            created = create_despite_lost_reply(lambda: writes.post(change), lookup,
                                                resend=change.kind != "links")
        except HttpError as exc:
            if change.kind == "links" or not name_taken(exc):
                raise
            return self._lost_race(change, writes, exc)
        return writes.created(change, created)

    def _lost_race(self, change, writes, exc):
        """Another run created the object between our read and our create: converge on the winner's object."""
        found = RULES[change.kind].fields.as_current(self.reader.fresh(change.kind, change.name))
        if found is None:
            raise exc
        decision = RULES[change.kind].decide(found, change.item, self.context)
        change.before, change.action, change.fields = found, decision.action, decision.fields
        change.after = decision.after
        if decision.action == "none":
            return found
        return writes.update(change)
