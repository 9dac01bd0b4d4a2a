# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run playbooks with ``ansible-playbook`` against the collection in this work tree.

The collection is made visible through a temporary ``ansible_collections/fedora/copr`` symlink to the work tree
(ANSIBLE_COLLECTIONS_PATH), the inventory is localhost with ``ansible_python_interpreter`` set to the Python
running the tests, and the environment is cleaned of ``COPR_*``/``ANSIBLE_*`` variables and given its own HOME
(so no ``~/.config/copr`` of the developer is read). Every task result is also recorded as JSON (see
``callback_plugins/copr_test_record.py``) so tests can look at results without parsing the screen output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .seed import ALICE, DEMO, EXPIRED

REPO = Path(__file__).resolve().parents[3]
SUPPORT = Path(__file__).resolve().parent
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"

# Credentials of the emulator's default seed users (support/seed.py).
DEMO_LOGIN, DEMO_TOKEN = DEMO
ALICE_LOGIN, ALICE_TOKEN = ALICE
EXPIRED_LOGIN, EXPIRED_TOKEN = EXPIRED

_COLLECTIONS_ROOT = None


def collections_root() -> Path:
    """A directory holding ``ansible_collections/fedora/copr`` -> the work tree (made once per process)."""
    global _COLLECTIONS_ROOT  # pylint: disable=global-statement
    if _COLLECTIONS_ROOT is None:
        root = Path(tempfile.mkdtemp(prefix="copr-functional-collections-"))
        namespace = root / "ansible_collections" / "fedora"
        namespace.mkdir(parents=True)
        (namespace / "copr").symlink_to(REPO, target_is_directory=True)
        _COLLECTIONS_ROOT = root
    return _COLLECTIONS_ROOT


def import_collection():
    """Make ``ansible_collections.fedora.copr`` importable in this process (for unit-level properties)."""
    try:
        import ansible_collections.fedora.copr.plugins.module_utils._client  # noqa: F401 pylint: disable=unused-import
        return
    except ImportError:
        pass
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    root = str(collections_root())
    if root not in sys.path:
        sys.path.insert(0, root)
    finder = next((f for f in sys.meta_path if type(f).__name__ == "_AnsibleCollectionFinder"), None)
    if finder is None:
        _AnsibleCollectionFinder(paths=[root])._install()  # pylint: disable=protected-access
    import ansible_collections.fedora.copr.plugins.module_utils._client  # noqa: F401,F811 pylint: disable=unused-import


def connection_vars(url, login=DEMO_LOGIN, token=DEMO_TOKEN, **extra):
    """Connection options for a task (or module_defaults).

    Pass login/token as ``"{{ var }}"`` expressions (with ``extra_vars``) when the test searches the output for
    them: Ansible quotes playbook source lines around a failing task.
    """
    options = {"api_url": url, "api_login": login, "api_token": token, "username": "demo"}
    options.update(extra)
    return options


@dataclass
class PlaybookRun:
    rc: int
    stdout: str
    stderr: str
    elapsed: float
    records: list = field(default_factory=list)
    argv: list = field(default_factory=list)

    @property
    def output(self):
        return self.stdout + self.stderr

    def results(self, task=None):
        """Recorded results (dicts with task/status/result), optionally only of the task named ``task``."""
        return [r for r in self.records if task is None or r["task"] == task]

    def result(self, task):
        found = self.results(task)
        assert found, "no recorded result for task %r; tasks: %s\n%s" % (
            task, [r["task"] for r in self.records], self.output[-4000:])
        return found[-1]

    def describe(self):
        return "rc=%s elapsed=%.1fs\nSTDOUT:\n%s\nSTDERR:\n%s" % (
            self.rc, self.elapsed, self.stdout[-6000:], self.stderr[-3000:])


