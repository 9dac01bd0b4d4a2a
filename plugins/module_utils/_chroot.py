# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Project chroots and mock chroots of the Copr API v3, and the chroot settings the modules manage (internal).

No Ansible imports. Endpoint calls take a ``CoprClient``:

* ``get_project_chroot`` - ``GET /api_3/project-chroot``: the chroot's settings (copr-api-v3.md §13.1), or None
  when Copr says the chroot is not in the project. A chroot disabled by a project edit still answers, with a
  ``delete_after_days`` count (Copr keeps its row for 7 days): ``is_enabled`` tells them apart.
* ``edit_project_chroot`` - ``PUT /api_3/project-chroot/edit/<owner>/<project>/<chroot>``: JSON, or multipart
  (a ``json`` part and an ``upload_comps`` file part) when a comps file is uploaded.
* ``get_comps`` - the comps view ``/coprs/[g/]<owner>/<project>/chroot/<chroot>/comps/`` (a web page outside
  ``/api_3``, anonymous): the uploaded comps.xml, ``b""`` when there is none.
* ``list_mock_chroots`` - ``GET /api_3/mock-chroots/list``: ``{name: comment}`` of the chroots Copr offers.

``SETTINGS`` maps each module option to the key of the project-chroot object (the API names are the same) and
says how Copr stores it, so that what the task asks for can be compared with what Copr reports.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import re
from collections import namedtuple
from xml.etree import ElementTree

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError

# Key order of Copr's project-chroot object (copr-api-v3.md §13.1).
CHROOT_KEYS = ("additional_repos", "additional_packages", "additional_modules", "with_opts", "without_opts",
               "isolation", "mock_chroot", "ownername", "projectname", "comps_name", "delete_after_days")

ISOLATION_CHOICES = ("unchanged", "default", "nspawn", "simple")
BOOTSTRAP_CHOICES = ("unchanged", "default", "off", "on", "image", "custom_image")

# kind: "words" (Copr joins the items with spaces and splits the text on white space again), "modules" (joined
# with ", " and split on commas), "choice". ordered: whether the order of the items is compared (Copr keeps the
# order of every list; only the repositories' order means something in a build). write_only: Copr stores the
# value but no API answer reports it.
Setting = namedtuple("Setting", ["option", "kind", "ordered", "write_only", "choices"])

SETTINGS = (
    Setting("additional_packages", "words", False, False, None),
    Setting("additional_repos", "words", True, False, None),
    Setting("additional_modules", "modules", False, False, None),
    Setting("with_opts", "words", False, False, None),
    Setting("without_opts", "words", False, False, None),
    Setting("isolation", "choice", False, False, ISOLATION_CHOICES),
    Setting("bootstrap", "choice", False, True, BOOTSTRAP_CHOICES),
    Setting("bootstrap_image", "image", False, True, None),
)
SETTINGS_BY_OPTION = dict((s.option, s) for s in SETTINGS)
WRITE_ONLY = tuple(s.option for s in SETTINGS if s.write_only)
# Every option that is a setting of the chroot (the comps file is one too).
SETTING_OPTIONS = tuple(s.option for s in SETTINGS) + ("comps",)

# The form field names Copr uses in its 400 answers, and the option each one is.
FORM_NAMES = (("buildroot_pkgs", "additional_packages"), ("repos", "additional_repos"),
              ("module_toggle", "additional_modules"))

_BOOTSTRAP_IMAGE = re.compile(r"^[-\./\w]+(:[\w.-]+)?$")
_MODULE_PART = re.compile(r"^[A-Za-z0-9_!-][^\s:]*$")
_COPR_REPO = re.compile(r"^copr://(?P<owner>[^/\s]+)/(?P<project>[^/:\s]+)")
_CHROOT_MISSING = "Chroot name "


# -- names -----------------------------------------------------------------------------------------------------
# -- endpoint calls --------------------------------------------------------------------------------------------
def chroot_missing(error):
    """True for Copr's 404 ``Chroot name <c> does not exist in Copr <o>/<p>.`` (the project exists)."""
    return error.missing and (error.message or "").startswith(_CHROOT_MISSING)


def project_missing(error):
    """True for Copr's 404 about the project or its group (``Project <o>/<p> does not exist.``)."""
    return error.missing and not chroot_missing(error)


def get_project_chroot(client, owner, project, chroot):
    """The chroot's settings as Copr reports them, or None when the chroot is not in the project. A missing
    project raises the CoprError (``project_missing(error)`` is true)."""
    try:
        data = client.request("GET", ("project-chroot",),
                              params={"ownername": owner, "projectname": project, "chrootname": chroot}, owner=owner)
    except CoprError as error:
        if chroot_missing(error):
            return None
        raise
    return _object(data, "GET", "/api_3/project-chroot", owner)


