# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Checks of Copr owner, project and chroot names, done before any request (internal).

Each check returns the value exactly as given or raises ValueError naming the option and the rule. A value with
white space at either end is refused, never trimmed: Copr names never hold any, and a trimmed value would create or
change another object than the one the task names. Copr's own rules: a project name matches ``^[\\w.-]+$`` and is not only digits; names longer than 100
characters make the server fail with an HTML error page, so they are refused here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MAX_NAME_LENGTH = 100

_OWNER_RE = re.compile(r"^@?[\w.-]+$", re.UNICODE)
_PROJECT_RE = re.compile(r"^[\w.-]+$", re.UNICODE)
_CHROOT_RE = re.compile(r"^[a-z0-9_.]+(-[a-z0-9_.]+){2,}$")


def _text(value, option, what):
    if value is None:
        raise ValueError("%s is required: give the %s" % (option, what))
    if not isinstance(value, str):
        raise ValueError("%s must be a string (the %s), got %r" % (option, what, value))
    if not value.strip():
        raise ValueError("%s must not be empty: give the %s" % (option, what))
    check_exact(value, option)
    return value


def check_exact(value, option):
    """Refuse a string with white space at either end (it is used exactly as given, never trimmed)."""
    if isinstance(value, str) and value != value.strip():
        raise ValueError("%s %r has leading or trailing white space: remove it (the value is used exactly as "
                         "given, never trimmed)" % (option, value))
    return value


def _length_and_dots(value, option):
    if value in (".", "..") or value in ("@.", "@.."):
        raise ValueError("%s must not be %r" % (option, value))
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError("%s must be at most %d characters, got %d" % (option, MAX_NAME_LENGTH, len(value)))


def check_owner(value, option="ownername"):
    """A user name or ``@group``: letters, digits, ``_``, ``.``, ``-``, with an optional leading ``@``."""
    value = _text(value, option, "owner: a user name or @group")
    _length_and_dots(value, option)
    if value == "@" or not _OWNER_RE.match(value):
        raise ValueError(
            "%s %r is not a valid owner: use a user name or @group name made of letters, digits, underscores, "
            "dashes and dots" % (option, value))
    return value


def check_project_name(value, option="name"):
    """A project name: letters, digits, ``_``, ``.``, ``-``; not only digits; at most 100 characters."""
    value = _text(value, option, "project name")
    if "/" in value and value.count("/") == 1 and all(value.split("/")):
        owner, name = value.split("/")
        raise ValueError(
            "%s %r holds a '/': a project name has none. Give the project name alone and its owner apart "
            "(ownername: %s, %s: %s)" % (option, value, owner, option, name))
    _length_and_dots(value, option)
    if not _PROJECT_RE.match(value):
        raise ValueError(
            "%s %r is not a valid project name: use only letters, digits, underscores, dashes and dots"
            % (option, value))
    if value.isdigit():
        raise ValueError("%s %r is not a valid project name: it cannot be just a number" % (option, value))
    return value


def check_chroot(value, option="chroots"):
    """A chroot name ``<os>-<version>-<arch>`` in lower case, e.g. ``fedora-40-x86_64``."""
    value = _text(value, option, "chroot name such as fedora-40-x86_64")
    if len(value) > MAX_NAME_LENGTH or not _CHROOT_RE.match(value):
        raise ValueError(
            "%s: %r is not a chroot name: use <os>-<version>-<arch> in lower case, for example fedora-40-x86_64 "
            "or epel-9-aarch64" % (option, value))
    return value


def split_full_name(value, option="source"):
    """``owner/project`` -> (owner, project), both checked."""
    value = _text(value, option, "project as owner/project")
    parts = value.split("/")
    if any(part != part.strip() for part in parts):
        raise ValueError("%s %r has white space around its '/': remove it (the value is used exactly as given, "
                         "never trimmed)" % (option, value))
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise ValueError("%s %r must be written owner/project (a group owner as @group/project)" % (option, value))
    owner = check_owner(parts[0], option)
    name = check_project_name(parts[1], option)
    return owner, name
