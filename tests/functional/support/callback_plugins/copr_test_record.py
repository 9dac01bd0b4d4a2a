# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback: appends one JSON line per task result to the file named by COPR_TEST_RECORD."""

from __future__ import annotations

DOCUMENTATION = r"""
name: copr_test_record
type: aggregate
short_description: record task results as JSON lines (functional tests only)
description: Writes every task result to the file named by the COPR_TEST_RECORD environment variable.
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "copr_test_record"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result, status):
        path = os.environ.get("COPR_TEST_RECORD")
        if not path:
            return
        try:
            data = dict(result._result)  # pylint: disable=protected-access
        except Exception:  # pylint: disable=broad-except
            data = {"_unreadable": True}
        entry = {
            "task": result._task.get_name(),  # pylint: disable=protected-access
            "status": status,
            "ignore_errors": bool(getattr(result._task, "ignore_errors", False)),  # pylint: disable=protected-access
            "result": data,
        }
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, default=repr) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")
