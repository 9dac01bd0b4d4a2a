# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole scenario set under injected faults ends in the right state, or fails saying why.

Each seed runs one playbook (create, edit, fork, info, lookup, create + delete) against the emulator while it
injects faults into 20 % of the /api_3 requests: plain HTTP 500, proxy HTML 502 and 503 pages, Copr's HTTP 500
"action in progress", connections dropped before the request is processed and after it was committed, and
latency. Every task is ``ignore_errors`` and recorded. Then, with faults off, the emulator's state is checked:

* no duplicate project, nothing that no task asked for;
* every task that reported success left what it promised (settings as asked, chroots, fork, deletion),
  and what it returned matches what the server holds;
* every task that failed did so with a clear message (no traceback, the cause and, for transient causes, the
  attempts spent), never leaving a state that a success would contradict.

A session summary (runs, tasks succeeded / failed cleanly, retries used, faults injected) is printed at the end
of the pytest run and written to ``tests/output/faults-summary.json``.
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest
from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import copr_defaults, play, run_playbook

# pylint: disable=redefined-outer-name

REPO = Path(__file__).resolve().parents[2]
F40, EPEL9, F39 = "fedora-40-x86_64", "epel-9-x86_64", "fedora-39-x86_64"
FAULT_KINDS = ["500", "502_html", "503_html", "in_progress", "drop", "drop_after_commit", "latency"]
FAULT_RATE = 0.2
LATENCY = 0.5  # seconds added by a "latency" fault (well under the task timeout)
TIMEOUT = 10
# (seed, retries): most runs with the default 3 retries, a few with 1 so that retries do run out.
SEEDS = [(seed, 3) for seed in range(1, 25)] + [(seed, 1) for seed in range(25, 33)]

V1 = {"description": "version one"}
V2 = {"description": "version two", "instructions": "dnf copr enable", "enable_net": True, "repo_priority": 5}
FORK_SETTINGS = {"description": "a forked copy"}

# A message that says what went wrong, as the modules and the lookup word it.
CAUSES = re.compile(r"HTTP \d{3}|could not reach|timed out|connection|Copr answered|Copr request for|"
                    r"does not exist", re.IGNORECASE)


class Summary:
    """Collects the numbers of every run; printed in pytest's terminal summary."""

    def __init__(self):
        self.runs = 0
        self.runs_all_ok = 0
        self.tasks = 0
        self.tasks_ok = 0
        self.tasks_failed_cleanly = 0
        self.retries_used = 0
        self.requests = 0
        self.faults = collections.Counter()
        self.failure_causes = collections.Counter()
        self.per_task = collections.defaultdict(collections.Counter)
        self.seconds = 0.0
        self.problems = []
        self.samples = {}

    def as_dict(self):
        return {
            "fault_rate": FAULT_RATE, "fault_kinds": FAULT_KINDS, "runs": self.runs,
            "runs_with_every_task_ok": self.runs_all_ok, "tasks": self.tasks, "tasks_succeeded": self.tasks_ok,
            "tasks_failed_cleanly": self.tasks_failed_cleanly, "retries_used_reported": self.retries_used,
            "api_requests": self.requests, "faults_injected": dict(self.faults),
            "failure_causes": dict(self.failure_causes),
            "per_task": {task: dict(counts) for task, counts in self.per_task.items()},
            "playbook_seconds": round(self.seconds, 1), "problems": self.problems,
            "sample_messages": self.samples,
        }

    def pytest_terminal_summary(self, terminalreporter):
        if not self.runs:
            return
        data = self.as_dict()
        write = terminalreporter.write_line
        terminalreporter.section("fault injection summary (test_faults.py)")
        write("fault mix: %s at %d%% of /api_3 requests" % (", ".join(FAULT_KINDS), FAULT_RATE * 100))
        write("runs (playbooks): %d, every task ok: %d; playbook time %.0f s"
              % (self.runs, self.runs_all_ok, self.seconds))
        write("tasks: %d, succeeded: %d, failed cleanly: %d, retries used (reported by modules): %d"
              % (self.tasks, self.tasks_ok, self.tasks_failed_cleanly, self.retries_used))
        write("api requests: %d, faults injected: %s" % (self.requests, json.dumps(dict(self.faults))))
        write("failure causes: %s" % json.dumps(dict(self.failure_causes)))
        write("per task: %s" % json.dumps(data["per_task"]))
        for cause, message in sorted(self.samples.items()):
            write("  e.g. %s: %s" % (cause, message[-300:]))
        if self.problems:
            write("PROBLEMS: %s" % json.dumps(self.problems))
        out = REPO / "tests" / "output"
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / "faults-summary.json").write_text(json.dumps(data, indent=2) + "\n")
        except OSError:
            pass


