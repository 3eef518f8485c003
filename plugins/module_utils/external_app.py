# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module oauth1_external_app: a one-item run of the core (runner.Run: read -> plan -> apply) on one direction
of OAuth 1.0a of a generic application link. The rules: model/oauth1_consumer.py; the change: plan.plan_oauth1;
the writes: writes.OAuth1ConsumerWrites. A run reads the v3 link list and the link's applinks-oauth
`authentication` (consumers and providers, kept in the state): two GETs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_consumer import OAUTH1_CONSUMER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import Run, failed, read_or_fail, run
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError


def run_external_app(module):
    item = module.params
    subject = OAUTH1_CONSUMER.subject(item)

    def work(module, transport):
        public_pem = OAUTH1_CONSUMER.validate(item, module.check_mode)
        one = Run(module, transport, {"oauth1": [item]}, single=True)
        one.context.public_keys[item["link"]] = public_pem
        read_or_fail(subject, one.read)
        [change] = one.plan()
        one.apply()
        if change.error is not None:
            if isinstance(change.error, InputError):
                raise change.error
            raise failed(change.verb, subject, change.error)
        after = change.result
        link = one.state.named("links", item["link"])
        writes = one.applier.writes["oauth1"]
        result = {"changed": change.action != "none", "action": change.action}
        result.update(OAUTH1_CONSUMER.result(after, link, module.check_mode, item, writes.link_removed))
        if module._diff:
            result["diff"] = {"before": OAUTH1_CONSUMER.fields.redact(change.before) if change.before else {},
                              "after": OAUTH1_CONSUMER.fields.redact(after) if after else {}}
        return result
    run(module, work)
