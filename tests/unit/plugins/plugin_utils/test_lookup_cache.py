# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import multiprocessing
import os
import time

import pytest

from ansible_collections.fedora.copr.plugins.plugin_utils import _lookup_cache
from ansible_collections.fedora.copr.plugins.plugin_utils._lookup_cache import ProjectCache

PROJECT = {"name": "hello", "ownername": "demo", "chroot_repos": {}}
API = "https://copr.example.org"


@pytest.fixture(autouse=True)
def isolated(private_lookup_cache):  # pylint: disable=unused-argument
    """A private cache directory and an empty memory cache."""


class Counter:
    def __init__(self, value=None, missing=False):
        self.value = None if missing else (PROJECT if value is None else value)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_cache_hit_and_key_parts(tmp_path):
    cache = ProjectCache(str(tmp_path / "c"), ttl=30)
    fetch = Counter()
    assert cache.get(API, "demo", "hello", fetch, scope="run") == PROJECT
    assert cache.get(API, "demo", "hello", fetch, scope="run") == PROJECT
    assert fetch.calls == 1
    cache.get(API + "/", "demo", "hello", fetch, scope="run")  # same API, trailing slash
    assert fetch.calls == 1
    cache.get(API, "demo", "other", fetch, scope="run")
    cache.get(API, "@demo", "hello", fetch, scope="run")
    cache.get("https://copr.other.org", "demo", "hello", fetch, scope="run")
    cache.get(API, "demo", "hello", fetch, scope="task-2")
    assert fetch.calls == 5


def test_disk_cache_serves_other_processes(tmp_path, monkeypatch):
    cache = ProjectCache(str(tmp_path / "c"), ttl=30)
    fetch = Counter()
    cache.get(API, "demo", "hello", fetch, scope="run")
    monkeypatch.setattr(_lookup_cache, "_MEMORY", {})  # what a freshly forked worker of another host sees
    assert cache.get(API, "demo", "hello", Counter(), scope="run") == PROJECT
    assert fetch.calls == 1


def test_missing_project_is_cached(tmp_path, monkeypatch):
    cache = ProjectCache(str(tmp_path / "c"), ttl=30)
    fetch = Counter(missing=True)
    assert cache.get(API, "demo", "nope", fetch, scope="run") is None
    monkeypatch.setattr(_lookup_cache, "_MEMORY", {})
    assert cache.get(API, "demo", "nope", fetch, scope="run") is None
    assert fetch.calls == 1


def test_entries_expire(tmp_path, monkeypatch):
    cache = ProjectCache(str(tmp_path / "c"), ttl=30)
    fetch = Counter()
    now = time.time()
    cache.get(API, "demo", "hello", fetch, scope="run")
    monkeypatch.setattr(_lookup_cache.time, "time", lambda: now + 31)
    cache.get(API, "demo", "hello", fetch, scope="run")
    assert fetch.calls == 2


def test_ttl_zero_disables_sharing(tmp_path):
    cache = ProjectCache(str(tmp_path / "c"), ttl=0)
    fetch = Counter()
    cache.get(API, "demo", "hello", fetch, scope="run")
    cache.get(API, "demo", "hello", fetch, scope="run")
    assert fetch.calls == 2
    assert not os.path.exists(str(tmp_path / "c"))


def test_errors_are_not_cached(tmp_path):
    cache = ProjectCache(str(tmp_path / "c"), ttl=30)

    def failing():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.get(API, "demo", "hello", failing, scope="run")
    fetch = Counter()
    assert cache.get(API, "demo", "hello", fetch, scope="run") == PROJECT
    assert fetch.calls == 1


def test_corrupt_entry_is_refetched(tmp_path, monkeypatch):
    directory = tmp_path / "c"
    cache = ProjectCache(str(directory), ttl=30)
    cache.get(API, "demo", "hello", Counter(), scope="run")
    for entry in directory.glob("*.json"):
        entry.write_text("{not json")
    monkeypatch.setattr(_lookup_cache, "_MEMORY", {})
    fetch = Counter()
    assert cache.get(API, "demo", "hello", fetch, scope="run") == PROJECT
    assert fetch.calls == 1


def test_unusable_directory_falls_back_to_fetching(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ProjectCache(str(blocker / "c"), ttl=30)
    fetch = Counter()
    assert cache.get(API, "demo", "hello", fetch, scope="run") == PROJECT
    assert fetch.calls == 1


def test_files_hold_no_secrets_and_are_private(tmp_path):
    directory = tmp_path / "c"
    ProjectCache(str(directory), ttl=30).get(API, "demo", "hello", Counter(), scope="run")
    assert oct(os.stat(str(directory)).st_mode & 0o777) == oct(0o700)
    (entry,) = list(directory.glob("*.json"))
    assert oct(os.stat(str(entry)).st_mode & 0o077) == oct(0)
    data = json.loads(entry.read_text())
    assert set(data) == {"key", "fetched_at", "project"}


def _worker(directory, log_path, barrier):
    cache = ProjectCache(directory, ttl=30)

    def fetch():
        with open(log_path, "a", encoding="utf-8") as log:
            log.write("fetch\n")
        time.sleep(0.2)  # a slow server: the other workers must wait, not fetch too
        return PROJECT

    barrier.wait()
    _lookup_cache._MEMORY.clear()  # pylint: disable=protected-access
    result = cache.get(API, "demo", "hello", fetch, scope="run")
    os._exit(0 if result == PROJECT else 1)  # pylint: disable=protected-access


# Forked like Ansible's own workers. Under pytest-xdist (ansible-test units) the test process has threads, and
# Python 3.12+ warns that fork() there may deadlock; the children here only take the cache's flock and exit.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded, use of fork:DeprecationWarning")
def test_concurrent_forked_workers_fetch_once(tmp_path):
    context = multiprocessing.get_context("fork")
    directory = str(tmp_path / "c")
    log_path = str(tmp_path / "fetches.log")
    barrier = context.Barrier(6)
    workers = [context.Process(target=_worker, args=(directory, log_path, barrier)) for dummy in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0] * 6
    with open(log_path, encoding="utf-8") as log:
        assert log.read().count("fetch") == 1


def test_scope_is_the_workers_task(monkeypatch):
    class Task:
        _uuid = "abc-123"

    class Worker:
        _task = Task()

    monkeypatch.setattr(_lookup_cache.multiprocessing, "current_process", Worker)
    assert _lookup_cache._current_task_scope() == "task-abc-123"  # pylint: disable=protected-access
    monkeypatch.setattr(_lookup_cache.multiprocessing, "current_process", object)
    assert _lookup_cache._current_task_scope() == "run"  # pylint: disable=protected-access
