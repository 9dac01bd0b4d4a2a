# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project chroots and mock chroots: ``/api_3/project-chroot`` (get, build-config, edit), the comps view
``/coprs/<owner>/<project>/chroot/<chroot>/comps/`` and ``/api_3/mock-chroots/list`` (copr-api-v3.md §13, §14)."""

import re
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from flask import Blueprint

from . import api, forms
from .api import json_response, not_found, state
from .views_projects import copr_exists

blueprint = Blueprint("chroots", __name__)

# project_chroot_model key order (§13.1) and project_chroot_build_config_model's (§13.2).
CHROOT_KEYS = ("additional_repos", "additional_packages", "additional_modules", "with_opts", "without_opts",
               "isolation", "mock_chroot", "ownername", "projectname", "comps_name", "delete_after_days")
BUILD_CONFIG_KEYS = ("additional_repos", "additional_packages", "additional_modules", "with_opts", "without_opts",
                     "isolation", "chroot", "enable_net", "repos")
REPO_KEYS = ("baseurl", "module_hotfixes", "priority", "repo_gpgcheck", "id", "name")
DEFAULT_REPO_PRIORITY = 99


def str_to_list(value, separator=None):
    """``str_to_list``: a stored text column as a list (None and "" are [])."""
    if not value:
        return []
    return value.split(separator)


def chroot_row(project, name):
    """``ComplexLogic.get_copr_chroot``: the project's row of an active mock chroot (disabled rows included)."""
    if len(name.rsplit("-", 2)) != 3:
        raise not_found("Chroot identification is not valid")
    row = project.chroot(name) if name in state().chroots else None
    if row is None:
        raise not_found("Chroot name {0} does not exist in Copr {1}.".format(name, project.full_name))
    return row


def chroot_dict(project, row):
    values = {
        "additional_repos": str_to_list(row.repos), "additional_packages": str_to_list(row.buildroot_pkgs),
        "additional_modules": str_to_list(row.module_toggle, ", "), "with_opts": str_to_list(row.with_opts),
        "without_opts": str_to_list(row.without_opts), "isolation": row.isolation, "mock_chroot": row.name,
        "ownername": project.ownername, "projectname": project.name, "comps_name": row.comps_name,
        "delete_after_days": row.delete_after_days,
    }
    return {key: values[key] for key in CHROOT_KEYS}


def _lookup():
    """The project and chroot row named by the query (400 for a missing argument, 404s)."""
    owner, name = api.query_arg("ownername"), api.query_arg("projectname")
    chroot_name = api.query_arg("chrootname")
    project = state().get_project(owner, name)
    return project, chroot_row(project, chroot_name)


# ---------------------------------------------------------------- reads
@blueprint.route("/api_3/project-chroot", methods=["GET"])
def chroot_get():
    with state().lock:
        project, row = _lookup()
        return json_response(chroot_dict(project, row))


@blueprint.route("/api_3/project-chroot/build-config", methods=["GET"])
def chroot_build_config():
    with state().lock:
        project, row = _lookup()
        if row.deleted:
            raise api.server_error()  # generate_build_config finds no active row: {}["repos"] (§13.5)
        settings = project.settings
        additional = ["copr://" + project.full_name] + str_to_list(row.repos) + list(settings["repos"])
        if settings["devel_mode"]:
            additional.append("copr://{}/devel".format(project.full_name))
        values = {
            "additional_repos": additional, "additional_packages": str_to_list(row.buildroot_pkgs),
            "additional_modules": str_to_list(row.module_toggle), "with_opts": str_to_list(row.with_opts),
            "without_opts": str_to_list(row.without_opts), "isolation": row.isolation, "chroot": row.name,
            "enable_net": bool(settings["enable_net"]), "repos": _build_config_repos(project, row),
        }
        return json_response({key: values[key] for key in BUILD_CONFIG_KEYS})