@pytest.fixture(scope="module")
def summary(request):
    collector = Summary()
    request.config.pluginmanager.register(collector, "copr-fault-summary")
    yield collector


def fault_spec(seed, rate=FAULT_RATE, kinds=None):
    """The body of PUT /_emulator/faults (see tests/emulator/README.md)."""
    return {"seed": seed, "rate": rate, "kinds": list(kinds or FAULT_KINDS), "latency": LATENCY}


def scenario(url, seed, retries):
    project, fork, scratch = "flt-%d" % seed, "flt-%d-fork" % seed, "flt-%d-tmp" % seed
    lookup = ("{{ lookup('fedora.copr.copr_repo_url', 'demo/%s', api_url='%s', retries=%d, timeout=%d) }}"
              % (project, url, retries, TIMEOUT))
    tasks = [
        {"name": "create", "fedora.copr.copr_project": dict(V1, name=project, chroots=[F40])},
        {"name": "edit", "fedora.copr.copr_project": dict(V2, name=project, chroots=[F40, EPEL9])},
        {"name": "fork",
         "fedora.copr.copr_project": dict(FORK_SETTINGS, name=fork, state="forked", source="demo/" + project)},
        {"name": "info", "fedora.copr.copr_project_info": {"name": project}},
        {"name": "lookup", "ansible.builtin.set_fact": {"repos": lookup}},
        {"name": "create scratch", "fedora.copr.copr_project": {"name": scratch, "chroots": [F39]}},
        {"name": "delete scratch", "fedora.copr.copr_project": {"name": scratch, "state": "absent"}},
    ]
    for task in tasks:
        task["ignore_errors"] = True
    return project, fork, scratch, play(tasks, module_defaults=copr_defaults(url, retries=retries,
                                                                             timeout=TIMEOUT))


def chroots_of(project):
    return sorted((project or {}).get("chroot_repos") or {})


def has(project, settings):
    return project is not None and all(project.get(k) == v for k, v in settings.items())


def check_failure(task, record, retries):
    """A failed task's message must say what happened; returns a short cause label."""
    result = record["result"]
    message = result.get("msg")
    assert isinstance(message, str) and message.strip(), "%s failed without a message: %r" % (task, result)
    for bad in ("Traceback", "MODULE FAILURE", "module_stderr"):
        assert bad not in message and bad not in result, "%s failed with %s: %s" % (task, bad, message)
    assert CAUSES.search(message), "%s failed without a cause in its message: %s" % (task, message)
    attempts = re.search(r"after (\d+) attempts?", message)
    if attempts:
        assert int(attempts.group(1)) == retries + 1, "%s gave up before its retries ran out: %s" % (task, message)
    if re.search(r"HTTP 50[234]|timed out|connection (failed|aborted|reset)|could not reach", message) and \
            "GET /api_3/project" not in message.split(" failed")[0]:
        # A transient cause is only reported once the retries are spent (a fork's destination check may
        # report the GET that failed instead).
        assert attempts or "attempt" in message, "%s: transient failure without the attempts: %s" % (task, message)
    for label, pattern in (("project missing", "does not exist"), ("in progress", "in progress"), ("timeout", "timed out"), ("html 502", "HTTP 502"),
                           ("html 503", "HTTP 503"), ("http 500", "HTTP 500"), ("network", "could not reach"),
                           ("network", "connection")):
        if pattern.lower() in message.lower():
            return label
    return "other: " + message[:80]


def test_scenarios_without_faults_all_succeed(copr_emu, tmp_path):
    """The control run: the same playbook with no faults succeeds and is exact."""
    project, fork, scratch, plays = scenario(copr_emu.url, 0, 3)
    run = run_playbook(plays, tmp_path)
    assert run.rc == 0, run.describe()
    statuses = {r["task"]: r["status"] for r in run.records}
    assert set(statuses.values()) == {"ok"}, statuses
    state = {p["name"]: p for p in copr_emu.projects("demo")}
    assert sorted(state) == sorted([project, fork])
    assert has(state[project], V2) and chroots_of(state[project]) == sorted([F40, EPEL9])
    assert has(state[fork], FORK_SETTINGS)
    assert sorted(run.result("lookup")["result"]["ansible_facts"]["repos"]) == sorted([F40, EPEL9])
    assert not any(r["result"].get("retries_used") for r in run.records)


