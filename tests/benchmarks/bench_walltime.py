# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Section 2: wall time per task (median of repeats, ratios within the same run)."""

import os
import subprocess
import time

from playbooks import PYTHON, VENV_BIN, run_playbook, task
from tables import Table
from timing import median, ratio

CHROOTS = '["fedora-40-x86_64", "fedora-39-x86_64"]'
PAIR_TASKS = """
    - name: "unchanged #{i}"
      fedora.copr.copr_project: {{name: bench-src, chroots: {c}, description: src}}
    - name: "uri get #{i}"
      ansible.builtin.uri:
        url: "{{{{ copr }}}}/api_3/project?ownername=demo&projectname=bench-src"
    - name: "create #{i}"
      fedora.copr.copr_project: {{name: "bench-c{i}", chroots: {c}, description: src}}
    - name: "uri post #{i}"
      ansible.builtin.uri:
        url: "{{{{ copr }}}}/api_3/project/add/demo"
        method: POST
        body_format: json
        body: {{name: "bench-u{i}", chroots: {c}, description: src}}
        url_username: "{{{{ lookup('env', 'COPR_LOGIN') }}}}"
        url_password: "{{{{ lookup('env', 'COPR_TOKEN') }}}}"
        force_basic_auth: true
"""

PROVISION_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: provision 50 projects
      fedora.copr.copr_project:
        name: "{{{{ item }}}}"
        chroots: {c}
        description: provisioned
      loop: "{{{{ range(1, 51) | map('string') | map('regex_replace', '^', 'prov-') | list }}}}"
""".format(c=CHROOTS)

SHELL_LOOP = """set -e
for i in $(seq 1 50); do
  copr-cli --config "$1" create "prov-$i" --chroot fedora-40-x86_64 --chroot fedora-39-x86_64 \\
    --description provisioned >/dev/null
done
"""

PYCOPR_SCRIPT = """import sys
from copr.v3 import Client
client = Client.create_from_config_file(sys.argv[1])
for i in range(1, 51):
    client.project_proxy.add("demo", "prov-%d" % i, chroots=["fedora-40-x86_64", "fedora-39-x86_64"],
                             description="provisioned")
"""


def pair_playbook(repeats):
    head = ("- hosts: localhost\n  gather_facts: false\n"
            "  vars:\n    copr: \"{{ lookup('env', 'COPR_URL') }}\"\n  tasks:\n")
    return head + "".join(PAIR_TASKS.format(i=i, c=CHROOTS) for i in range(1, repeats + 1))


def per_task(emu, ws, repeats):
    emu.reset()
    emu.add_project("bench-src", description="src")
    emu.clear_log()
    _wall, tasks, proc = run_playbook(ws, emu.url, pair_playbook(repeats), "walltime.yml")
    times = {"unchanged": [], "uri get": [], "create": [], "uri post": []}
    failures = []
    for kind in times:
        for i in range(1, repeats + 1):
            rec = task(tasks, "{} #{}".format(kind, i))
            if rec is None or rec["failed"]:
                failures.append("{} #{}: {}".format(kind, i, (rec or {}).get("errors", "not run")))
                continue
            times[kind].append(rec["seconds"])
    return times, failures, proc.returncode


def provisioning(emu, ws, repeats):
    conf = ws.copr_cli_config(emu.url)
    script = ws.write("provision.sh", SHELL_LOOP)
    pyscript = ws.write("provision_pycopr.py", PYCOPR_SCRIPT)
    env = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
    times = {"ansible": [], "ansible, pipelining": [], "copr-cli loop": [], "python-copr": []}
    failures = []

    def one(kind):
        emu.reset()
        start = time.perf_counter()
        if kind.startswith("ansible"):
            extra = {"ANSIBLE_PIPELINING": "True"} if "pipelining" in kind else None
            wall, _tasks, proc = run_playbook(ws, emu.url, PROVISION_PLAYBOOK, "provision.yml", extra_env=extra)
            rc = proc.returncode
        else:
            cmd = ["bash", script, conf] if kind == "copr-cli loop" else [PYTHON, pyscript, conf]
            rc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                check=False).returncode
            wall = time.perf_counter() - start
        created = len([r for r in emu.requests() if r["method"] == "POST" and int(r["status"]) == 200])
        if rc != 0 or created != 50:
            failures.append("{}: rc {}, {} projects created".format(kind, rc, created))
        else:
            times[kind].append(wall)

    for rep in range(repeats):
        order = list(times)
        order = order[rep % len(order):] + order[:rep % len(order)]   # rotate so no approach always runs first
        for kind in order:
            one(kind)
    return times, failures


def run(emu, ws, repeats=7, provision_repeats=3):
    pair, failures, rc = per_task(emu, ws, repeats)
    prov, prov_failures = provisioning(emu, ws, provision_repeats)
    m = {k: median(v) for k, v in pair.items()}
    p = {k: median(v) for k, v in prov.items()}
    table = Table("walltime", "2. Wall time (median seconds, same run)",
                  ["comparison", "fedora.copr", "baseline", "baseline s", "ratio", "target", "ok"],
                  "unchanged within 1.15x of uri GET; 50-project provisioning faster than the copr-cli loop")
    r_unch = ratio(m["unchanged"], m["uri get"])
    r_create = ratio(m["create"], m["uri post"])
    r_cli = ratio(p["ansible"], p["copr-cli loop"])
    r_py = ratio(p["ansible"], p["python-copr"])
    ok_unch = r_unch <= 1.15
    ok_cli = r_cli < 1.0
    table.add("task: copr_project unchanged", m["unchanged"], "uri GET /project", m["uri get"], r_unch,
              "<= 1.15", "yes" if ok_unch else "NO")
    table.add("task: copr_project create", m["create"], "uri POST /project/add", m["uri post"], r_create,
              "(reported)", "-")
    table.add("50-project provisioning playbook", p["ansible"], "copr-cli create x50 in a shell loop",
              p["copr-cli loop"], r_cli, "< 1.0", "yes" if ok_cli else "NO")
    r_pipe = ratio(p["ansible, pipelining"], p["copr-cli loop"])
    table.add("same playbook, ANSIBLE_PIPELINING=True", p["ansible, pipelining"], "copr-cli create x50 in a shell loop",
              p["copr-cli loop"], r_pipe, "(reported)", "-")
    table.add("50-project provisioning playbook", p["ansible"], "python-copr script (one process)",
              p["python-copr"], r_py, "(reported)", "-")
    table.verdict = "PASS" if (ok_unch and ok_cli and not failures and not prov_failures) else "MISS"
    table.note("Per-task times: {} interleaved repeats of each task in one playbook, task start to result "
               "(callback), median.".format(repeats))
    table.note("Provisioning: whole-process wall time (ansible-playbook / bash loop / python script) from an "
               "emptied emulator, {} rotated repeats, median.".format(provision_repeats))
    table.note("The playbook target uses ansible's defaults (no pipelining); one loop task on one host runs "
               "the module once per project.")
    table.note("The create task costs GET+POST (2 requests) against uri's single POST, which is not idempotent.")
    for f in failures + prov_failures:
        table.note("FAILED: " + f[:300])
    raw = {"per_task": pair, "provisioning": prov, "ratios": {"unchanged/uri": r_unch, "create/uri": r_create,
           "provision/copr-cli": r_cli, "provision_pipelining/copr-cli": r_pipe, "provision/python-copr": r_py}}
    return table, raw