class Playbook:
    """One prepared playbook run (files in a fresh directory); ``start()`` for concurrent runs, ``run()``."""

    def __init__(self, plays, workdir, verbosity=0, check=False, diff=False, env=None, extra_args=(),
                 extra_vars=None):
        self.workdir = Path(tempfile.mkdtemp(prefix="pb-", dir=str(workdir)))
        if isinstance(plays, str):
            text = plays
        else:
            text = yaml.safe_dump(plays, sort_keys=False, default_flow_style=False, width=1000)
        self.path = self.workdir / "playbook.yml"
        self.path.write_text(text, encoding="utf-8")
        inventory = self.workdir / "inventory.ini"
        inventory.write_text(
            "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable,
            encoding="utf-8")
        self.record = self.workdir / "results.jsonl"
        home = self.workdir / "home"
        home.mkdir()
        (self.workdir / "tmp").mkdir()
        # TMPDIR short: ansible-core 2.21 starts a local RPC server on a Unix socket under TMPDIR, and a
        # socket path over 107 bytes (a pytest tmp_path easily makes one) fails with "Local RPC server
        # did not start".
        short_tmp = tempfile.mkdtemp(prefix="pbt-")
        weakref.finalize(self, shutil.rmtree, short_tmp, True)
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("COPR_", "ANSIBLE_"))}
        clean.update({
            "HOME": str(home),
            "TMPDIR": short_tmp,
            "ANSIBLE_COLLECTIONS_PATH": str(collections_root()),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_CONFIG": str(self.workdir / "no-ansible.cfg"),
            "ANSIBLE_LOCAL_TEMP": str(self.workdir / "tmp"),
            "ANSIBLE_REMOTE_TMP": str(self.workdir / "tmp"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_GATHERING": "explicit",
            "ANSIBLE_CALLBACK_PLUGINS": str(SUPPORT / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "copr_test_record",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "COPR_TEST_RECORD": str(self.record),
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        clean.update(env or {})
        self.env = clean
        self.argv = [str(ANSIBLE_PLAYBOOK), "-i", str(inventory), str(self.path)]
        if extra_vars:
            # A file, so that values (tokens) appear neither in the playbook source Ansible quotes in its
            # error messages nor on the command line.
            vars_file = self.workdir / "extra-vars.json"
            vars_file.write_text(json.dumps(extra_vars), encoding="utf-8")
            self.argv.extend(["-e", "@" + str(vars_file)])
        if verbosity:
            self.argv.append("-" + "v" * verbosity)
        if check:
            self.argv.append("--check")
        if diff:
            self.argv.append("--diff")
        self.argv.extend(extra_args)
        self.process = None
        self.started = None

    def start(self):
        self.started = time.monotonic()
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            self.argv, cwd=str(self.workdir), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        return self

    def wait(self, timeout=600):
        try:
            stdout, stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
            stderr += "\n[test harness: ansible-playbook killed after %s s]" % timeout
        elapsed = time.monotonic() - self.started
        records = []
        if self.record.exists():
            for line in self.record.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    records.append(json.loads(line))
        return PlaybookRun(self.process.returncode, stdout, stderr, elapsed, records, list(self.argv))

    def run(self, timeout=600):
        return self.start().wait(timeout=timeout)

    def cleanup(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


def run_playbook(plays, workdir, **kwargs):
    """Run ``plays`` (YAML text or a list of plays) and return a PlaybookRun (rc, stdout, stderr, records)."""
    timeout = kwargs.pop("timeout", 600)
    return Playbook(plays, workdir, **kwargs).run(timeout=timeout)


def play(tasks, module_defaults=None, name="copr functional test", **extra):
    """A single play on localhost."""
    body = {"name": name, "hosts": "localhost", "gather_facts": False}
    if module_defaults:
        body["module_defaults"] = module_defaults
    body.update(extra)
    body["tasks"] = tasks
    return [body]


def copr_defaults(url, **options):
    """module_defaults for every fedora.copr module (the action group)."""
    return {"group/fedora.copr.copr": connection_vars(url, **options)}
