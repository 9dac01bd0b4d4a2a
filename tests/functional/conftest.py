# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared setup of the functional suites: the emulator package on sys.path, an ``emulator`` fixture, and a
collections path where ``ansible_collections/fedora/copr`` is this checkout."""

import sys
from pathlib import Path

import pytest
# The seed users' (login, token) pairs, imported from here by the suites that use them.
from support.seed import ADMIN, ALICE, DEMO, EXPIRED  # noqa: F401  pylint: disable=unused-import

REPO = Path(__file__).resolve().parents[2]
EMULATOR_DIR = str(REPO / "tests" / "emulator")
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)


@pytest.fixture(scope="session")
def emulator_server():
    from copr_emulator.testing import running_emulator  # pylint: disable=import-outside-toplevel
    with running_emulator() as emu:
        yield emu


@pytest.fixture
def emulator(emulator_server):  # pylint: disable=redefined-outer-name
    """The session's emulator, reset to the seed (empty log, no faults)."""
    emulator_server.reset()
    yield emulator_server


@pytest.fixture(scope="module")
def collections_path(tmp_path_factory):
    """A directory to use as ANSIBLE_COLLECTIONS_PATH: ``ansible_collections/fedora/copr`` -> this checkout."""
    root = tmp_path_factory.mktemp("collections")
    namespace = root / "ansible_collections" / "fedora"
    namespace.mkdir(parents=True)
    (namespace / "copr").symlink_to(REPO, target_is_directory=True)
    return root
