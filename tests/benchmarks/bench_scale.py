# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Section 3: copr_project_info listing 100 / 1,000 / 10,000 projects: time and peak memory, vs python-copr.

Three tables: 3 time, 3b memory, 3c where the in-process worker's time goes at 10,000 projects."""

import json
import os
import tempfile

import emulator_ctl
from playbooks import HERE, PYTHON, run_playbook, task
from tables import Table
from timing import launcher_floor_mib, median, ratio, run_measured

SIZES = (100, 1000, 10000)
MODULE = "ansible_collections.fedora.copr.plugins.modules.copr_project_info"
INPROCESS = os.path.join(HERE, "inprocess_task.py")
TARGET = 1.5
SWITCH_OFF = {"FEDORA_COPR_IN_PROCESS": "false"}
WORKER_PHASES = ("import module", "run_main", "parse", "to main process")

PYCOPR_SCRIPT = """import sys
from copr.v3 import Client
client = Client({"copr_url": sys.argv[1]})
projects = client.project_proxy.get_list(sys.argv[2])
if sys.argv[3:] == ["dump"]:
    import json
    json.dump({"projects": projects}, sys.stdout)
else:
    print(len(projects))
"""


def owner(size):
    return "scale{}".format(size)


def write_seed(path):
    users = [{"username": owner(n), "login": "scalelogin{}".format(n), "token": "scaletoken{}".format(n),
              "admin": False, "groups": []} for n in SIZES]
    projects = [{"ownername": owner(n), "name": "proj{:05d}".format(i), "chroots": emulator_ctl.CHROOTS,
                 "description": "scale test project {}".format(i)}
                for n in SIZES for i in range(1, n + 1)]
    return emulator_ctl.seed_with_projects(path, projects, users)


