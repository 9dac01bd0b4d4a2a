# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The users of the emulator's default seed, read from ``tests/emulator/default-seed.json``.

The seed is the one place their logins and tokens are written (documented test data, not secrets); the
functional suites take them from here. ``tools/integration.py`` and ``tests/benchmarks/emulator_ctl.py`` read
the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

SEED_PATH = Path(__file__).resolve().parents[2] / "emulator" / "default-seed.json"


class Credentials(NamedTuple):
    """A seed user's API login and token (a pair, so ``requests`` takes it as ``auth=``)."""

    login: str
    token: str


def credentials(username: str) -> Credentials:
    """The login and token of the seed user ``username``."""
    with SEED_PATH.open(encoding="utf-8") as handle:
        users = {user["username"]: user for user in json.load(handle)["users"]}
    return Credentials(users[username]["login"], users[username]["token"])


DEMO = credentials("demo")
ALICE = credentials("alice")
ADMIN = credentials("admin")
EXPIRED = credentials("expired")
