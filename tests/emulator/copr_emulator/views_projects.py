# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/project/...``: get, list, search, add, edit, fork, delete, regenerate-repos (copr-api-v3.md §5)."""

import copy

from flask import Blueprint, request

from . import api, forms, pagination
from .api import bad_request, forbidden, json_response, not_found, state
from .model import deadline_in

blueprint = Blueprint("projects", __name__)


def copr_exists(owner, name):
    """``copr://owner/name`` lookups of the URL-list validators."""
    return state().find(owner, name) is not None


# ---------------------------------------------------------------- reads
@blueprint.route("/api_3/project", methods=["GET"])
def project_get():
    owner = api.query_arg("ownername")
    name = api.query_arg("projectname")
    with state().lock:
        return json_response(state().to_dict(state().get_project(owner, name)))


def _listing(projects, newest_first=False):
    page = pagination.parse()
    items, meta = pagination.paginate(projects, newest_first=newest_first, **page)
    return json_response({"items": [state().to_dict(p) for p in items], "meta": meta})


@blueprint.route("/api_3/project/list", methods=["GET"])
def project_list():
    owner = request.args.get("ownername")
    with state().lock:
        projects = state().live_projects()
        if owner:
            if owner.startswith("@"):
                projects = [p for p in projects if p.group and p.group.name == owner[1:]]
            else:
                projects = [p for p in projects if p.group is None and p.user == owner]
        return _listing(projects)


@blueprint.route("/api_3/project/search", methods=["GET"])
def project_search():
    query = api.query_arg("query")
    with state().lock:
        projects = state().live_projects()
        if "/" in query:
            projects = _search_owner_name(projects, query)
        elif query:  # an empty query filters nothing (the real code skips the full-text search)
            projects = _search_fulltext(projects, query)
        return _listing(projects, newest_first=True)


def _search_owner_name(projects, query):
    """``owner/name``: case-insensitive substrings; the owner part matches the creator's name (§12.3)."""
    owner, name = (part.lower() for part in query.split("/", 1))
    if name:
        projects = [p for p in projects if name in p.name.lower()]
    if owner.startswith("@"):
        projects = [p for p in projects if p.group and owner[1:] in p.group.name.lower()]
    elif owner:
        projects = [p for p in projects if owner in p.creator.lower()]
    return projects


def _search_fulltext(projects, query):
    text = query.strip().replace("*", "")
    if len(text) < 3:
        raise bad_request("Search string must have at least 3 characters")
    terms = text.lower().split()

    def haystack(project):
        return " ".join([project.ownername, project.name, project.settings["description"] or "",
                         project.settings["instructions"] or "", project.creator]
                        + state().active_chroots(project)).lower()
    return [p for p in projects if all(term in haystack(p) for term in terms)]


# ---------------------------------------------------------------- add
def _add_owner(ownername, user):
    """(group, owning user) of ``/project/add/<ownername>``: 404 for an unknown group or user."""
    if ownername.startswith("@"):
        group = state().groups.get(ownername[1:])
        if group is None:
            raise not_found("Group {} does not exist.".format(ownername[1:]))
        return group, user
    if ownername == user.name:
        return None, user
    owner_user = state().users.get(ownername)
    if owner_user is None:
        raise not_found("No such user `{0}'".format(ownername))
    return None, owner_user


def _name_check(group, owner_user):
    """``CoprUniqueNameValidator``: (message or None, existing project or None) for a name and the form's id."""
    def check(name, form_id):
        if group is not None:
            existing = state().find(group.at_name, name)
            message = "Group {} already has a project named '{}'.".format(group, name)
        else:
            existing = state().find(owner_user.name, name)
            message = "You already have a project named '{}'.".format(name)
        if existing and str(existing.id) != form_id:
            return message, existing
        return None, existing
    return check


def _check_add_rights(user, owner_user, group, values):
    """``CoprsLogic.add``: owner, admin-only settings, group membership (403s in Copr's order)."""
    if not user.admin and user.name != owner_user.name:
        raise forbidden("You were authorized as '{0}' user without permissions to access projects of user "
                        "'{1}'".format(user.name, owner_user.name))
    if not user.admin and values["persistent"]:
        raise forbidden("Non-admin cannot create persistent project.")
    if not user.admin and not values["auto_prune"]:
        raise forbidden("Non-admin cannot disable auto-prunning.")
    if not user.admin and values["storage"]:
        raise forbidden("Non-admin cannot set storage")
    if group is not None and not user.admin and group.fas_name not in user.teams:
        raise forbidden("User '{}' doesn't have access to the copr group '{}' (fas_name='{}')".format(
            user.name, group.name, group.fas_name))


def _add_settings(values):
    bootstrap = None
    if values["use_bootstrap_container"] is not None:
        bootstrap = "on" if values["use_bootstrap_container"] else "off"
    if values["bootstrap"] is not None:
        bootstrap = values["bootstrap"]
    settings = settings_from(values, add=True)
    settings["bootstrap"] = bootstrap if bootstrap is not None else "default"
    settings["persistent"] = bool(values["persistent"])
    settings["storage"] = values["storage"] or "backend"
    return settings


@blueprint.route("/api_3/project/add/<ownername>", methods=["POST"])
def project_add(ownername):
    user = api.current_user()
    exist_ok = request.args.get("exist_ok") == "True"
    with state().lock:
        group, owner_user = _add_owner(ownername, user)
        form, existing = forms.project_add_form(state().chroots, copr_exists, _name_check(group, owner_user))
        if form.errors:
            if exist_ok and existing is not None:
                return json_response(state().to_dict(existing))
            raise forms.invalid_form(form.errors)
        forms.check_unexpected_chroots(state().chroots)
        values = form.values
        _check_add_rights(user, owner_user, group, values)
        name = values["name"]
        existing = state().find(ownername if group else owner_user.name, name)
        if existing is not None:
            # the unique index: only reachable by sending the existing project's "id"
            if exist_ok:
                return json_response(state().to_dict(existing))
            raise bad_request("Copr '{}/{}' has not been created (race condition)".format(ownername, name))
        chroots = [c for c in values["chroots"] if c in state().chroots]
        project = state().create_project(name, None if group else owner_user.name, group, user.name,
                                         _add_settings(values), chroots)
        return json_response(state().to_dict(project))