def _build_config_repos(project, row):
    """``BuildConfigLogic.generate_build_config`` repos: the project's own, then every additional repo of the
    project and then of the chroot; each with all six keys of the model."""
    settings = project.settings
    base = state().repo_url(project)
    priority = settings["repo_priority"]
    priority = None if priority in (None, DEFAULT_REPO_PRIORITY) else priority
    repos = [{"id": "copr_base", "baseurl": "{}/{}/".format(base, row.name), "name": "Copr repository",
              "repo_gpgcheck": False, "priority": priority}]
    if settings["module_hotfixes"]:
        repos[0]["module_hotfixes"] = True
    if settings["devel_mode"]:
        suffix = "-devel" if settings["storage"] == "pulp" else "/devel"
        repos.append({"id": "copr_base_devel", "baseurl": "{}/{}{}/".format(base, row.name, suffix),
                      "name": "Copr buildroot", "repo_gpgcheck": False, "priority": priority})
    for url in list(settings["repos"]) + str_to_list(row.repos):
        repos.append(_additional_repo(url, row.name))
    return [{key: repo.get(key) for key in REPO_KEYS} for repo in repos]


def repo_name(url):
    """``generate_repo_name``: every run of non-alphanumerics as one ``_``, none at either end."""
    name = re.sub("[^a-zA-Z0-9]", "_", url)
    name = re.sub("(__*)", "_", name)
    return re.sub("(_*$)|^_*", "", name)


def copr_of_repo(url):
    """``get_copr_by_repo``: the project a ``copr://owner/project`` URL names; None for other URLs (also
    ``copr://`` ones with more path); ``False`` when it names a project that does not exist."""
    parsed = urlparse(url)
    if parsed.scheme != "copr":
        return None
    parts = (parsed.netloc + parsed.path).split("/")
    if len(parts) != 2:
        return None
    return state().find(parts[0], parts[1]) or False


def expand_repo_url(url, chroot):
    """``pre_process_repo_url``: ``copr://`` to its results URL, ``priority`` dropped from the query,
    ``$chroot`` and ``$distname`` expanded."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    if parsed.scheme == "copr":
        owner, project_name = parsed.netloc, (parsed.path.split("/") + [""])[1]
        project = state().find(owner, project_name)
        if project is not None:
            url = "{}/{}/".format(state().repo_url(project), chroot)
        else:
            url = "/".join([state().backend_url, "results", owner, project_name, chroot]) + "/"
    elif "priority" in query:
        query.pop("priority")
        url = urlunparse(parsed._replace(query=urlencode(query, doseq=True)))
    return url.replace("$chroot", chroot).replace("$distname", chroot.rsplit("-", 2)[0])


def _additional_repo(url, chroot):
    repo = {"id": repo_name(url), "baseurl": expand_repo_url(url, chroot), "name": "Additional repo " + repo_name(url)}
    for key, values in parse_qs(urlparse(url).query).items():
        if key == "priority":
            repo[key] = int(values[0]) if values[0].isnumeric() else values[0]
    project = copr_of_repo(url)
    if project:
        repo["repo_gpgcheck"] = False
        if project.settings["module_hotfixes"]:
            repo["module_hotfixes"] = True
    return repo


# ---------------------------------------------------------------- edit
def reset_fields(row, names, full_name):
    """``reset_to_defaults``: each named column (API names renamed) back to its default, on ``row``."""
    names = [forms.CHROOT_RENAMES.get(name, name) for name in str_to_list(names)]
    for name in dict.fromkeys(names):
        if name not in row.COLUMNS:
            raise api.bad_request("Trying to reset an invalid attribute: {0}\nSee `copr-cli get-chroot {1}' for all "
                                  "the possible attributes".format(name, full_name))
        if name in row.BROKEN_ON_RESET:
            raise api.server_error(api.DB_ERROR)  # the row cannot be saved without it
        setattr(row, name, row.COLUMNS[name])


def _db_text(value):
    """A JSON scalar stored in a text column, as PostgreSQL casts it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _apply_edit(row, form, upload):
    """``CoprChrootsLogic._update_chroot`` with the form's values: only keys the body had change."""
    values = form.values
    for key in ("buildroot_pkgs", "with_opts", "without_opts", "module_toggle"):
        if key in form.data:
            setattr(row, key, _db_text(values[key]))
    if "repos" in form.data:
        row.repos = " ".join(values["repos"])
    if upload is not None:
        row.comps_name, row.comps_zlib = upload
    if values["bootstrap"] is not None:
        row.bootstrap = values["bootstrap"]
    if values["isolation"] is not None:
        row.isolation = values["isolation"]
    if values["bootstrap_image"] is not None:
        if not values["bootstrap"]:
            row.bootstrap = "custom_image"
        row.bootstrap_image = values["bootstrap_image"]


