# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""JSON rendering the way the real frontend does it, and the API error type.

flask-restx resources (every endpoint but ``GET /api_3/``) answer ``json.dumps(body) + "\\n"`` (default
separators, so ``{"a": 1, "b": 2}``); plain Flask views and the app-level error handler use ``flask.jsonify``,
which is compact (``{"version":3}``) - see copr-api-v3.md §12.12.
"""

import json

from flask import Response

CRASH = "Request wasn't successful, there is probably a bug in the Copr code."
DB_ERROR = "Database error, contact admin"
METHOD_NOT_ALLOWED = "The method is not allowed for the requested URL."
NO_ENDPOINT = "Such API endpoint doesn't exist"


class ApiError(Exception):
    """An error answered as ``{"error": message}`` (plus ``extra`` keys first, e.g. ``output``)."""

    def __init__(self, status, message, compact=False, extra=None, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.compact = compact
        self.extra = extra or {}
        self.headers = headers or {}

    def response(self):
        body = dict(self.extra)
        body["error"] = self.message
        return json_response(body, self.status, compact=self.compact, headers=self.headers)


def dumps(data, compact=False):
    if compact:
        return json.dumps(data, separators=(",", ":")) + "\n"
    return json.dumps(data) + "\n"


def json_response(data, status=200, compact=False, headers=None):
    response = Response(dumps(data, compact), status=status, mimetype="application/json")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def bad_request(message):
    return ApiError(400, message)


def forbidden(message):
    return ApiError(403, message)


def not_found(message):
    return ApiError(404, message)


def server_error(message=CRASH):
    return ApiError(500, message)
