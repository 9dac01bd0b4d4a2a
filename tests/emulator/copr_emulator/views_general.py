# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/`` home, ``auth-check`` and ``mock-chroots/list``."""

from .auth import current_user
from .output import json_response


def register(app, state):
    @app.route("/api_3/", methods=["GET"], strict_slashes=False)
    def home():
        return json_response({"version": 3}, compact=True)

    @app.route("/api_3/auth-check", methods=["GET"])
    def auth_check():
        user = current_user(state)
        return json_response({"id": user.id, "name": user.name})

    @app.route("/api_3/mock-chroots/list", methods=["GET"])
    def mock_chroots():
        return json_response(dict(state.chroots))
