# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two ``copr_project`` tasks creating the same project at once: one project, both tasks succeed.

Two ``ansible-playbook`` processes are started together. To make sure both really race (both read "missing",
both send the add), the emulator delays every request (a "latency" fault at rate 1.0) in most rounds, which
widens the window between the read and the add beyond the processes' start-up jitter; the request log shows
how many adds reached the server.
"""

from __future__ import annotations

import collections

import pytest
from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import DEMO_LOGIN, DEMO_TOKEN, Playbook, copr_defaults, play

# pylint: disable=redefined-outer-name

CHROOTS = ["fedora-40-x86_64", "epel-9-x86_64"]
SETTINGS = {"description": "made twice at once", "enable_net": True}
DEMO = (DEMO_LOGIN, DEMO_TOKEN)


def creator(url, name, workdir, extra=None):
    task = {"name": "create", "fedora.copr.copr_project": dict(SETTINGS, name=name, chroots=CHROOTS, **(extra or {}))}
    return Playbook(play([task], module_defaults=copr_defaults(url)), workdir)


def race(emu, tmp_path, name, latency, extra_a=None, extra_b=None, count=2):
    if latency:
        emu.set_faults({"seed": 1, "rate": 1.0, "kinds": ["latency"], "latency": latency})
    emu.clear_requests()
    books = [creator(emu.url, name, tmp_path, extra_a if i == 0 else extra_b) for i in range(count)]
    for book in books:
        book.start()
    runs = [book.wait(timeout=300) for book in books]
    emu.clear_faults()
    log = emu.requests()
    adds = [r for r in log if r["method"] == "POST" and r["path"].startswith("/api_3/project/add/")]
    return runs, adds


@pytest.mark.parametrize("latency", [0, 1.0, 1.5], ids=["no-latency", "latency-1s", "latency-1.5s"])
def test_two_creators_one_project_both_succeed(copr_emu, tmp_path, latency):
    name = "race-%d" % int(latency * 10)
    runs, adds = race(copr_emu, tmp_path, name, latency)
    for run in runs:
        assert run.rc == 0, run.describe()
        record = run.result("create")
        assert record["status"] == "ok", record
        project = record["result"]["project"]
        assert project["full_name"] == "demo/" + name
        assert project["description"] == SETTINGS["description"] and project["enable_net"] is True
        assert project["chroots"] == sorted(CHROOTS)
    changed = [run.result("create")["result"]["changed"] for run in runs]
    assert any(changed), changed
    projects = [p for p in copr_emu.all_projects() if p["name"] == name]
    assert len(projects) == 1, projects
    assert projects[0]["description"] == SETTINGS["description"]
    assert sorted(projects[0]["chroot_repos"]) == sorted(CHROOTS)
    counts = collections.Counter(p["full_name"] for p in copr_emu.all_projects())
    assert all(v == 1 for v in counts.values()), counts
    if latency:
        # The race really happened: both processes sent an add.
        assert len(adds) == 2, adds


def test_three_creators_with_different_descriptions(copr_emu, tmp_path):
    """Racing tasks that disagree: one project, every task succeeds, the last edit wins."""
    name = "race-three"
    copr_emu.set_faults({"seed": 2, "rate": 1.0, "kinds": ["latency"], "latency": 1.0})
    copr_emu.clear_requests()
    books = [creator(copr_emu.url, name, tmp_path, {"description": "writer %d" % i}) for i in range(3)]
    for book in books:
        book.start()
    runs = [book.wait(timeout=300) for book in books]
    copr_emu.clear_faults()
    for run in runs:
        assert run.rc == 0, run.describe()
    projects = [p for p in copr_emu.all_projects() if p["name"] == name]
    assert len(projects) == 1, projects
    assert projects[0]["description"] in {"writer 0", "writer 1", "writer 2"}


def _race_tasks(emu, tmp_path, tasks, count=2, latency=1.0):
    emu.set_faults({"seed": 3, "rate": 1.0, "kinds": ["latency"], "latency": latency})
    emu.clear_requests()
    books = [Playbook(play(tasks, module_defaults=copr_defaults(emu.url)), tmp_path) for _index in range(count)]
    for book in books:
        book.start()
    runs = [book.wait(timeout=300) for book in books]
    emu.clear_faults()
    return runs, emu.requests()


def test_two_deleters_both_succeed(copr_emu, tmp_path):
    copr_emu.add_project("demo", {"name": "doomed", "chroots": CHROOTS}, *DEMO)
    runs, log = _race_tasks(copr_emu, tmp_path, [
        {"name": "delete", "fedora.copr.copr_project": {"name": "doomed", "state": "absent"}}])
    for run in runs:
        assert run.rc == 0, run.describe()
    assert [p for p in copr_emu.all_projects() if p["name"] == "doomed"] == []
    deletes = [r for r in log if r["method"] == "DELETE"]
    assert len(deletes) == 2, log  # the race happened


def test_two_forkers_one_fork_both_succeed(copr_emu, tmp_path):
    """Both forks reach Copr (the module forks with confirm); the destination exists once, both tasks succeed."""
    copr_emu.add_project("demo", {"name": "origin", "chroots": CHROOTS}, *DEMO)
    runs, log = _race_tasks(copr_emu, tmp_path, [
        {"name": "fork", "fedora.copr.copr_project": {"name": "copy", "state": "forked", "source": "demo/origin"}}])
    forks = [r for r in log if r["method"] == "POST" and "/fork/" in r["path"]]
    assert len(forks) == 2, log  # the race happened
    assert len([p for p in copr_emu.all_projects() if p["name"] == "copy"]) == 1
    for run in runs:
        assert run.rc == 0, run.describe()
