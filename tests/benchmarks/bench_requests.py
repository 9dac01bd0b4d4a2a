# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Section 1: HTTP requests per operation (module/lookup vs the API minimum vs copr-cli), from the request log."""

import os
import subprocess

import reqcount
from playbooks import VENV_BIN, run_playbook, task
from tables import Table

C = '["fedora-40-x86_64", "fedora-39-x86_64"]'
LOOKUP_PROJECTS = ["bench-l{:02d}".format(i) for i in range(1, 11)]
TERMS10 = ", ".join("'demo/{}'".format(p) for p in LOOKUP_PROJECTS)

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: create
      fedora.copr.copr_project: {{name: bench-new, chroots: %(c)s, description: one}}
    - name: present unchanged
      fedora.copr.copr_project: {{name: bench-new, chroots: %(c)s, description: one}}
    - name: edit one field
      fedora.copr.copr_project: {{name: bench-new, chroots: %(c)s, description: two}}
    - name: absent (existing)
      fedora.copr.copr_project: {{name: bench-new, state: absent}}
    - name: absent (missing)
      fedora.copr.copr_project: {{name: bench-new, state: absent}}
    - name: fork (new)
      fedora.copr.copr_project: {{name: bench-fork, state: forked, source: demo/bench-src}}
    - name: fork (existing)
      fedora.copr.copr_project: {{name: bench-fork, state: forked, source: demo/bench-src}}
    - name: info get
      fedora.copr.copr_project_info: {{name: bench-src}}
    - name: info list
      fedora.copr.copr_project_info: {{}}
    - name: info search
      fedora.copr.copr_project_info: {{query: bench-src}}
    - name: chroot unchanged
      fedora.copr.copr_project_chroot: {{project: bench-src, chroot: fedora-40-x86_64}}
    - name: chroot, change one setting
      fedora.copr.copr_project_chroot: {{project: bench-src, chroot: fedora-40-x86_64, with_opts: [tests]}}
    - name: chroot, enable a new one with settings
      fedora.copr.copr_project_chroot: {{project: bench-src, chroot: fedora-rawhide-x86_64, with_opts: [tests]}}
    - name: chroot, disable
      fedora.copr.copr_project_chroot: {{project: bench-src, chroot: fedora-rawhide-x86_64, state: absent}}
    - name: chroot info (one)
      fedora.copr.copr_project_chroot_info: {{project: bench-src, chroot: fedora-40-x86_64}}
    - name: mock chroots
      fedora.copr.copr_chroot_info: {{}}
    - name: permissions, change
      fedora.copr.copr_project_permissions: {{ownername: demo, project: bench-src, permissions: [{{user: alice, builder: true}}]}}
    - name: permissions, unchanged
      fedora.copr.copr_project_permissions: {{ownername: demo, project: bench-src, permissions: [{{user: alice, builder: true}}]}}
    - name: package, create
      fedora.copr.copr_package: {{project: bench-src, name: tool, source_type: pypi, source: {{pypi_package_name: tool}}}}
    - name: package, unchanged
      fedora.copr.copr_package: {{project: bench-src, name: tool, source_type: pypi, source: {{pypi_package_name: tool}}}}
    - name: package, change
      fedora.copr.copr_package: {{project: bench-src, name: tool, source_type: pypi, source: {{pypi_package_name: tool2}}}}
    - name: package info (project)
      fedora.copr.copr_package_info: {{project: bench-src}}
    - name: package, absent
      fedora.copr.copr_package: {{project: bench-src, name: tool, state: absent}}
    - name: lookup, 1 term
      ansible.builtin.debug: {{msg: "{{{{ lookup('fedora.copr.copr_repo_url', 'demo/bench-l01') }}}}"}}
    - name: lookup, 10 terms
      ansible.builtin.debug: {{msg: "{{{{ query('fedora.copr.copr_repo_url', %(terms)s) }}}}"}}

- hosts: fleet
  gather_facts: false
  tasks:
    - name: lookup, play over 50 hosts
      ansible.builtin.debug: {{msg: "{{{{ lookup('fedora.copr.copr_repo_url', 'demo/bench-src', chroot='fedora-40-x86_64') }}}}"}}
