# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/`` home and ``auth-check`` (copr-api-v3.md §2)."""

from flask import Blueprint

from .api import current_user, json_response

blueprint = Blueprint("general", __name__)


@blueprint.route("/api_3/", methods=["GET"], strict_slashes=False)
def home():
    return json_response({"version": 3}, compact=True)


@blueprint.route("/api_3/auth-check", methods=["GET"])
def auth_check():
    user = current_user()
    return json_response({"id": user.id, "name": user.name})