@blueprint.route("/api_3/project-chroot/edit/<ownername>/<projectname>/<chrootname>", methods=["PUT", "POST"])
def chroot_edit(ownername, projectname, chrootname):
    """Check order (§13.3): json part (500) -> 401 -> project 404 -> chroot 404 -> form 400 -> reset_fields 400
    -> rights 403; nothing is saved unless everything passed."""
    headers = api.deprecated("PUT")
    api.load_json_part()
    user = api.current_user(headers)
    with state().lock:
        project = state().get_project(ownername, projectname)
        form = forms.chroot_edit_form(copr_exists)
        row = chroot_row(project, chrootname)
        if form.errors:
            raise forms.invalid_form(form.errors)
        new = row.copy()
        reset_fields(new, form.values["reset_fields"], "{}/{}".format(project.full_name, row.name))
        upload = api.uploaded_file("upload_comps")
        if form.values["delete_comps"]:
            api.require_edit(user, project)
            new.comps_name = new.comps_zlib = None
        api.require_edit(user, project)
        _apply_edit(new, form, upload)
        row.update(new)
        return json_response(chroot_dict(project, row), headers=headers)


# ---------------------------------------------------------------- comps view (web UI, not /api_3)
def html_not_found(message, headers=None):
    """The web UI's 404 page (a plain stand-in for Copr's html-error.html)."""
    page = ("<!DOCTYPE html>\n<html><head><title>Page Not Found</title></head><body>\n<h1>404 Page Not Found</h1>\n"
            "<p>{}</p>\n</body></html>\n").format(message.replace("&", "&amp;").replace("<", "&lt;"))
    return api.text_response(page, "text/html; charset=utf-8", 404, headers)


def web_project(ownername, name, group=None):
    """The project of a web URL (``/coprs/<user>/<p>`` personal only, ``/coprs/g/<group>/<p>``), or raises the
    404 message."""
    if group is not None:
        if group not in state().groups:
            raise LookupError("Group {} does not exist.".format(group))
        project = state().find("@" + group, name)
        if project is None:
            raise LookupError("Project @{}/{} does not exist.".format(group, name))
        return project
    project = state().find(ownername, name)
    if project is None or project.group is not None:
        raise LookupError("Project {}/{} does not exist.".format(ownername, name))
    return project


@blueprint.route("/coprs/<username>/<coprname>/chroot/<chrootname>/comps/", methods=["GET"])
@blueprint.route("/coprs/g/<group_name>/<coprname>/chroot/<chrootname>/comps/", methods=["GET"])
def chroot_comps(coprname, chrootname, username=None, group_name=None):
    """The uploaded comps.xml as text (empty without one). Flask adds a charset to the frontend's
    ``text/plain; charset=utf-8`` mimetype, hence the doubled charset (§18.5)."""
    with state().lock:
        try:
            project = web_project(username, coprname, group_name)
            row = chroot_row(project, chrootname)
        except LookupError as error:
            return html_not_found(str(error))
        except api.ApiError as error:
            return html_not_found(error.message)
        text = row.comps.decode("utf-8") if row.comps else ""
    return api.text_response(text, "text/plain; charset=utf-8; charset=utf-8")


# ---------------------------------------------------------------- mock chroots
@blueprint.route("/api_3/mock-chroots/list", methods=["GET"])
def mock_chroots():
    """The active chroots in database row order, with their plain-text comments."""
    with state().lock:
        return json_response(dict(state().chroots))
