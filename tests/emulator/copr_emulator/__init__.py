# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stateful local emulator of Copr's HTTP API v3 (project management), for tests, demos and benchmarks.

See tests/emulator/README.md. Modules, one idea each: ``model`` (state and seed), ``forms`` (request bodies and
validation), ``output`` (JSON rendering and error bodies), ``auth``, ``pagination``, ``views_general``,
``views_projects``, ``views_chroots``, ``faults``, ``reqlog``, ``control`` (the private /_emulator endpoints),
``app`` (the Flask app and the threaded server), ``testing`` (``running_emulator``), ``__main__`` (the CLI).
"""

import os

DEFAULT_SEED_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "default-seed.json")
