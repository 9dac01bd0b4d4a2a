# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``python -m copr_emulator``: prints the URL first, serves, stops cleanly on SIGTERM and SIGINT."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_and_stops(signum, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests" / "emulator"))
    faults = '{"rate": 0.0, "kinds": ["500"], "seed": 1}'
    proc = subprocess.Popen([sys.executable, "-m", "copr_emulator", "--port", "0", "--faults", faults],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert requests.get(url + "/api_3/mock-chroots/list", timeout=10).json() == {
            "fedora-40-x86_64": "", "fedora-39-x86_64": "", "fedora-rawhide-x86_64": "", "epel-9-x86_64": "",
            "fedora-40-aarch64": ""}
        proc.send_signal(signum)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