""" % {"c": C, "terms": TERMS10}
PLAYBOOK = PLAYBOOK.replace("{{", "{").replace("}}", "}")

# (operation, API minimum, justification, copr-cli commands (list of argv lists) or None, copr-cli note)
OPS = [
    ("create", 2, "GET (404) to learn it is missing (also what check mode needs) + POST add",
     [["create", "bench-new", "--chroot", "fedora-40-x86_64", "--chroot", "fedora-39-x86_64",
       "--description", "one"]], "create"),
    ("present unchanged", 1, "one GET answers every compared setting; no write",
     [["modify", "bench-new", "--chroot", "fedora-40-x86_64", "--chroot", "fedora-39-x86_64",
       "--description", "one"]], "modify, same values (copr-cli cannot tell: it always writes)"),
    ("edit one field", 2, "GET to compare + one partial PUT edit",
     [["modify", "bench-new", "--description", "two"]], "modify --description"),
    ("absent (existing)", 1, "DELETE alone returns the project as before deletion (check mode: 1 GET)",
     [["delete", "bench-new"]], "delete"),
    ("absent (missing)", 1, "DELETE answers 404 (check mode: 1 GET)",
     [["delete", "bench-new"]], "delete (exits 1: does not exist)"),
    ("fork (new)", 2, "GET destination (404; POST-first can silently merge into @group projects, §5) + POST fork",
     [["fork", "demo/bench-src", "bench-fork"]], "fork"),
    ("fork (existing)", 1, "GET destination: exists, nothing to do",
     [["fork", "demo/bench-src", "bench-fork"]], "fork (exits 1 without --confirm)"),
    ("info get", 1, "GET project", [["get", "demo/bench-src"]], "get"),
    ("info list", 1, "GET project/list without limit returns every row (§6)", [["list", "demo"]], "list demo"),
    ("info search", 1, "GET project/search", None, "no search subcommand"),
    ("chroot unchanged", 1, "GET project-chroot answers every compared setting",
     [["get-chroot", "demo/bench-src/fedora-40-x86_64"]], "get-chroot (reads only; it cannot compare)"),
    ("chroot, change one setting", 2, "GET project-chroot + PUT with only that setting",
     [["edit-chroot", "demo/bench-src/fedora-40-x86_64", "--rpmbuild-with", "tests"]], "edit-chroot"),
    ("chroot, enable a new one with settings", 4,
     "GET project-chroot (404) + GET project (its enabled chroots) + PUT project edit + PUT project-chroot edit",
     [["modify", "bench-src", "--chroot", "fedora-40-x86_64", "--chroot", "fedora-39-x86_64", "--chroot",
       "fedora-rawhide-x86_64"], ["edit-chroot", "demo/bench-src/fedora-rawhide-x86_64", "--rpmbuild-with", "tests"]],
     "modify (all chroots listed by hand) + edit-chroot"),
    ("chroot, disable", 2, "GET project (enabled chroots) + PUT project edit without it",
     [["modify", "bench-src", "--chroot", "fedora-40-x86_64", "--chroot", "fedora-39-x86_64"]],
     "modify (remaining chroots listed by hand)"),
    ("chroot info (one)", 1, "GET project-chroot", [["get-chroot", "demo/bench-src/fedora-40-x86_64"]], "get-chroot"),
    ("mock chroots", 1, "GET mock-chroots/list", [["list-chroots"]], "list-chroots"),
    ("permissions, change", 2, "GET permissions + one atomic PUT set", None,
     "edit-permissions (not run here)"),
    ("permissions, unchanged", 1, "GET permissions; nothing to write", None, "n/a (always writes)"),
    ("package, create", 2, "GET package (404) + POST add", None, "add-package-pypi (not run here)"),
    ("package, unchanged", 1, "GET package", None, "n/a (edit-package always writes)"),
    ("package, change", 2, "GET package + POST edit", None, "edit-package-pypi (not run here)"),
    ("package info (project)", 1, "GET package/list (one page of up to 1000)", None, "list-packages"),
    ("package, absent", 1, "DELETE alone (404 when missing)", None, "delete-package (not run here)"),
    ("lookup, 1 term", 1, "GET project", [["get", "demo/bench-l01"]], "get"),
    ("lookup, 10 terms", 10, "one GET per distinct project (10 distinct)",
     [["get", "demo/" + p] for p in LOOKUP_PROJECTS], "get x10 (10 processes)"),
    ("lookup, play over 50 hosts", 1, "same project for every host: one GET per run (shared cache)",
     None, "n/a (would be one `get` per host: 50)"),
]


def setup(emu):
    emu.reset()
    emu.add_project("bench-src")
    for name in LOOKUP_PROJECTS:
        emu.add_project(name)
    emu.clear_log()


def copr_cli_counts(emu, ws):
    setup(emu)
    conf = ws.copr_cli_config(emu.url)
    results = {}
    for op, _min, _why, commands, _note in OPS:
        if commands is None:
            results[op] = (None, "")
            continue
        total, entries = 0, []
        for argv in commands:
            emu.clear_log()
            subprocess.run([os.path.join(VENV_BIN, "copr-cli"), "--config", conf] + argv,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            got = emu.requests()
            total += len(got)
            entries += got
        results[op] = (total, reqcount.describe(entries))
    return results


def path_lines(stdout):
    """(in-process, module process): how many fedora.copr tasks said at -vvv which path they took."""
    lines = [line for line in stdout.splitlines() if line.startswith("fedora.copr: running ")]
    return (len([line for line in lines if "in the controller's worker process" in line]),
            len([line for line in lines if " as a module: " in line]))


def run(emu, ws):
    setup(emu)
    # -vvv: each fedora.copr task prints which path it took (counted below); request counts do not depend on it
    _wall, tasks, proc = run_playbook(ws, emu.url, PLAYBOOK, "requests.yml", forks=5, extra_args=["-vvv"])
    setup(emu)
    _wall, tasks_off, proc_off = run_playbook(ws, emu.url, PLAYBOOK, "requests.yml", forks=5, extra_args=["-vvv"],
                                              extra_env={"FEDORA_COPR_IN_PROCESS": "false"})
    paths = {"in-process": path_lines(proc.stdout), "switch off": path_lines(proc_off.stdout)}
    cli = copr_cli_counts(emu, ws)
    table = Table("requests", "1. HTTP requests per operation",
                  ["operation", "fedora.copr", "requests sent", "switch off", "API minimum", "copr-cli",
                   "copr-cli sent", "ok"],
                  "fedora.copr sends exactly the API's minimum number of requests, on both paths")
    all_ok = True
    raw = []
    differ = []
    for op, minimum, why, _commands, note in OPS:
        rec, rec_off = task(tasks, op), task(tasks_off, op)
        if rec is None or rec.get("failed"):
            count, desc, ok = None, "FAILED: " + "; ".join((rec or {}).get("errors", ["task not run"]))[:200], False
        else:
            count, desc = len(rec["requests"]), reqcount.describe(rec["requests"])
            ok = count == minimum
        if rec_off is None or rec_off.get("failed"):
            count_off, ok = "FAILED", False
            differ.append("{} (switch off): {}".format(op, "; ".join((rec_off or {}).get("errors", ["not run"]))[:200]))
        else:
            count_off = len(rec_off["requests"])
            desc_off = reqcount.describe(rec_off["requests"])
            ok = ok and count_off == minimum
            if rec is not None and reqcount.summarize(rec_off["requests"]) != reqcount.summarize(rec["requests"]):
                differ.append("{}: switch off sent {}".format(op, desc_off))
        all_ok = all_ok and ok
        cli_count, cli_desc = cli[op]
        table.add(op, count, desc, count_off, minimum, cli_count if cli_count is not None else "n/a",
                  "{}: {}".format(note, cli_desc) if cli_desc else note, "yes" if ok else "NO")
        raw.append({"op": op, "minimum": minimum, "why": why, "count": count, "requests": (rec or {}).get("requests"),
                    "count_switch_off": count_off, "requests_switch_off": (rec_off or {}).get("requests"),
                    "copr_cli": cli_count, "copr_cli_requests": cli_desc})
    table.note("fedora.copr: the tasks on the in-process path (the default); switch off: the same playbook with "
               "FEDORA_COPR_IN_PROCESS=false (module processes). {}".format(
                   "Both paths sent the same requests, in the same order, for every operation."
                   if not differ else "They differ:"))
    for line in differ:
        table.note("DIFFERENT: " + line)
    for op, minimum, why, _c, _n in OPS:
        table.note("{}: minimum {} = {}.".format(op, minimum, why))
    table.note("Minimums assume normal mode; the module reads before writing so check mode and diff work, "
               "which is why create/edit/fork count a GET.")
    modules = len([op for op in OPS if not op[0].startswith("lookup")])
    paths_ok = paths["in-process"] == (modules, 0) and paths["switch off"] == (0, modules)
    table.note("Paths taken (-vvv lines, in-process / module process): {} in-process run, {} switch-off run, "
               "for {} module tasks: {}.".format("{}/{}".format(*paths["in-process"]),
                                                 "{}/{}".format(*paths["switch off"]), modules,
                                                 "as intended" if paths_ok else "NOT as intended"))
    table.verdict = "PASS" if all_ok and not differ and paths_ok else "MISS"
    for label, completed in (("", proc), (" (switch off)", proc_off)):
        if completed.returncode != 0:
            table.note("ansible-playbook{} exited {}".format(label, completed.returncode))
    return table, raw
