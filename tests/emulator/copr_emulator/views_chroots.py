# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/api_3/project-chroot``: get, build-config, edit (copr-api-v3.md §8, §12.11)."""

import datetime

from . import forms
from .auth import current_user
from .output import ApiError, CRASH, bad_request, forbidden, json_response, not_found
from .views_projects import can_edit, deprecated, query_arg

RESET_NAMES = {"additional_repos": "repos", "additional_packages": "buildroot_pkgs",
               "additional_modules": "module_toggle"}


def _chroot(state, project, name):
    chroot = project.chroots.get(name)
    if chroot is None or name not in state.chroots:
        raise not_found("Chroot name {0} does not exist in Copr {1}.".format(name, project.full_name))
    return chroot


def _days_left(chroot):
    if chroot["delete_after"] is None:
        return None
    return max(0, (chroot["delete_after"] - datetime.datetime.now()).days)


def chroot_dict(project, name, chroot):
    return {
        "additional_repos": list(chroot["repos"]), "additional_packages": list(chroot["buildroot_pkgs"]),
        "additional_modules": list(chroot["module_toggle"]), "with_opts": list(chroot["with_opts"]),
        "without_opts": list(chroot["without_opts"]), "isolation": chroot["isolation"], "mock_chroot": name,
        "ownername": project.ownername, "projectname": project.name, "comps_name": chroot["comps_name"],
        "delete_after_days": _days_left(chroot),
    }


def register(app, state):
    @app.route("/api_3/project-chroot", methods=["GET"])
    def chroot_get():
        owner, name, chroot_name = query_arg("ownername"), query_arg("projectname"), query_arg("chrootname")
        with state.lock:
            project = state.get_project(owner, name)
            return json_response(chroot_dict(project, chroot_name, _chroot(state, project, chroot_name)))

    @app.route("/api_3/project-chroot/build-config", methods=["GET"])
    def chroot_build_config():
        owner, name, chroot_name = query_arg("ownername"), query_arg("projectname"), query_arg("chrootname")
        with state.lock:
            project = state.get_project(owner, name)
            chroot = _chroot(state, project, chroot_name)
            if chroot["deleted"]:
                raise ApiError(500, CRASH)
            settings = project.settings
            base = state.repo_url(project)
            priority = settings["repo_priority"] if settings["repo_priority"] not in (None, 99) else None
            repos = [{"baseurl": "{}/{}/".format(base, chroot_name),
                      "module_hotfixes": True if settings["module_hotfixes"] else None, "priority": priority,
                      "repo_gpgcheck": False, "id": "copr_base", "name": "Copr repository"}]
            if settings["devel_mode"]:
                suffix = "-devel" if settings["storage"] == "pulp" else "/devel"
                repos.append({"baseurl": "{}/{}{}/".format(base, chroot_name, suffix), "module_hotfixes": None,
                              "priority": priority, "repo_gpgcheck": False, "id": "copr_base_devel",
                              "name": "Copr buildroot"})
            for url in list(settings["repos"]) + list(chroot["repos"]):
                repo_id = _repo_name(url)
                repos.append({"baseurl": _expand(state, url, chroot_name), "module_hotfixes": None,
                              "priority": None, "repo_gpgcheck": None, "id": repo_id,
                              "name": "Additional repo " + repo_id})
            additional = ["copr://" + project.full_name] + list(chroot["repos"]) + list(settings["repos"])
            if settings["devel_mode"]:
                additional.append("copr://{}/devel".format(project.full_name))
            isolation = chroot["isolation"]
            return json_response({
                "additional_repos": additional, "additional_packages": list(chroot["buildroot_pkgs"]),
                "additional_modules": list(chroot["module_toggle"]), "with_opts": list(chroot["with_opts"]),
                "without_opts": list(chroot["without_opts"]), "isolation": isolation, "chroot": chroot_name,
                "enable_net": bool(settings["enable_net"]), "repos": repos,
            })

    @app.route("/api_3/project-chroot/edit/<ownername>/<projectname>/<chrootname>", methods=["PUT", "POST"])
    def chroot_edit(ownername, projectname, chrootname):
        user = current_user(state, warning_on_401=deprecated("PUT").get("Warning"))
        with state.lock:
            project = state.get_project(ownername, projectname)
            body = _chroot_body()
            chroot = _chroot(state, project, chrootname)
            form = forms.Form(body)
            form.string("buildroot_pkgs")
            repos = form.url_list("repos", lambda o, n: state.find(o, n) is not None)
            form.string("with_opts")
            form.string("without_opts")
            form.select("bootstrap", forms.CHROOT_BOOTSTRAP_CHOICES)
            form.string("bootstrap_image", strip=True)
            form.select("isolation", forms.CHROOT_ISOLATION_CHOICES)
            form.boolean("delete_comps")
            if form.errors:
                raise forms.invalid_form(form.errors)
            if form.values["bootstrap"] == "custom_image" and not form.values["bootstrap_image"]:
                raise forms.invalid_form({"bootstrap_image": ["Custom image is selected, but not specified"]})
            if not can_edit(user, project):
                raise forbidden("Only owners and admins may update their projects.")
            reset = form.string("reset_fields")
            new = dict(chroot)
            for field in (reset or "").split():
                field = RESET_NAMES.get(field, field)
                if field not in new or field in ("deleted", "delete_after"):
                    raise bad_request("Trying to reset an invalid attribute: {0}\nSee `copr-cli get-chroot {1}/{2}' "
                                      "for all the possible attributes".format(field, project.full_name, chrootname))
                new[field] = [] if isinstance(new[field], list) else ("unchanged" if field in (
                    "isolation", "bootstrap") else None)
            if "buildroot_pkgs" in body:
                new["buildroot_pkgs"] = str(form.values["buildroot_pkgs"] or "").split()
            if "repos" in body:
                new["repos"] = repos
            if "module_toggle" in body:
                modules = body["module_toggle"]
                text = ", ".join(str(m) for m in modules)
                new["module_toggle"] = [m.strip() for m in text.split(",") if m.strip()]
            for key in ("with_opts", "without_opts"):
                if key in body:
                    new[key] = str(form.values[key] or "").split()
            for key in ("bootstrap", "isolation", "bootstrap_image"):
                if form.values.get(key) is not None:
                    new[key] = form.values[key]
            if form.values["delete_comps"]:
                new["comps_name"] = None
            chroot.update(new)
            return json_response(chroot_dict(project, chrootname, chroot), headers=deprecated("PUT"))


