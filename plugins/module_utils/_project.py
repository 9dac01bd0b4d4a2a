# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Copr project objects as the API returns them, and the settings ``fedora.copr.copr_project`` manages (internal).

No Ansible imports, so it is unit-testable on its own and usable by lookups.

``SETTINGS`` maps each module option to the key Copr uses in the project object (API v3 ``project_model``) and in
the add/edit request bodies, with its kind (how a value is normalised before comparing) and its flags:
``write_only`` (Copr never returns the value, so it cannot be compared), ``cannot_clear`` (Copr treats an empty
value as "not sent", so a value once set can never be removed: an empty one is refused), ``create_only`` (set only
when the project is created), ``bounds`` (inclusive range of an int, ``None`` for an open end) and ``read_path``
(``"rpmrepo"`` for a write-only setting that ``GET /api_3/rpmrepo/...`` shows, copr-api-v3.md section 17).

Write-only settings
===================

``runtime_dependencies`` and ``delete_after_days`` are read from rpmrepo (only when the task sets them) and
compared like the others. Copr memoizes the rpmrepo answer for 2 minutes per project, so a re-run within 2 minutes
of a change still sees the old value: it sends the same value again (a harmless, repeatable edit) and reports
``changed``; once the cache has expired a re-run reports no change. ``delete_after_days`` is compared with the whole
days left that rpmrepo shows, which is the number set until the next midnight (Copr's deadline is the midnight
after ``days + 1`` days) and one less each day after: a re-run on a later day sets the deadline again.

``multilib`` and ``fedora_review`` have no read path: they follow ``update_write_only`` (``on_create``: sent when
the project is created or forked, otherwise not sent and named in a warning; ``always``: sent whenever given).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
from collections import namedtuple

Setting = namedtuple("Setting", ["option", "key", "kind", "write_only", "cannot_clear", "create_only", "choices",
                                 "bounds", "note", "read_path"])

BOOTSTRAP_CHOICES = ("default", "on", "off", "image")
ISOLATION_CHOICES = ("default", "simple", "nspawn")
STORAGE_CHOICES = ("backend", "pulp")
UPDATE_WRITE_ONLY_CHOICES = ("on_create", "always")
READ_PATH_RPMREPO = "rpmrepo"


def _setting(option, kind, key=None, write_only=False, cannot_clear=False, create_only=False, choices=None,
             bounds=None, note=None, read_path=None):
    return Setting(option, key or option, kind, write_only, cannot_clear, create_only, choices, bounds, note,
                   read_path)


# Order: the order of the keys in Copr's project object, then the write-only ones.
SETTINGS = (
    _setting("persistent", "bool", create_only=True),
    _setting("additional_repos", "list"),
    _setting("storage", "choice", create_only=True, choices=STORAGE_CHOICES,
             note="Copr cannot move a project's results to another storage"),
    _setting("homepage", "str", cannot_clear=True),
    _setting("contact", "str", cannot_clear=True),
    _setting("description", "text"),
    _setting("instructions", "text"),
    _setting("devel_mode", "bool"),
    _setting("unlisted_on_hp", "bool"),
    _setting("auto_prune", "bool"),
    _setting("enable_net", "bool"),
    _setting("bootstrap", "choice", choices=BOOTSTRAP_CHOICES),
    _setting("isolation", "choice", choices=ISOLATION_CHOICES),
    _setting("module_hotfixes", "bool"),
    _setting("appstream", "bool"),
    _setting("packit_forge_projects_allowed", "forges"),
    _setting("follow_fedora_branching", "bool"),
    _setting("repo_priority", "int", cannot_clear=True, bounds=(1, None),
             note="a project without one uses the default priority 99"),
    _setting("runtime_dependencies", "list", write_only=True, read_path=READ_PATH_RPMREPO),
    _setting("multilib", "bool", write_only=True),
    _setting("fedora_review", "bool", write_only=True),
    _setting("delete_after_days", "int", write_only=True, bounds=(-1, 720), note="-1 cancels a scheduled deletion",
             read_path=READ_PATH_RPMREPO),
)

SETTINGS_BY_OPTION = dict((s.option, s) for s in SETTINGS)

# The module options that are settings (chroots is handled on its own: it is read from chroot_repos).
SETTING_OPTIONS = tuple(s.option for s in SETTINGS)
WRITE_ONLY_OPTIONS = tuple(s.option for s in SETTINGS if s.write_only)
# Write-only settings that rpmrepo shows, and those nothing shows (these follow update_write_only).
RPMREPO_OPTIONS = tuple(s.option for s in SETTINGS if s.read_path == READ_PATH_RPMREPO)
UNREADABLE_OPTIONS = tuple(s.option for s in SETTINGS if s.write_only and not s.read_path)
CANNOT_CLEAR_OPTIONS = tuple(s.option for s in SETTINGS if s.cannot_clear)

