# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/layer, which runs every layer of ``make test``: a deprecation warning in a layer's output fails the layer
even when its command exited 0; SKIP and PASS are recorded as such; tools/missing is a SKIP, or a FAIL under CI."""

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYER = str(REPO / "tools" / "layer")
MISSING = str(REPO / "tools" / "missing")


def layer(tmp_path, *command):
    summary = tmp_path / "summary.txt"
    done = subprocess.run([LAYER, "demo-layer", str(summary)] + list(command), capture_output=True, text=True,
                          timeout=60, check=False)
    return done.returncode, summary.read_text(encoding="utf-8").split(), done.stdout


@pytest.mark.parametrize("line", [
    "[DEPRECATION WARNING]: something is deprecated. This feature will be removed from ansible-core 2.23.",
    "/x/y.py:3: DeprecationWarning: datetime.datetime.utcnow() is deprecated",
    "PendingDeprecationWarning: soon",
], ids=["ansible", "python", "pending"])  # ids: the lines themselves in a -v listing would trip the layer's grep
def test_a_deprecation_warning_fails_the_layer(tmp_path, line):
    rc, summary, output = layer(tmp_path, "echo", line)
    assert rc == 1
    assert summary[:2] == ["demo-layer", "FAIL"] and "warning)" in summary
    assert "deprecation warnings in the output" in output


def test_pass_skip_and_missing(tmp_path):
    assert layer(tmp_path, "echo", "all good")[:2] == (0, ["demo-layer", "PASS", "0s"])
    (tmp_path / "summary.txt").unlink()
    rc, summary, dummy = layer(tmp_path, MISSING, "SKIP", "install Python 3.12")
    assert rc == 0 and summary[:2] == ["demo-layer", "SKIP"]
    (tmp_path / "summary.txt").unlink()
    rc, summary, dummy = layer(tmp_path, MISSING, "FAIL", "install Python 3.12")
    assert rc == 1 and summary[:2] == ["demo-layer", "FAIL"]