# ---------------------------------------------------------------- edit
@blueprint.route("/api_3/project/edit/<ownername>/<projectname>", methods=["PUT", "POST"])
def project_edit(ownername, projectname):
    user = api.current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        form = forms.project_edit_form(state().chroots, copr_exists)
        if form.errors:
            raise forms.invalid_form(form.errors)
        forms.check_unexpected_chroots(state().chroots)
        settings = copy.deepcopy(project.settings)
        for field in EDIT_FIELDS:
            if field in form.data and form.values.get(field) is not None:
                apply_setting(settings, field, form.values[field])
        chroots = form.values.get("chroots") or []
        api.require_edit(user, project)
        if not user.admin and not settings["auto_prune"]:
            raise forbidden("Non-admin cannot disable auto-prunning.")
        project.settings = settings
        if chroots:
            state().set_chroots(project, chroots)
        return json_response(state().to_dict(project), headers=api.deprecated("PUT"))


# ---------------------------------------------------------------- fork
def _fork_destination(user, source, form, groups):
    """The existing destination (checked as Copr does), or None."""
    owner, name = form.values["owner"], form.values["name"]
    dstgroup = ([g for g in groups if g.at_name == owner] or [None])[0]
    mine = [p for p in state().live_projects() if p.creator == user.name and p.name == name]
    if mine and not form.values["confirm"]:
        raise bad_request("You are about to fork into existing project: {}\n"
                          "Please use --confirm if you really want to do this".format(name))
    destination = state().find(dstgroup.at_name if dstgroup else user.name, name)
    if destination is not None and destination.settings["storage"] != source.settings["storage"]:
        raise api.server_error("Cannot fork a project from one storage to another")
    if destination is not None and destination.full_name == source.full_name:
        raise bad_request("Source project should not be same as destination")
    return destination, dstgroup, name


@blueprint.route("/api_3/project/fork/<ownername>/<projectname>", methods=["POST", "PUT"])
def project_fork(ownername, projectname):
    user = api.current_user()
    with state().lock:
        source = state().get_project(ownername, projectname)
        groups = [g for g in state().groups.values() if g.fas_name in user.teams]
        form = forms.fork_form(source.name, [user.name] + [g.at_name for g in groups])
        if form.errors:
            raise forms.invalid_form(form.errors)
        destination, dstgroup, name = _fork_destination(user, source, form, groups)
        if destination is None:
            settings = copy.deepcopy(source.settings)
            settings.update({"persistent": False, "auto_prune": True, "contact": None})
            destination = state().create_project(name, None if dstgroup else user.name, dstgroup, user.name,
                                                 settings, [])
            destination.chroots = [row.copy() for row in state().active_chroot_rows(source)]
        return json_response(state().to_dict(destination), headers=api.deprecated("POST"))


# ---------------------------------------------------------------- delete
@blueprint.route("/api_3/project/delete/<ownername>/<projectname>", methods=["DELETE", "POST"])
def project_delete(ownername, projectname):
    user = api.current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        before = state().to_dict(project)
        api.input_dict()  # a non-object JSON body crashes the real form too
        if project.settings["persistent"]:
            raise forbidden("This project is protected against deletion.")
        api.require_delete(user, project)
        project.deleted = True
        return json_response(before, headers=api.deprecated("DELETE"))


# ---------------------------------------------------------------- regenerate-repos
@blueprint.route("/api_3/project/regenerate-repos/<ownername>/<projectname>", methods=["PUT", "POST"])
def project_regenerate(ownername, projectname):
    user = api.current_user()
    with state().lock:
        project = state().get_project(ownername, projectname)
        api.require_edit_permissions(user, project, ownername, projectname)
        return json_response(state().to_dict(project), headers=api.deprecated("PUT"))


# ---------------------------------------------------------------- settings
# Edit: CoprForm fields applied when sent and not None, in the form's order.
EDIT_FIELDS = ("description", "instructions", "homepage", "contact", "delete_after_days", "repos",
               "runtime_dependencies", "disable_createrepo", "unlisted_on_hp", "auto_prune", "bootstrap",
               "isolation", "follow_fedora_branching", "multilib", "build_enable_net", "enable_net",
               "module_hotfixes", "fedora_review", "appstream", "packit_forge_projects_allowed", "repo_priority",
               "storage")
SETTING_NAMES = {"disable_createrepo": "devel_mode", "build_enable_net": "enable_net"}


def apply_setting(settings, field, value):
    key = SETTING_NAMES.get(field, field)
    if key in ("repos", "runtime_dependencies", "packit_forge_projects_allowed"):
        value = list(value)
    elif key == "delete_after_days":
        key, value = "delete_after", deadline_in(value)
    elif key in ("description", "instructions") and not isinstance(value, str):
        value = str(value)
    settings[key] = value


def settings_from(values, add):
    settings = {}
    for field in EDIT_FIELDS:
        value = values.get(field)
        if value is None:
            continue
        apply_setting(settings, field, value)
    if add:
        settings["description"] = values.get("description") or ""
        settings["instructions"] = values.get("instructions") or ""
        settings["enable_net"] = bool(values.get("enable_net"))
    return settings
