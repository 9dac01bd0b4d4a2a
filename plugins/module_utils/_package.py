# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Packages of the Copr API v3 (``/api_3/package``) and the package settings the modules manage (internal).

No Ansible imports. Endpoint calls take a ``CoprClient`` (copr-api-v3.md §16):

* ``get_package`` - ``GET /api_3/package``: the package, or None when the project has no such package. A missing
  project (or group) raises the CoprError (``project_missing(error)`` is true).
* ``list_packages`` - ``GET /api_3/package/list``, page after page (``PAGE_SIZE`` packages each, by id).
* ``add_package`` - ``POST /api_3/package/add/<o>/<p>/<name>/<type>``; ``edit_package`` - ``POST
  /api_3/package/edit/<o>/<p>/<name>/<type>``; ``delete_package`` - ``DELETE /api_3/package/delete``.
  Nothing here calls ``/api_3/package/build``: no call of this file starts a build.

``SOURCES`` describes each source type: the keys of Copr's ``source_dict`` (the module's ``source`` suboptions
use the same names), the add/edit form field each one is sent as, and how Copr stores it, so that what a task
asks for is compared with what Copr reports (``same``), sent as Copr's forms want it (``edit_body``) and predicted
in check mode (``predict``).

Copr's edit (``process_package_add_or_edit``) adds every stored ``source_dict`` key the body lacks back into the
form, then re-validates and rebuilds the whole source. ``edit_body`` sends what that merge needs to keep the keys
a task leaves out as they are: the scm ``type`` (stored under a name that is no form field: an edit without
``scm_type`` makes it ``git``), ``spec: ""`` for a stored null spec (re-sent as a value, it fails the form), and,
on a change of source type, the new type's default for each key the old source has under the same name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import posixpath
import re
from collections import namedtuple

from ansible_collections.fedora.copr.plugins.module_utils import _names
from ansible_collections.fedora.copr.plugins.module_utils._client import REASON_SHAPE, CoprError

SOURCE_TYPES = ("scm", "pypi", "rubygems", "custom", "distgit")

# Package list page size: a project with fewer packages costs one request.
PAGE_SIZE = 1000

# Copr's limits (BasePackageForm): the package name, max_builds, timeout (the module's build_timeout).
PACKAGE_NAME_RE = re.compile(r"^[-+_.a-zA-Z0-9]+$")
MAX_NAME_LENGTH = 100
MAX_BUILDS_RANGE = (0, 100)
BUILD_TIMEOUT_RANGE = (0, 108000)
DEFAULT_BUILD_TIMEOUT = 18000
CHROOT_PATTERN_RE = re.compile(r"^[a-z0-9_*.+-]+$")
MAX_SCRIPT_LENGTH = 4096

_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?:\s]+")
_SPEC_RE = re.compile(r"^.+\.spec$")
_REPO_RE = re.compile(r"^(https?|copr)://[^/\s]+")
_NO_PACKAGE = "No package with name "

# kind: how Copr stores the value and how it compares:
#   "text"     a StringField: Copr strips it; a missing value is null, "" clears; null and "" compare equal
#   "choice"   a select field; a missing value is the default
#   "script"   the custom script (not stripped; Copr ends it with a newline and turns CRLF into LF)
#   "versions" python_versions: a list compared as a set; Copr keeps the stored list when an edit sends []
#   "words"    custom repos: Copr joins the items with newlines; compared as a list of words, in order
#   "path"     distgit namespace: Copr normalises the path; missing and "" compare equal
Key = namedtuple("Key", ["name", "form", "kind", "default", "required", "max_length", "choices", "help"])


def _key(name, kind="text", form=None, default=None, required=False, max_length=None, choices=None, help=None):
    return Key(name, form or name, kind, default, required, max_length, choices, help)


SCM_TYPES = ("git", "svn")
BUILD_METHODS = ("rpkg", "tito", "tito_test", "make_srpm")
SPEC_GENERATORS = ("pyp2spec", "pyp2rpm")
SPEC_TEMPLATES = ("", "fedora", "epel7", "mageia", "pld")
PYTHON_VERSIONS = ("3", "2")