# Server-side defaults of POST /project/add (copr-api-v3.md section 5), used to predict a new project.
ADD_DEFAULTS = {
    "persistent": False,
    "additional_repos": [],
    "storage": "backend",
    "homepage": None,
    "contact": None,
    "description": "",
    "instructions": "",
    "devel_mode": False,
    "unlisted_on_hp": False,
    "auto_prune": True,
    "enable_net": False,
    "bootstrap": "default",
    "isolation": "default",
    "module_hotfixes": False,
    "appstream": False,
    "packit_forge_projects_allowed": [],
    "follow_fedora_branching": True,
    "repo_priority": None,
}

# Key order of Copr's project object.
PROJECT_KEYS = (
    "name", "persistent", "additional_repos", "storage", "homepage", "contact", "description", "instructions",
    "devel_mode", "unlisted_on_hp", "auto_prune", "enable_net", "bootstrap", "isolation", "module_hotfixes",
    "appstream", "packit_forge_projects_allowed", "follow_fedora_branching", "repo_priority", "id", "ownername",
    "full_name", "chroot_repos",
)

# Where the repositories of a project live, for Copr instances whose backend is known. Used only to
# predict chroot_repos in check mode; anywhere else the predicted URLs of a new project are null.
KNOWN_BACKENDS = {
    "copr.fedorainfracloud.org": "https://download.copr.fedorainfracloud.org",
}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ARGSPEC = {
    "list": dict(type="list", elements="str"),
    "forges": dict(type="list", elements="str"),
    "bool": dict(type="bool"),
    "int": dict(type="int"),
    "str": dict(type="str"),
    "text": dict(type="str"),
}


# -- the project object --------------------------------------------------------------------------------------
def enabled_chroots(project):
    """Sorted list of the chroots enabled in a project (the keys of ``chroot_repos``)."""
    return sorted((project or {}).get("chroot_repos") or {})


def with_chroots(project):
    """A copy of the server's project with one added key, ``chroots`` (sorted ``chroot_repos`` keys).

    Shallow: the values are the server's, shared, and never changed here (a deep copy costs a quarter of the
    time of listing 10,000 projects). ``None`` or ``{}`` gives ``{}``.
    """
    if not project:
        return {}
    result = dict(project)
    result["chroots"] = enabled_chroots(project)
    return result


# -- settings -------------------------------------------------------------------------------------------------
def argument_spec():
    """The AnsibleModule argument spec of the settings (without ``chroots``/``purge_chroots``)."""
    spec = {}
    for setting in SETTINGS:
        if setting.kind == "choice":
            spec[setting.option] = dict(type="str", choices=list(setting.choices))
        else:
            spec[setting.option] = dict(_ARGSPEC[setting.kind])
    return spec


def normalize(setting, value):
    """The value as Copr would store and report it, for comparing."""
    if value is None:
        if setting.kind == "text":
            return ""
        if setting.kind in ("list", "forges"):
            return []
        return None
    if setting.kind in ("list", "forges"):
        # The server joins array items with spaces and splits them again on whitespace.
        items = " ".join(str(item) for item in value).split()
        if setting.kind == "forges":
            # ... and strips URL schemes from packit forge projects.
            items = [_SCHEME.sub("", item) for item in items]
        return items
    if setting.kind == "bool":
        return bool(value)
    if setting.kind == "int":
        return int(value)
    return value


def wanted_settings(params):
    """The settings a task manages: option -> normalised value, for the options given (not None)."""
    wanted = {}
    for setting in SETTINGS:
        value = params.get(setting.option)
        if value is not None:
            wanted[setting.option] = normalize(setting, value)
    return wanted


def _check_value(setting, value):
    low, high = setting.bounds or (None, None)
    below = low is not None and value < low
    if setting.cannot_clear and setting.kind == "str" and not str(value).strip():
        raise ValueError(
            "Copr cannot clear %s: an empty value is ignored by the server, so a %s once set can only be "
            "changed, never removed. Give a new value, or leave the option out (or use omit) to keep the "
            "current one." % (setting.option, setting.option))
    if setting.cannot_clear and below:
        raise ValueError("%s must be at least %d (Copr cannot clear %s; %s). Leave the option out to keep the "
                         "current value." % (setting.option, low, setting.option, setting.note))
    if below or (high is not None and value > high):
        raise ValueError("%s must be between %d and %d (%s)." % (setting.option, low, high, setting.note))


