# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: writes every task result and the stats as JSON to $RESULTS_JSON_FILE.

ansible-core ships no JSON callback (it lives in ansible.posix, which cannot be installed here). The
screen output stays with the default callback, so tests can also read what a user would see.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: results_json
type: aggregate
short_description: Write task results and stats to a JSON file (tests only)
description:
  - Writes C({"plays"{{":"}} [...], "stats"{{":"}} {...}}) to the file named by E(RESULTS_JSON_FILE).
requirements:
  - enabled in callbacks_enabled
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "results_json"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.tasks = []

    def _record(self, result, status):
        data = dict(result._result)
        data["_status"] = status
        self.tasks.append({"task": result._task.get_name(), "host": result._host.get_name(), "result": data})

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("RESULTS_JSON_FILE")
        if not path:
            return
        summary = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        with open(path, "w") as handle:
            json.dump({"tasks": self.tasks, "stats": summary}, handle, default=str)