# The keys of each source type in Copr's source_dict order (distgit's generated clone_url is not an input).
SOURCES = {
    "scm": (
        _key("type", "choice", form="scm_type", default="git", choices=SCM_TYPES),
        _key("clone_url", required=True, help="the URL of the Git or SVN repository"),
        _key("subdirectory"),
        _key("committish"),
        _key("spec"),
        _key("source_build_method", "choice", default="rpkg", choices=BUILD_METHODS),
    ),
    "pypi": (
        _key("pypi_package_name", required=True, max_length=MAX_NAME_LENGTH - len("python-"),
             help="the name of the package on PyPI"),
        _key("pypi_package_version"),
        _key("spec_generator", "choice", default="pyp2spec", choices=SPEC_GENERATORS),
        _key("spec_template", "choice", default="", choices=SPEC_TEMPLATES),
        _key("python_versions", "versions", choices=PYTHON_VERSIONS),
    ),
    "rubygems": (
        _key("gem_name", required=True, max_length=MAX_NAME_LENGTH - len("rubygem-"),
             help="the name of the gem on RubyGems.org"),
    ),
    "custom": (
        _key("script", "script", required=True, max_length=MAX_SCRIPT_LENGTH,
             help="the script that writes the sources and the spec file"),
        _key("chroot", "choice", default="fedora-latest-x86_64"),
        _key("builddeps"),
        _key("resultdir"),
        _key("repos", "words"),
    ),
    "distgit": (
        _key("distgit", "choice", default="fedora"),
        _key("namespace", "path"),
        _key("committish"),
    ),
}
KEYS = dict((source_type, dict((key.name, key) for key in keys)) for source_type, keys in SOURCES.items())
# Every key of every source type, in a stable order (the module's suboptions).
ALL_KEYS = []
for _keys in SOURCES.values():
    ALL_KEYS.extend(key.name for key in _keys if key.name not in ALL_KEYS)

# The package settings (all but webhook_rebuild are never reported by Copr: write-only).
WRITE_ONLY = ("max_builds", "build_timeout", "chroot_denylist")
SETTING_OPTIONS = ("webhook_rebuild",) + WRITE_ONLY


def argument_spec():
    """The options copr_package has besides the names and the state."""
    source = dict(
        clone_url=dict(type="str"),
        committish=dict(type="str"),
        subdirectory=dict(type="str"),
        spec=dict(type="str"),
        type=dict(type="str", choices=list(SCM_TYPES)),
        source_build_method=dict(type="str", choices=list(BUILD_METHODS)),
        pypi_package_name=dict(type="str"),
        pypi_package_version=dict(type="str"),
        spec_generator=dict(type="str", choices=list(SPEC_GENERATORS)),
        spec_template=dict(type="str", choices=list(SPEC_TEMPLATES)),
        python_versions=dict(type="list", elements="str", choices=list(PYTHON_VERSIONS)),
        gem_name=dict(type="str"),
        script=dict(type="str"),
        chroot=dict(type="str"),
        builddeps=dict(type="str"),
        resultdir=dict(type="str"),
        repos=dict(type="list", elements="str"),
        distgit=dict(type="str"),
        namespace=dict(type="str"),
    )
    return dict(
        source_type=dict(type="str", choices=list(SOURCE_TYPES)),
        source=dict(type="dict", options=source),
        webhook_rebuild=dict(type="bool"),
        max_builds=dict(type="int"),
        build_timeout=dict(type="int"),
        chroot_denylist=dict(type="list", elements="str"),
        update_write_only=dict(type="str", default="on_create", choices=["on_create", "always"]),
    )


# -- checks before any request ---------------------------------------------------------------------------------
def check_package_name(value, option="name"):
    """A package name as Copr accepts it: ``^[-+_.a-zA-Z0-9]+$``, at most 100 characters."""
    if not value:
        raise ValueError("%s must not be empty: give the package name" % option)
    _names.check_exact(value, option)
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError("%s must be at most %d characters, got %d" % (option, MAX_NAME_LENGTH, len(value)))
    if not PACKAGE_NAME_RE.match(value):
        raise ValueError("%s %r is not a valid package name: use only letters, digits and the characters - + _ ."
                         % (option, value))
    return value


def given_source(source):
    """The keys of the ``source`` option the task sets (null means not given)."""
    return dict((key, value) for key, value in (source or {}).items() if value is not None)


def _a(source_type):
    """``a pypi source``, ``an scm source``."""
    return "an" if source_type == "scm" else "a"


def types_of(name):
    return [t for t in SOURCE_TYPES if name in KEYS[t]]


def check_keys(source_type, given):
    """Every given key belongs to ``source_type`` and has a value Copr accepts (checked before any write)."""
    keys = KEYS[source_type]
    for name in given:
        if name not in keys:
            others = types_of(name)
            raise ValueError(
                "source.%s does not belong to source_type=%s (it is a key of %s %s source): remove it, or set "
                "source_type to %s. The keys of %s %s source are: %s." % (
                    name, source_type, _a(others[0]), " and ".join(others), " or ".join(others), _a(source_type),
                    source_type, ", ".join(k.name for k in SOURCES[source_type])))
    for name, value in given.items():
        _check_value(keys[name], value)


