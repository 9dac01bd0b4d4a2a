# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ansible-builder sees the collection's Python dependency, and the sample EE definition builds a context.

No container is built: `introspect` reads the collection as the image build would, and `create` only writes
the build context (Containerfile and _build/ files).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "docs" / "ee" / "execution-environment.yml"


def builder():
    candidate = Path(sys.executable).parent / "ansible-builder"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("ansible-builder")
    if not found:
        pytest.skip("ansible-builder is not installed")
    return found


def run(*args, cwd=None):
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, "%s failed:\n%s\n%s" % (" ".join(args), completed.stdout, completed.stderr)
    return completed.stdout


def requirement_names(lines):
    names = []
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text:
            for separator in "<>=!~[; ":
                text = text.split(separator, 1)[0]
            names.append(text.lower())
    return names


def test_collection_declares_its_python_dependency():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    # The collection-side file: ansible-builder reads only dependencies.python / system from it.
    python = meta["dependencies"]["python"]
    lines = python if isinstance(python, list) else (REPO / python).read_text(encoding="utf-8").splitlines()
    assert "requests" in requirement_names(lines)


def test_introspect_lists_requests(collections_path, tmp_path):
    written = tmp_path / "requirements.txt"
    # ansible-builder 3 always sanitizes (the old --sanitize flag is gone): one line per requirement,
    # tagged with the collection it came from.
    output = run(builder(), "introspect", str(collections_path), "--write-pip", str(written))
    data = yaml.safe_load(output.split("\n", 1)[1] if output.startswith("#") else output)
    python = data["python"]
    assert any(line.startswith("requests") and "fedora.copr" in line for line in python), output
    assert "requests" in requirement_names(written.read_text(encoding="utf-8").splitlines())
    assert data.get("system") in (None, [])


def test_sample_definition_creates_a_build_context(tmp_path):
    definition = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    assert definition["version"] == 3
    collections = definition["dependencies"]["galaxy"]["collections"]
    assert {"name": "fedora.copr"} in collections
    # Only what ansible-builder needs, no version pin.
    assert definition["dependencies"]["ansible_core"] == {"package_pip": "ansible-core"}

    context = tmp_path / "context"
    run(builder(), "create", "-f", str(SAMPLE), "--context", str(context), "-v3", cwd=tmp_path)
    build = context / "_build"
    assert "requests" in requirement_names((build / "requirements.txt").read_text(encoding="utf-8").splitlines())
    galaxy = yaml.safe_load((build / "requirements.yml").read_text(encoding="utf-8"))
    assert any(item["name"] == "fedora.copr" for item in galaxy["collections"])
    containerfile = next(path for path in (context / "Containerfile", context / "Dockerfile") if path.exists())
    text = containerfile.read_text(encoding="utf-8")
    assert "ansible-galaxy collection install" in text or "ansible-galaxy" in text
    assert "requirements.txt" in text
