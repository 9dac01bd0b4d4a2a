# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's state: users, groups, mock chroots and projects, loaded from a seed, behind one lock."""

import copy
import datetime
import json
import threading
import time

from .output import not_found, server_error

# Project settings kept per project, with their add-time defaults (copr-api-v3.md §5).
SETTING_DEFAULTS = {
    "description": "", "instructions": "", "homepage": None, "contact": None, "repos": [],
    "runtime_dependencies": [], "devel_mode": False, "persistent": False, "unlisted_on_hp": False,
    "auto_prune": True, "enable_net": False, "bootstrap": "default", "isolation": "default",
    "module_hotfixes": False, "appstream": False, "follow_fedora_branching": True, "multilib": False,
    "fedora_review": False, "packit_forge_projects_allowed": [], "repo_priority": None, "storage": "backend",
    "delete_after_days": None,
}

# project_model key order (copr-api-v3.md §4).
PROJECT_KEYS = ("name", "persistent", "additional_repos", "storage", "homepage", "contact", "description",
                "instructions", "devel_mode", "unlisted_on_hp", "auto_prune", "enable_net", "bootstrap",
                "isolation", "module_hotfixes", "appstream", "packit_forge_projects_allowed",
                "follow_fedora_branching", "repo_priority", "id", "ownername", "full_name", "chroot_repos")

CHROOT_DEFAULTS = {"repos": [], "buildroot_pkgs": [], "module_toggle": [], "with_opts": [], "without_opts": [],
                   "isolation": "unchanged", "bootstrap": "unchanged", "bootstrap_image": None, "comps_name": None}


class User:
    def __init__(self, data):
        self.name = data["username"]
        self.login = data["login"]
        self.token = data["token"]
        self.admin = bool(data.get("admin", False))
        self.teams = list(data.get("groups") or [])
        expiration = data.get("token_expiration")
        self.expiration = (datetime.date.fromisoformat(expiration) if expiration
                           else datetime.date.today() + datetime.timedelta(days=180))
        self.id = None


class Group:
    def __init__(self, data):
        if isinstance(data, str):
            data = {"name": data}
        self.name = data["name"]
        self.fas_name = data.get("fas_name") or self.name

    @property
    def at_name(self):
        return "@" + self.name

    def __str__(self):
        return "{} (fas: {})".format(self.name, self.fas_name)


class Project:
    """One Copr project (``Copr`` row); ``chroots`` maps chroot name -> per-chroot settings."""

    def __init__(self, pid, name, owner_user, group, creator, settings, chroots):
        self.id = pid
        self.name = name
        self.user = owner_user          # the owning user (personal projects); None for group projects
        self.group = group              # Group or None
        self.creator = creator          # username of whoever created it (search matches this, §12.3)
        self.settings = dict(SETTING_DEFAULTS)
        self.settings.update(settings)
        self.created_on = int(time.time())
        self.deleted = False
        self.chroots = {}
        for chroot in chroots:
            self.enable_chroot(chroot)
        self.admins = set()             # users with approved project "admin" permission

    @property
    def ownername(self):
        return self.group.at_name if self.group else self.user

    @property
    def full_name(self):
        return "{}/{}".format(self.ownername, self.name)

    def enable_chroot(self, name):
        current = self.chroots.get(name)
        if current is None:
            self.chroots[name] = dict(copy.deepcopy(CHROOT_DEFAULTS), deleted=False, delete_after=None)
        else:
            current["deleted"] = False
            current["delete_after"] = None

    def disable_chroot(self, name):
        chroot = self.chroots[name]
        if not chroot["deleted"]:
            chroot["deleted"] = True
            chroot["delete_after"] = datetime.datetime.now() + datetime.timedelta(days=7)


