# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Emulator control: start `python -m copr_emulator` on a free loopback port, reset it, read its request log."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMULATOR_DIR = os.path.join(REPO, "tests", "emulator")
DEFAULT_SEED = os.path.join(EMULATOR_DIR, "default-seed.json")

CHROOTS = ["fedora-40-x86_64", "fedora-39-x86_64"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_user(username):
    """``{"username", "login", "token"}`` of a default-seed user (the seed is where credentials are written)."""
    with open(DEFAULT_SEED, encoding="utf-8") as handle:
        user = next(user for user in json.load(handle)["users"] if user["username"] == username)
    return {key: user[key] for key in ("username", "login", "token")}


DEMO = seed_user("demo")


def seed_with_projects(path, projects, extra_users=()):
    """Write a seed: the default seed plus `projects` (list of dicts with ownername, name, chroots, ...)."""
    with open(DEFAULT_SEED, encoding="utf-8") as handle:
        seed = json.load(handle)
    seed["users"] = list(seed["users"]) + list(extra_users)
    seed["projects"] = list(projects)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(seed, handle)
    return path


class Emulator:
    """A running emulator subprocess; use as a context manager."""

    def __init__(self, seed=None, python=sys.executable):
        self.seed = seed
        self.python = python
        self.proc = None
        self.url = None

    def __enter__(self):
        port = free_port()
        cmd = [self.python, "-m", "copr_emulator", "--port", str(port)]
        if self.seed:
            cmd += ["--seed", self.seed]
        env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.stop()
            raise RuntimeError("emulator did not start (first line: {!r})".format(line))
        self.url = line
        deadline = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/api_3/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)
        self.clear_log()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def _call(self, method, path, body=None, auth=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if auth:
            import base64
            req.add_header("Authorization", "Basic " + base64.b64encode(
                "{}:{}".format(*auth).encode()).decode())
        with urllib.request.urlopen(req, timeout=120) as resp:
            return json.loads(resp.read() or b"null")

    def reset(self):
        return self._call("POST", "/_emulator/reset")

    def requests(self):
        return self._call("GET", "/_emulator/requests")

    def clear_log(self):
        return self._call("DELETE", "/_emulator/requests")

    def add_project(self, name, owner="demo", chroots=None, **settings):
        """Create a project through the API as demo (setup only; clear the log afterwards)."""
        body = dict(settings, name=name, chroots=chroots or CHROOTS)
        return self._call("POST", "/api_3/project/add/" + owner, body, auth=(DEMO["login"], DEMO["token"]))
