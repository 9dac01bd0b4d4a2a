# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback of the in_process_agrees target: one JSON line per task result, in the file named by
IN_PROCESS_AGREES_RECORD (nothing without it). runme.sh enables it for the two runs it compares."""

from __future__ import annotations

DOCUMENTATION = r"""
name: in_process_agrees_record
type: aggregate
short_description: record task results as JSON lines (the in_process_agrees integration target only)
description: Writes every task result, as callbacks see it, to the file named by IN_PROCESS_AGREES_RECORD.
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "in_process_agrees_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._task_started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_started = time.monotonic()

    def _record(self, result, status):
        path = os.environ.get("IN_PROCESS_AGREES_RECORD")
        if not path:
            return
        # ansible-core 2.19+ hands callbacks a CallbackTaskResult (result, task); older ones a TaskResult
        # (_result, _task), already cleaned (internal keys stripped, no_log results censored) in both.
        task = getattr(result, "task", None) or result._task  # pylint: disable=protected-access
        data = getattr(result, "result", None)
        if data is None:
            data = result._result  # pylint: disable=protected-access
        entry = {
            "task": task.get_name(),
            "action": getattr(task, "resolved_action", None) or task.action,
            "status": status,
            # what scenarios.yml says the task gives: ok, changed or failed (task vars: agrees_expect)
            "expect": (task.vars or {}).get("agrees_expect"),
            "result": data,
            # not compared: how long the task took, for the summary
            "seconds": round(time.monotonic() - self._task_started, 3) if self._task_started else None,
        }
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, sort_keys=True, default=repr) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")