def is_enabled(obj):
    """Whether a project-chroot object is an enabled chroot: a disabled one (kept by Copr for a while, with its
    settings) has a ``delete_after_days`` count; an enabled one has null."""
    return obj is not None and obj.get("delete_after_days") is None


def _object(data, method, path, owner):
    if not isinstance(data, dict) or "mock_chroot" not in data:
        raise CoprError(200, method, path, "unexpected answer (not a project-chroot object)", owner=owner,
                        reason="shape")
    return data


def edit_project_chroot(client, owner, project, chroot, body, comps=None):
    """PUT the edit; ``comps``: ``(filename, bytes)`` to upload. Returns the chroot after it. Copr's 400 texts
    name its form fields (``repos:``, ``buildroot_pkgs:``, ``module_toggle:``): they are renamed to the options."""
    segments = ("project-chroot", "edit", owner, project, chroot)
    files = None if comps is None else [("upload_comps", (comps[0], comps[1], "text/xml"))]
    try:
        data = client.request("PUT", segments, body=body, auth=True, owner=owner, files=files)
    except CoprError as error:
        if error.status == 400 and error.message:
            error.message = option_names(error.message)
        raise
    return _object(data, "PUT", "/api_3/" + "/".join(segments), owner)


def option_names(message):
    """Copr's ``<form field>: <text>`` error lines with the module's option names."""
    lines = []
    for line in message.split("\n"):
        for field, option in FORM_NAMES:
            if line.startswith(field + ":"):
                line = option + line[len(field):]
        lines.append(line)
    return "\n".join(lines)


def list_mock_chroots(client):
    """``{name: comment}`` of the chroots the server offers, in Copr's order."""
    data = client.request("GET", ("mock-chroots", "list"))
    if not isinstance(data, dict):
        raise CoprError(200, "GET", "/api_3/mock-chroots/list", "unexpected answer (not an object)", reason="shape")
    return data


def comps_segments(owner, project, chroot):
    """The comps view of a chroot, a web page outside ``/api_3``: ``/coprs/<user>/...`` or
    ``/coprs/g/<group>/...``."""
    owner_part = ("g", owner[1:]) if owner.startswith("@") else (owner,)
    return ("coprs",) + owner_part + (project, "chroot", chroot, "comps")


def get_comps(client, owner, project, chroot):
    """The comps.xml Copr holds for a chroot, as bytes (``b""`` when none), read from the comps view; retried
    like the API reads. None when the page is a 404."""
    return client.request("GET", comps_segments(owner, project, chroot), owner=owner, trailing_slash=True, page=True)


# -- settings --------------------------------------------------------------------------------------------------
def argument_spec():
    """The AnsibleModule argument spec of the settings."""
    spec = {}
    for setting in SETTINGS:
        if setting.kind in ("words", "modules"):
            spec[setting.option] = dict(type="list", elements="str")
        elif setting.kind == "choice":
            spec[setting.option] = dict(type="str", choices=list(setting.choices))
        else:
            spec[setting.option] = dict(type="str")
    spec["comps"] = dict(type="path")
    return spec


def normalize(option, value):
    """A value as Copr stores and reports it (lists split the way Copr splits them)."""
    kind = SETTINGS_BY_OPTION[option].kind
    if kind == "words":
        return " ".join(str(item) for item in value or []).split()
    if kind == "modules":
        return [item.strip() for item in ", ".join(str(item) for item in value or []).split(",") if item.strip()]
    return value


def same(option, current, wanted):
    """Whether Copr's value equals the wanted one, with the order compared only where it matters."""
    setting = SETTINGS_BY_OPTION[option]
    if setting.kind in ("words", "modules"):
        current = normalize(option, current)
        if setting.ordered:
            return current == wanted
        return sorted(set(current)) == sorted(set(wanted))
    return current == wanted


def check_settings(params):
    """Everything about the settings that can be refused before any request. Raises ValueError."""
    for item in normalize("additional_modules", params.get("additional_modules")):
        _check_module(item)
    names = [item.split(":")[0] for item in normalize("additional_modules", params.get("additional_modules"))]
    twice = sorted(set(name for name in names if names.count(name) > 1))
    if twice:
        raise ValueError("additional_modules names %s more than once: give each module one name:stream item."
                         % ", ".join(twice))
    for item in normalize("additional_repos", params.get("additional_repos")):
        if not re.match(r"^(https?://[^/\s]+|copr://[^/\s]+/[^/\s]+)", item):
            raise ValueError("additional_repos: %r is not a repository URL: use http:// or https:// URLs, or "
                             "copr://<owner>/<project> for a Copr project." % item)
    bootstrap = params.get("bootstrap")
    image = params.get("bootstrap_image")
    if bootstrap == "custom_image" and not image:
        raise ValueError("bootstrap=custom_image needs bootstrap_image: give the container image to use, for "
                         "example bootstrap_image: registry.fedoraproject.org/fedora:40.")
    if image:
        if bootstrap not in (None, "custom_image"):
            raise ValueError("bootstrap_image is used only with bootstrap=custom_image (bootstrap is %s): set "
                             "bootstrap: custom_image, or leave bootstrap_image out." % bootstrap)
        if not _BOOTSTRAP_IMAGE.match(image):
            raise ValueError("bootstrap_image %r is not a container image name: use <name>[:<tag>], for example "
                             "fedora:40 or registry.fedoraproject.org/fedora:rawhide." % image)


