# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Several ``copr_project`` tasks on the same project at once: one project, every task succeeds.

Several ``ansible-playbook`` processes are started together. So that they really race, whatever the machine's
load, the emulator holds the first read of the project (``/_emulator/hold``, a barrier) until every process has
sent it: all of them read "missing" (or "exists") and then all send their write. Nothing depends on timing; the
request log shows that every write reached the server.

Only the task whose add created the project reports ``changed``: the module's first add is sent without
``exist_ok``, so the others get Copr's 400 "You already have a project named ..." and then only edit what differs.
"""

from __future__ import annotations

import collections

from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import DEMO_LOGIN, DEMO_TOKEN, Playbook, copr_defaults, play

# pylint: disable=redefined-outer-name

CHROOTS = ["fedora-40-x86_64", "epel-9-x86_64"]
SETTINGS = {"description": "made twice at once", "enable_net": True}
DEMO = (DEMO_LOGIN, DEMO_TOKEN)
HOLD_TIMEOUT = 240  # seconds a held request waits for the others (only reached when a process never starts)


def hold(emu, count, method="GET", path="/api_3/project"):
    """Hold the first ``count - 1`` requests ``method path`` until the ``count``-th arrives."""
    response = emu.session.put(emu.url + "/_emulator/hold", json={
        "method": method, "path": path, "count": count, "timeout": HOLD_TIMEOUT}, timeout=30)
    response.raise_for_status()


def hold_status(emu):
    return emu.session.get(emu.url + "/_emulator/hold", timeout=30).json()


def creator(url, name, workdir, extra=None):
    task = {"name": "create", "fedora.copr.copr_project": dict(SETTINGS, name=name, chroots=CHROOTS, **(extra or {}))}
    return Playbook(play([task], module_defaults=copr_defaults(url)), workdir)


def race(emu, tmp_path, name, extras):
    hold(emu, len(extras))
    emu.clear_requests()
    books = [creator(emu.url, name, tmp_path, extra) for extra in extras]
    for book in books:
        book.start()
    runs = [book.wait(timeout=HOLD_TIMEOUT + 120) for book in books]
    status = hold_status(emu)
    assert status["released"] == 1 and status["timed_out"] == 0, status
    log = emu.requests()
    adds = [r for r in log if r["method"] == "POST" and r["path"].startswith("/api_3/project/add/")]
    return runs, adds


def test_five_creators_one_project_one_change(copr_emu, tmp_path):
    name = "race-five"
    runs, adds = race(copr_emu, tmp_path, name, [None] * 5)
    for run in runs:
        assert run.rc == 0, run.describe()
        record = run.result("create")
        assert record["status"] == "ok", record
        project = record["result"]["project"]
        assert project["full_name"] == "demo/" + name
        assert project["description"] == SETTINGS["description"] and project["enable_net"] is True
        assert project["chroots"] == sorted(CHROOTS)
    # The race really happened: every process read "missing" and sent an add.
    assert len(adds) == 5, adds
    assert sorted(a["status"] for a in adds) == [200, 400, 400, 400, 400], adds
    changed = [run.result("create")["result"]["changed"] for run in runs]
    assert sorted(changed) == [False, False, False, False, True], changed
    projects = [p for p in copr_emu.all_projects() if p["name"] == name]
    assert len(projects) == 1, projects
    assert projects[0]["description"] == SETTINGS["description"]
    assert sorted(projects[0]["chroot_repos"]) == sorted(CHROOTS)
    counts = collections.Counter(p["full_name"] for p in copr_emu.all_projects())
    assert all(v == 1 for v in counts.values()), counts


def test_three_creators_with_different_descriptions(copr_emu, tmp_path):
    """Racing tasks that disagree: one project, every task succeeds, the last edit wins."""
    name = "race-three"
    runs, adds = race(copr_emu, tmp_path, name, [{"description": "writer %d" % i} for i in range(3)])
    for run in runs:
        assert run.rc == 0, run.describe()
    assert len(adds) == 3, adds
    projects = [p for p in copr_emu.all_projects() if p["name"] == name]
    assert len(projects) == 1, projects
    assert projects[0]["description"] in {"writer 0", "writer 1", "writer 2"}
    # the creator changed it; each loser changed it too (its description differs from what it found), unless
    # it found its own description already there
    changed = [run.result("create")["result"]["changed"] for run in runs]
    assert changed.count(True) >= 1, changed


def _race_tasks(emu, tmp_path, tasks, count=2, method="GET", path="/api_3/project"):
    hold(emu, count, method, path)
    emu.clear_requests()
    books = [Playbook(play(tasks, module_defaults=copr_defaults(emu.url)), tmp_path) for _index in range(count)]
    for book in books:
        book.start()
    runs = [book.wait(timeout=HOLD_TIMEOUT + 120) for book in books]
    status = hold_status(emu)
    assert status["released"] == 1 and status["timed_out"] == 0, status
    return runs, emu.requests()


def test_two_deleters_both_succeed(copr_emu, tmp_path):
    copr_emu.add_project("demo", {"name": "doomed", "chroots": CHROOTS}, *DEMO)
    runs, log = _race_tasks(copr_emu, tmp_path, [
        {"name": "delete", "fedora.copr.copr_project": {"name": "doomed", "state": "absent"}}],
        method="DELETE", path="/api_3/project/delete/demo/doomed")
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