def _check_value(key, value):
    option = "source.%s" % key.name
    if key.kind == "versions":
        return
    if key.kind == "words":
        for item in value:
            _names.check_exact(item, option)
            if not item or not _REPO_RE.match(item) or re.search(r"\s", item):
                raise ValueError("%s: %r is not a repository URL: give http://, https:// or copr://<owner>/<project> "
                                 "URLs, one per list item." % (option, item))
        return
    if key.kind != "script":
        _names.check_exact(value, option)
    if (key.required or key.kind == "choice") and value == "" and "" not in (key.choices or ()):
        what = key.help or "a value"
        raise ValueError("%s must not be empty: give %s, or leave the key out to keep Copr's value." % (option, what))
    size = len(cleanup_script(value)) if key.kind == "script" else len(value)
    if key.max_length is not None and size > key.max_length:
        raise ValueError("%s must be at most %d characters (Copr's limit), got %d." % (option, key.max_length, size))
    if key.name == "clone_url" and not _URL_RE.match(value):
        raise ValueError("source.clone_url %r is not a URL: give the repository as <scheme>://<host>/<path>, for "
                         "example https://github.com/owner/project.git." % value)
    if key.name == "spec" and value and not _SPEC_RE.match(value):
        raise ValueError("source.spec %r must be the path of a file ending in .spec inside the repository (or \"\" "
                         "for Copr to find it)." % value)


def check_required(source_type, given, why):
    """The keys ``source_type`` needs (a new package, or a change of source type) are given."""
    for key in SOURCES[source_type]:
        if key.required and not given.get(key.name):
            raise ValueError("source.%s is required %s: give %s in source (%s %s source needs %s)." % (
                key.name, why, key.help, _a(source_type), source_type,
                ", ".join(k.name for k in SOURCES[source_type] if k.required)))


def check_settings(params):
    """max_builds, build_timeout and chroot_denylist within what Copr accepts."""
    low, high = MAX_BUILDS_RANGE
    value = params.get("max_builds")
    if value is not None and not low <= value <= high:
        raise ValueError("max_builds must be between %d and %d (Copr's limit; 0 keeps every build), got %d."
                         % (low, high, value))
    low, high = BUILD_TIMEOUT_RANGE
    value = params.get("build_timeout")
    if value is not None and not low <= value <= high:
        raise ValueError("build_timeout must be between %d and %d seconds (Copr's limit, 30 hours; 0 means Copr's "
                         "default of %d), got %d." % (low, high, DEFAULT_BUILD_TIMEOUT, value))
    for pattern in params.get("chroot_denylist") or []:
        _names.check_exact(pattern, "chroot_denylist")
        if not CHROOT_PATTERN_RE.match(pattern):
            raise ValueError("chroot_denylist: %r is not a chroot pattern: use chroot names with the shell wildcards "
                             "* (for example fedora-rawhide-* or epel-*-aarch64), one per list item, made of lower "
                             "case letters, digits and - _ . + *." % pattern)


# -- comparison ------------------------------------------------------------------------------------------------
def cleanup_script(text):
    """What Copr stores of a custom script: CRLF line ends become LF (when the first line has one), a newline
    is added at the end."""
    if not text:
        return text
    if text.split("\n")[0].endswith("\r"):
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text


def canonical(key, value):
    """A value in the form it is compared in (Copr's stored form, defaults filled in)."""
    if key.kind == "choice":
        return key.default if value is None else value
    if key.kind == "versions":
        return sorted(set(value or []))
    if key.kind == "words":
        if isinstance(value, str):
            return value.split()
        return [word for item in value or [] for word in item.split()]
    if key.kind == "script":
        return cleanup_script(value or "")
    if key.kind == "path":
        return posixpath.normpath(value) if value else ""
    return "" if value is None else value


def same(key, current, wanted):
    return canonical(key, current) == canonical(key, wanted)


def source_changes(source_type, current_source, given):
    """{key: wanted value} of the given keys whose value differs from ``current_source``."""
    keys = KEYS[source_type]
    return dict((name, value) for name, value in given.items()
                if not same(keys[name], (current_source or {}).get(name), value))


# -- request bodies --------------------------------------------------------------------------------------------
def form_value(key, value):
    """A key's value as the add/edit form wants it."""
    if key.kind == "words":
        return " ".join(value)
    if key.kind == "versions":
        return list(value)
    return value


