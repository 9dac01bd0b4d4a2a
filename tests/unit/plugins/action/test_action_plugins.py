# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module has an action plugin of its name built on InProcessAction, adding nothing, and there is no other
(issue 18: a module without one would silently keep its module process; an action without a module would break
``ansible-doc`` and the module's path)."""

from __future__ import annotations

import ast
import os

import pytest

from ansible.plugins.loader import action_loader

from ansible_collections.fedora.copr.plugins.plugin_utils._in_process import InProcessAction

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")


def _plugins(kind):
    folder = os.path.join(ROOT, "plugins", kind)
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and name != "__init__.py")


MODULES = _plugins("modules")


def test_every_module_has_an_action_and_no_action_is_extra():
    assert len(MODULES) >= 9 and "copr_project" in MODULES, MODULES
    assert _plugins("action") == MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_action_is_in_process_action_and_nothing_else(name):
    action = action_loader.get("fedora.copr." + name, class_only=True)
    assert action is not None, name
    assert action.__module__ == "ansible_collections.fedora.copr.plugins.action." + name
    assert action.__name__ == "ActionModule"
    assert issubclass(action, InProcessAction)
    assert action.__bases__ == (InProcessAction,)


@pytest.mark.parametrize("name", MODULES)
def test_the_action_file_names_its_module_and_adds_nothing(name):
    with open(os.path.join(ROOT, "plugins", "action", name + ".py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    docstring = ast.get_docstring(tree)
    assert docstring and docstring.split()[1] == "fedora.copr." + name, docstring
    (cls,) = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert cls.name == "ActionModule"
    assert [ast.unparse(base) for base in cls.bases] == ["InProcessAction"]
    # the class adds nothing: every action behaves as InProcessAction says
    assert [type(node).__name__ for node in cls.body if not _is_docstring(node)] == ["Pass"], ast.unparse(cls)


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
