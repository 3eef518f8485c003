# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ensure engine shared by every stateful module, and the one place errors become fail_json.

read current -> compare the managed fields -> one write gate (check mode simulates and sends nothing)
-> the API re-reads after a write -> changed, the resource, and a redacted diff.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import changed_fields, redact
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.connection import (
    transport_from_params, validate_connection)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.options import (
    CONNECTION_MUTUALLY_EXCLUSIVE, connection_argspec)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import AtlassianError, InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._races import LostRace
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR)


class Resource(object):
    """What a stateful module declares. Subclasses set `kind`, `secret_keys` and implement the hooks.

    Resource dicts use the module's return names (snake_case), so they go to the user unchanged.
    """

    kind = "object"
    secret_keys = ()
    normalizers = {}

    def __init__(self, module, transport):
        self.module = module
        self.params = module.params
        self.transport = transport

    @property
    def name(self):
        return self.params.get("name")

    def validate(self):
        """Input checks beyond the argspec; raise InputError. Runs before any request."""

    def find(self):
        """The current resource or None. Should cost one GET."""
        raise NotImplementedError

    def desired(self):
        """Managed fields: {field: value}; None means 'not managed'."""
        raise NotImplementedError

    def forced(self, current):
        """Reasons to write although no compared field differs (e.g. regenerate a secret)."""
        return []

    def create(self, desired):
        raise NotImplementedError

    def update(self, current, desired, changes):
        raise NotImplementedError

    def delete(self, current):
        raise NotImplementedError

    def predict(self, current, desired):
        """The resource a write would produce, for check mode."""
        predicted = dict(current or {})
        predicted.update(dict((k, v) for k, v in desired.items() if v is not None))
        return predicted

    def result(self, resource):
        """Extra module return values for the final resource (None when absent)."""
        return {}


def build_module(argument_spec, mutually_exclusive=(), required_if=(), required_together=(), **kwargs):
    """An AnsibleModule with the connection options, failing early when `requests` is missing."""
    module = AnsibleModule(argument_spec=connection_argspec(**argument_spec), supports_check_mode=True,
                           mutually_exclusive=list(CONNECTION_MUTUALLY_EXCLUSIVE) + list(mutually_exclusive),
                           required_if=list(required_if), required_together=list(required_together), **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    return module


class _Step(object):
    """The operation under way, so that an error names it ("Failed to update ...")."""
    verb = "read"


def failure_fields(exc):
    """What a failure result carries besides `msg`: the request that failed and the product's field errors."""
    fields = {}
    for key in ("status", "method", "url"):
        if getattr(exc, key, None) is not None:
            fields[key] = getattr(exc, key)
    if getattr(exc, "field_errors", None):
        fields["field_errors"] = exc.field_errors
    return fields


def describe_failure(step, resource, exc):
    kind = resource.kind if resource else "object"
    name = resource.name if resource else None
    label = "%s '%s'" % (kind, name) if name else kind
    return "Failed to %s %s: %s" % (step.verb, label, exc)


def run(module, resource_class, action=None):
    """Build the transport and resource, run `action` (default: ensure), exit; the one catch site."""
    step = _Step()
    resource = None
    try:
        validate_connection(module.params)
        transport = transport_from_params(module.params, warn=module.warn)
        resource = resource_class(module, transport)
        resource.validate()
        result = (action or ensure)(module, resource, step)
    except InputError as exc:
        module.fail_json(msg="Invalid option %s" % exc, option=exc.option)
    except AtlassianError as exc:
        module.fail_json(msg=describe_failure(step, resource, exc), **failure_fields(exc))
    module.exit_json(**result)


def _gate(module, step, verb, write, simulate):
    """The single write gate: in check mode nothing is sent and the predicted result is returned."""
    step.verb = verb
    if module.check_mode:
        return simulate()
    return write()


def ensure(module, resource, step):
    """Converge one resource. The result has `changed`, `action` (create, update, delete or none), the
    resource's own return values and, in diff mode, the redacted before/after."""
    state = module.params.get("state", "present")
    step.verb = "read"
    current = resource.find()
    after, action = current, "none"
    if state == "absent":
        if current is not None:
            _gate(module, step, "delete", lambda: resource.delete(current), lambda: None)
            after, action = None, "delete"
    else:
        desired = resource.desired()
        if current is None:
            try:
                after = _gate(module, step, "create", lambda: resource.create(desired),
                              lambda: resource.predict(None, desired))
                action = "create"
            except LostRace as race:
                # Another run created it between our read and our POST: converge on the winner's object.
                current = after = race.current
        if current is not None:
            after, action = _converge(module, resource, step, current, desired)
    result = dict(changed=action != "none", action=action)
    result.update(resource.result(after))
    if module._diff:
        result["diff"] = dict(before=redact(current, resource.secret_keys) if current else {},
                              after=redact(after, resource.secret_keys) if after else {})
    return result


def _converge(module, resource, step, current, desired):
    """(after, action) for an existing resource."""
    changes = changed_fields(current, desired, resource.normalizers)
    forced = resource.forced(current)
    if not (changes or forced):
        return current, "none"
    after = _gate(module, step, "update", lambda: resource.update(current, desired, changes + forced),
                  lambda: resource.predict(current, desired))
    return after, "update"