def _reset_value(key):
    """What is sent to give a key the value an add gives it when the key is left out."""
    if key.kind == "choice":
        return key.default
    if key.kind == "versions":
        return []
    return ""


def write_only_body(params):
    """The write-only settings the task sets, with Copr's field names."""
    body = {}
    if params.get("max_builds") is not None:
        body["max_builds"] = params["max_builds"]
    if params.get("build_timeout") is not None:
        body["timeout"] = params["build_timeout"]
    if params.get("chroot_denylist") is not None:
        body["chroot_denylist"] = ",".join(params["chroot_denylist"])
    return body


def add_body(name, source_type, given, params, write_only=True):
    """The body of ``package/add``: the package name, the given source keys and settings; nothing else."""
    keys = KEYS[source_type]
    body = {"package_name": name}
    for key_name, value in given.items():
        body[keys[key_name].form] = form_value(keys[key_name], value)
    if params.get("webhook_rebuild") is not None:
        body["webhook_rebuild"] = params["webhook_rebuild"]
    if write_only:
        body.update(write_only_body(params))
    return body


def edit_body(name, source_type, current, source, settings):
    """The body of ``package/edit/.../<source_type>``.

    ``source``: {key: value} of the source keys to change; ``settings``: package settings to send (Copr's names).
    Adds what Copr's merge of the stored source needs so that the keys left out keep their value (see the
    module docstring); on a change of source type the keys shared with the old source get the new type's
    defaults, as an add would give them.
    """
    keys = KEYS[source_type]
    stored = current.get("source_dict") or {}
    body = {"package_name": name}
    for key_name, value in source.items():
        body[keys[key_name].form] = form_value(keys[key_name], value)
    if current.get("source_type") != source_type:
        for key in SOURCES[source_type]:
            if key.name in stored and key.form not in body:
                body[key.form] = _reset_value(key)
    elif source_type == "scm":
        if "scm_type" not in body:
            body["scm_type"] = stored.get("type") or "git"
        if "spec" not in body and stored.get("spec") is None:
            body["spec"] = ""
    body.update(settings)
    return body


# -- check mode: what Copr would report ------------------------------------------------------------------------
def _stored(key, value):
    """What Copr stores for a sent form value (None: not sent)."""
    if key.kind == "choice":
        return key.default if value is None else value
    if key.kind == "versions":
        return list(value or [])
    if key.kind == "words":
        return "\n".join((value or "").split())
    if key.kind == "script":
        return cleanup_script(value)
    if key.kind == "path":
        return posixpath.normpath(value) if value else None
    return value


def predict_source(name, source_type, body, current=None):
    """The ``source_dict`` Copr stores after an add (``current`` None) or an edit with ``body``."""
    stored = (current or {}).get("source_dict") or {}
    values = {}
    for key in SOURCES[source_type]:
        if key.form in body and not (key.kind == "versions" and not body[key.form] and stored.get(key.name)):
            value = body[key.form]
        elif key.form != "scm_type" and key.name in stored and key.kind != "words":
            value = stored[key.name]
        elif key.kind == "words" and key.name in stored:
            value = " ".join((stored[key.name] or "").split())
        else:
            value = None
        values[key.name] = _stored(key, value)
    if source_type != "distgit":
        return values
    source = {"clone_url": _distgit_clone_url(values, name, stored)}
    for key_name in ("distgit", "namespace", "committish"):
        if values[key_name]:
            source[key_name] = values[key_name]
    return source


def _distgit_clone_url(values, name, stored):
    if stored.get("clone_url") and stored.get("distgit", "fedora") == values["distgit"] and \
            (stored.get("namespace") or None) == (values["namespace"] or None):
        return stored["clone_url"]
    if values["distgit"] != "fedora":
        return None  # another DistGit instance: its URL pattern is the server's
    path = posixpath.normpath("%s/rpms/%s" % (values["namespace"] or "", name)).strip("/")
    return "https://src.fedoraproject.org/" + path


def predict(owner, project, name, source_type, body, current=None):
    """The package object Copr would report after an add (``current`` None) or an edit with ``body``."""
    if current is None:
        package = {"id": None, "name": name, "ownername": owner, "projectname": project, "source_type": None,
                   "source_dict": {}, "auto_rebuild": False, "builds": {"latest": None, "latest_succeeded": None}}
    else:
        package = copy.deepcopy(current)
    package["source_type"] = source_type
    package["source_dict"] = predict_source(name, source_type, body, current)
    if "webhook_rebuild" in body:
        package["auto_rebuild"] = bool(body["webhook_rebuild"])
    return package