class State:
    """Everything the emulator knows; every access that mutates goes through ``lock``."""

    def __init__(self, seed):
        self.lock = threading.RLock()
        self.seed = copy.deepcopy(seed)
        self.load(self.seed)

    def load(self, seed):
        with self.lock:
            self.backend_url = (seed.get("backend_url") or "https://download.copr.fedorainfracloud.org").rstrip("/")
            self.pulp_url = (seed.get("pulp_content_url") or "").rstrip("/") or None
            self.public_host = seed.get("public_hostname") or "copr.fedorainfracloud.org"
            self.users = {}
            for index, data in enumerate(seed.get("users") or [], start=1):
                user = User(data)
                user.id = index
                self.users[user.name] = user
            self.groups = {}
            for data in seed.get("groups") or []:
                group = Group(data)
                self.groups[group.name] = group
            self.chroots = {}
            for data in seed.get("chroots") or []:
                if isinstance(data, str):
                    data = {"name": data}
                self.chroots[data["name"]] = data.get("comment") or ""
            self.projects = []
            self.next_id = 1
            for data in seed.get("projects") or []:
                self._seed_project(data)

    def reset(self):
        self.load(self.seed)

    def _seed_project(self, data):
        owner = data.get("ownername") or data.get("owner")
        group = self.groups[owner[1:]] if owner.startswith("@") else None
        settings = {k: v for k, v in data.items() if k in SETTING_DEFAULTS}
        if "additional_repos" in data:
            settings["repos"] = list(data["additional_repos"])
        if "devel_mode" in data:
            settings["devel_mode"] = bool(data["devel_mode"])
        creator = data.get("creator") or (owner if not group else None)
        if creator is None:
            members = [u.name for u in self.users.values() if group.fas_name in u.teams]
            creator = members[0] if members else next(iter(self.users))
        project = self.create_project(data["name"], None if group else owner, group, creator, settings,
                                      list(data.get("chroots") or []))
        project.admins = set(data.get("admins") or [])
        return project

    # ---------------------------------------------------------------- lookups
    def user_by_login(self, login):
        for user in self.users.values():
            if user.login == login:
                return user
        return None

    def live_projects(self):
        return [p for p in self.projects if not p.deleted]

    def find(self, ownername, name):
        """The non-deleted project, or None."""
        for project in self.projects:
            if not project.deleted and project.ownername == ownername and project.name == name:
                return project
        return None

    def get_project(self, ownername, name):
        """``ComplexLogic.get_copr_by_owner``: 404 texts of copr-api-v3.md §3 (an empty owner crashes it)."""
        if not ownername:
            raise server_error()
        if ownername.startswith("@"):
            if ownername[1:] not in self.groups:
                raise not_found("Group {} does not exist.".format(ownername[1:]))
            project = self.find(ownername, name)
            if project is None:
                raise not_found("Project {}/{} does not exist.".format(ownername, name))
            return project
        project = self.find(ownername, name)
        if project is None:
            raise not_found("Project {}/{} does not exist.".format(ownername, name))
        return project

    def create_project(self, name, owner_user, group, creator, settings, chroots):
        with self.lock:
            project = Project(self.next_id, name, owner_user, group, creator, settings, chroots)
            self.next_id += 1
            self.projects.append(project)
            return project

    # ---------------------------------------------------------------- rendering
    def repo_url(self, project):
        if project.settings.get("storage") == "pulp" and self.pulp_url:
            return "{}/{}/{}".format(self.pulp_url, project.ownername, project.name)
        return "{}/results/{}/{}".format(self.backend_url, project.ownername, project.name)

    def active_chroots(self, project):
        return [name for name, chroot in project.chroots.items()
                if not chroot["deleted"] and name in self.chroots]

    def chroot_repos(self, project):
        base = self.repo_url(project)
        return {name: "{}/{}/".format(base, name) for name in sorted(self.active_chroots(project))}

    def to_dict(self, project):
        """The project object, with exactly the 23 keys of project_model in the emitted order."""
        s = project.settings
        values = {
            "name": project.name, "persistent": bool(s["persistent"]), "additional_repos": list(s["repos"]),
            "storage": s["storage"], "homepage": s["homepage"], "contact": s["contact"],
            "description": s["description"], "instructions": s["instructions"],
            "devel_mode": bool(s["devel_mode"]), "unlisted_on_hp": bool(s["unlisted_on_hp"]),
            "auto_prune": bool(s["auto_prune"]), "enable_net": bool(s["enable_net"]),
            "bootstrap": s["bootstrap"], "isolation": s["isolation"],
            "module_hotfixes": bool(s["module_hotfixes"]), "appstream": bool(s["appstream"]),
            "packit_forge_projects_allowed": list(s["packit_forge_projects_allowed"]),
            "follow_fedora_branching": bool(s["follow_fedora_branching"]), "repo_priority": s["repo_priority"],
            "id": project.id, "ownername": project.ownername, "full_name": project.full_name,
            "chroot_repos": self.chroot_repos(project),
        }
        return {key: values[key] for key in PROJECT_KEYS}


def load_seed(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
