# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lets plain ``pytest`` load plugins by FQCN (``ansible-test units`` already does this), and the shared fixtures.

The helpers themselves live in ``utils.py`` next to this file.
"""

from __future__ import annotations

import os
import sys

import pytest


def _collection_roots():
    """Directories that may hold ``ansible_collections/fedora/copr``: this file's path as given (pytest resolves
    symbolic links, the shell's ``$PWD`` keeps them), then ``sys.path``."""
    for start in (os.path.dirname(os.path.abspath(__file__)), os.environ.get("PWD") or ""):
        parts = start.split(os.sep)
        if "ansible_collections" in parts:
            yield os.sep.join(parts[: len(parts) - 1 - parts[::-1].index("ansible_collections")])
    for entry in sys.path:
        if os.path.isdir(os.path.join(entry, "ansible_collections", "fedora", "copr")):
            yield entry


def _install_collection_finder():
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    if any(type(finder).__name__ == "_AnsibleCollectionFinder" for finder in sys.meta_path):
        return
    for root in _collection_roots():
        _AnsibleCollectionFinder(paths=[root])._install()  # pylint: disable=protected-access
        return


_install_collection_finder()

# pylint: disable=wrong-import-position
from ansible.module_utils import basic  # noqa: E402

from ansible_collections.fedora.copr.tests.unit.plugins import utils  # noqa: E402


@pytest.fixture
def no_copr_environment(monkeypatch, tmp_path):
    """No user config file and no COPR_* variables: only what a test sets reaches the plugin."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith("COPR_"):
            monkeypatch.delenv(name)


@pytest.fixture
def private_lookup_cache(monkeypatch, tmp_path):
    """A private on-disk project cache and an empty in-memory one for the lookups."""
    from ansible_collections.fedora.copr.plugins.plugin_utils import _lookup_cache

    monkeypatch.setattr(_lookup_cache.C, "DEFAULT_LOCAL_TMP", str(tmp_path / "local-tmp"), raising=False)
    monkeypatch.setattr(_lookup_cache, "_MEMORY", {})


@pytest.fixture
def hello():
    """demo/hello: a personal project with two chroots and default settings."""
    return utils.load_project("demo/hello")


@pytest.fixture
def team():
    """@demo-team/team-tools: a group project with most settings set."""
    return utils.load_project("@demo-team/team-tools")


@pytest.fixture
def module_exits(monkeypatch):
    """exit_json and fail_json raise utils.AnsibleExitJson / utils.AnsibleFailJson instead of exiting."""
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", utils.exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", utils.fail_json)


@pytest.fixture
def fake_client(monkeypatch):
    """fake_client(projects=(), **kwargs) -> a utils.FakeClient that every module and lookup then uses."""

    def install(projects=(), **kwargs):
        return utils.install_client(monkeypatch, utils.FakeClient(projects, **kwargs))

    return install
