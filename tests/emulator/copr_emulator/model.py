# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's state: what Copr's database holds that the API can observe.

Users, groups and mock chroots come from the seed. A ``Project`` (``copr`` row) holds its settings, its project
chroot rows (``ProjectChroot``, ``copr_chroot`` rows: creation order, kept when disabled) and its permission rows
(``Permission``, ``copr_permission`` rows: per-user ``admin``/``builder`` states, insertion order). Everything is
guarded by ``State.lock``; views take it for the whole request. Families that need more per-project data (e.g.
packages) keep it in ``Project.extra[<family>]``.
"""

import copy
import datetime
import json
import threading
import time

from .api import not_found, server_error

# Project settings kept per project, with their add-time defaults (copr-api-v3.md §5). ``delete_after`` is the
# deadline (a datetime) behind the write-only ``delete_after_days``.
SETTING_DEFAULTS = {
    "description": "", "instructions": "", "homepage": None, "contact": None, "repos": [],
    "runtime_dependencies": [], "devel_mode": False, "persistent": False, "unlisted_on_hp": False,
    "auto_prune": True, "enable_net": False, "bootstrap": "default", "isolation": "default",
    "module_hotfixes": False, "appstream": False, "follow_fedora_branching": True, "multilib": False,
    "fedora_review": False, "packit_forge_projects_allowed": [], "repo_priority": None, "storage": "backend",
    "delete_after": None,
}

# project_model key order (copr-api-v3.md §4).
PROJECT_KEYS = ("name", "persistent", "additional_repos", "storage", "homepage", "contact", "description",
                "instructions", "devel_mode", "unlisted_on_hp", "auto_prune", "enable_net", "bootstrap",
                "isolation", "module_hotfixes", "appstream", "packit_forge_projects_allowed",
                "follow_fedora_branching", "repo_priority", "id", "ownername", "full_name", "chroot_repos")

ROLES = ("admin", "builder")
PERMISSION_STATES = ("nothing", "request", "approved")


def days_left(deadline):
    """``delete_after_days`` of a deadline: whole days left, 0 once it is due, None without one."""
    if deadline is None:
        return None
    days = (deadline - datetime.datetime.now()).days
    return days if days > 0 else 0


def deadline_in(days):
    """``Copr.delete_after_days`` setter: midnight after ``days`` + 1 days; None/-1 = no deadline."""
    if days is None or days == -1:
        return None
    moment = datetime.datetime.now() + datetime.timedelta(days=days + 1)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


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


class ProjectChroot:
    """One ``copr_chroot`` row: a chroot enabled (or once enabled) in a project, with Copr's column values.

    Text columns are stored as Copr stores them (``module_toggle`` is ``"a:1, !b:2"``, the others are
    whitespace-separated), because the readers split them differently (copr-api-v3.md §13.2)."""

    # Column -> default (``reset_fields`` sets these). Columns whose reset breaks the row are in BROKEN_ON_RESET.
    COLUMNS = {
        "buildroot_pkgs": None, "repos": "", "comps_zlib": None, "comps_name": None, "module_toggle": None,
        "with_opts": "", "without_opts": "", "delete_after": None, "delete_notify": None, "bootstrap": None,
        "bootstrap_image": None, "isolation": "unchanged", "deleted": False, "last_build_timestamp": None,
        "id": None, "copr_id": None, "mock_chroot_id": None,
    }
    BROKEN_ON_RESET = ("id", "copr_id", "mock_chroot_id")

    def __init__(self, name):
        self.name = name
        self.buildroot_pkgs = self.repos = self.comps_zlib = self.comps_name = self.module_toggle = None
        self.with_opts = self.without_opts = self.delete_after = self.delete_notify = self.bootstrap = None
        self.bootstrap_image = self.isolation = self.deleted = self.last_build_timestamp = None
        self.id = self.copr_id = self.mock_chroot_id = None
        for column, default in self.COLUMNS.items():
            setattr(self, column, default)

    def copy(self):
        return copy.copy(self)

    def update(self, other):
        """Take every column value of ``other`` (a modified copy of this row)."""
        for column in self.COLUMNS:
            setattr(self, column, getattr(other, column))

    @property
    def comps(self):
        """The uploaded comps.xml bytes (``comps_zlib``; stored uncompressed here), or None."""
        return self.comps_zlib

    @property
    def delete_after_days(self):
        return days_left(self.delete_after)

    @property
    def permissible(self):
        """``delete_status`` active or preserved (``enable_permissible_copr_chroots``): enabled, or disabled by a
        project edit and still within its 7 days."""
        if not self.deleted:
            return True
        return self.delete_after is not None and self.delete_after > datetime.datetime.now()


class Permission:
    """One ``copr_permission`` row: a user's ``admin`` and ``builder`` states in a project."""

    def __init__(self, admin="nothing", builder="nothing"):
        self.admin = admin
        self.builder = builder

    def get(self, role):
        return getattr(self, role)

    def to_dict(self):
        return {"admin": self.admin, "builder": self.builder}


