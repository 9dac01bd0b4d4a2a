# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stateful local emulator of Copr's HTTP API v3, for tests, demos and benchmarks.

See tests/emulator/README.md. One module per endpoint family, each a Flask blueprint listed in ``app.FAMILIES``:
``views_general`` (home, auth-check), ``views_projects``, ``views_chroots`` (project-chroot, mock-chroots, the
comps view), ``views_rpmrepo`` (rpmrepo and the dnf .repo file), ``views_permissions``, ``views_packages``, and
``control`` (the private /_emulator endpoints). Shared by all: ``api`` (state of the request, error bodies and
JSON answers, request parsing, authentication, rights, the deprecated-method Warning), ``forms`` (the frontend's
forms), ``model`` (state and seed), ``pagination``. Plumbing: ``faults``, ``reqlog``, ``app`` (the Flask app and
the threaded server), ``testing`` (``running_emulator``), ``__main__`` (the CLI).
"""

import os

DEFAULT_SEED_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "default-seed.json")
