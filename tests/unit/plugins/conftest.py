# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lets plain ``pytest`` load plugins by FQCN (``ansible-test units`` already does this)."""

from __future__ import annotations

import os
import sys

import pytest


def _install_collection_finder():
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    if any(type(finder).__name__ == "_AnsibleCollectionFinder" for finder in sys.meta_path):
        return
    here = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
    # .../ansible_collections/fedora/copr/tests/unit/plugins: the path ansible_collections lives in
    candidates = [os.path.dirname(os.path.abspath(__file__))] + [here]
    for start in candidates:
        parts = start.split(os.sep)
        if "ansible_collections" in parts:
            root = os.sep.join(parts[: len(parts) - 1 - parts[::-1].index("ansible_collections")])
            _AnsibleCollectionFinder(paths=[root])._install()  # pylint: disable=protected-access
            return
    for entry in sys.path:
        if os.path.isdir(os.path.join(entry, "ansible_collections", "fedora", "copr")):
            _AnsibleCollectionFinder(paths=[entry])._install()  # pylint: disable=protected-access
            return


_install_collection_finder()


@pytest.fixture
def no_copr_environment(monkeypatch, tmp_path):
    """No user config file and no COPR_* variables: only what a test sets reaches the plugin."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith("COPR_"):
            monkeypatch.delenv(name)


@pytest.fixture
def private_lookup_cache(monkeypatch, tmp_path):
    """A private on-disk project cache and an empty in-memory one for the lookup base."""
    from ansible_collections.fedora.copr.plugins.plugin_utils import _lookup_base

    monkeypatch.setattr(_lookup_base.C, "DEFAULT_LOCAL_TMP", str(tmp_path / "local-tmp"), raising=False)
    monkeypatch.setattr(_lookup_base, "_MEMORY", {})
