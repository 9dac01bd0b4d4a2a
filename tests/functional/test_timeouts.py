# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A server that never answers makes a task fail in bounded time with a message saying it timed out.

The server is a local socket on 127.0.0.1 that accepts connections and never replies. Bound: ``timeout`` per
attempt times ``retries + 1`` attempts, plus the backoff between them (0.5 s, 1 s, 2 s ... each with jitter
between half and all of it), plus a little slack.
"""

from __future__ import annotations

import time

import pytest
from support.playbook import DEMO_LOGIN, DEMO_TOKEN, import_collection, play, run_playbook
from support.servers import SilentServer

import_collection()

# pylint: disable=wrong-import-position,wrong-import-order
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError  # noqa: E402


def max_backoff(retries):
    return sum(min(8.0, 0.5 * 2 ** i) for i in range(retries))


def min_backoff(retries):
    return sum(min(8.0, 0.5 * 2 ** i) / 2 for i in range(retries))


@pytest.mark.parametrize("timeout,retries", [(0.5, 0), (0.5, 2)])
def test_client_gives_up_in_bounded_time(timeout, retries):
    with SilentServer() as server:
        client = CoprClient(server.url, login=DEMO_LOGIN, token=DEMO_TOKEN, timeout=timeout, retries=retries)
        started = time.monotonic()
        with pytest.raises(CoprError) as caught:
            client.get_project("demo", "hello")
        elapsed = time.monotonic() - started
    error = caught.value
    assert error.status is None
    assert "timed out" in str(error), str(error)
    assert error.attempts == retries + 1
    assert server.accepted == retries + 1, "one connection per attempt"
    low = timeout * (retries + 1) + min_backoff(retries)
    high = timeout * (retries + 1) + max_backoff(retries) + 1.0
    assert low - 0.05 <= elapsed <= high, (elapsed, low, high)
    assert client.retries_used == retries


def test_client_add_times_out_too():
    """A POST (add, retried thanks to exist_ok) is bounded the same way."""
    with SilentServer() as server:
        client = CoprClient(server.url, login=DEMO_LOGIN, token=DEMO_TOKEN, timeout=0.5, retries=1)
        started = time.monotonic()
        with pytest.raises(CoprError, match="timed out"):
            client.add_project("demo", {"name": "x", "chroots": ["fedora-40-x86_64"]})
        elapsed = time.monotonic() - started
    assert server.accepted == 2
    assert elapsed <= 0.5 * 2 + max_backoff(1) + 1.0


def test_fork_after_a_read_timeout_is_not_repeated_blindly():
    """A fork whose answer never came may have happened: without before_retry it is not sent again."""
    with SilentServer() as server:
        client = CoprClient(server.url, login=DEMO_LOGIN, token=DEMO_TOKEN, timeout=0.5, retries=3)
        with pytest.raises(CoprError, match="timed out"):
            client.fork_project("demo", "src", "demo", "dst")
    assert server.accepted == 1


def _tasks(url, timeout, retries):
    conn = {"api_url": url, "api_login": DEMO_LOGIN, "api_token": DEMO_TOKEN, "username": "demo",
            "timeout": timeout, "retries": retries}
    return [
        {"name": "info", "fedora.copr.copr_project_info": dict(conn, name="hello"), "register": "info",
         "ignore_errors": True},
        {"name": "present", "fedora.copr.copr_project": dict(conn, name="hello", chroots=["fedora-40-x86_64"]),
         "register": "present", "ignore_errors": True},
        {"name": "lookup", "ansible.builtin.set_fact": {
            "urls": "{{ lookup('fedora.copr.copr_repo_url', 'demo/hello', api_url='%s', timeout=%s, retries=%s) }}"
                    % (url, timeout, retries)},
         "ignore_errors": True},
    ]


def test_tasks_fail_in_bounded_time_saying_they_timed_out(tmp_path):
    timeout, retries = 1.0, 1
    per_task = timeout * (retries + 1) + max_backoff(retries)
    with SilentServer() as server:
        run = run_playbook(play(_tasks(server.url, timeout, retries)), tmp_path, timeout=120)
        accepted = server.accepted
        connections = list(server.connections)
    for task in ("info", "present", "lookup"):
        record = run.result(task)
        assert record["status"] == "failed", run.describe()
        message = record["result"].get("msg", "")
        assert "timed out" in message, (task, message)
        assert "Traceback" not in message and "MODULE FAILURE" not in message, message
    assert "timed out" in run.output
    # Each task: retries + 1 connections, each held about `timeout` seconds.
    assert accepted == 3 * (retries + 1), connections
    for connection in connections:
        held = connection["closed"] - connection["accepted"]
        assert held <= timeout + 1.0, held
    # Whole playbook: three tasks, each bounded, plus Ansible's own start-up and per-task overhead.
    assert run.elapsed <= 3 * per_task + 30, run.describe()
    # Tasks timed out rather than finishing fast for another reason.
    assert run.elapsed >= 3 * timeout * (retries + 1)


def test_task_with_retries_zero_fails_after_one_timeout(tmp_path):
    with SilentServer() as server:
        conn = {"api_url": server.url, "api_login": DEMO_LOGIN, "api_token": DEMO_TOKEN, "username": "demo",
                "timeout": 1, "retries": 0}
        run = run_playbook(play([{"name": "info", "fedora.copr.copr_project_info": dict(conn, name="x"),
                                  "ignore_errors": True}]), tmp_path, timeout=120)
        accepted = server.accepted
    record = run.result("info")
    assert record["status"] == "failed"
    assert "timed out" in record["result"]["msg"]
    assert "1 attempt" in record["result"]["msg"] or "timed out after 1" in record["result"]["msg"]
    assert accepted == 1


def test_trickling_server_is_bounded_too():
    """timeout bounds each attempt from connect to the last byte, also when the body trickles in."""
    with SilentServer(trickle=0.5, body_length=12) as server:
        client = CoprClient(server.url, timeout=1.0, retries=0)
        started = time.monotonic()
        with pytest.raises(CoprError) as caught:
            client.get_project("demo", "x")
        elapsed = time.monotonic() - started
    assert elapsed <= 1.0 + 0.5, elapsed
    assert "timed out after 1 s: the answer did not arrive in full" in str(caught.value)


@pytest.mark.parametrize("retries", [0, 2])
def test_trickling_server_total_is_bounded_by_attempts_and_backoff(retries):
    """The call's total: (retries + 1) * timeout plus the capped backoff between attempts."""
    with SilentServer(trickle=0.3, body_length=40) as server:
        client = CoprClient(server.url, login=DEMO_LOGIN, token=DEMO_TOKEN, timeout=0.8, retries=retries)
        started = time.monotonic()
        with pytest.raises(CoprError) as caught:
            client.delete_project("demo", "x")
        elapsed = time.monotonic() - started
    assert caught.value.attempts == retries + 1
    assert elapsed <= 0.8 * (retries + 1) + max_backoff(retries) + 0.5, elapsed
