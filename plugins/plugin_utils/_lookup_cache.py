# -*- coding: utf-8 -*-

# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""The lookups' project cache, shared by the worker processes of one ``ansible-playbook`` run (internal).

A lookup in a task runs once per host, and with the default ``linear`` strategy every (host, task) pair runs
in its own worker process forked from the controller. A dict at module level only lives as long as one
worker, so it cannot stop twenty hosts from asking Copr twenty times for the same project.

The cache shared between workers therefore lives on disk, in a directory under the controller's per-run
temporary directory (``ansible.constants.DEFAULT_LOCAL_TMP``, ``~/.ansible/tmp/ansible-local-<pid>...``). The
controller creates that directory once when it starts, forked workers inherit its path, and the controller
deletes it when the run ends, so entries never outlive the ``ansible-playbook`` run that wrote them.

* One entry per (API URL, owner, project, task): the task is the one the worker process runs (found through
  ``multiprocessing.current_process()``; outside a worker, or should ansible-core rename that attribute, the
  scope falls back to the whole run). A later task therefore asks Copr again and sees changes an earlier task
  made, e.g. with ``fedora.copr.copr_project``.
* Entries expire after ``cache_ttl`` seconds (default 30), which bounds staleness when no task is known.
  ``cache_ttl: 0`` turns the shared cache off (each host then asks once per distinct project).
* A missing project (HTTP 404) is cached too; errors are not.
* Each entry has a lock file taken with ``fcntl.flock``: the first worker fetches while the others wait for
  it and then read its answer, so concurrent forks do not race to the server.
* Only public data is stored (Copr projects are public; no credentials, no headers), in files readable by the
  controller's user only.

Limits: a worker that dies while holding a lock releases it (the kernel drops flock locks of dead processes);
platforms without ``fcntl`` and unwritable temporary directories fall back to one request per host and
project; with another ``DEFAULT_LOCAL_TMP`` per process (not a fork) nothing is shared.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - the controller is POSIX
    fcntl = None

from ansible import constants as C
from ansible.module_utils.common.text.converters import to_text

DEFAULT_CACHE_TTL = 30.0
CACHE_DIR_NAME = "fedora.copr-project-cache"

# Projects fetched by this process: {key: (fetched_at, project or None)}. Survives between calls in one
# process (a loop, or the controller), never between forked workers; the disk cache does that.
_MEMORY = {}


def _current_task_scope():
    """The uuid of the task the current worker process runs, or "run" when there is none to be found."""
    try:
        task = getattr(multiprocessing.current_process(), "_task", None)
        uuid = getattr(task, "_uuid", None)
    except Exception:  # pylint: disable=broad-except
        uuid = None
    return "task-%s" % uuid if uuid else "run"


class ProjectCache:
    """Project GETs shared by the worker processes of one run (see the module docstring)."""

    def __init__(self, directory, ttl, log=None):
        self.directory = directory
        self.ttl = float(ttl)
        self.log = log or (lambda message: None)

    @staticmethod
    def default_directory():
        base = getattr(C, "DEFAULT_LOCAL_TMP", None) or tempfile.gettempdir()
        return os.path.join(base, CACHE_DIR_NAME)

    @staticmethod
    def key(api_url, owner, name, scope):
        return json.dumps([api_url.rstrip("/"), owner, name, scope])

    def _fresh(self, fetched_at, now):
        return self.ttl > 0 and 0 <= now - fetched_at < self.ttl

    def get(self, api_url, owner, name, fetch, scope=None):
        """Return the project (or None when it does not exist), calling ``fetch()`` only on a miss."""
        key = self.key(api_url, owner, name, _current_task_scope() if scope is None else scope)
        hit = _MEMORY.get(key)
        if hit is not None and self._fresh(hit[0], time.time()):
            self.log("copr_repo_url: %s/%s from this process's cache" % (owner, name))
            return hit[1]
        if self.ttl <= 0 or fcntl is None:
            return self._remember(key, fetch())
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
            lock = os.open(os.path.join(self.directory, digest + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            self.log("copr_repo_url: no shared cache (%s); asking Copr directly" % to_text(error))
            return self._remember(key, fetch())
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._shared(key, os.path.join(self.directory, digest + ".json"), fetch, "%s/%s" % (owner, name))
        finally:
            try:
                fcntl.flock(lock, fcntl.LOCK_UN)
            finally:
                os.close(lock)

    def _shared(self, key, data_path, fetch, what):
        """Under the entry's lock: the run's entry when fresh, else ``fetch()``, written for the others."""
        cached = self._read(data_path, key)
        if cached is not None:
            self.log("copr_repo_url: %s from the run's shared cache" % what)
            return self._remember(key, cached[1], cached[0])
        project = fetch()
        self._write(data_path, key, project)
        return self._remember(key, project)

    def _remember(self, key, project, fetched_at=None):
        _MEMORY[key] = (time.time() if fetched_at is None else fetched_at, project)
        return project

    def _read(self, path, key):
        try:
            with open(path, "r", encoding="utf-8") as handle:
                entry = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        fetched_at = entry.get("fetched_at")
        if not isinstance(fetched_at, (int, float)) or not self._fresh(fetched_at, time.time()):
            return None
        return fetched_at, entry.get("project")

    def _write(self, path, key, project):
        entry = {"key": key, "fetched_at": time.time(), "project": project}
        try:
            fd, tmp_path = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle)
                os.replace(tmp_path, path)
            except BaseException:
                os.unlink(tmp_path)
                raise
        except OSError as error:
            self.log("copr_repo_url: could not write the shared cache (%s)" % to_text(error))