def check_settings(params):
    """Reject values Copr cannot store, before any request. Raises ValueError."""
    for setting in SETTINGS:
        value = params.get(setting.option)
        if value is not None:
            _check_value(setting, value)
    chroots = params.get("chroots")
    if chroots is not None and not chroots and params.get("purge_chroots", True):
        raise ValueError(
            "chroots is empty: a Copr project needs at least one chroot, and Copr ignores an empty list. "
            "Leave chroots out to keep the enabled ones."
        )


def _unique(items):
    seen = set()
    result = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def wanted_chroots(project, chroots, purge_chroots=True):
    """The chroot set to send, or None when the project already has what the task asks for.

    purge_chroots true: the listed set is exact. False: only add the missing ones; as an edit's
    ``chroots`` replaces the set, the union is sent.
    """
    if chroots is None:
        return None
    current = enabled_chroots(project)
    wanted = _unique(chroots)
    if purge_chroots:
        if not wanted or set(wanted) == set(current):
            return None
        return sorted(wanted)
    missing = [chroot for chroot in wanted if chroot not in current]
    if not missing:
        return None
    return sorted(set(current) | set(missing))


def add_body(name, params):
    """The body of POST /project/add/<owner>: the name, the chroots and every setting given."""
    chroots = params.get("chroots")
    if not chroots:
        raise ValueError(
            "chroots is required to create a project: list at least one chroot, for example "
            "chroots: [fedora-rawhide-x86_64]."
        )
    body = {"name": name, "chroots": _unique(chroots)}
    for option, value in wanted_settings(params).items():
        if option == "storage" and value == ADD_DEFAULTS["storage"]:
            # Copr's default; Copr refuses any storage value from a user who is not an administrator
            continue
        body[SETTINGS_BY_OPTION[option].key] = value
    return body


def check_create_only(project, params):
    """Raise ValueError when the task asks an existing project for another value of a create-only setting."""
    for option, value in wanted_settings(params).items():
        setting = SETTINGS_BY_OPTION[option]
        current = normalize(setting, project.get(setting.key))
        if setting.create_only and current != value:
            why = " (%s)" % setting.note if setting.note else ""
            raise ValueError(
                "Copr cannot change %s of an existing project (it is %s in %s, the task asks for %s)%s; "
                "it is set only when the project is created. Leave the option out, or delete and "
                "re-create the project." % (option, _yaml(current), project.get("full_name"), _yaml(value), why)
            )


def edit_body(project, params, include_write_only=False, read_back=None):
    """The minimal body of PUT /project/edit/<owner>/<project>: only the keys that differ.

    Create-only settings are never sent (see ``check_create_only``). Write-only settings are sent when
    ``include_write_only`` (a project just created by a fork) or ``update_write_only: always``; otherwise one
    whose value ``read_back`` holds (``{option: value}`` from its read path, see ``rpmrepo_settings``) is sent when
    it differs, and the others are not sent (``unsent_write_only`` names them).
    """
    body = {}
    always = include_write_only or params.get("update_write_only") == "always"
    for option, value in wanted_settings(params).items():
        setting = SETTINGS_BY_OPTION[option]
        if setting.create_only:
            continue
        if setting.write_only:
            if always or (read_back is not None and option in read_back
                          and not _same_read_back(setting, read_back[option], value)):
                body[setting.key] = value
            continue
        if normalize(setting, project.get(setting.key)) != value:
            body[setting.key] = value
    chroots = wanted_chroots(project, params.get("chroots"), params.get("purge_chroots", True))
    if chroots is not None:
        body["chroots"] = chroots
    return body


def unsent_write_only(params, include_write_only=False):
    """The write-only options the task gives that ``edit_body`` does not send (nothing reports them)."""
    if include_write_only or params.get("update_write_only") == "always":
        return []
    return [option for option in UNREADABLE_OPTIONS if params.get(option) is not None]


def needs_rpmrepo(params, include_write_only=False):
    """True when the task sets a setting that only rpmrepo shows (and it is compared, not sent anyway)."""
    if include_write_only or params.get("update_write_only") == "always":
        return False
    return any(params.get(option) is not None for option in RPMREPO_OPTIONS)


def _same_read_back(setting, current, value):
    if setting.option == "delete_after_days":
        # -1 cancels: no deadline; rpmrepo shows the whole days left of a deadline.
        return current == (None if value == -1 else value)
    if setting.option == "runtime_dependencies":
        return current(value) if callable(current) else sorted(set(current)) == sorted(set(value))
    return current == value


def rpmrepo_dependency_urls(data):
    """The runtime dependencies of an rpmrepo answer as the URLs a task writes: ``copr://owner/project`` for
    Copr projects, the URL for others. Copr lists them transitively (dependencies of dependencies too)."""
    urls = []
    for entry in data.get("dependencies") or []:
        if entry.get("type") == "copr":
            urls.append("copr://%s/%s" % (entry["data"]["owner"], entry["data"]["projectname"]))
        else:
            urls.append(entry["data"]["pattern"])
    return urls


