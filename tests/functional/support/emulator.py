# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""pytest fixtures for the Copr emulator (``tests/emulator``), built on ``copr_emulator.testing.running_emulator``.

Import the fixtures into a test module::

    from support.emulator import copr_emu_server, copr_emu  # noqa: F401 (pytest fixtures)

``copr_emu_server`` is one emulator per test module; ``copr_emu`` is the same emulator reset (seed state, empty
request log, no faults) before the test. The handle talks to the private ``/_emulator`` endpoints itself, and its
state reads (``project``, ``projects``) turn faults off first, so checks of the final state are never subject to
injected faults; those reads are logged like any /api_3 request.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[3]
EMULATOR_DIR = REPO / "tests" / "emulator"


def _running_emulator():
    if str(EMULATOR_DIR) not in sys.path:
        sys.path.insert(0, str(EMULATOR_DIR))
    try:
        from copr_emulator.testing import running_emulator  # pylint: disable=import-outside-toplevel
    except ImportError as error:
        pytest.skip("the Copr emulator is not available (%s)" % error)
    return running_emulator


class EmulatorHandle:
    """The emulator's URL plus helpers for its private endpoints (never subject to injected faults)."""

    def __init__(self, emu):
        self.emu = emu
        self.url = emu.url.rstrip("/")
        self.session = requests.Session()

    # -- private endpoints -----------------------------------------------------------------------------
    def _private(self, method, path, **kwargs):
        response = self.session.request(method, self.url + path, timeout=30, **kwargs)
        response.raise_for_status()
        return response

    def reset(self):
        self._private("POST", "/_emulator/reset")

    def requests(self):
        """Every /api_3 request since the last clear: [{"method", "path", "query", "status"}]."""
        return self._private("GET", "/_emulator/requests").json()

    def clear_requests(self):
        self._private("DELETE", "/_emulator/requests")

    def set_faults(self, spec):
        return self._private("PUT", "/_emulator/faults", json=spec)

    def clear_faults(self):
        self._private("DELETE", "/_emulator/faults")

    # -- reads through the public API, with faults off ----------------------------------------------------
    def _api_get(self, path, params):
        """GET through the public API (these reads show in the request log: read the log before them)."""
        return self.session.get(self.url + "/api_3/" + path, params=params, timeout=30)

    def project(self, owner, name):
        """The project, or None (404). Turns faults off first."""
        self.clear_faults()
        response = self._api_get("project", {"ownername": owner, "projectname": name})
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.json()

    def projects(self, owner=None):
        """Every project of owner (all projects without it). Turns faults off first."""
        self.clear_faults()
        params = {"ownername": owner} if owner else {}
        response = self._api_get("project/list", params)
        response.raise_for_status()
        return response.json()["items"]

    def all_projects(self):
        """Every project of every owner, as "owner/name" -> project (duplicates show as a count > 1)."""
        return self.projects()

    def add_project(self, owner, body, login, token):
        """Create a project directly (setup of a test), faults off."""
        self.clear_faults()
        response = self.session.post(self.url + "/api_3/project/add/" + owner, json=body, auth=(login, token),
                                     timeout=30)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def copr_emu_server():
    running_emulator = _running_emulator()
    with running_emulator() as emu:
        yield EmulatorHandle(emu)


@pytest.fixture
def copr_emu(copr_emu_server):  # pylint: disable=redefined-outer-name
    copr_emu_server.reset()
    yield copr_emu_server
