# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/project/permissions``: can_build_in, get, set, request (copr-api-v3.md §15, §18.7-8).

The permission rows are the model's (``Project.permissions``: per user ``admin``/``builder`` in ``nothing``,
``request`` or ``approved``, rows in insertion order). ``set`` and ``request`` are one transaction each: they
change the rows as they go (so a rights re-check sees the changes already made, as the real ORM session does) and
put everything back when any part fails. Bodies are read as ``flask.request.get_json()`` is: a non-JSON body is a
415, JSON that does not parse a 400, both with Werkzeug's texts.
"""

import copy

from flask import Blueprint, request
from werkzeug.exceptions import HTTPException

from .api import (DB_ERROR, ApiError, bad_request, can_build_in, can_edit, current_user, deprecated, forbidden,
                  json_response, not_found, require_edit_permissions, server_error, state)
from .model import PERMISSION_STATES, ROLES

blueprint = Blueprint("permissions", __name__)

PREFIX = "/api_3/project/permissions"


def _json_body():
    try:
        return request.get_json()
    except HTTPException as exc:
        raise ApiError(exc.code, exc.description) from exc


def _owner_name(project):
    """``copr.user``: the owner of a personal project; for a group project whoever created it."""
    return project.user if project.group is None else project.creator


def _validate(username, project, role, value):
    """``CoprPermissionsLogic.validate_permission``."""
    if role not in ROLES:
        raise bad_request("invalid permission '{0}', allowed {1}".format(role, "|".join(ROLES)))
    try:
        known = value in dict.fromkeys(PERMISSION_STATES)
    except TypeError as exc:  # a JSON list or object: unhashable
        raise server_error() from exc
    if not known:
        raise bad_request("invalid '{0}' permission state '{1}', use {2}"
                          .format(role, value, "|".join(PERMISSION_STATES)))
    if username == _owner_name(project):
        raise bad_request("user '{0}' is owner of the '{1}' project".format(username, project.full_name))


def _transaction(project, work):
    """Run ``work()`` on the live rows; restore them when it raises."""
    saved = copy.deepcopy(project.permissions)
    try:
        return work()
    except Exception:
        project.permissions = saved
        raise


@blueprint.route(PREFIX + "/can_build_in/<who>/<ownername>/<projectname>", methods=["GET"])
def permissions_can_build_in(who, ownername, projectname):
    with state().lock:
        user = state().users.get(who)
        if user is None:
            raise ApiError(500, DB_ERROR)  # UsersLogic.get(who).one(): NoResultFound
        project = state().get_project(ownername, projectname)
        owner = project.group.name if project.group is not None else project.user
        return json_response({"ownername": owner, "projectname": project.name, "who": user.name,
                              "can_build_in": can_build_in(user, project)})


@blueprint.route(PREFIX + "/get/<ownername>/<projectname>", methods=["GET"])
def permissions_get(ownername, projectname):
    user = current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        require_edit_permissions(user, project, ownername, projectname)
        if not project.permissions:
            raise not_found("No permissions set on {0} project".format(project.full_name))
        return json_response({"permissions": {name: row.to_dict() for name, row in project.permissions.items()}})


@blueprint.route(PREFIX + "/set/<ownername>/<projectname>", methods=["PUT", "POST"])
def permissions_set(ownername, projectname):
    user = current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        require_edit_permissions(user, project, ownername, projectname)
        body = _json_body()
        if not isinstance(body, dict):
            raise bad_request("request is not a dictionary, expected format: "
                              "{'username': {'admin': 'nothing', 'builder': 'request'} ...}")
        if not body:
            raise bad_request("no permission change requested")

        def work():
            updated = []
            for username, roles in body.items():
                if username not in state().users:
                    raise bad_request("user '{0}' doesn't exist in database".format(username))
                if not isinstance(roles, dict):
                    raise server_error()  # perm_set.items() on a string, list, number...
                for role, value in roles.items():
                    if not can_edit(user, project):  # the caller may just have dropped their own admin role
                        raise forbidden("only owners and admins may update their projects permissions.")
                    _validate(username, project, role, value)
                    if project.permission(username) is None:
                        project.set_permission(username, role, "nothing")  # the merged row exists from now on
                    if project.set_permission(username, role, value) and username not in updated:
                        updated.append(username)
            return updated
        # POST is accepted without a deprecation Warning (§18.8)
        return json_response({"updated": _transaction(project, work)})


@blueprint.route(PREFIX + "/request/<ownername>/<projectname>", methods=["PUT", "POST"])
def permissions_request(ownername, projectname):
    user = current_user(deprecated("PUT"))  # the deprecation wrapper is outside api_login_required
    with state().lock:
        project = state().get_project(ownername, projectname)
        body = _json_body()
        if not isinstance(body, dict):
            raise bad_request("invalid 'roles' dict format, expected: {'admin': True, 'builder': False}")
        if not body:
            raise bad_request("no permission requested")

        def work():
            changed = False
            for role, wanted in body.items():
                if wanted is True:
                    value = "request"
                elif wanted is False:
                    value = "nothing"
                else:
                    raise bad_request("invalid '{0}' permission request '{1}', expected True or False"
                                      .format(role, wanted))
                _validate(user.name, project, role, value)
                if project.permission(user.name) is None:
                    project.set_permission(user.name, role, "nothing")
                if project.permission(user.name).get(role) == "approved" and value == "request":
                    raise bad_request("You already are '{0}' in '{1}'".format(role, project.full_name))
                changed = project.set_permission(user.name, role, value) or changed
            return changed
        return json_response({"updated": _transaction(project, work)}, headers=deprecated("PUT"))
