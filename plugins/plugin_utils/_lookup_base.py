# -*- coding: utf-8 -*-

# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Base class of the collection's lookups. Internal: not a public API, it may change at any time.

Options are read only through ``set_options(var_options=..., direct=...)`` and ``get_option()``, so defaults,
environment variables, ``vars:`` and ``ini:`` sources all resolve the way Ansible documents them; the
``[copr-cli]`` config file and the built-in defaults are then applied by ``_connection.resolve_connection``.

Project cache
=============

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
from ansible.errors import AnsibleLookupError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils import _connection

display = Display()

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
        if scope is None:
            scope = _current_task_scope()
        key = self.key(api_url, owner, name, scope)
        now = time.time()
        hit = _MEMORY.get(key)
        if hit is not None and self._fresh(hit[0], now):
            self.log("copr_repo_url: %s/%s from this process's cache" % (owner, name))
            return hit[1]
        if self.ttl <= 0 or fcntl is None:
            return self._remember(key, fetch())
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
            lock_path = os.path.join(self.directory, digest + ".lock")
            data_path = os.path.join(self.directory, digest + ".json")
            lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            self.log("copr_repo_url: no shared cache (%s); asking Copr directly" % to_text(error))
            return self._remember(key, fetch())
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            cached = self._read(data_path, key)
            if cached is not None:
                self.log("copr_repo_url: %s/%s from the run's shared cache" % (owner, name))
                return self._remember(key, cached[1], cached[0])
            project = fetch()
            self._write(data_path, key, project)
            return self._remember(key, project)
        finally:
            try:
                fcntl.flock(lock, fcntl.LOCK_UN)
            finally:
                os.close(lock)

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


class CoprLookupBase(LookupBase):
    """Connection handling shared by the collection's lookups."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._copr_connection = None
        self._copr_client = None
        self._copr_cache = None

    # options -------------------------------------------------------------------------------------------

    def copr_set_options(self, variables=None, **kwargs):
        """Read every option, from task keywords, ``vars:``, environment and defaults (in Ansible's order)."""
        self.set_options(var_options=variables, direct=kwargs)
        self._template_variable_options()
        self._copr_connection = None
        self._copr_client = None
        self._copr_cache = None

    def _template_variable_options(self):
        """Options taken from ``vars:`` arrive untemplated (``copr_api_url: "{{ my_url }}"``): template them."""
        templar = getattr(self, "_templar", None)
        if templar is None:
            return
        for name in _connection.CONNECTION_OPTIONS:
            try:
                value = self.get_option(name)
            except KeyError:
                continue
            if isinstance(value, str) and templar.is_template(value):
                try:
                    self.set_option(name, templar.template(value))
                except Exception as error:  # pylint: disable=broad-except
                    detail = "" if name == "api_token" else ": %s" % to_text(error)
                    raise AnsibleLookupError("Cannot template the %s option%s" % (name, detail)) from None

    def _option(self, name, default=None):
        try:
            value = self.get_option(name)
        except KeyError:
            return default
        return default if value is None else value

    def connection_options(self):
        """The connection options as given (None where not given), for ``_connection.resolve_connection``."""
        return dict((name, self._option(name)) for name in _connection.CONNECTION_OPTIONS)

    @property
    def connection(self):
        """The resolved connection settings (options, then environment, then ``[copr-cli]`` file, then defaults)."""
        if self._copr_connection is None:
            try:
                resolved = _connection.resolve_connection(self.connection_options())
            except _connection.CoprConfigError as error:
                raise AnsibleLookupError("Copr connection settings: %s" % to_text(error)) from None
            except ValueError as error:
                raise AnsibleLookupError("Copr connection settings: %s" % to_text(error)) from None
            for warning in resolved.get("warnings") or ():
                display.warning(to_text(warning))
            self._copr_connection = resolved
        return self._copr_connection

    @property
    def api_url(self):
        return self.connection["api_url"]

    @property
    def client(self):
        """A ``CoprClient`` built on first use, so a lookup answered from the cache makes no connection."""
        if self._copr_client is None:
            try:
                self._copr_client = _connection.client_from_options(self.connection, log=display.vvv)
            except _connection.CoprConfigError as error:
                raise AnsibleLookupError("Copr connection settings: %s" % to_text(error)) from None
            display.vvv("fedora.copr: using the Copr API at %s" % self.api_url)
        return self._copr_client

    @property
    def cache(self):
        if self._copr_cache is None:
            ttl = self._option("cache_ttl", DEFAULT_CACHE_TTL)
            try:
                ttl = float(ttl)
            except (TypeError, ValueError):
                raise AnsibleLookupError("cache_ttl must be a number of seconds, got %r" % (ttl,)) from None
            self._copr_cache = ProjectCache(ProjectCache.default_directory(), ttl, log=display.vvv)
        return self._copr_cache

    # requests ------------------------------------------------------------------------------------------

    def copr_error(self, error, what):
        """An AnsibleLookupError for a failed request; the message never contains credentials."""
        status = getattr(error, "status", None)
        if status is None:
            advice = "check api_url (%s) and the network" % self.api_url
        elif status in (401, 403):
            advice = "check api_login and api_token"
        elif status >= 500:
            advice = "the Copr server failed; try again later"
        else:
            advice = "see the message above"
        return AnsibleLookupError("Copr request for %s failed: %s (%s)" % (what, to_text(error), advice))

    def get_project(self, owner, name):
        """The project as Copr reports it, or None when it does not exist; one request per run and task."""

        def fetch():
            display.vvv("fedora.copr: GET project %s/%s from %s" % (owner, name, self.api_url))
            try:
                return self.client.get_project(owner, name)
            except CoprError as error:
                raise self.copr_error(error, "project %s/%s" % (owner, name)) from None

        return self.cache.get(self.api_url, owner, name, fetch)