# -- diff ------------------------------------------------------------------------------------------------------
def diff(before, after):
    """``{"before", "after"}`` with only the keys that differ; inside ``source_dict`` only the source keys that
    differ. A missing package is ``{}`` (on create the whole new package is ``after``, on delete the whole old
    one is ``before``)."""
    before = before or {}
    after = after or {}
    if not before or not after:
        return {"before": copy.deepcopy(before), "after": copy.deepcopy(after)}
    old, new = _changed(before, after)
    if "source_dict" in old or "source_dict" in new:
        old_source, new_source = _changed(before.get("source_dict") or {}, after.get("source_dict") or {})
        old["source_dict"], new["source_dict"] = old_source, new_source
    return {"before": old, "after": new}


def _changed(before, after):
    old = {}
    new = {}
    for key in list(before) + [k for k in after if k not in before]:
        if before.get(key) != after.get(key):
            if key in before:
                old[key] = copy.deepcopy(before[key])
            if key in after:
                new[key] = copy.deepcopy(after[key])
    return old, new


# -- endpoint calls --------------------------------------------------------------------------------------------
def package_missing(error):
    """True for Copr's 404 ``No package with name <n> in copr <p>`` (the project exists)."""
    return error.missing and (error.message or "").startswith(_NO_PACKAGE)


def project_missing(error):
    """True for Copr's 404 about the project or its group (``Project <o>/<p> does not exist.``)."""
    return error.missing and not package_missing(error)


def _package(data, method, path, owner):
    if not isinstance(data, dict) or "name" not in data or "source_dict" not in data:
        raise CoprError(200, method, path, "unexpected answer (not a package object)", owner=owner,
                        reason=REASON_SHAPE)
    return data


def _flag(value):
    return "true" if value else None


def get_package(client, owner, project, name, with_latest_build=False):
    """The package as Copr reports it, or None when the project has no such package."""
    params = {"ownername": owner, "projectname": project, "packagename": name,
              "with_latest_build": _flag(with_latest_build)}
    try:
        data = client.request("GET", ("package",), params=params, owner=owner)
    except CoprError as error:
        if package_missing(error):
            return None
        raise
    return _package(data, "GET", "/api_3/package", owner)


def list_packages(client, owner, project, with_latest_build=False, page_size=None):
    """Every package of the project, in id order, ``page_size`` (default ``PAGE_SIZE``) per request."""
    page_size = page_size or PAGE_SIZE
    packages = []
    offset = 0
    while True:
        params = {"ownername": owner, "projectname": project, "limit": page_size, "offset": offset, "order": "id",
                  "order_type": "ASC", "with_latest_build": _flag(with_latest_build)}
        data = client.request("GET", ("package", "list"), params=params, owner=owner)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise CoprError(200, "GET", "/api_3/package/list", "unexpected answer (no items list)", owner=owner,
                            reason=REASON_SHAPE)
        packages.extend(_package(item, "GET", "/api_3/package/list", owner) for item in data["items"])
        if len(data["items"]) < page_size:
            return packages
        offset += page_size


def add_package(client, owner, project, name, source_type, body):
    """POST add. Not repeatable (a second add is a 409): before a retry the package is read, and when it exists
    (the first attempt went through) it is returned instead."""
    segments = ("package", "add", owner, project, name, source_type)
    data = client.request("POST", segments, body=body, auth=True, retry=False, owner=owner,
                          before_retry=lambda: get_package(client, owner, project, name))
    return _package(data, "POST", client.url_for(segments), owner)


def edit_package(client, owner, project, name, source_type, body):
    """POST edit (with the source type in the path). Repeatable: the same body gives the same package."""
    segments = ("package", "edit", owner, project, name, source_type)
    data = client.request("POST", segments, body=body, auth=True, retry=True, owner=owner)
    return _package(data, "POST", client.url_for(segments), owner)


def delete_package(client, owner, project, name):
    """DELETE; the package as it was, or None when there is none. A retry whose earlier attempt deleted the
    package (its answer was lost) gets the 404 too: then ``{}`` (deleted, what it looked like is unknown)."""
    retries_before = client.retries_used
    try:
        data = client.request("DELETE", ("package", "delete"), auth=True, owner=owner,
                              body={"ownername": owner, "projectname": project, "package_name": name})
    except CoprError as error:
        if package_missing(error):
            return {} if client.retries_used > retries_before else None
        raise
    return _package(data, "DELETE", "/api_3/package/delete", owner)
