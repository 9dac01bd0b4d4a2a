# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's HTTP client, loaded straight from its file.

``plugins/module_utils/_client.py`` imports nothing from Ansible or the collection, so plain pytest can load it
without a collection finder.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def load_client_module():
    spec = importlib.util.spec_from_file_location("_fedora_copr_client",
                                                  REPO / "plugins" / "module_utils" / "_client.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