def task_times(ws, emu, repeats, results, failures, key, extra_env=None):
    """Ansible task time (task start to result, controller included), `repeats` times per size."""
    tasks_text = "".join(
        '    - name: "list {n} #{i}"\n      fedora.copr.copr_project_info: {{ownername: {o}}}\n'
        '      register: out\n'
        '    - name: "check {n} #{i}"\n      ansible.builtin.assert: {{that: "out.projects | length == {n}"}}\n'
        .format(n=n, i=i, o=owner(n)) for i in range(1, repeats + 1) for n in SIZES)
    _wall, tasks, _proc = run_playbook(ws, emu.url, "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                                       + tasks_text, "scale.yml", extra_env=extra_env)
    for n in SIZES:
        for i in range(1, repeats + 1):
            rec, check = task(tasks, "list {} #{}".format(n, i)), task(tasks, "check {} #{}".format(n, i))
            if rec and not rec["failed"] and check and not check["failed"]:
                results[n][key].append(rec["seconds"])
            else:
                errors = (rec or {}).get("errors") or (check or {}).get("errors")
                failures.append("{} list {} #{}: {}".format(key, n, i, errors))


def measure(kind, cmd, env, n):
    """(wall s, peak RSS MiB, parsed output) of one measured child, or an error text."""
    with tempfile.TemporaryFile() as out:
        rc, wall, rss, err = run_measured(cmd, env=env, stdout=out)
        out.seek(0)
        text = out.read().decode()
    got, data = None, None
    if rc == 0:
        try:
            if kind == "pycopr":
                got = int(text.strip())
            elif kind == "pycopr-floor":
                got = n
            elif kind.startswith("inprocess") or kind == "floor":
                data = json.loads(text)
                got = n if kind == "floor" else (None if data["failed"] else data["items"])
            else:
                got = len(json.loads(text)["projects"])
        except (ValueError, KeyError):
            got = None
    if got != n:
        return "{} {}: rc {}, got {} ({})".format(kind, n, rc, got, (err or text)[-200:])
    return wall, rss, data


def run(ws, repeats=5):
    seed = write_seed(os.path.join(ws.root, "scale-seed.json"))
    script = ws.write("list_pycopr.py", PYCOPR_SCRIPT)
    keys = ("task", "task_off", "inprocess_s", "inprocess_mb", "inprocess_whole_s", "inprocess_whole_mb",
            "module_s", "module_mb", "pycopr_s", "pycopr_mb", "pycoprdump_s", "pycoprdump_mb")
    results = {n: {key: [] for key in keys} for n in SIZES}
    phases = {n: [] for n in SIZES}
    detail = []
    floor = {"s": [], "mb": [], "pycopr_s": [], "pycopr_mb": []}
    failures = []
    with emulator_ctl.Emulator(seed=seed) as emu:
        env = ws.module_pythonpath_env(emu.url)
        task_times(ws, emu, repeats, results, failures, "task")
        task_times(ws, emu, repeats, results, failures, "task_off", SWITCH_OFF)
        # one process each, measured the same way (wall time and the child's own ru_maxrss, os.wait4)
        for i in range(repeats):
            for n in SIZES:
                args = os.path.join(ws.root, "args-{}.json".format(n))
                with open(args, "w", encoding="utf-8") as handle:
                    json.dump({"ANSIBLE_MODULE_ARGS": {"ownername": owner(n), "api_url": emu.url}}, handle)
                runs = [("inprocess", [PYTHON, INPROCESS, MODULE, args]),
                        ("module", [PYTHON, "-m", MODULE, args]),
                        ("pycopr", [PYTHON, script, emu.url, owner(n)]),
                        ("pycoprdump", [PYTHON, script, emu.url, owner(n), "dump"])]
                if n == SIZES[-1]:
                    runs.append(("inprocess-detail", [PYTHON, INPROCESS, MODULE, args, "--detail"]))
                    runs.append(("floor", [PYTHON, INPROCESS, MODULE, args, "--floor"]))
                    runs.append(("pycopr-floor", [PYTHON, "-c", "from copr.v3 import Client"]))
                for kind, cmd in (runs if i % 2 == 0 else runs[::-1]):
                    got = measure(kind, cmd, env, n)
                    if isinstance(got, str):
                        failures.append(got)
                        continue
                    wall, rss, data = got
                    if kind.endswith("floor"):
                        prefix = "pycopr_" if kind.startswith("pycopr") else ""
                        floor[prefix + "s"].append(wall)
                        floor[prefix + "mb"].append(rss)
                    elif kind == "inprocess-detail":
                        detail.append(data)
                    elif kind == "inprocess":
                        # the worker's own work: phases 2-5, timed inside; its memory: peak minus what it inherits
                        results[n]["inprocess_s"].append(sum(data["phases"][p] for p in WORKER_PHASES))
                        results[n]["inprocess_mb"].append(rss - data["peak_mib"]["inherited"])
                        results[n]["inprocess_whole_s"].append(wall)
                        results[n]["inprocess_whole_mb"].append(rss)
                        phases[n].append(data)
                    else:
                        results[n][kind + "_s"].append(wall)
                        results[n][kind + "_mb"].append(rss)
    summary = {n: {k: median(v) for k, v in results[n].items()} for n in SIZES}
    tables = [time_table(summary, repeats, floor), memory_table(summary, floor), phase_table(phases, detail)]
    for table in tables[:2]:
        for f in failures:
            table.note("FAILED: " + str(f)[:300])
        if failures:
            table.verdict = "MISS"
    return tables, {"results": results, "summary": summary, "floor": floor, "phases": phases[SIZES[-1]],
                    "detail": detail}


def _ok(value):
    return "yes" if value <= TARGET else "NO"


def time_table(summary, repeats, floor):
    table = Table("scale", "3. Listing N projects: copr_project_info vs python-copr get_list, time (median s)",
                  ["projects", "in-process worker s", "python-copr s", "ratio", "ok", "module process s (switch off)",
                   "ratio", "ansible task s", "ansible task s, switch off", "python-copr + json.dump s"],
                  "listing 10,000: the in-process worker within {}x of python-copr's time".format(TARGET))
    for n in SIZES:
        m = summary[n]
        r_in, r_mod = ratio(m["inprocess_s"], m["pycopr_s"]), ratio(m["module_s"], m["pycopr_s"])
        m["time_ratio"], m["module_time_ratio"] = r_in, r_mod
        table.add("{:,}".format(n), m["inprocess_s"], m["pycopr_s"], r_in, _ok(r_in) if n == SIZES[-1] else "-",
                  m["module_s"], r_mod, m["task"], m["task_off"], m["pycoprdump_s"])
    table.verdict = "PASS" if summary[SIZES[-1]]["time_ratio"] <= TARGET else "MISS"
    table.note("In-process worker: `tests/benchmarks/inprocess_task.py` in its own process does what the worker "
               "does for the task: import the module, `_in_process.run_main(main, args)` (arguments, the request, "
               "the module's work, its `exit_json`), the action's `_module_result` parse, and the pickling that "
               "sends the result to the controller. Time: those phases, timed inside that process; not the "
               "import of the action plugin, ansible and requests, which a worker inherits from the controller "
               "(a fresh process doing only that: {:.3f} s).".format(median(floor["s"])))
    table.note("python-copr: a script calling `Client({copr_url}).project_proxy.get_list(owner)` and printing the "
               "count, its whole process (start-up and `import copr.v3` included: that is what a script costs). "
               "Last column: the same script also writing the list as JSON to stdout, as a module must.")
    table.note("Module process (switch off): `python -m {}` with the same args file, its whole process (what a "
               "task runs with FEDORA_COPR_IN_PROCESS=false, without the controller).".format(MODULE))
    table.note("Processes: wall time from the launcher (`timing.run_measured`), {} alternating repeats. Ansible "
               "task: task start to result in a playbook with `register` (the controller's handling of the "
               "result: the same on both paths, see 3c).".format(repeats))
    last = summary[SIZES[-1]]
    alone = last["pycopr_s"] - median(floor["pycopr_s"])
    last["pycopr_listing_alone_s"] = alone
    table.note("Not the target, for a like-for-like view of the listing itself: python-copr's listing without its "
               "start-up and import (its whole process minus a process that only imports `copr.v3`, {:.3f} s) "
               "takes {:.3f} s at {:,}; the in-process worker takes {:.2f}x that.".format(
                   median(floor["pycopr_s"]), alone, SIZES[-1], ratio(last["inprocess_s"], alone)))
    return table


def memory_table(summary, floor):
    table = Table("scale_memory", "3b. Listing N projects: peak memory (median MiB)",
                  ["projects", "in-process worker MiB", "python-copr MiB", "ratio", "ok",
                   "in-process whole process MiB", "module process MiB (switch off)", "ratio",
                   "python-copr + json.dump MiB"],
                  "listing 10,000: the in-process worker within {}x of python-copr's memory".format(TARGET))
    for n in SIZES:
        m = summary[n]
        r_in, r_mod = ratio(m["inprocess_mb"], m["pycopr_mb"]), ratio(m["module_mb"], m["pycopr_mb"])
        m["memory_ratio"], m["module_memory_ratio"] = r_in, r_mod
        table.add("{:,}".format(n), m["inprocess_mb"], m["pycopr_mb"], r_in, _ok(r_in) if n == SIZES[-1] else "-",
                  m["inprocess_whole_mb"], m["module_mb"], r_mod, m["pycoprdump_mb"])
    table.verdict = "PASS" if summary[SIZES[-1]]["memory_ratio"] <= TARGET else "MISS"
    table.note("In-process worker: the process's peak RSS (ru_maxrss) minus its peak at the end of the imports a "
               "worker inherits (VmHWM), i.e. what the task adds to the worker. The whole process (next column) "
               "includes ansible's controller code; a fresh process importing only that peaks at {:.1f} MiB "
               "(a real worker shares those pages with the controller it was forked from).".format(
                   median(floor["mb"])))
    table.note("python-copr and the module process: the whole process's peak RSS (ru_maxrss, os.wait4).")
    table.note("RSS floor: a bare `python -I -S -c pass` measured the same way reports {:.1f} MiB (a child "
               "starts from its launcher's RSS; the launcher keeps that floor below every value above).".format(
                   launcher_floor_mib()))
    last = summary[SIZES[-1]]
    alone = last["pycopr_mb"] - median(floor["pycopr_mb"])
    last["pycopr_listing_alone_mb"] = alone
    table.note("Not the target, like for like: python-copr's peak minus that of a process that only imports "
               "`copr.v3` ({:.1f} MiB) is {:.1f} MiB at {:,}; the in-process worker adds {:.2f}x that.".format(
                   median(floor["pycopr_mb"]), alone, SIZES[-1], ratio(last["inprocess_mb"], alone)))
    return table


def phase_table(phases, detail):
    n = SIZES[-1]
    table = Table("scale_phases", "3c. Where the in-process worker's time goes, {:,} projects (median s)".format(n),
                  ["part", "seconds", "share of the worker", "peak RSS after it, MiB"], "(reported; no target)")
    runs = phases[n]
    total = median([sum(r["phases"][p] for p in WORKER_PHASES) for r in runs])
    inherited_mb = median([r["peak_mib"]["inherited"] for r in runs])
    table.add("(inherited: action plugin, ansible, requests)", median([r["phases"]["inherited"] for r in runs]),
              "not counted", inherited_mb)
    parts = {}
    for run_ in detail:
        for label, seconds in run_.get("detail", {}).items():
            parts.setdefault(label, []).append(seconds)
    inner = {"run_main": [label for label in parts if not label.startswith(("non-JSON", "UnifiedTaskResult"))],
             "parse": [label for label in parts if label.startswith(("non-JSON", "UnifiedTaskResult"))]}
    leftover = {"run_main": "other in run_main (CoprModule, option resolution, capture, ...)",
                "parse": "other in parse: json.loads with the module profile's decoder"}
    for name in WORKER_PHASES:
        seconds = median([r["phases"][name] for r in runs])
        table.add(name, seconds, "{:.0%}".format(seconds / total) if total else "n/a",
                  median([r["peak_mib"][name] for r in runs]))
        labels = inner.get(name)
        if labels and detail:
            phase_detail = median([r["phases"][name] for r in detail])
            for label in labels:
                part = median(parts[label])
                table.add("  " + label, part, "{:.0%}".format(part / phase_detail), "")
            rest = median([r["phases"][name] - sum(r["detail"].get(label, 0.0) for label in labels) for r in detail])
            table.add("  " + leftover[name], rest, "{:.0%}".format(rest / phase_detail), "")
    table.add("worker total (phases above)", total, "100%", "")
    table.verdict = "n/a"
    table.note("Phases: medians of the in-process runs of table 3. Indented parts: separate `--detail` runs that "
               "wrap those functions with timers; their shares are of that phase in those runs.")
    table.note("The ansible task time (table 3) adds the controller's side, the same on both paths: on "
               "ansible-core 2.19+ the `register` of a large result (`finalize_registered_values`) in the worker, "
               "and the callbacks' copy of it (`transform_to_native_types`) in the controller.")
    return table
