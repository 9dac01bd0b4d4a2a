# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every endpoint family shares: the state of the running app, error bodies and JSON answers, request
parsing (query arguments; JSON, form and multipart bodies), authentication, rights, the deprecated-method Warning.

A family is one ``views_<family>.py`` module with a module-level ``blueprint`` (see ``app.FAMILIES``); its views
call ``state()`` for the model and the helpers below for everything HTTP. Nothing here knows a single endpoint.

JSON formatting is the real frontend's: flask-restx resources answer ``json.dumps(body) + "\\n"`` (default
separators); plain Flask views and the app-level error handler answer compact JSON (copr-api-v3.md §12.12).
"""

import base64
import binascii
import datetime
import json

from flask import Response, current_app, request

# ------------------------------------------------------------------------------------------ the running app
EXTENSION = "copr_emulator"


def emulator():
    """The ``app.Emulator`` serving the current request."""
    return current_app.extensions[EXTENSION]


def state():
    """The ``model.State`` of the current request's emulator (lock it with ``state().lock``)."""
    return emulator().state


# ------------------------------------------------------------------------------------------ answers and errors
CRASH = "Request wasn't successful, there is probably a bug in the Copr code."
DB_ERROR = "Database error, contact admin"
METHOD_NOT_ALLOWED = "The method is not allowed for the requested URL."
NO_ENDPOINT = "Such API endpoint doesn't exist"
EDIT_FORBIDDEN = "Only owners and admins may update their projects."


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


def text_response(text, content_type="text/plain; charset=utf-8", status=200, headers=None):
    """A text answer with exactly this Content-Type header (Flask would rewrite a bare ``text/plain``)."""
    response = Response(text, status=status, headers=headers)
    response.headers["Content-Type"] = content_type
    return response


def bad_request(message):
    return ApiError(400, message)


def forbidden(message):
    return ApiError(403, message)


def not_found(message):
    return ApiError(404, message)


def server_error(message=CRASH):
    """An unhandled exception in the real frontend: HTTP 500 with the generic crash text (or ``message``)."""
    return ApiError(500, message)


def deprecated(preferred):
    """Headers for an answer of a method that has a preferred alternative: the Warning of
    ``deprecated_route_method_type`` when the request used another method, else none. Pass them only to
    answers the view *returns* (200, and the 401 of ``current_user``); raised errors carry no Warning (§12.5)."""
    if request.method == preferred:
        return {}
    return {"Warning": "This method is deprecated: Use {} method instead of {}".format(preferred, request.method)}


# ------------------------------------------------------------------------------------------ request parsing
_MISSING = object()


def query_arg(name, default=_MISSING):
    """``query_to_parameters``: a query value (or the path's), else ``default``, else 400 ``Missing argument``."""
    if name in request.args:
        return request.args.get(name)
    if name in (request.view_args or {}):
        return request.view_args[name]
    if default is _MISSING:
        raise bad_request("Missing argument {}".format(name))
    return default


def load_json_part():
    """The ``file_upload`` decorator: a multipart file part named ``json`` replaces the form fields with the JSON
    object it holds (python-copr's way to send JSON next to a file). Bad JSON, or JSON that is not an object,
    crashes (500) - before authentication, as the decorator runs first. Returns the object, or None."""
    part = request.files.get("json")
    if part is None:
        return None
    try:
        data = json.loads(part.read()) or {}
        items = list(data.items())
    except (ValueError, AttributeError, UnicodeDecodeError) as exc:
        raise server_error() from exc
    request.environ["copr_emulator.json_part"] = dict(items)
    return request.environ["copr_emulator.json_part"]


def input_dict():
    """``get_input_dict``: the JSON object of a JSON request, else the form's first values (or the multipart
    ``json`` part that ``load_json_part`` read). A JSON body that is not an object crashes, as in Copr."""
    data = request.get_json(silent=True)
    if data:
        if not isinstance(data, dict):
            raise server_error()
        return data
    part = request.environ.get("copr_emulator.json_part")
    if part is not None:
        return dict(part)
    return {key: request.form.get(key) for key in request.form.keys()}


