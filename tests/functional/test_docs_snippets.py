# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the documentation shows works: every ```yaml block parses, playbooks pass ansible-lint (production
profile) with the collection on the path, and task lists pass ansible-playbook --syntax-check.

The example playbooks (examples/) and the AWX playbook (docs/awx/) are linted in place too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
FENCE = re.compile(r"^```ya?ml[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Not installable offline; ansible-lint is told these modules exist.
MOCK_MODULES = ["awx.awx.credential_type", "awx.awx.credential"]


def snippets():
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for number, match in enumerate(FENCE.finditer(text), start=1):
            line = text.count("\n", 0, match.start()) + 2
            found.append(pytest.param(path, line, match.group(1), id="%s:%d" % (path.relative_to(REPO), line)))
    return found


SNIPPETS = snippets()


def is_playbook(data):
    return isinstance(data, list) and data and all(
        isinstance(item, dict) and ("hosts" in item or "ansible.builtin.import_playbook" in item or "import_playbook" in item)
        for item in data
    )


def is_task_list(data):
    return isinstance(data, list) and data and all(isinstance(item, dict) and "hosts" not in item for item in data) and any(
        "name" in item for item in data
    )


def tool(name):
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        pytest.skip("%s is not installed" % name)
    return found


def ansible_env(collections_path, home):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_") and not key.startswith("COPR_")
    }
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "NO_COLOR": "1",
            "HOME": str(home),
            "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        }
    )
    return env


def ansible_lint(files, collections_path, workdir, project_dir):
    config = workdir / "ansible-lint.yml"
    config.write_text(
        yaml.safe_dump({"profile": "production", "offline": True, "mock_modules": MOCK_MODULES}), encoding="utf-8"
    )
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    completed = subprocess.run(
        [tool("ansible-lint"), "--offline", "-c", str(config), "--project-dir", str(project_dir), "--nocolor"]
        + [str(path) for path in files],
        cwd=project_dir,
        env=ansible_env(collections_path, home),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, "ansible-lint failed:\n%s\n%s" % (completed.stdout, completed.stderr)


def test_docs_have_yaml_snippets():
    assert len(SNIPPETS) >= 10


@pytest.mark.parametrize(("path", "line", "text"), SNIPPETS)
def test_snippet_parses(path, line, text):
    try:
        list(yaml.safe_load_all(text))
    except yaml.YAMLError as error:
        pytest.fail("%s:%d: not valid YAML: %s" % (path, line, error))


def test_playbook_snippets_pass_ansible_lint(tmp_path, collections_path):
    workdir = tmp_path / "snippets"
    workdir.mkdir()
    files = []
    for param in SNIPPETS:
        path, line, text = param.values
        data = yaml.safe_load(text)
        if is_playbook(data):
            target = workdir / ("%s_line%d.yml" % (path.stem, line))
            body = text if text.startswith("---") else "---\n" + text
            target.write_text(body, encoding="utf-8")
            files.append(target)
    assert files, "no playbook-shaped snippets found"
    ansible_lint(files, collections_path, tmp_path, workdir)


def test_task_snippets_pass_syntax_check(tmp_path, collections_path):
    tasks = []
    for param in SNIPPETS:
        path, line, text = param.values
        data = yaml.safe_load(text)
        if is_task_list(data):
            tasks.append(("%s:%d" % (path.relative_to(REPO), line), data))
    if not tasks:
        pytest.skip("no task-list snippets")
    home = tmp_path / "home"
    home.mkdir()
    failures = []
    for where, data in tasks:
        playbook = tmp_path / "check.yml"
        playbook.write_text(
            yaml.safe_dump([{"name": "Snippet", "hosts": "localhost", "gather_facts": False, "tasks": data}]),
            encoding="utf-8",
        )
        completed = subprocess.run(
            [tool("ansible-playbook"), "--syntax-check", "-i", "localhost,", str(playbook)],
            env=ansible_env(collections_path, home),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if completed.returncode != 0:
            failures.append("%s:\n%s%s" % (where, completed.stdout, completed.stderr))
    assert not failures, "\n".join(failures)


def test_examples_and_awx_playbooks_pass_ansible_lint(tmp_path, collections_path):
    files = sorted((REPO / "examples").glob("*.yml")) + sorted((REPO / "docs" / "awx").glob("*.yml"))
    ansible_lint(files, collections_path, tmp_path, REPO)