class Project:
    """One Copr project (``copr`` row)."""

    def __init__(self, pid, name, owner_user, group, creator, settings):
        self.id = pid
        self.name = name
        self.user = owner_user          # the owning user's name (personal projects); None for group projects
        self.group = group              # Group or None
        self.creator = creator          # username of whoever created it (search matches this, §12.3)
        self.settings = dict(SETTING_DEFAULTS)
        self.settings.update(settings)
        self.created_on = int(time.time())
        self.deleted = False
        self.chroots = []               # ProjectChroot rows in creation order
        self.permissions = {}           # username -> Permission, in row insertion order
        self.extra = {}                 # per-family data of other endpoint families

    @property
    def ownername(self):
        return self.group.at_name if self.group else self.user

    @property
    def full_name(self):
        return "{}/{}".format(self.ownername, self.name)

    @property
    def delete_after_days(self):
        return days_left(self.settings.get("delete_after"))

    # ---------------------------------------------------------------- chroot rows
    def chroot(self, name):
        """The row of chroot ``name`` (enabled or disabled), or None."""
        for row in self.chroots:
            if row.name == name:
                return row
        return None

    def enable_chroot(self, name):
        """Enable (create, or re-enable the kept row with all its settings); returns the row."""
        row = self.chroot(name)
        if row is None:
            row = ProjectChroot(name)
            self.chroots.append(row)
        row.deleted = False
        row.delete_after = None
        return row

    def disable_chroot(self, name):
        """``remove_copr_chroot``: keep the row with its settings for 7 days (an already disabled one is kept as
        it is)."""
        row = self.chroot(name)
        if row is not None and not row.deleted:
            row.deleted = True
            row.delete_after = datetime.datetime.now() + datetime.timedelta(days=7)

    # ---------------------------------------------------------------- permission rows
    def permission(self, username):
        """The user's Permission row, or None when the user never had one."""
        return self.permissions.get(username)

    def has_role(self, username, role):
        """The user's ``role`` (``admin``/``builder``) is ``approved``."""
        row = self.permissions.get(username)
        return row is not None and row.get(role) == "approved"

    def set_permission(self, username, role, value):
        """Set one role's state (a new row gets ``nothing`` for the other role). Returns True when it changed."""
        if role not in ROLES or value not in PERMISSION_STATES:
            raise ValueError("bad permission {!r}={!r}".format(role, value))
        row = self.permissions.get(username)
        if row is None:
            row = self.permissions[username] = Permission()
        if row.get(role) == value:
            return False
        setattr(row, role, value)
        return True


