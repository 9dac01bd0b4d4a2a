# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/project/...``: get, list, search, add, edit, fork, delete, regenerate-repos (copr-api-v3.md §5)."""

import copy

from flask import request

from . import forms, pagination
from .auth import current_user
from .output import ApiError, bad_request, forbidden, json_response, not_found

MISSING = object()


def query_arg(name, default=MISSING):
    """``query_to_parameters``: a query value, or 400 ``Missing argument <name>``."""
    if name in request.args:
        return request.args.get(name)
    if name in (request.view_args or {}):
        return request.view_args[name]
    if default is MISSING:
        raise bad_request("Missing argument {}".format(name))
    return default


def deprecated(preferred):
    """The Warning header of a deprecated method (only on successful answers, §12.5)."""
    if request.method == preferred:
        return {}
    return {"Warning": "This method is deprecated: Use {} method instead of {}".format(preferred, request.method)}


def can_edit(user, project):
    if project.group is None and project.user == user.name:
        return True
    if user.admin or user.name in project.admins:
        return True
    return project.group is not None and project.group.fas_name in user.teams


def register(app, state):  # pylint: disable=too-many-statements
    def copr_lookup(owner, name):
        return state.find(owner, name) is not None

    @app.route("/api_3/project", methods=["GET"])
    def project_get():
        owner = query_arg("ownername")
        name = query_arg("projectname")
        with state.lock:
            return json_response(state.to_dict(state.get_project(owner, name)))

    def listing(projects, newest_first=False):
        page = pagination.parse()
        items, meta = pagination.paginate(projects, newest_first=newest_first, **page)
        return json_response({"items": [state.to_dict(p) for p in items], "meta": meta})

    @app.route("/api_3/project/list", methods=["GET"])
    def project_list():
        owner = request.args.get("ownername")
        with state.lock:
            projects = state.live_projects()
            if owner:
                if owner.startswith("@"):
                    projects = [p for p in projects if p.group and p.group.name == owner[1:]]
                else:
                    projects = [p for p in projects if p.group is None and p.user == owner]
            return listing(projects)

    @app.route("/api_3/project/search", methods=["GET"])
    def project_search():
        query = query_arg("query")
        with state.lock:
            projects = state.live_projects()
            if "/" in query:
                owner, name = query.split("/", 1)
                owner, name = owner.lower(), name.lower()
                if name:
                    projects = [p for p in projects if name in p.name.lower()]
                if owner.startswith("@"):
                    projects = [p for p in projects if p.group and owner[1:] in p.group.name.lower()]
                elif owner:
                    projects = [p for p in projects if owner in p.creator.lower()]
            elif query:  # an empty query filters nothing (the real code skips the full-text search)
                text = query.strip().replace("*", "")
                if len(text) < 3:
                    raise bad_request("Search string must have at least 3 characters")
                terms = text.lower().split()

                def haystack(project):
                    return " ".join([project.ownername, project.name, project.settings["description"] or "",
                                     project.settings["instructions"] or "", project.creator]
                                    + state.active_chroots(project)).lower()
                projects = [p for p in projects if all(term in haystack(p) for term in terms)]
            return listing(projects, newest_first=True)

    # ---------------------------------------------------------------- add
    @app.route("/api_3/project/add/<ownername>", methods=["POST"])
    def project_add(ownername):
        user = current_user(state)
        exist_ok = request.args.get("exist_ok") == "True"
        with state.lock:
            group = None
            if ownername.startswith("@"):
                group = state.groups.get(ownername[1:])
                if group is None:
                    raise not_found("Group {} does not exist.".format(ownername[1:]))
                owner_user = user
            elif ownername != user.name:
                owner_user = state.users.get(ownername)
                if owner_user is None:
                    raise not_found("No such user `{0}'".format(ownername))
            else:
                owner_user = user

            def name_check(name, form_id):
                if group is not None:
                    existing = state.find(group.at_name, name)
                    message = "Group {} already has a project named '{}'.".format(group, name)
                else:
                    existing = state.find(owner_user.name, name)
                    message = "You already have a project named '{}'.".format(name)
                if existing and str(existing.id) != form_id:
                    return message, existing
                return None, existing

            form, existing = forms.project_add_form(state.chroots, copr_lookup, name_check)
            if form.errors:
                if exist_ok and existing is not None:
                    return json_response(state.to_dict(existing))
                raise forms.invalid_form(form.errors)
            forms.check_unexpected_chroots(state.chroots)
            values = form.values
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
            name = values["name"]
            if state.find(ownername if group else owner_user.name, name) is not None:
                # the unique index: only reachable by sending the existing project's "id"
                if exist_ok:
                    return json_response(state.to_dict(state.find(ownername if group else owner_user.name, name)))
                raise bad_request("Copr '{}/{}' has not been created (race condition)".format(ownername, name))
            bootstrap = None
            if values["use_bootstrap_container"] is not None:
                bootstrap = "on" if values["use_bootstrap_container"] else "off"
            if values["bootstrap"] is not None:
                bootstrap = values["bootstrap"]
            settings = settings_from(values, add=True)
            settings["bootstrap"] = bootstrap if bootstrap is not None else "default"
            settings["persistent"] = bool(values["persistent"])
            settings["storage"] = values["storage"] or "backend"
            chroots = [c for c in values["chroots"] if c in state.chroots]
            project = state.create_project(name, None if group else owner_user.name, group, user.name, settings,
                                           chroots)
            return json_response(state.to_dict(project))

    # ---------------------------------------------------------------- edit
    @app.route("/api_3/project/edit/<ownername>/<projectname>", methods=["PUT", "POST"])
    def project_edit(ownername, projectname):
        user = current_user(state)
        with state.lock:
            project = state.get_project(ownername, projectname)
            form = forms.project_edit_form(state.chroots, copr_lookup)
            if form.errors:
                raise forms.invalid_form(form.errors)
            forms.check_unexpected_chroots(state.chroots)
            sent = form.data.keys()
            settings = copy.deepcopy(project.settings)
            values = form.values
            for field in EDIT_FIELDS:
                if field not in sent or values.get(field) is None:
                    continue
                apply_setting(settings, field, values[field])
            chroots = values.get("chroots") or []
            if chroots:
                if not can_edit(user, project):
                    raise forbidden("Only owners and admins may update their projects.")
            if not can_edit(user, project):
                raise forbidden("Only owners and admins may update their projects.")
            if not user.admin and not settings["auto_prune"]:
                raise forbidden("Non-admin cannot disable auto-prunning.")
            project.settings = settings
            if chroots:
                wanted = set(chroots)
                for name in wanted:
                    project.enable_chroot(name)
                for name in list(project.chroots):
                    if name not in wanted and name in state.chroots:
                        project.disable_chroot(name)
            return json_response(state.to_dict(project), headers=deprecated("PUT"))

    # ---------------------------------------------------------------- fork
    @app.route("/api_3/project/fork/<ownername>/<projectname>", methods=["POST", "PUT"])
    def project_fork(ownername, projectname):
        user = current_user(state)
        with state.lock:
            source = state.get_project(ownername, projectname)
            groups = [g for g in state.groups.values() if g.fas_name in user.teams]
            form = forms.fork_form(source.name, [user.name] + [g.at_name for g in groups])
            if form.errors:
                raise forms.invalid_form(form.errors)
            owner, name = form.values["owner"], form.values["name"]
            dstgroup = ([g for g in groups if g.at_name == owner] or [None])[0]
            mine = [p for p in state.live_projects() if p.creator == user.name and p.name == name]
            if mine and not form.values["confirm"]:
                raise bad_request("You are about to fork into existing project: {}\n"
                                  "Please use --confirm if you really want to do this".format(name))
            destination = state.find(dstgroup.at_name if dstgroup else user.name, name)
            if destination is not None and destination.settings["storage"] != source.settings["storage"]:
                raise ApiError(500, "Cannot fork a project from one storage to another")
            if destination is not None and destination.full_name == source.full_name:
                raise bad_request("Source project should not be same as destination")
            if destination is None:
                settings = copy.deepcopy(source.settings)
                settings.update({"persistent": False, "auto_prune": True, "contact": None})
                destination = state.create_project(name, None if dstgroup else user.name, dstgroup, user.name,
                                                   settings, [])
                for chroot in state.active_chroots(source):
                    destination.chroots[chroot] = copy.deepcopy(source.chroots[chroot])
            return json_response(state.to_dict(destination), headers=deprecated("POST"))

    # ---------------------------------------------------------------- delete
    @app.route("/api_3/project/delete/<ownername>/<projectname>", methods=["DELETE", "POST"])
    def project_delete(ownername, projectname):
        user = current_user(state)
        with state.lock:
            project = state.get_project(ownername, projectname)
            before = state.to_dict(project)
            forms.input_dict()  # a non-object JSON body crashes the real form too
            if project.settings["persistent"]:
                raise forbidden("This project is protected against deletion.")
            if not user.admin:
                if project.group is not None:
                    if project.group.fas_name not in user.teams:
                        raise forbidden("User '{}' doesn't have access to the copr group '{}' (fas_name='{}')"
                                        .format(user.name, project.group.name, project.group.fas_name))
                elif project.user != user.name:
                    raise forbidden("Only owners may delete their projects.")
            project.deleted = True
            return json_response(before, headers=deprecated("DELETE"))

    # ---------------------------------------------------------------- regenerate-repos
    @app.route("/api_3/project/regenerate-repos/<ownername>/<projectname>", methods=["PUT", "POST"])
    def project_regenerate(ownername, projectname):
        user = current_user(state)
        with state.lock:
            project = state.get_project(ownername, projectname)
            if not can_edit(user, project):
                raise forbidden("User '{0}' can not see permissions for project '{1}' (missing admin rights)"
                                .format(user.name, "/".join([ownername, projectname])))
            return json_response(state.to_dict(project), headers=deprecated("PUT"))


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
        value = None if value == -1 else value
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
