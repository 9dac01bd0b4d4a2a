# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP Basic authentication with the API login and token (copr-api-v3.md §2)."""

import base64
import binascii
import datetime

from flask import request

from .output import ApiError, server_error


def login_error(state, headers=None):
    url = "https://" + state.public_host
    return ApiError(401, "Login invalid/expired. Please visit {0}/api to get or renew your API token.".format(url),
                    extra={"output": "notok"}, headers=headers)


def current_user(state, warning_on_401=None):
    """The authenticated user, or raise the 401. A malformed header is a crash (500), as in Copr."""
    header = request.headers.get("Authorization")
    login = token = None
    if header is not None:
        try:
            encoded = header.split()[1].strip()
            login, token = base64.b64decode(encoded).decode("utf-8").split(":")
        except (IndexError, ValueError, binascii.Error, UnicodeDecodeError) as exc:
            raise server_error() from exc
    if login and token:
        user = state.user_by_login(login)
        if user and user.token == token and user.expiration >= datetime.date.today():
            return user
    raise login_error(state, {"Warning": warning_on_401} if warning_on_401 else None)