def _chroot_body():
    """JSON, or multipart/form with a part ``json`` holding the JSON (python-copr's way)."""
    import json  # pylint: disable=import-outside-toplevel
    from flask import request  # pylint: disable=import-outside-toplevel
    part = request.files.get("json")
    text = part.read().decode("utf-8", "replace") if part is not None else request.form.get("json")
    if text is not None and request.get_json(silent=True) is None:
        try:
            data = json.loads(text)
        except ValueError:
            data = {}
    else:
        data = forms.input_dict()
    if not isinstance(data, dict):
        raise ApiError(500, CRASH)
    out = {}
    for key, value in data.items():
        if value is None:
            continue
        key = RESET_NAMES.get(key, key)
        if key == "module_toggle":
            out[key] = value if isinstance(value, list) else [value]
            continue
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        out[key] = [value]
    return out


def _repo_name(url):
    import re  # pylint: disable=import-outside-toplevel
    name = re.sub("[^a-zA-Z0-9]", "_", url)
    name = re.sub("(__*)", "_", name)
    return re.sub("(_*$)|^_*", "", name)


def _expand(state, url, chroot):
    if url.startswith("copr://"):
        owner, _sep, rest = url[len("copr://"):].partition("/")
        url = "{}/results/{}/{}/{}/".format(state.backend_url, owner, rest.split("/")[0], chroot)
    return url.replace("$chroot", chroot).replace("$distname", chroot.rsplit("-", 2)[0])