def form_data(preserve=(), renames=None):
    """``get_form_compatible_data`` + ``rename_fields``: a multi-dict ``{key: [values]}`` in input order.

    JSON ``null`` = not sent; lists are joined with spaces (items as Python prints them) except the ``preserve``
    keys, whose items become one value each (so an empty preserved list vanishes, as in a werkzeug MultiDict)."""
    data = {}
    for key, value in input_dict().items():
        if value is None:
            continue
        if isinstance(value, list) and key not in preserve:
            value = " ".join(str(item) for item in value)
        values = list(value) if isinstance(value, list) else [value]
        if not values:
            continue
        key = (renames or {}).get(key, key)
        data.setdefault(key, []).extend(values)
    return data


def uploaded_file(name):
    """A multipart file part with a non-empty file name (flask-wtf ``FileField``): ``(filename, bytes)`` or None."""
    part = request.files.get(name)
    if part is None or not part.filename:
        return None
    return part.filename, part.read()


# ------------------------------------------------------------------------------------------ authentication
def login_error(headers=None):
    url = "https://" + state().public_host
    return ApiError(401, "Login invalid/expired. Please visit {0}/api to get or renew your API token.".format(url),
                    extra={"output": "notok"}, headers=headers)


def current_user(deprecated_headers=None):
    """The user of the request's HTTP Basic API login and token (copr-api-v3.md §2), or the 401.

    ``api_login_required`` *returns* its 401, so a deprecated method's Warning is on it: pass
    ``deprecated(...)`` as ``deprecated_headers``. A malformed Authorization header is a crash (500), as in Copr."""
    header = request.headers.get("Authorization")
    login = token = None
    if header is not None:
        try:
            encoded = header.split()[1].strip()
            login, token = base64.b64decode(encoded).decode("utf-8").split(":")
        except (IndexError, ValueError, binascii.Error, UnicodeDecodeError) as exc:
            raise server_error() from exc
    if login and token:
        user = state().user_by_login(login)
        if user and user.token == token and user.expiration >= datetime.date.today():
            return user
    raise login_error(deprecated_headers or None)


# ------------------------------------------------------------------------------------------ rights (FE/models.py User)
def is_member(user, project):
    """The user belongs to the group owning a ``@group`` project."""
    return project.group is not None and project.group.fas_name in user.teams


def is_owner(user, project):
    """Owner of a personal project, or member of the owning group (whoever created a group project has no
    exclusive rights to it)."""
    if project.group is None:
        return project.user == user.name
    return is_member(user, project)


def can_edit(user, project):
    """``User.can_edit``: owner (or group member), site admin, or an approved project ``admin``. Builders cannot.
    Editing covers the project, its chroots, packages and permissions - not deleting it."""
    return is_owner(user, project) or user.admin or project.has_role(user.name, "admin")


def can_build_in(user, project):
    """``User.can_build_in``: site admin, owner (or group member), or an approved ``builder`` or ``admin``."""
    return (user.admin or is_owner(user, project) or project.has_role(user.name, "builder")
            or project.has_role(user.name, "admin"))


def require_edit(user, project, message=EDIT_FORBIDDEN):
    """403 ``message`` unless the user may edit the project."""
    if not can_edit(user, project):
        raise forbidden(message)


def require_edit_permissions(user, project, ownername, projectname):
    """``editable_copr`` (permissions/get, permissions/set, regenerate-repos): the 403 names the path's owner and
    project as written."""
    if not can_edit(user, project):
        raise forbidden("User '{0}' can not see permissions for project '{1}' (missing admin rights)"
                        .format(user.name, "/".join([ownername, projectname])))


def require_delete(user, project):
    """``ComplexLogic.delete_copr`` rights: site admin or owner (group member) only - project admins cannot delete.
    A group project answers with the group-access text (§12.6)."""
    if user.admin:
        return
    if project.group is not None:
        if not is_member(user, project):
            raise forbidden("User '{}' doesn't have access to the copr group '{}' (fas_name='{}')"
                            .format(user.name, project.group.name, project.group.fas_name))
    elif project.user != user.name:
        raise forbidden("Only owners may delete their projects.")
