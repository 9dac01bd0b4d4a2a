# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Section 3: copr_project_info listing 100 / 1,000 / 10,000 projects: time and peak memory, vs python-copr."""

import json
import os
import tempfile

import emulator_ctl
from playbooks import PYTHON, run_playbook, task
from tables import Table
from timing import launcher_floor_mib, median, ratio, run_measured

SIZES = (100, 1000, 10000)
MODULE = "ansible_collections.fedora.copr.plugins.modules.copr_project_info"

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


def run(ws, repeats=5):
    seed = write_seed(os.path.join(ws.root, "scale-seed.json"))
    script = ws.write("list_pycopr.py", PYCOPR_SCRIPT)
    keys = ("task", "module_s", "module_mb", "pycopr_s", "pycopr_mb", "pycoprdump_s", "pycoprdump_mb")
    results = {n: {key: [] for key in keys} for n in SIZES}
    failures = []
    with emulator_ctl.Emulator(seed=seed) as emu:
        env = ws.module_pythonpath_env(emu.url)
        # ansible task wall time (the task as a playbook runs it: module + result transfer to the controller)
        tasks_text = "".join(
            '    - name: "list {n} #{i}"\n      fedora.copr.copr_project_info: {{ownername: {o}}}\n'
            '      register: out\n'
            '    - name: "check {n} #{i}"\n      ansible.builtin.assert: {{that: "out.projects | length == {n}"}}\n'
            .format(n=n, i=i, o=owner(n)) for i in range(1, repeats + 1) for n in SIZES)
        _wall, tasks, _proc = run_playbook(
            ws, emu.url, "- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks_text, "scale.yml")
        for n in SIZES:
            for i in range(1, repeats + 1):
                rec, check = task(tasks, "list {} #{}".format(n, i)), task(tasks, "check {} #{}".format(n, i))
                if rec and not rec["failed"] and check and not check["failed"]:
                    results[n]["task"].append(rec["seconds"])
                else:
                    errors = (rec or {}).get("errors") or (check or {}).get("errors")
                    failures.append("task list {} #{}: {}".format(n, i, errors))
        # the module's own process, and python-copr's get_list, measured the same way (wait4 rusage)
        for i in range(repeats):
            for n in SIZES:
                args = os.path.join(ws.root, "args-{}.json".format(n))
                with open(args, "w", encoding="utf-8") as handle:
                    json.dump({"ANSIBLE_MODULE_ARGS": {"ownername": owner(n), "api_url": emu.url}}, handle)
                pair = [("module", [PYTHON, "-m", MODULE, args]), ("pycopr", [PYTHON, script, emu.url, owner(n)]),
                        ("pycoprdump", [PYTHON, script, emu.url, owner(n), "dump"])]
                for kind, cmd in (pair if i % 2 == 0 else pair[::-1]):
                    with tempfile.TemporaryFile() as out:
                        rc, wall, rss, err = run_measured(cmd, env=env, stdout=out)
                        out.seek(0)
                        text = out.read().decode()
                    got = None
                    if rc == 0:
                        try:
                            got = (int(text.strip()) if kind == "pycopr" else len(json.loads(text)["projects"]))
                        except (ValueError, KeyError):
                            got = None
                    if got != n:
                        failures.append("{} {}: rc {}, got {} ({})".format(kind, n, rc, got, (err or text)[-200:]))
                        continue
                    results[n][kind + "_s"].append(wall)
                    results[n][kind + "_mb"].append(rss)
    table = Table("scale", "3. Listing N projects: copr_project_info vs python-copr get_list (medians)",
                  ["projects", "ansible task s", "module process s", "python-copr s", "time ratio",
                   "module peak RSS MiB", "python-copr peak RSS MiB", "memory ratio", "ok",
                   "python-copr + json.dump s / MiB"],
                  "listing 10,000 within 1.5x of python-copr's time and memory")
    verdict = True
    summary = {}
    for n in SIZES:
        r = results[n]
        m = {k: median(v) for k, v in r.items()}
        tr, mr = ratio(m["module_s"], m["pycopr_s"]), ratio(m["module_mb"], m["pycopr_mb"])
        ok = tr <= 1.5 and mr <= 1.5
        if n == 10000:
            verdict = ok
        table.add("{:,}".format(n), m["task"], m["module_s"], m["pycopr_s"], tr, m["module_mb"], m["pycopr_mb"], mr,
                  ("yes" if ok else "NO") if n == 10000 else "-",
                  "{:.3f} / {:.1f}".format(m["pycoprdump_s"], m["pycoprdump_mb"]))
        summary[n] = dict(m, time_ratio=tr, memory_ratio=mr)
    table.verdict = "PASS" if verdict and not failures else "MISS"
    table.note("Module process: `python -m {}` with an args file (what the ansible task runs, without "
               "the controller); includes serialising the result JSON to stdout.".format(MODULE))
    table.note("python-copr: a script calling `Client({{copr_url}}).project_proxy.get_list(owner)` and printing the "
               "count (last column: the same script also writing the list as JSON to stdout, as a module must). "
               "All: one subprocess each, wall time and the child's own ru_maxrss (os.wait4), "
               "{} alternating repeats.".format(repeats))
    table.note("RSS floor: a bare `python -I -S -c pass` measured the same way reports {:.1f} MiB (a child "
               "starts from its launcher's RSS; the launcher keeps that floor below every value above).".format(launcher_floor_mib()))
    table.note("Ansible task: task start to result in a playbook (adds the controller's handling of the result).")
    for f in failures:
        table.note("FAILED: " + str(f)[:300])
    return table, {"results": results, "summary": summary}
