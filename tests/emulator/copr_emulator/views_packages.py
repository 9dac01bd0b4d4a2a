# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/package``: get, list, add, edit, reset, delete (copr-api-v3.md §16, §18.9-16). Nothing builds.

Check order of add and edit (``process_package_add_or_edit``): 401, project 404, body parsing (a JSON body that
is not an object crashes), edit: package 404, rights 403 (before the source type check), source type 400, the
form (400, or 500 where WTForms itself crashes), add: duplicate 409. Reset and delete find the project from the
*body* (``get_copr()``: form field, else the JSON body: 415 for a non-JSON body, 500 for a missing key), then the
package (404), then the rights (403 naming the package id).
"""

from flask import Blueprint, abort, request
from werkzeug.exceptions import HTTPException

from . import packages, pagination
from .api import (ApiError, bad_request, can_edit, current_user, deprecated, form_data, forbidden,
                  json_response, not_found, query_arg, server_error, state)
from .forms import invalid_form
from .views_projects import copr_exists

blueprint = Blueprint("packages", __name__)

# rename_fields of apiv3_packages.py: python-copr's names -> the form's.
RENAMES = {"is_background": "background", "memory_limit": "memory_reqs", "source_build_method": "srpm_build_method",
           "script_builddeps": "builddeps", "script_resultdir": "resultdir", "script_chroot": "chroot",
           "script_repos": "repos"}


# ------------------------------------------------------------------------------------------ helpers
def _request_json():
    """``flask.request.json``: 415 for a non-JSON body, 400 for JSON that does not parse (Flask's own texts)."""
    try:
        return request.get_json()
    except HTTPException as exc:
        raise ApiError(exc.code, exc.description) from exc


def _copr(ownername=None, projectname=None):
    """``get_copr``: an empty argument falls back to the form field, then to the JSON body (``request.json[...]``:
    a non-JSON request answers 415, a JSON body without the key or not an object crashes)."""
    def pick(name, value):
        if value:
            return value
        value = request.form.get(name)
        if value:
            return value
        body = _request_json()
        try:
            return body[name]
        except (KeyError, TypeError, IndexError) as exc:
            raise server_error() from exc
    ownername = pick("ownername", ownername)
    projectname = pick("projectname", projectname)
    if not isinstance(ownername, str) or not isinstance(projectname, str):
        raise server_error()
    return state().get_project(ownername, projectname)


def _auto_formdata():
    """flask-wtf's formdata of a form built without one (``BasePackageForm()``): files + form fields, else the
    JSON object (every value kept, ``null`` too; an empty list adds nothing), else none."""
    if request.files or request.form:
        keys = list(request.files.keys()) + [k for k in request.form.keys() if k not in request.files]
        return {key: request.files.getlist(key) + request.form.getlist(key) for key in keys}
    if request.is_json:
        body = _request_json()
        if not isinstance(body, dict):
            raise server_error()
        data = {}
        for key, value in body.items():
            values = list(value) if isinstance(value, (list, tuple)) else [value]
            if values:
                data[key] = values
        return data
    return {}


def _not_found_in(project, name):
    return not_found("No package with name {name} in copr {copr}".format(name=name, copr=project.name))


# ------------------------------------------------------------------------------------------ reads
@blueprint.route("/api_3/package", methods=["GET"])
def package_get():
    ownername = query_arg("ownername")
    projectname = query_arg("projectname")
    packagename = query_arg("packagename")
    with state().lock:
        project = _copr(ownername, projectname)
        package = packages.find_package(project, packagename)
        if package is None:
            raise _not_found_in(project, packagename)
        return json_response(package.to_dict())


@blueprint.route("/api_3/package/list", methods=["GET"])
def package_list():
    page = pagination.parse()
    ownername = query_arg("ownername")
    projectname = query_arg("projectname")
    with state().lock:
        project = _copr(ownername, projectname)
        # rows sorted ascending first: without an order_type (``order_type=``, an order other than id/name) Copr
        # runs the column's plain ORDER BY, which is ascending
        columns = {name: packages.sort_key(name) for name in packages.COLUMNS}
        order = page["order"] or "id"
        rows = packages.live_packages(project)
        if order in columns:
            rows.sort(key=columns[order])
        items, meta = pagination.paginate(rows, columns=columns, properties=packages.PROPERTIES, table="package",
                                          **page)
        return json_response({"items": [p.to_dict() for p in items], "meta": meta})


# ------------------------------------------------------------------------------------------ add / edit
def _add_or_edit(user, project, source_type, data, package=None):
    """``process_package_add_or_edit``; returns the package it created or edited."""
    if not can_edit(user, project):
        raise forbidden("You are not allowed to add or edit packages in this copr.")
    formdata = packages.merge_stored(data, package) if package is not None and data else data
    if source_type not in packages.SOURCE_TYPES:
        raise bad_request("Unsupported package source type {}".format(source_type))
    form, source = packages.validate(source_type, formdata, list(state().chroots), copr_exists)
    if form.errors:
        raise invalid_form(form.errors)
    if package is None:
        name = form.value("package_name")
        if packages.find_package(project, name) is not None:
            raise ApiError(409, "Package {0} already exists in copr {1}.".format(name, project.full_name))
        package = packages.create_package(state(), project, name)
    package.source_type = source_type
    package.source = source()
    if "webhook_rebuild" in formdata:
        package.webhook_rebuild = form.value("webhook_rebuild")
    if "max_builds" in formdata:
        value = form.value("max_builds")
        package.max_builds = None if value == 0 else value
    if "timeout" in formdata:
        value = form.value("timeout")
        package.timeout = packages.DEFAULT_BUILD_TIMEOUT if value == 0 else value
    if "chroot_denylist" in formdata:
        package.chroot_denylist = form.value("chroot_denylist")
    return package


@blueprint.route("/api_3/package/add/<ownername>/<projectname>/<package_name>/<source_type_text>",
                 methods=["POST"])
def package_add(ownername, projectname, package_name, source_type_text):
    user = current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        data = form_data(preserve=("python_versions",), renames=RENAMES)
        _add_or_edit(user, project, source_type_text, data)
        # the answer is looked up by the URL's name: a different body name was created, then this crashes
        package = packages.find_package(project, package_name)
        if package is None:
            raise server_error()
        return json_response(package.to_dict())


@blueprint.route("/api_3/package/edit/<ownername>/<projectname>/<package_name>",
                 methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
@blueprint.route("/api_3/package/edit/<ownername>/<projectname>/<package_name>/<source_type_text>",
                 methods=["POST"])
def package_edit(ownername, projectname, package_name, source_type_text=None):
    if request.method != "POST":
        if request.path.endswith("/"):
            abort(405)
        abort(404)  # only POST has this rule without the trailing slash (§18.13, §18.16)
    user = current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        data = form_data(preserve=("python_versions",), renames=RENAMES)
        package = packages.find_package(project, package_name)
        if package is None:
            raise not_found("Package {name} does not exists in copr {copr}."
                            .format(name=package_name, copr=project.full_name))
        _add_or_edit(user, project, source_type_text or package.source_type, data, package)
        return json_response(package.to_dict())


# ------------------------------------------------------------------------------------------ reset / delete
def _body_package():
    project = _copr()
    form = packages.base_form(_auto_formdata())
    name = form.value("package_name")
    package = packages.find_package(project, name)
    if package is None:
        raise _not_found_in(project, name)
    return project, package


@blueprint.route("/api_3/package/reset", methods=["PUT", "POST"])
def package_reset():
    user = current_user(deprecated("PUT"))  # the deprecation wrapper is outside api_login_required
    with state().lock:
        project, package = _body_package()
        if not can_edit(user, project):
            raise forbidden("You are not allowed to reset package `{}`.".format(package.id))
        package.source_type = "unset"
        package.source = {}
        return json_response(package.to_dict(), headers=deprecated("PUT"))


@blueprint.route("/api_3/package/delete", methods=["DELETE", "POST"])
def package_delete():
    user = current_user(deprecated("DELETE"))
    with state().lock:
        project, package = _body_package()
        if not can_edit(user, project):
            raise forbidden("You are not allowed to delete package `{}`.".format(package.id))
        package.deleted = True
        return json_response(package.to_dict(), headers=deprecated("DELETE"))
