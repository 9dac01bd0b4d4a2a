# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""copr_project's write-only settings against the emulator (issue 14, items 1 and 2).

``delete_after_days`` and ``runtime_dependencies`` are read from ``/api_3/rpmrepo/...`` (only when the task sets
them) and compared; Copr (and the emulator) memoize that answer for 2 minutes, so a re-run inside that window
still sees the old value and sends the same value again (changed), and after it nothing is sent. ``multilib``
and ``fedora_review`` are not sent to an existing project unless ``update_write_only: always``, and the task warns.
``storage`` is chosen at creation; another storage for an existing project fails before any write.
"""

from __future__ import annotations

from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import copr_defaults, play, run_playbook

# pylint: disable=redefined-outer-name

F40 = "fedora-40-x86_64"
MIRROR = "https://mirror.example.net/ex/$basearch/"


def task(name, **args):
    body = {"name": "ex-wo", "chroots": [F40]}
    body.update(args)
    return {"name": name, "fedora.copr.copr_project": body, "register": "out", "ignore_errors": True}


def test_write_only_settings_follow_their_read_path(copr_emu, tmp_path):
    expire = {"name": "expire the rpmrepo cache", "ansible.builtin.uri": {
        "url": copr_emu.url + "/_emulator/cache?kind=rpmrepo", "method": "DELETE", "status_code": [200, 204]}}
    tasks = [
        task("create", delete_after_days=30, runtime_dependencies=[MIRROR], multilib=True),
        task("same again", delete_after_days=30, runtime_dependencies=[MIRROR]),
        task("shorter", delete_after_days=10),
        task("shorter, inside the cache window", delete_after_days=10),
        expire,
        task("shorter, after the cache window", delete_after_days=10),
        task("multilib on an existing project", multilib=True, fedora_review=True),
        task("multilib always", multilib=True, update_write_only="always"),
        task("another storage", storage="pulp"),
    ]
    run = run_playbook(play(tasks, module_defaults=copr_defaults(copr_emu.url)), tmp_path)
    assert run.rc == 0, run.describe()
    changed = dict((r["task"], r["result"].get("changed")) for r in run.records if r["task"] != expire["name"])
    assert changed == {
        "create": True,
        "same again": False,
        "shorter": True,
        "shorter, inside the cache window": True,  # rpmrepo still shows 30 (documented)
        "shorter, after the cache window": False,
        "multilib on an existing project": False,
        "multilib always": True,
        "another storage": False,
    }, run.describe()
    warnings = run.result("multilib on an existing project")["result"].get("warnings")
    assert warnings == [
        "Not sent to the existing project demo/ex-wo: multilib, fedora_review. Copr never reports these settings, "
        "so they cannot be compared and are sent only when a project is created (update_write_only: on_create). "
        "Set update_write_only: always to send them on every run (the task then reports a change)."]
    storage = run.result("another storage")["result"]
    assert run.result("another storage")["status"] == "failed" and "Copr cannot change storage of an existing project" in storage["msg"]
    state = copr_emu.emu.state.find("demo", "ex-wo")
    assert state.delete_after_days == 10
    assert state.settings["runtime_dependencies"] == [MIRROR]
    assert state.settings["multilib"] is True


def test_unchanged_rerun_costs_two_reads(copr_emu, tmp_path):
    setup = run_playbook(play([task("create", delete_after_days=5, runtime_dependencies=[MIRROR])],
                              module_defaults=copr_defaults(copr_emu.url)), tmp_path)
    assert setup.rc == 0, setup.describe()
    copr_emu.clear_requests()
    run = run_playbook(play([task("again", delete_after_days=5, runtime_dependencies=[MIRROR])],
                            module_defaults=copr_defaults(copr_emu.url)), tmp_path)
    assert run.rc == 0 and run.result("again")["result"]["changed"] is False, run.describe()
    sent = [(r["method"], r["path"]) for r in copr_emu.requests()]
    assert sent == [("GET", "/api_3/project"), ("GET", "/api_3/rpmrepo/demo/ex-wo/fedora-40/")], sent