def copr_dependency(url):
    """(owner, project) of a ``copr://owner/project`` URL, else None."""
    if not isinstance(url, str) or not url.startswith("copr://"):
        return None
    parts = url[len("copr://"):].split("/")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return parts[0], parts[1]


def rpmrepo_settings(data, dependencies_of=None):
    """``{option: value}`` of the write-only settings an rpmrepo answer shows, for ``edit_body``'s ``read_back``.

    ``delete_after_days``: the days left, or None when no deletion is scheduled. ``runtime_dependencies``: a
    callable ``same(wanted)``: rpmrepo lists dependencies transitively, so the listed ones must be the wanted
    ones plus what the wanted Copr projects depend on; ``dependencies_of(owner, project)`` gives those (their own
    rpmrepo list), asked only when rpmrepo lists more than the task wants.
    """
    listed = rpmrepo_dependency_urls(data)

    def same(wanted):
        wanted = set(wanted)
        extra = set(listed) - wanted
        if not wanted <= set(listed):
            return False
        if extra and dependencies_of is not None:
            for url in sorted(wanted):
                dependency = copr_dependency(url)
                if dependency is not None:
                    extra -= set(dependencies_of(*dependency))
        return not extra

    return {"delete_after_days": data.get("delete_after_days"), "runtime_dependencies": same}


def _yaml(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


# -- predictions (check mode) ---------------------------------------------------------------------------------
def repo_base(project):
    """``<backend>/results/<owner>/<name>`` of a project, from one of its ``chroot_repos`` URLs, or None."""
    for chroot, url in sorted(((project or {}).get("chroot_repos") or {}).items()):
        suffix = chroot + "/"
        if url and url.endswith("/" + suffix):
            return url[: -len(suffix) - 1]
    return None


def backend_repo_base(api_url, ownername, name):
    """The repository base of a new project on a Copr instance whose backend is known, else None."""
    if not api_url:
        return None
    host = _SCHEME.sub("", api_url).split("/")[0].split(":")[0].lower()
    backend = KNOWN_BACKENDS.get(host)
    if backend is None:
        return None
    return "%s/results/%s/%s" % (backend, ownername, name)


def _chroot_repos(chroots, base, current=None):
    current = current or {}
    repos = {}
    for chroot in sorted(chroots):
        if chroot in current:
            repos[chroot] = current[chroot]
        else:
            repos[chroot] = "%s/%s/" % (base, chroot) if base else None
    return repos


def _ordered(project):
    result = {}
    for key in PROJECT_KEYS:
        if key in project:
            result[key] = project[key]
    for key in project:
        if key not in result:
            result[key] = project[key]
    return result


def _named(project, ownername, name):
    project.update(name=name, id=None, ownername=ownername, full_name="%s/%s" % (ownername, name))
    return project


def predict_add(ownername, name, body, base=None):
    """The project Copr would return for an add with ``body`` (check mode). ``id`` is unknown (None);
    ``chroot_repos`` URLs are None unless ``base`` (the repository base) is known."""
    project = dict(copy.deepcopy(ADD_DEFAULTS))
    for setting in SETTINGS:
        if setting.key in body and not setting.write_only:
            project[setting.key] = normalize(setting, body[setting.key])
    _named(project, ownername, name)
    project["chroot_repos"] = _chroot_repos(body.get("chroots") or [], base)
    return _ordered(project)


def predict_edit(project, body):
    """The project after an edit with ``body`` (check mode)."""
    result = copy.deepcopy(project)
    for setting in SETTINGS:
        if setting.key in body and not setting.write_only and not setting.create_only:
            result[setting.key] = normalize(setting, body[setting.key])
    if body.get("chroots"):
        result["chroot_repos"] = _chroot_repos(body["chroots"], repo_base(project), project.get("chroot_repos"))
    return _ordered(result)


def predict_fork(source, ownername, name):
    """The destination project a fork of ``source`` creates (check mode): settings copied except
    persistent (false), auto_prune (true) and contact (null); same chroots."""
    result = _named(copy.deepcopy(source), ownername, name)
    result.update(persistent=False, auto_prune=True, contact=None)
    src_base = repo_base(source)
    base = None
    src_tail = "/%s/%s" % (source.get("ownername"), source.get("name"))
    if src_base and src_base.endswith(src_tail):
        base = "%s/%s/%s" % (src_base[: -len(src_tail)], ownername, name)
    result["chroot_repos"] = _chroot_repos(enabled_chroots(source), base)
    return _ordered(result)