@pytest.mark.parametrize("seed,retries", SEEDS, ids=["seed%d-retries%d" % s for s in SEEDS])
def test_scenarios_under_faults(copr_emu, tmp_path, summary, seed, retries):
    project, fork, scratch, plays = scenario(copr_emu.url, seed, retries)
    copr_emu.set_faults(fault_spec(seed))
    run = run_playbook(plays, tmp_path, timeout=900)
    copr_emu.clear_faults()
    log = copr_emu.requests()
    summary.runs += 1
    summary.seconds += run.elapsed
    summary.requests += len([r for r in log if r["path"].startswith("/api_3")])
    for entry in log:
        if entry.get("fault"):
            summary.faults[str(entry["fault"])] += 1

    records = {r["task"]: r for r in run.records}
    expected_tasks = [t["name"] for t in plays[0]["tasks"]]
    assert sorted(records) == sorted(expected_tasks), run.describe()
    assert run.rc == 0, "ignore_errors everywhere, yet the playbook failed:\n" + run.describe()
    ok = {task: records[task]["status"] == "ok" for task in expected_tasks}
    summary.tasks += len(expected_tasks)
    summary.runs_all_ok += all(ok.values())
    for task in expected_tasks:
        record = records[task]
        summary.per_task[task]["ok" if ok[task] else "failed"] += 1
        summary.retries_used += int(record["result"].get("retries_used") or 0)
        if ok[task]:
            summary.tasks_ok += 1
        else:
            cause = check_failure(task, record, retries)
            summary.failure_causes[cause] += 1
            summary.samples.setdefault(cause, "%s: %s" % (task, record["result"]["msg"]))
            summary.tasks_failed_cleanly += 1

    missing_reported = [task for task in expected_tasks if not ok[task]
                        and "does not exist" in str(records[task]["result"].get("msg"))]

    # ---- the state, with faults off
    everything = copr_emu.all_projects()
    names = collections.Counter(p["full_name"] for p in everything)
    assert all(count == 1 for count in names.values()), "duplicate projects: %s" % names
    assert set(names) <= {"demo/" + project, "demo/" + fork, "demo/" + scratch}, names
    state = {p["name"]: p for p in everything}
    main, forked, tmp = state.get(project), state.get(fork), state.get(scratch)
    # "does not exist" is only a right answer (fork source, info, lookup) when the create and the edit both
    # failed before reaching the server; nothing later creates the project.
    for task in missing_reported:
        assert task in ("fork", "lookup") and main is None, (task, records[task]["result"]["msg"], main)

    def result_of(task):
        return records[task]["result"]

    # create: the project exists afterwards, with its settings unless the edit (which may have gone through
    # even when it failed) changed them.
    if ok["create"]:
        assert result_of("create")["changed"] is True
        assert main is not None, "create succeeded but the project is missing"
        assert has(result_of("create")["project"], V1)
    if main is not None:
        assert has(main, V1) or has(main, V2), main
        assert chroots_of(main) in ([F40], sorted([F40, EPEL9])), main
    if ok["edit"]:
        assert result_of("edit")["changed"] is True
        assert has(main, V2) and chroots_of(main) == sorted([F40, EPEL9]), ("edit succeeded but", main)
        assert has(result_of("edit")["project"], V2)
        assert result_of("edit")["project"]["chroots"] == sorted([F40, EPEL9])
    elif ok["create"] and main is not None and has(main, V1):
        assert chroots_of(main) == [F40]

    # fork: exists as asked; a fork that failed may have left the destination (the failure says so).
    if ok["fork"]:
        assert result_of("fork")["changed"] is True
        assert forked is not None and has(forked, FORK_SETTINGS), ("fork succeeded but", forked)
        assert result_of("fork")["project"]["full_name"] == "demo/" + fork
        assert has(result_of("fork")["project"], FORK_SETTINGS)
    if forked is not None:
        assert main is not None, "a fork of a project that never existed"
        assert chroots_of(forked) == chroots_of(main) or ok["edit"] is False

    # info and lookup never change anything and tell the truth at the time they ran (after the edit).
    for task in ("info", "lookup"):
        if ok[task]:
            assert result_of(task).get("changed") in (False, None)
    if ok["info"]:
        projects = result_of("info")["projects"]
        assert len(projects) <= 1
        if ok["edit"]:
            assert len(projects) == 1 and has(projects[0], V2)
        if projects:
            assert projects[0]["full_name"] == "demo/" + project
            assert projects[0]["chroots"] == chroots_of(projects[0])
    if ok["lookup"]:
        repos = result_of("lookup")["ansible_facts"]["repos"]
        assert isinstance(repos, dict) and repos, repos
        assert sorted(repos) == chroots_of(main) or not ok["edit"], (repos, main)
        for chroot, url in repos.items():
            assert url.endswith("/demo/%s/%s/" % (project, chroot)), url

    # create + delete scratch: a successful delete leaves nothing.
    if ok["create scratch"]:
        assert result_of("create scratch")["changed"] is True
    if ok["delete scratch"]:
        assert tmp is None, "delete succeeded but the project is still there"
        if ok["create scratch"]:
            assert result_of("delete scratch")["changed"] is True
    elif ok["create scratch"]:
        pass  # the delete failed: the project may or may not be gone, and the task said it failed
