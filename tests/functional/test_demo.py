# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`examples/demo.sh` (what `make demo` runs) works end to end and always stops its emulator."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support import seed

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo.sh"


def venv_dir():
    """The virtual environment of the Python running the tests (it has ansible-playbook next to it)."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "ansible-playbook").exists():
        pytest.skip("no ansible-playbook next to %s" % sys.executable)
    return bin_dir.parent


def port_is_closed(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def clean_env(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("COPR_", "ANSIBLE_"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update({"HOME": str(home), "TMPDIR": str(tmp_path), "VENV": str(venv_dir())})
    env.update(extra)
    return env


def test_demo_runs_end_to_end(tmp_path):
    completed = subprocess.run(
        ["bash", str(DEMO)],
        cwd=tmp_path,
        env=clean_env(tmp_path, KEEP="1"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    for step in ("1/5 provision.yml", "2/5 fork.yml", "3/5 repos.yml", "4/5 show.yml", "5/5 cleanup.yml"):
        assert step in output
    assert "==> Summary" in output
    assert "demo/hello" in output and "@demo-team/tools" in output and "@demo-team/hello" in output
    assert "projects left after cleanup: 0" in output
    assert "failed=1" not in output
    # The summary names the .repo files, and KEEP=1 left them where it says.
    match = re.search(r"\.repo files written to (\S+):", output)
    assert match, output
    written = sorted(path.name for path in Path(match.group(1)).glob("*.repo"))
    assert written == [
        "_copr:127.0.0.1:demo:hello.repo",
        "_copr:127.0.0.1:group_demo-team:hello.repo",
        "_copr:127.0.0.1:group_demo-team:tools.repo",
    ]
    # The emulator was stopped.
    port = int(re.search(r"emulator at http://127\.0\.0\.1:(\d+)", output).group(1))
    assert "Stopped the emulator" in output
    assert port_is_closed(port)
    # The demo token never shows up in what the playbooks print.
    assert seed.DEMO.token not in completed.stdout.split("==> 1/5", 1)[1]


def test_demo_stops_the_emulator_when_a_step_fails(tmp_path):
    """A broken step still ends with the emulator stopped (the trap) and a non-zero exit."""
    fake_venv = tmp_path / "venv"
    (fake_venv / "bin").mkdir(parents=True)
    # A wrapper, not a symlink: Python 3.13 finds no pyvenv.cfg beside a symlink in a plain folder and would
    # lose the venv's site-packages (Flask, for the emulator).
    python = fake_venv / "bin" / "python"
    python.write_text('#!/bin/sh\nexec "%s" "$@"\n' % sys.executable, encoding="utf-8")
    python.chmod(0o755)
    failing = fake_venv / "bin" / "ansible-playbook"
    failing.write_text("#!/bin/sh\necho 'simulated failure' >&2\nexit 2\n", encoding="utf-8")
    failing.chmod(0o755)
    completed = subprocess.run(
        ["bash", str(DEMO)],
        cwd=tmp_path,
        env=clean_env(tmp_path, VENV=str(fake_venv)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    match = re.search(r"emulator at http://127\.0\.0\.1:(\d+)", output)
    assert match, output
    assert "Stopped the emulator" in output
    assert port_is_closed(int(match.group(1)))
    assert not list(tmp_path.glob("copr-demo.*")), "the demo's temporary folder was left behind"
