# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module runs here: the one catch site (run) that turns errors into a failure naming the option or the
operation, and the run of the core on one product (Run: read -> plan -> apply). The single-object modules are
one-item runs of it (run_one); product_links is a run of its lists (runs.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.apply import Applier
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.application_link import APPLICATION_LINK
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import redirect_uri
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import KINDS
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.outgoing_link import endpoints
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import RULES, PlanContext, plan
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.reader import RemoteUnreachable, StateReader
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.connection import (
    transport_from_params, validate_connection)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import AtlassianError, InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.options import (
    CONNECTION_MUTUALLY_EXCLUSIVE, connection_argspec)


def build_module(argument_spec, mutually_exclusive=(), required_if=(), **kwargs):
    """An AnsibleModule with the connection options, failing early when `requests` is missing."""
    module = AnsibleModule(argument_spec=connection_argspec(**argument_spec), supports_check_mode=True,
                           mutually_exclusive=list(CONNECTION_MUTUALLY_EXCLUSIVE) + list(mutually_exclusive),
                           required_if=list(required_if), **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    return module


class Failed(AtlassianError):
    """A failure the module reports with more than its message (the request that failed, partial results)."""

    def __init__(self, message, fields=None):
        super(Failed, self).__init__(message)
        self.fields = dict(fields or {})


def failure_fields(exc):
    """What a failure result carries besides `msg`: the request that failed and the product's field errors."""
    fields = {}
    for key in ("status", "method", "url"):
        if getattr(exc, key, None) is not None:
            fields[key] = getattr(exc, key)
    if getattr(exc, "field_errors", None):
        fields["field_errors"] = exc.field_errors
    return fields


def failed(verb, subject, exc):
    """`exc` as the failure of an operation: "Failed to <verb> <subject>: <cause>"."""
    if isinstance(exc, Failed):
        return exc
    return Failed("Failed to %s %s: %s" % (verb, subject, exc), failure_fields(exc))


def read_or_fail(subject, read):
    """`read()`; a product error becomes "Failed to read <subject>: ..." (an input error stays what it is)."""
    try:
        return read()
    except InputError:
        raise
    except AtlassianError as exc:
        raise failed("read", subject, exc)


def run(module, work):
    """The one catch site: check the connection options, build the transport, run `work`, exit or fail."""
    try:
        validate_connection(module.params)
        result = work(module, transport_from_params(module.params, warn=module.warn))
    except InputError as exc:
        module.fail_json(msg="Invalid option %s" % exc, option=exc.option)
    except Failed as exc:
        module.fail_json(msg=str(exc), **exc.fields)
    except AtlassianError as exc:
        module.fail_json(msg="Failed: %s" % exc, **failure_fields(exc))
    module.exit_json(**result)


class Run(object):
    """The core on one product: read what the declared objects need, plan, check, apply.

    declared: {kind: [item]} with the items' argspec defaults; single: a one-item run (its read errors and input
    errors fail the module as they are; a list run records them per item)."""

    def __init__(self, module, transport, declared, purge=None, state=None, single=False):
        self.module = module
        self.declared = dict((kind, list(declared.get(kind) or [])) for kind in KINDS + ("oauth1",))
        self.purge = purge
        self.single = single
        self.reader = StateReader(transport, state, warn=module.warn)
        self.context = PlanContext()
        self.errors = {}
        self.changes = []
        self.applier = None

    @property
    def state(self):
        return self.reader.state

    def read(self, kinds=()):
        """Read whole lists of `kinds`, then whatever else the declared objects need (one lookup each)."""
        for kind in kinds:
            self.reader.read(kind)
        for kind in ("incoming", "outgoing"):
            for item in self.declared[kind]:
                self.reader.find(kind, RULES[kind].identity(item))
        if self.declared["links"]:
            self._read_links()
        if self.declared["oauth1"]:
            self._read_oauth1()

    def _read_oauth1(self):
        """The generic link of each OAuth 1.0a item (the v3 list), then its consumers (one GET)."""
        self.reader.read("links")
        self.reader.confirm_links(set(item["link"] for item in self.declared["oauth1"]))
        for item in self.declared["oauth1"]:
            link = RULES["oauth1"].find_link(self.state.lists["links"], item)
            if link is not None:
                self.reader.oauth1(link["id"])

    def _read_links(self):
        items = self.declared["links"]
        for item in items:
            try:
                self.context.remotes[item["name"]] = self.reader.remote(item)
            except (RemoteUnreachable, InputError) as exc:
                if self.single:
                    raise
                self.errors[item["name"]] = exc
        self.reader.read("links")
        self.reader.confirm_links(set(item["name"] for item in items))
        needing = []
        for item in items:
            if item["name"] in self.errors:
                continue
            try:
                current = APPLICATION_LINK.find(self.state.lists["links"], item, self.context.remote(item))[0]
            except InputError:
                continue  # the plan reports it
            if current is not None and APPLICATION_LINK.needs_auth(current, item):
                needing.append(current)
        self.reader.levels(needing)

    def plan(self):
        self.changes = plan(self.state, self.declared, self.purge, self.context)
        for change in self.changes:
            if change.kind == "links" and change.name in self.errors:
                change.error, change.action = self.errors[change.name], "none"
            for warning in change.warnings:
                self.module.warn(warning)
        return self.changes

    def apply(self, continue_on_error=False):
        """Check every change, then apply them in order; a change that fails keeps its error and stops the run
        unless `continue_on_error`. Nothing is written while a change is known to fail."""
        applier = self.applier = Applier(self.reader, self.module.check_mode, self.context)
        for change in self.changes:
            if change.error is None and change.action != "none":
                try:
                    applier.check(change)
                except InputError as exc:
                    change.error = exc
        if any(c.error is not None for c in self.changes) and not continue_on_error:
            return
        for change in self.changes:
            if change.error is not None:
                continue
            try:
                change.result = applier.apply(change)
            except AtlassianError as exc:
                change.error = exc
                if not continue_on_error:
                    return
                continue
            change.applied = True

    def failure(self, change):
        """The Failed of a change, naming the operation and the object."""
        if self.single and isinstance(change.error, InputError):
            return change.error
        return failed(change.verb, subject_of(change.kind, change.item), change.error)


def subject_of(kind, item):
    """How messages name the object of an item: "<label> '<name>'"."""
    rules = RULES[kind]
    if hasattr(rules, "subject"):
        return rules.subject(item)
    return "%s '%s'" % (rules.label, rules.identity(item))


def run_one(module, kind):
    """A single-object module: a run of one declared object (its options are the item)."""
    item = module.params
    rules = RULES[kind]
    subject = subject_of(kind, item)

    def work(module, transport):
        rules.validate(item, module.check_mode)
        one = Run(module, transport, {kind: [item]}, single=True)
        read_or_fail(subject, one.read)
        [change] = one.plan()
        one.apply()
        if change.error is not None:
            raise one.failure(change)
        result = {"changed": change.action != "none", "action": change.action}
        result.update(rules.result(change, change.result, item))
        if kind == "outgoing":
            result["redirect_uri"] = outgoing_redirect_uri(one.reader, change, item)
        if module._diff:
            result["diff"] = {"before": rules.fields.redact(change.before) if change.before else {},
                              "after": rules.fields.redact(change.result) if change.result else {}}
        return result
    run(module, work)


def outgoing_redirect_uri(reader, change, item):
    """The redirect URI to register at the provider, from the base URL the product reports: of the link after
    the run, else (state absent) of the one just deleted, else of the options."""
    endpoint = ((change.result or {}).get("authorization_endpoint")
                or (change.before or {}).get("authorization_endpoint") or endpoints(item)[0])
    return redirect_uri(reader.base_url(), endpoint) if endpoint else None