class State:
    """Everything the emulator knows; every access goes through ``lock``."""

    RPMREPO_CACHE_SECONDS = 120     # apiv3_rpmrepo: @cache.memoize(timeout=2*60), per project
    REPO_FILE_CACHE_SECONDS = 300   # coprs_general: @cache.memoize(timeout=5*60), per project/release/arch

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
            self.chroots = {}               # active mock chroots in database row order -> comment
            for data in seed.get("chroots") or []:
                if isinstance(data, str):
                    data = {"name": data}
                self.chroots[data["name"]] = data.get("comment") or ""
            cache = seed.get("cache") or {}
            self.cache_seconds = {
                "rpmrepo": float(cache.get("rpmrepo_seconds", self.RPMREPO_CACHE_SECONDS)),
                "repo_file": float(cache.get("repo_file_seconds", self.REPO_FILE_CACHE_SECONDS)),
            }
            self.caches = {"rpmrepo": {}, "repo_file": {}}
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
        if data.get("delete_after_days") is not None:
            settings["delete_after"] = deadline_in(data["delete_after_days"])
        creator = data.get("creator") or (owner if not group else None)
        if creator is None:
            members = [u.name for u in self.users.values() if group.fas_name in u.teams]
            creator = members[0] if members else next(iter(self.users))
        project = self.create_project(data["name"], None if group else owner, group, creator, settings,
                                      list(data.get("chroots") or []))
        for username in data.get("admins") or []:
            project.set_permission(username, "admin", "approved")
        for username, roles in (data.get("permissions") or {}).items():
            for role, value in roles.items():
                project.set_permission(username, role, value)
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
        if ownername.startswith("@") and ownername[1:] not in self.groups:
            raise not_found("Group {} does not exist.".format(ownername[1:]))
        project = self.find(ownername, name)
        if project is None:
            raise not_found("Project {}/{} does not exist.".format(ownername, name))
        return project

    def create_project(self, name, owner_user, group, creator, settings, chroots):
        """A new project; ``chroots`` get their rows in the mock chroots' database order (``new_from_names``)."""
        with self.lock:
            project = Project(self.next_id, name, owner_user, group, creator, settings)
            self.next_id += 1
            self.set_chroots(project, chroots, disable_others=False)
            self.projects.append(project)
            return project

    def set_chroots(self, project, names, disable_others=True):
        """``update_from_names``: enable ``names`` (new rows in mock chroot order; kept rows get their settings
        back), and disable the project's other active chroots."""
        wanted = set(names)
        for name in self.chroots:
            if name in wanted:
                project.enable_chroot(name)
        if disable_others:
            for row in project.chroots:
                if row.name not in wanted and row.name in self.chroots:
                    project.disable_chroot(row.name)

    # ---------------------------------------------------------------- rendering
    def repo_url(self, project):
        if project.settings.get("storage") == "pulp" and self.pulp_url:
            return "{}/{}/{}".format(self.pulp_url, project.ownername, project.name)
        return "{}/results/{}/{}".format(self.backend_url, project.ownername, project.name)

    def active_chroot_rows(self, project):
        """Enabled rows of active mock chroots, in row creation order (``copr.active_copr_chroots``)."""
        return [row for row in project.chroots if not row.deleted and row.name in self.chroots]

    def active_chroots(self, project):
        return [row.name for row in self.active_chroot_rows(project)]

    def permissible_chroot_rows(self, project):
        """``enable_permissible_copr_chroots``: enabled rows plus disabled ones still kept."""
        return [row for row in project.chroots if row.permissible and row.name in self.chroots]

    def chroot_repos(self, project):
        base = self.repo_url(project)
        return {name: "{}/{}/".format(base, name) for name in self.active_chroots(project)}

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

    # ---------------------------------------------------------------- read caches (Copr's @cache.memoize)
    def cached(self, kind, key, compute):
        """``compute()``'s value, memoized for ``cache_seconds[kind]`` under ``key`` (a TTL of 0 disables it)."""
        ttl = self.cache_seconds[kind]
        if ttl <= 0:
            return compute()
        now = time.monotonic()
        entry = self.caches[kind].get(key)
        if entry is not None and entry[0] > now:
            return copy.deepcopy(entry[1])
        value = compute()
        self.caches[kind][key] = (now + ttl, copy.deepcopy(value))
        return value

    def expire_caches(self, kind=None):
        for name, entries in self.caches.items():
            if kind in (None, name):
                entries.clear()


def load_seed(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
