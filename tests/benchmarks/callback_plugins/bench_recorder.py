# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark helper callback (tests/benchmarks): per task, wall time and the emulator requests it caused.
from __future__ import annotations

DOCUMENTATION = r"""
name: bench_recorder
type: aggregate
short_description: records per-task wall time and emulator request log (benchmarks only)
description: Writes JSON to $BENCH_RECORD_FILE; clears/reads $BENCH_EMULATOR_URL/_emulator/requests around each task.
"""

import json
import os
import time
import urllib.request

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_recorder"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.url = os.environ.get("BENCH_EMULATOR_URL")
        self.out = os.environ.get("BENCH_RECORD_FILE")
        self.tasks = []
        self.current = None

    def _emu(self, method):
        if not self.url:
            return None
        req = urllib.request.Request(self.url + "/_emulator/requests", method=method)
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read())

    def _finish(self):
        if self.current is None:
            return
        self.current["requests"] = self._emu("GET") or []
        end = self.current.pop("_last", None)
        self.current["seconds"] = (end or time.perf_counter()) - self.current.pop("_start")
        self.tasks.append(self.current)
        self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._finish()
        self._emu("DELETE")
        self.current = {"name": task.get_name(), "results": 0, "failed": 0, "_start": time.perf_counter()}

    def _result(self, result, failed=False):
        if self.current is not None:
            self.current["_last"] = time.perf_counter()
            self.current["results"] += 1
            if failed:
                self.current["failed"] += 1
                self.current.setdefault("errors", []).append(str(result._result.get("msg", ""))[:300])

    def v2_runner_on_ok(self, result):
        self._result(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, failed=True)

    def v2_runner_on_unreachable(self, result):
        self._result(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._result(result)

    def v2_playbook_on_stats(self, stats):
        self._finish()
        if self.out:
            with open(self.out, "w", encoding="utf-8") as handle:
                json.dump(self.tasks, handle)
