# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hold requests until others arrive (a barrier), so that tests of races do not depend on timing.

``configure({"method": "GET", "path": "/api_3/project", "count": 2, "timeout": 60, "rounds": 1})``: the first
``count - 1`` /api_3 requests with that method and exact path wait (before anything else happens to them) until
the ``count``-th arrives, then all go on together. After ``rounds`` such releases (default 1) the hold is off. A
request that waited ``timeout`` seconds (default 60) goes on alone and counts in ``timed_out``.
"""

import threading


class HoldSpecError(ValueError):
    pass


class Hold:
    def __init__(self):
        self._cond = threading.Condition()
        self._spec = None
        self._waiting = 0
        self._generation = 0
        self.released = 0
        self.timed_out = 0

    def configure(self, spec):
        with self._cond:
            if spec is None:
                self._spec = None
            else:
                try:
                    clean = {"method": str(spec.get("method", "GET")).upper(), "path": str(spec["path"]),
                             "count": int(spec.get("count", 2)), "timeout": float(spec.get("timeout", 60)),
                             "rounds": int(spec.get("rounds", 1))}
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise HoldSpecError("a hold needs path, and numbers for count, timeout and rounds") from exc
                if clean["count"] < 2 or clean["rounds"] < 1:
                    raise HoldSpecError("count must be at least 2 and rounds at least 1")
                self._spec = clean
            self._waiting = 0
            self._generation += 1
            self.released = 0
            self.timed_out = 0
            self._cond.notify_all()
            return self.current()

    def current(self):
        spec = dict(self._spec) if self._spec else None
        return {"hold": spec, "waiting": self._waiting, "released": self.released, "timed_out": self.timed_out}

    def wait(self, method, path):
        """Block a matching request until the hold releases it (or its timeout)."""
        with self._cond:
            spec = self._spec
            if spec is None or method != spec["method"] or path != spec["path"]:
                return
            generation = self._generation
            self._waiting += 1
            if self._waiting >= spec["count"]:
                self._waiting = 0
                self._generation += 1
                self.released += 1
                if self.released >= spec["rounds"]:
                    self._spec = None
                self._cond.notify_all()
                return
            if not self._cond.wait_for(lambda: self._generation != generation, timeout=spec["timeout"]):
                self._waiting -= 1
                self.timed_out += 1
