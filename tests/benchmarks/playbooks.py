# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Playbook runner: a scratch ANSIBLE_COLLECTIONS_PATH with fedora/copr symlinked to the repo, inventories,
and ansible-playbook runs that record per-task time and requests (callback_plugins/bench_recorder.py)."""

import json
import os
import subprocess
import sys
import tempfile
import time

from emulator_ctl import DEMO, REPO

HERE = os.path.dirname(os.path.abspath(__file__))
VENV_BIN = os.path.dirname(sys.executable)
PYTHON = sys.executable


class Workspace:
    def __init__(self, root=None):
        self.root = root or tempfile.mkdtemp(prefix="copr-bench-")
        self.collections = os.path.join(self.root, "collections")
        target = os.path.join(self.collections, "ansible_collections", "fedora")
        os.makedirs(target, exist_ok=True)
        link = os.path.join(target, "copr")
        if not os.path.islink(link):
            os.symlink(REPO, link)
        self.home = os.path.join(self.root, "home")
        os.makedirs(self.home, exist_ok=True)
        self.inventory = self.write("inventory.ini", self._inventory(50))

    def write(self, name, text):
        path = os.path.join(self.root, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def _inventory(self, hosts):
        lines = ["[bench]", "localhost ansible_connection=local ansible_python_interpreter={}".format(PYTHON),
                 "", "[fleet]"]
        lines += ["host{:02d} ansible_connection=local ansible_python_interpreter={}".format(i, PYTHON)
                  for i in range(1, hosts + 1)]
        return "\n".join(lines) + "\n"

    def env(self, emulator_url, record_file=None):
        env = dict(os.environ)
        env.update({
            "HOME": self.home,
            "ANSIBLE_HOME": os.path.join(self.home, ".ansible"),
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_CALLBACK_PLUGINS": os.path.join(HERE, "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_recorder",
            "ANSIBLE_HOST_KEY_CHECKING": "False",
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
            "ANSIBLE_DEPRECATION_WARNINGS": "False",
            "ANSIBLE_NOCOLOR": "1",
            "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
            "COPR_URL": emulator_url,
            "COPR_LOGIN": DEMO["login"],
            "COPR_TOKEN": DEMO["token"],
            "COPR_USERNAME": DEMO["username"],
            "BENCH_EMULATOR_URL": emulator_url,
        })
        env.pop("COPR_CONFIG", None)
        if record_file:
            env["BENCH_RECORD_FILE"] = record_file
        return env

    def copr_cli_config(self, emulator_url):
        return self.write("copr-cli.conf", "[copr-cli]\nlogin = {login}\nusername = {username}\ntoken = {token}\n"
                          "copr_url = {url}\nencrypted = False\n".format(url=emulator_url, **DEMO))

    def module_pythonpath_env(self, emulator_url):
        env = self.env(emulator_url)
        env["PYTHONPATH"] = self.collections
        return env


def run_playbook(ws, emulator_url, playbook_text, name="play.yml", forks=None, extra_args=(), extra_env=None):
    """Run a playbook; return (wall seconds, [task records], completed process)."""
    path = ws.write(name, playbook_text)
    record = os.path.join(ws.root, name + ".record.json")
    if os.path.exists(record):
        os.unlink(record)
    cmd = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", ws.inventory, path] + list(extra_args)
    if forks:
        cmd += ["--forks", str(forks)]
    start = time.perf_counter()
    env = ws.env(emulator_url, record)
    env.update(extra_env or {})
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    tasks = []
    if os.path.exists(record):
        with open(record, encoding="utf-8") as handle:
            tasks = json.load(handle)
    if proc.returncode != 0:
        sys.stderr.write("ansible-playbook {} failed (rc {}):\n{}\n{}\n".format(
            name, proc.returncode, proc.stdout[-3000:], proc.stderr[-2000:]))
    return wall, tasks, proc


def task(tasks, name):
    for record in tasks:
        if record["name"] == name:
            return record
    return None
