# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The log of /api_3 requests: method, path, raw query string, status (never headers or bodies)."""

import threading


class RequestLog:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []

    def add(self, method, path, query, status, fault=None):
        entry = {"method": method, "path": path, "query": query, "status": status}
        if fault:
            entry["fault"] = fault
        with self.lock:
            self.entries.append(entry)

    def all(self):
        with self.lock:
            return [dict(e) for e in self.entries]

    def clear(self):
        with self.lock:
            self.entries.clear()

    def take(self):
        """Every entry, and an empty log after: one step, so no request falls between reading and clearing."""
        with self.lock:
            taken, self.entries = self.entries, []
            return taken