def _check_module(item):
    parts = item.split(":")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise ValueError("additional_modules: %r is not name:stream: write each module as name:stream to enable "
                         "it (for example nodejs:20) or !name:stream to disable it." % item)
    for part in parts:
        if not _MODULE_PART.match(part) or part.lstrip("!") == "":
            raise ValueError("additional_modules: %r is not name:stream: the name and the stream start with a "
                             "letter, digit, dash or underscore and hold no spaces (a leading ! disables the "
                             "module)." % item)


def read_comps(path):
    """``(filename, bytes)`` of a local comps.xml, checked to be a readable XML file whose root is ``<comps>``.
    Raises ValueError naming the option and the fix."""
    if not os.path.exists(path):
        raise ValueError("comps: %s does not exist on the host the module runs on: give the path of a comps.xml "
                         "file there, or comps: \"\" to remove the chroot's comps file." % path)
    if os.path.isdir(path):
        raise ValueError("comps: %s is a directory: give the path of a comps.xml file." % path)
    try:
        with open(path, "rb") as handle:
            content = handle.read()
    except (IOError, OSError) as error:
        raise ValueError("comps: cannot read %s (%s): make it readable by the user the module runs as."
                         % (path, error.strerror or error))
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise ValueError("comps: %s is not XML (%s): give a comps.xml file (an XML document whose root element is "
                         "<comps>)." % (path, error))
    tag = root.tag.rsplit("}", 1)[-1]
    if tag != "comps":
        raise ValueError("comps: %s is XML but not a comps file: its root element is <%s>, not <comps>."
                         % (path, tag))
    return os.path.basename(path), content


def wanted(params):
    """option -> value (as Copr stores it) of the readable settings the task gives."""
    result = {}
    for setting in SETTINGS:
        value = params.get(setting.option)
        if value is not None and not setting.write_only:
            result[setting.option] = normalize(setting.option, value)
    return result


def write_only(params):
    """option -> value of the write-only settings the task gives (bootstrap, bootstrap_image)."""
    return dict((option, params[option]) for option in WRITE_ONLY if params.get(option) is not None)


def edit_body(changes):
    """The body of the chroot edit for ``changes`` (option -> value; ``comps`` apart) and the comps to upload."""
    body = {}
    comps = None
    for option, value in changes.items():
        if option == "comps":
            if value == "":
                body["delete_comps"] = True
            else:
                comps = value
        elif option == "additional_modules" and not value:
            body[option] = ""  # Copr ignores an empty list here (copr-api-v3.md §18.2); "" clears
        elif option == "bootstrap_image" and value == "":
            body.setdefault("reset_fields", []).append("bootstrap_image")
        else:
            body[option] = value
    return body, comps


def default_object(owner, project, chroot):
    """The settings of a chroot enabled in a project for the first time (copr-api-v3.md §13.1)."""
    obj = dict(additional_repos=[], additional_packages=[], additional_modules=[], with_opts=[], without_opts=[],
               isolation="unchanged", mock_chroot=chroot, ownername=owner, projectname=project, comps_name=None,
               delete_after_days=None)
    return dict((key, obj[key]) for key in CHROOT_KEYS)


def predict(current, changes):
    """The chroot after an edit with ``changes`` and after being enabled (check mode)."""
    result = copy.deepcopy(current)
    for option, value in changes.items():
        if option == "comps":
            result["comps_name"] = value[0] if value else None
        elif not SETTINGS_BY_OPTION[option].write_only:
            result[option] = copy.deepcopy(value)
    result["delete_after_days"] = None
    return result


def copr_repos(values):
    """``(owner, project)`` of each ``copr://`` repository in a list, in order, once each."""
    found = []
    for item in values or []:
        match = _COPR_REPO.match(item)
        if match and (match.group("owner"), match.group("project")) not in found:
            found.append((match.group("owner"), match.group("project")))
    return found


def view(obj):
    """A project-chroot object in Copr's key order (``{}`` for None)."""
    if not obj:
        return {}
    result = dict((key, obj[key]) for key in CHROOT_KEYS if key in obj)
    for key in obj:
        result.setdefault(key, obj[key])
    return result
