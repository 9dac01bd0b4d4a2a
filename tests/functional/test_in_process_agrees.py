# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The controller-side path and the module path agree (issue 18, "Proof that both paths agree").

One playbook runs twice at ``-vvv --check --diff`` from the same emulator state (reset to the seed, empty
request log), once with ``FEDORA_COPR_IN_PROCESS=true`` and once with ``=false``. It touches all nine modules:
writes (plays with ``check_mode: false``), unchanged re-runs, task-level ``check_mode: true``, a play left in
``--check`` mode, ``--diff``, a loop, a warning, bad input refused before any request, a Copr 404 and 401, a write
without credentials, the token given as a task option, ``module_defaults: group/fedora.copr.copr``, registered
variables, and the fallbacks this machine can exercise (``async``, ``environment``, the switch as a play
variable). Every recorded task result (``invocation`` included) must be equal key by key once clock readings, an
async job's id and the file paths of a traceback (ansible-core 2.17 adds one at -vvv; its frames are compared) are
removed, and the emulator's request logs must be identical. The ``-vvv`` marker lines show that every copr task
took the path it should, once per loop item.

The switch itself: ``[fedora.copr] in_process = false`` in ansible.cfg turns the path off, a variable beats the
environment and the config file, and a value that is not a boolean fails the task naming where it came from.
"""

from __future__ import annotations

import json
import os

import pytest
from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import DEMO_LOGIN, DEMO_TOKEN, copr_defaults, run_playbook
from support.scenarios import (
    SWITCH_ENV,
    SWITCHED_OFF,
    differences,
    path_env,
    paths_taken,
    with_frames_only,
    without_timings,
)

# It runs both paths itself: the switch-off layer (make functional-module) would only repeat it.
pytestmark = pytest.mark.skipif(os.environ.get("FEDORA_COPR_IN_PROCESS") == "false",
                                reason="runs both paths itself; nothing more to prove with the switch off")

# pylint: disable=redefined-outer-name

F40, F39, EPEL9 = "fedora-40-x86_64", "fedora-39-x86_64", "epel-9-x86_64"
SECRET_VARS = {"demo_login": DEMO_LOGIN, "demo_token": DEMO_TOKEN}
WRONG_TOKEN = "w" * 30
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
PLAY_VAR_OFF = "fedora_copr_in_process=False turns the in-process path off"
# What a task run with ``async`` has that cannot be the same twice: the job's random id and its results file.
ASYNC_KEYS = frozenset(("ansible_job_id", "results_file"))


@pytest.fixture(autouse=True)
def _no_outer_switch(monkeypatch):
    """Each run chooses its path itself: a FEDORA_COPR_IN_PROCESS of the caller must not leak in."""
    monkeypatch.delenv(SWITCH_ENV, raising=False)


def marker(label):
    """A task that leaves ``GET /api_3/?marker=<label>`` in the request log (a lookup: no copr module)."""
    lookup = "{{ lookup('ansible.builtin.url', emulator_url + '/api_3/?marker=%s') }}" % label
    return {"name": "marker " + label, "ansible.builtin.set_fact": {"marker_" + label.replace("-", "_"): lookup}}


def copr(title, module, extra=None, /, **args):
    """A task ``title`` of ``fedora.copr.<module>`` with ``args``; ``extra`` holds task keywords."""
    task = {"name": title, "fedora.copr." + module: args}
    task.update(extra or {})
    return task


def failing(title, module, extra=None, /, **args):
    return copr(title, module, dict(extra or {}, ignore_errors=True, register="r_failed"), **args)


def project_tasks():
    project = {"name": "agree", "chroots": [F40, F39]}
    return [
        copr("create", "copr_project", {"register": "r_create"}, description="one", **project),
        {"name": "use the registered result", "ansible.builtin.assert": {"that": [
            "r_create is changed", "r_create.project.name == 'agree'", "r_create.diff.after.description == 'one'"]}},
        {"name": "show the registered result", "ansible.builtin.debug": {"var": "r_create"}},
        copr("edit", "copr_project", description="two", enable_net=True, **project),
        copr("unchanged", "copr_project", description="two", enable_net=True, **project),
        copr("task check mode", "copr_project", {"check_mode": True}, description="three", **project),
        copr("write-only setting warns", "copr_project", multilib=True, **project),
        copr("fork with edits", "copr_project", name="agree-fork", state="forked", source="demo/agree",
             description="forked", instructions="use it"),
        copr("info get", "copr_project_info", name="agree"),
        copr("info list", "copr_project_info", ownername="demo", order="name"),
        # One match only: search orders by creation time in whole seconds, which two runs need not share.
        copr("info search", "copr_project_info", query="forked"),
        copr("token as a task option, delegated to localhost", "copr_project_info", {"delegate_to": "localhost"},
             name="agree", api_login="{{ demo_login }}", api_token="{{ demo_token }}"),
        copr("switch on in a task variable", "copr_project_info", {"vars": {"fedora_copr_in_process": True}},
             name="agree-fork"),
    ]


def chroot_permission_package_tasks():
    return [
        copr("mock chroots", "copr_chroot_info", match="x86_64$"),
        copr("chroot settings", "copr_project_chroot", project="agree", chroot=F40, with_opts=["tests"],
             additional_packages=["make"]),
        copr("chroot check mode", "copr_project_chroot", {"check_mode": True}, project="agree", chroot=F40,
             with_opts=["docs"]),
        copr("chroot enabled with settings", "copr_project_chroot", project="agree", chroot=EPEL9,
             additional_repos=["https://repo.example.org/epel9/"]),
        copr("chroot disabled", "copr_project_chroot", project="agree", chroot=F39, state="absent"),
        copr("chroot info", "copr_project_chroot_info", project="agree"),
        copr("permissions", "copr_project_permissions", project="agree",
             permissions=[{"user": "alice", "builder": True}]),
        copr("permissions info", "copr_project_permissions_info", project="agree", user="alice"),
        copr("package", "copr_package", project="agree", name="tool", source_type="pypi",
             source={"pypi_package_name": "tool", "python_versions": ["3"]}),
        copr("package write-only setting warns", "copr_package", project="agree", name="tool", max_builds=5,
             webhook_rebuild=True),
        copr("package info", "copr_package_info", project="agree"),
    ]


def loop_and_fallback_tasks():
    return [
        copr("loop create", "copr_project", {"loop": [1, 2], "register": "r_loop"}, name="agree-{{ item }}",
             chroots=[F40]),
        {"name": "use the registered loop", "ansible.builtin.assert": {"that": [
            "r_loop.results | length == 2", "r_loop.results[1].project.name == 'agree-2'"]}},
        copr("loop delete", "copr_project", {"loop": [1, 2]}, name="agree-{{ item }}", state="absent"),
        copr("async falls back", "copr_project_info", {"async": 60, "poll": 1}, name="agree"),
        copr("environment falls back", "copr_project", {"environment": {"LC_ALL": "C"}}, name="agree",
             chroots=[F40, EPEL9], description="from a task with environment"),
    ]


def failure_tasks():
    """Bad input between two markers (no request may fall between them), then failures Copr answers."""
    return [
        marker("bad-input"),
        failing("unknown option", "copr_project", name="agree", chroots=[F40], bogus=1),
        failing("wrong type", "copr_project_info", ownername="demo", limit="many"),
        failing("max_builds out of range", "copr_package", project="agree", name="x", source_type="pypi",
                source={"pypi_package_name": "x"}, max_builds=101),
        marker("bad-input-end"),
        failing("missing project", "copr_project_chroot", project="none-such", chroot=F40, with_opts=["x"]),
        failing("wrong token as a task option", "copr_project", name="agree", chroots=[F40], description="x",
                api_token="{{ wrong_token }}"),
    ]


def check_mode_tasks():
    """Left in --check mode: every kind of write predicted, nothing sent."""
    return [
        marker("check"),
        copr("predict edit", "copr_project", name="agree", chroots=[F40, F39], description="predicted"),
        copr("predict create", "copr_project", name="agree-new", chroots=[F40]),
        copr("predict fork", "copr_project", name="agree-fork2", state="forked", source="demo/agree"),
        copr("predict chroot", "copr_project_chroot", project="agree", chroot=F40, with_opts=["docs"]),
        copr("predict chroot enable", "copr_project_chroot", project="agree", chroot=F39),
        copr("predict permissions", "copr_project_permissions", project="agree",
             permissions=[{"user": "alice", "admin": True}]),
        copr("predict package edit", "copr_package", project="agree", name="tool",
             source={"pypi_package_version": "2"}),
        copr("predict package absent", "copr_package", project="agree", name="tool", state="absent"),
        copr("predict loop", "copr_project", {"loop": ["a", "b"]}, name="agree-{{ item }}", chroots=[F40]),
        copr("read in check mode", "copr_project_chroot_info", project="agree", chroot=F40),
        copr("predict delete", "copr_project", name="agree", state="absent"),
        marker("check-end"),
    ]


def agreement_playbook(url):
    defaults = copr_defaults(url, login="{{ demo_login }}", token="{{ demo_token }}")
    real = {"hosts": "localhost", "gather_facts": False, "check_mode": False,
            "vars": {"emulator_url": url, "wrong_token": WRONG_TOKEN}}
    return [
        dict(real, name="every module, with module_defaults", module_defaults=defaults,
             tasks=project_tasks() + chroot_permission_package_tasks() + loop_and_fallback_tasks()
             + failure_tasks()),
        dict(real, name="no credentials", tasks=[
            marker("no-credentials"),
            failing("write without credentials", "copr_project", api_url=url, username="demo", name="agree",
                    chroots=[F40], description="nobody"),
            marker("no-credentials-end"),
        ]),
        dict(real, name="switched off by a play variable", module_defaults=defaults,
             vars=dict(real["vars"], fedora_copr_in_process=False),
             tasks=[copr("play variable off", "copr_project_info", name="agree")]),
        {"name": "left in --check mode", "hosts": "localhost", "gather_facts": False, "vars": real["vars"],
         "module_defaults": defaults, "tasks": check_mode_tasks()},
        dict(real, name="cleanup", module_defaults=defaults, tasks=[
            copr("delete", "copr_project", name="agree", state="absent")]),
    ]


def run_both_ways(emu, tmp_path, plays):
    """``{True: (run, request log), False: (...)}``, each run from the freshly reset emulator."""
    runs = {}
    for in_process in (True, False):
        emu.reset()
        # An absolute async dir: the harness's HOME is not the user's home, which async_status would read.
        # ANSIBLE_INJECT_INVOCATION: ansible-core 2.21+ leaves ``invocation`` (the validated arguments, no_log
        # values masked) out of results unless asked; older cores always add it.
        env = dict(path_env(in_process), ANSIBLE_ASYNC_DIR=str(tmp_path / "async"), ANSIBLE_INJECT_INVOCATION="true")
        run = run_playbook(plays, tmp_path, verbosity=3, check=True, diff=True, env=env, extra_vars=SECRET_VARS)
        runs[in_process] = (run, emu.requests())
    return runs


def comparable(record):
    """A record without what cannot be equal: clock readings, an async job's id, where a traceback's code lay."""
    result = with_frames_only(without_timings(record["result"]))
    if "ansible_job_id" in result:
        result = without_timings(result, ASYNC_KEYS)
    return dict(record, result=result)


def result_differences(here, module):
    assert [r["task"] for r in here.records] == [r["task"] for r in module.records]
    found = []
    for one, other in zip(here.records, module.records):
        found.extend(differences(comparable(one), comparable(other), "[%s]" % one["task"]))
    return found


def between(log, start, end):
    """The requests logged after the marker ``start`` and before ``end``."""
    queries = [entry["query"] for entry in log]
    return log[queries.index("marker=" + start) + 1:queries.index("marker=" + end)]


def copr_tasks(plays):
    """``{task name: (action, items)}`` of every fedora.copr task of the playbook."""
    found = {}
    for one in plays:
        for task in one["tasks"]:
            action = next((key for key in task if key.startswith("fedora.copr.")), None)
            if action:
                found[task["name"]] = (action, len(task.get("loop", [None])))
    return found


def assert_paths(run, plays, expected_reason, exceptions):
    """Each copr task printed one marker per item: ``expected_reason`` (None: in-process) unless ``exceptions``
    names it."""
    taken = paths_taken(run)
    for name, (action, items) in copr_tasks(plays).items():
        reason = exceptions.get(name, expected_reason)
        assert taken.get(name) == [(action, reason)] * items, (name, taken.get(name), reason)


EXPECTED_FAILURES = ["max_builds out of range", "missing project", "unknown option", "write without credentials",
                     "wrong token as a task option", "wrong type"]


def test_both_paths_agree_on_every_module(copr_emu, tmp_path):
    plays = agreement_playbook(copr_emu.url)
    runs = run_both_ways(copr_emu, tmp_path, plays)
    for in_process, (run, log) in runs.items():
        assert run.rc == 0, (in_process, run.describe())
        statuses = dict((r["task"], r["status"]) for r in run.records)
        assert sorted(name for name, status in statuses.items() if status == "failed") == EXPECTED_FAILURES, (
            in_process, statuses)
        assert len(statuses) == len(run.records), "task names must be unique: %s" % statuses
        assert between(log, "bad-input", "bad-input-end") == [], in_process
        assert between(log, "no-credentials", "no-credentials-end") == [], in_process
        writes = [entry for entry in between(log, "check", "check-end") if entry["method"] != "GET"]
        assert writes == [], (in_process, writes)

    assert_paths(runs[True][0], plays, None, {
        "async falls back": "async is set",
        "environment falls back": "the environment keyword is set (the module must run with that environment)",
        "play variable off": PLAY_VAR_OFF})
    assert_paths(runs[False][0], plays, SWITCHED_OFF, {
        "switch on in a task variable": None, "play variable off": PLAY_VAR_OFF})

    found = result_differences(runs[True][0], runs[False][0])
    assert not found, "the in-process path (left) and the module path (right) differ:\n" + "\n".join(found)
    here, module = runs[True][1], runs[False][1]
    assert [(e["method"], e["path"], e["query"], e["status"]) for e in here] == [
        (e["method"], e["path"], e["query"], e["status"]) for e in module]

    # What the scenario is meant to contain really happened (on both paths, as they are equal).
    run, log = runs[True]
    result = run.result("token as a task option, delegated to localhost")["result"]
    assert result["invocation"]["module_args"]["api_token"] == NO_LOG_MASK
    for text in (run.output, runs[False][0].output, json.dumps(run.records)):
        assert DEMO_TOKEN not in text and WRONG_TOKEN not in text
    assert run.result("wrong token as a task option")["result"]["status"] == 401
    assert "project demo/none-such does not exist" in run.result("missing project")["result"]["msg"]
    assert ("GET", "/api_3/project-chroot", 404) in [(e["method"], e["path"], e["status"]) for e in log]
    assert "changes Copr and needs credentials" in run.result("write without credentials")["result"]["msg"]
    assert "Unsupported parameters" in run.result("unknown option")["result"]["msg"]
    for task in ("write-only setting warns", "package write-only setting warns"):
        assert run.result(task)["result"]["warnings"], task
    assert "[WARNING]: Not sent to the existing project demo/agree: multilib." in run.stderr
    for task in ("task check mode", "chroot check mode"):
        assert run.result(task)["result"]["changed"] is True, task
    predicted = [r for r in run.records if r["task"].startswith("predict")]
    assert len(predicted) == 10 and all(r["result"]["changed"] for r in predicted), predicted
    assert run.result("edit")["result"]["diff"]["after"]["description"] == "two"
    assert "+++ after" in run.stdout
    assert len(run.result("loop create")["result"]["results"]) == 2
    assert run.result("async falls back")["result"]["projects"][0]["name"] == "agree"


def switch_play(url, tasks):
    defaults = copr_defaults(url, login="{{ demo_login }}", token="{{ demo_token }}")
    return [{"name": "the switch", "hosts": "localhost", "gather_facts": False, "module_defaults": defaults,
             "tasks": tasks}]


def test_ansible_cfg_turns_it_off_and_a_variable_wins(copr_emu, tmp_path):
    config = tmp_path / "ansible.cfg"
    config.write_text("[fedora.copr]\nin_process = false\n", encoding="utf-8")
    plays = switch_play(copr_emu.url, [
        copr("off in ansible.cfg", "copr_chroot_info"),
        copr("a variable wins over ansible.cfg", "copr_chroot_info", {"vars": {"fedora_copr_in_process": "yes"}}),
        failing("not a boolean in a variable", "copr_chroot_info", {"vars": {"fedora_copr_in_process": "maybe"}}),
    ])
    run = run_playbook(plays, tmp_path, verbosity=3, env={"ANSIBLE_CONFIG": str(config)}, extra_vars=SECRET_VARS)
    assert run.rc == 0, run.describe()
    taken = paths_taken(run)
    assert taken["off in ansible.cfg"] == [("fedora.copr.copr_chroot_info", "in_process = false in the [fedora.copr] "
                                            "section of %s turns the in-process path off" % config)]
    assert taken["a variable wins over ansible.cfg"] == [("fedora.copr.copr_chroot_info", None)]
    assert run.result("off in ansible.cfg")["result"] == run.result("a variable wins over ansible.cfg")["result"]
    record = run.result("not a boolean in a variable")
    assert record["status"] == "failed"
    assert "the variable fedora_copr_in_process must be true or false" in record["result"]["msg"], record
    assert "'maybe'" in record["result"]["msg"]


def test_a_value_that_is_not_a_boolean_fails_naming_the_variable(copr_emu, tmp_path):
    plays = switch_play(copr_emu.url, [
        copr("a variable wins over the environment", "copr_chroot_info", {"vars": {"fedora_copr_in_process": True}}),
        failing("not a boolean in the environment", "copr_chroot_info"),
    ])
    run = run_playbook(plays, tmp_path, verbosity=3, env={SWITCH_ENV: "maybe"}, extra_vars=SECRET_VARS)
    assert run.rc == 0, run.describe()
    assert paths_taken(run)["a variable wins over the environment"] == [("fedora.copr.copr_chroot_info", None)]
    assert run.result("a variable wins over the environment")["status"] == "ok"
    record = run.result("not a boolean in the environment")
    assert record["status"] == "failed"
    message = record["result"]["msg"]
    assert "the environment variable FEDORA_COPR_IN_PROCESS must be true or false" in message, message
    assert "'maybe'" in message
    # Only the first task sent its request: a refused switch value sends nothing.
    assert [(e["method"], e["path"]) for e in copr_emu.requests()] == [("GET", "/api_3/mock-chroots/list")]
