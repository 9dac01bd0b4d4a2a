# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The read paths of the write-only settings: ``/api_3/rpmrepo/<owner>/<dirname>/<name-release>/`` (the dnf5 copr
plugin's JSON) and the dnf ``.repo`` file ``/coprs/<owner>/<project>/repo/<name-release>/`` (copr-api-v3.md §17).

Both are memoized as on Copr: the rpmrepo data per project for ``State.cache_seconds["rpmrepo"]`` (120 s), the
``.repo`` file per project/release/arch for ``cache_seconds["repo_file"]`` (300 s); a read right after an edit
shows the old values. ``/_emulator/cache`` sets the TTLs or expires the entries.
"""

import base64
import json
import posixpath

from flask import Blueprint, request

from . import api
from .api import json_response, not_found, state
from .views_chroots import copr_of_repo, expand_repo_url, html_not_found, repo_name

blueprint = Blueprint("rpmrepo", __name__)

MULTILIB_PAIRS = {"x86_64": "i386"}
RELEASEVER_OSES = ("fedora", "centos-stream", "opensuse-leap")


def _split(chroot):
    """``(os_release, os_version, arch)`` of a chroot name (the os_release may hold dashes)."""
    return tuple(chroot.rsplit("-", 2))


def _hostname():
    return state().public_host.split(":")[0]


def runtime_dependencies(project):
    """``get_transitive_runtime_dependencies``: (projects, external URLs, missing ``copr://`` URLs), each
    once, dependencies of dependencies included, the project itself skipped. Copr collects them in sets; here
    they come in discovery order (breadth first, each project's list in stored order)."""
    internal, external, missing = [], [], []
    todo, seen = [project], {project.id}
    while todo:
        current = todo.pop(0)
        for url in dict.fromkeys(current.settings["runtime_dependencies"] or []):
            dep = copr_of_repo(url)
            if dep is None:
                if url not in external:
                    external.append(url)
            elif dep is False:
                if url not in missing:
                    missing.append(url)
            elif dep is not project and dep.id not in seen:
                seen.add(dep.id)
                internal.append(dep)
                todo.append(dep)
    return internal, external, missing


def _dep_repo_id(dep):
    return "coprdep:{0}:{1}:{2}".format(_hostname(), dep.ownername.replace("@", "group_"), dep.name)


def _dep_name(project, dep, index):
    return "Copr {0}/{1}/{2} runtime dependency #{3} - {4}/{5}".format(
        _hostname(), project.ownername, project.name, index, dep.ownername, dep.name)


def _external_name(project, url, index):
    return "Copr {0}/{1}/{2} external runtime dependency #{3} - {4}".format(
        _hostname(), project.ownername, project.name, index, repo_name(url))


# ---------------------------------------------------------------- /api_3/rpmrepo
def _repos(project, options):
    """``ReposLogic.repos_for_copr``: per name-release (first appearance), per arch, of the enabled and still
    kept chroots in row order."""
    repos, arches = {}, {}
    for row in state().permissible_chroot_rows(project):
        os_release, os_version, arch = _split(row.name)
        name_release = "{}-{}".format(os_release, os_version)
        spec = repos.setdefault(name_release, {"arch": {}})["arch"][arch] = {"opts": dict(options)}
        arches.setdefault(name_release, []).append(arch)
        if row.delete_after_days is not None:
            spec["delete_after_days"] = row.delete_after_days
    if project.settings["multilib"]:
        for name_release, found in arches.items():
            for arch64, arch32 in MULTILIB_PAIRS.items():
                if arch64 in found and arch32 in found:
                    repos[name_release]["arch"][arch64]["multilib"] = {
                        arch32: {"opts": dict({"cost": "1100"}, **options)}}
    return repos


def _dependencies(project):
    internal, external, _missing = runtime_dependencies(project)
    entries = []
    for index, dep in enumerate(internal, start=1):
        entries.append({"opts": {"id": _dep_repo_id(dep), "name": _dep_name(project, dep, index)},
                        "type": "copr", "data": {"owner": dep.ownername, "projectname": dep.name}})
    index = len(internal) + 1  # Copr does not count the external ones up
    for url in external:
        entries.append({"opts": {"id": "coprdep:" + repo_name(url), "name": _external_name(project, url, index)},
                        "type": "external_baseurl", "data": {"pattern": url}})
    return entries


def rpmrepo_data(project):
    """``get_project_rpmrepo_metadata``, uncached."""
    settings = project.settings
    options = {}
    if settings["module_hotfixes"]:
        options["module_hotfixes"] = "1"
    if settings["repo_priority"]:
        options["priority"] = settings["repo_priority"]
    data = {"results_url": state().backend_url + "/results", "repos": _repos(project, options),
            "directories": {project.name: {}}}
    if project.delete_after_days is not None:
        data["delete_after_days"] = project.delete_after_days
    data["dependencies"] = _dependencies(project)
    return data


@blueprint.route("/api_3/rpmrepo/<ownername>/<dirname>/<name_release>", methods=["GET"])
def rpmrepo(ownername, dirname, name_release):  # pylint: disable=unused-argument
    """The release segment is not checked: every answer is the whole project's."""
    coprname = dirname.split(":")[0]
    with state().lock:
        project = state().find(ownername, coprname)
        if project is None:
            raise not_found("{0}/{1} copr doesn't exist".format(ownername, coprname))
        return json_response(state().cached("rpmrepo", project.id, lambda: rpmrepo_data(project)))


# ---------------------------------------------------------------- the dnf .repo file
def _baseurl(repo_url, chroot, arch=None):
    """``generate_repo_url``: the chroot's results URL with ``$releasever`` and ``$basearch``."""
    os_release, os_version, _arch = _split(chroot)
    if os_release in RELEASEVER_OSES or (os_release == "mageia" and os_version != "cauldron"):
        os_version = "$releasever"
    return posixpath.join(repo_url + "/", "{0}-{1}-{2}/".format(os_release, os_version, arch or "$basearch"))


def repo_section(project, chroot, arch=None, cost=None, index=None, dependent=None):
    """``coprs/copr_dir.repo`` as Jinja renders it (trim_blocks, lstrip_blocks, no trailing newline kept)."""
    owner = project.ownername
    repo_id = "{0}:{1}:{2}:{3}{4}".format(
        "coprdep" if index else "copr", _hostname(), owner.replace("@", "group_"), project.name,
        ":ml" if arch else "")
    name = (_dep_name(dependent, project, index) if index and dependent
            else "Copr repo for {0} owned by {1}".format(project.name, owner))
    repo_url = state().repo_url(project)
    lines = ["[{}]".format(repo_id), "name={}{}".format(name, " ({})".format(arch) if arch else ""),
             "baseurl=" + _baseurl(repo_url, chroot, arch), "type=rpm-md", "skip_if_unavailable=True",
             "gpgcheck=1", "gpgkey={}/pubkey.gpg".format(repo_url), "repo_gpgcheck=0"]
    if cost:
        lines.append("cost={}".format(cost))
    lines += ["enabled=1", "enabled_metadata=1"]
    if project.settings["module_hotfixes"]:
        lines.append("module_hotfixes=1")
    text = "\n".join(lines) + "\n"
    if project.settings["repo_priority"] is not None:
        text += "priority={}".format(project.settings["repo_priority"])
    return text


def external_section(project, url, chroot, index):
    """``coprs/external_dependency.repo`` + the newline the view adds."""
    lines = ["[coprdep:{}]".format(repo_name(url)), "name=" + _external_name(project, url, index),
             "baseurl=" + expand_repo_url(url, chroot), "type=rpm-md", "skip_if_unavailable=True",
             "repo_gpgcheck=0", "gpgcheck=0", "enabled=1", "enabled_metadata=1"]
    return "\n".join(lines) + "\n"


def _multilib_capable(project, chroot):
    os_release, os_version, arch = _split(chroot)
    pair = MULTILIB_PAIRS.get(arch)
    return pair is not None and "{}-{}-{}".format(os_release, os_version, pair) in state().active_chroots(project)


def repo_file(project, name_release, arch):
    """``render_generate_repo_file_cached``: (status, text, headers)."""
    searched = name_release if not arch else name_release + "-" + arch
    rows = state().permissible_chroot_rows(project)
    chroot = None
    for row in rows:          # the last match wins, as in Copr's loop
        if row.name.startswith(searched):
            chroot = row.name
    if chroot is None:
        message = "Chroot {0} does not exist in {1}.\n".format(searched, project.full_name)
        if rows:
            message += "Available chroots:\n" + "".join(row.name + "\n" for row in rows)
        else:
            message += "There are no enabled chroots in {0}.".format(project.full_name)
        error_data = json.dumps({"available chroots": [row.name for row in rows]}).encode("utf-8")
        raise LookupError(message, {"Copr-Error-Data": base64.b64encode(error_data).decode("utf-8")})
    text = repo_section(project, chroot)
    if arch and project.settings["multilib"] and chroot in state().active_chroots(project) \
            and _multilib_capable(project, chroot):
        text += "\n" + repo_section(project, chroot, MULTILIB_PAIRS[_split(chroot)[2]], cost=1100)
    internal, external, missing = runtime_dependencies(project)
    for index, dep in enumerate(internal, start=1):
        text += "\n" + repo_section(dep, chroot, index=index, dependent=project)
    for index, url in enumerate(external, start=1):
        text += "\n" + external_section(project, url, chroot, index)
    for url in missing:
        text += ("\n\n# This repository is configured to have a runtime dependency on a Copr project {0} but that "
                 "doesn't exist.".format(url[7:]))
    return text, {"Content-Disposition": "filename={0}-{1}.repo".format(project.ownername, project.name)}


@blueprint.route("/coprs/<username>/<copr_dirname>/repo/<name_release>/", methods=["GET"],
                 defaults={"repofile": None})
@blueprint.route("/coprs/<username>/<copr_dirname>/repo/<name_release>/<repofile>", methods=["GET"])
@blueprint.route("/coprs/g/<group_name>/<copr_dirname>/repo/<name_release>/", methods=["GET"],
                 defaults={"repofile": None})
@blueprint.route("/coprs/g/<group_name>/<copr_dirname>/repo/<name_release>/<repofile>", methods=["GET"])
def repo_file_view(copr_dirname, name_release, repofile, username=None, group_name=None):
    # pylint: disable=unused-argument
    ownername = "@" + group_name if group_name is not None else username
    arch = request.args.get("arch")
    with state().lock:
        project = state().find(ownername, copr_dirname)
        if project is None:
            return html_not_found("copr dir {}/{} does not exist.".format(ownername, copr_dirname))
        try:
            text, headers = state().cached("repo_file", (project.id, name_release, arch),
                                           lambda: repo_file(project, name_release, arch))
        except LookupError as error:
            return html_not_found(error.args[0], headers=error.args[1])
    return api.text_response(text, "text/plain; charset=utf-8", headers=headers)
