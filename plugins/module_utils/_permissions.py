# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Copr project permissions (``/api_3/project/permissions/``): the calls, the checks and the plan (internal).

No Ansible imports. Used by ``copr_project_permissions`` and ``copr_project_permissions_info``.

Copr keeps one row per user and project with two roles, ``admin`` and ``builder``, each in one of the states
``nothing``, ``request`` (the user asked) or ``approved``. The modules speak booleans: true is ``approved``,
false is ``nothing``. Rows stay in the database after both roles fall back to ``nothing``; the modules leave
such users out of what they return (``visible``).

What the genuine server does, and how it is handled here (copr-api-v3.md section 15 and 18):

* ``get`` answers 404 both for a missing project (``Project <o>/<p> does not exist.``, or ``Group <g> does not
  exist.``) and for a project that never had a permission row (``No permissions set on <o>/<p> project``, also
  for its owner). The second is an empty result, the first an error.
* ``get`` and ``set`` answer 403 to a caller without admin rights; ``set`` is one transaction, so a 400 for an
  unknown user or for the project's owner leaves every row as it was.
* ``can_build_in`` needs no credentials; a user name Copr does not know gives HTTP 500 ``Database error, contact
  admin`` (not 404).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for the import sanity test
    from urlparse import urlsplit  # type: ignore

from ansible_collections.fedora.copr.plugins.module_utils import _names
from ansible_collections.fedora.copr.plugins.module_utils._client import (
    REASON_JSON,
    REASON_NOT_SENT,
    REASON_SHAPE,
    REASON_TLS,
    CoprError,
)

ROLES = ("admin", "builder")
NOTHING = "nothing"
REQUEST = "request"
APPROVED = "approved"
STATES = (NOTHING, REQUEST, APPROVED)

PREFIX = ("project", "permissions")

# The texts of Copr's answers the modules tell apart (copr-api-v3.md section 15, permissions.json).
NO_PERMISSIONS_MARKER = "no permissions set on"
UNKNOWN_USER_MARKER = "doesn't exist in database"
OWNER_MARKER = "is owner of the"
DB_ERROR_MARKER = "database error"

RIGHTS = ("its owner, for a @group project a member of the group, a user with the approved admin permission on "
          "the project, or a Copr site admin")


# -- checks before any request -------------------------------------------------------------------------------
def check_project(ownername, project):
    """``(ownername, project)`` checked as Copr names, white space refused (not trimmed). Raises ValueError."""
    return _names.check_owner(ownername, "ownername"), _names.check_project_name(project, "project")


def check_user(value, option="user"):
    """A Copr user name: not empty, no white space, no ``/``, not a ``@group``. Raises ValueError."""
    if value is None:
        raise ValueError("%s is required: give a Copr user name" % option)
    if not isinstance(value, str):
        raise ValueError("%s must be a string (a Copr user name), got %r" % (option, value))
    _names.check_exact(value, option)
    if not value:
        raise ValueError("%s must not be empty: give a Copr user name" % option)
    if any(char.isspace() for char in value):
        raise ValueError("%s %r contains white space: give one Copr user name" % (option, value))
    if value.startswith("@"):
        raise ValueError("%s %r is a group: Copr grants permissions to users only (the members of the group "
                         "that owns a @group project already have every right on it); list the users instead"
                         % (option, value))
    if "/" in value:
        raise ValueError("%s %r is not a user name (it contains a /)" % (option, value))
    return value


def _describe(value):
    if isinstance(value, str):
        return "the string %r" % (value,)
    return "%r (%s)" % (value, type(value).__name__)


def check_permissions(entries, owner):
    """Refuse a bad ``permissions`` list before any request; returns it with each entry's user checked.

    ``entries``: the option's list of ``{user, admin, builder}`` (suboptions already validated by Ansible,
    ``admin``/``builder`` untouched, ``None`` when left out). ``owner``: the project's owner (a user or @group).
    """
    seen = {}
    for index, entry in enumerate(entries or []):
        option = "permissions[%d].user" % index
        user = check_user(entry.get("user"), option)
        if user in seen:
            raise ValueError("permissions lists user %r twice (entries %d and %d): give each user once, with "
                             "admin and builder in the same entry" % (user, seen[user], index))
        seen[user] = index
        if user == owner:
            raise ValueError("permissions[%d]: %s owns the project and always has every right on it; Copr cannot "
                             "change an owner's permissions. Remove %s from permissions." % (index, user, user))
        for role in ROLES:
            value = entry.get(role)
            if value is not None and not isinstance(value, bool):
                raise ValueError(
                    "permissions[%d].%s (user %s) must be true or false, got %s. Only real booleans are taken, "
                    "because false takes a permission away (and Copr mails the user): write true or false "
                    "without quotes, or convert a string on purpose with the bool filter, for example "
                    "\"{{ value | bool }}\"." % (index, role, user, _describe(value)))
    return entries or []


# -- the plan --------------------------------------------------------------------------------------------------
def state_of(value):
    """The Copr state a boolean asks for."""
    return APPROVED if value else NOTHING


def plan(current, entries, purge=False):
    """``{user: {role: state}}``: only the roles whose state changes, listed users first, in list order, then
    (with ``purge``) the unlisted users that still hold a role, in Copr's row order."""
    changes = {}
    listed = set()
    for entry in entries:
        user = entry["user"]
        listed.add(user)
        row = current.get(user) or {}
        for role in ROLES:
            if entry.get(role) is None:
                continue
            wanted = state_of(entry[role])
            if row.get(role, NOTHING) != wanted:
                changes.setdefault(user, {})[role] = wanted
    if purge:
        for user, row in current.items():
            if user in listed:
                continue
            for role in ROLES:
                if row.get(role, NOTHING) != NOTHING:
                    changes.setdefault(user, {})[role] = NOTHING
    return changes


def apply_changes(current, changes):
    """The rows after ``changes``: existing rows keep their place, new users come last (as Copr adds rows), a new
    user's other role is ``nothing``."""
    after = copy.deepcopy(current)
    for user, roles in changes.items():
        row = after.setdefault(user, dict((role, NOTHING) for role in ROLES))
        row.update(roles)
    return after


def visible(rows):
    """The rows of users holding at least one role (requested or approved), in Copr's order."""
    return dict((user, dict(row)) for user, row in (rows or {}).items()
                if any(row.get(role, NOTHING) != NOTHING for role in ROLES))


def changes_diff(current, changes):
    """``{"before", "after"}`` with only the users and roles that change (a user without a row is ``nothing``)."""
    before = {}
    after = {}
    for user, roles in changes.items():
        row = current.get(user) or {}
        before[user] = dict((role, row.get(role, NOTHING)) for role in roles)
        after[user] = dict(roles)
    return {"before": before, "after": after}


def set_body(changes, caller=None):
    """The body of ``set``: ``changes``, with the caller's own entry last and its admin role last in it.

    Copr re-checks the caller's rights before each role it sets, so a project admin who drops their own admin
    role first would have the rest refused (and everything rolled back)."""
    body = dict((user, dict(roles)) for user, roles in changes.items() if user != caller)
    if caller in changes:
        roles = changes[caller]
        body[caller] = dict((role, roles[role]) for role in sorted(roles, key=lambda role: role == "admin"))
    return body


# -- the calls ---------------------------------------------------------------------------------------------
def _path(client, segments):
    return urlsplit(client.url_for(segments)).path


def answered(error):
    return "Copr answered HTTP %s to %s %s: %s" % (error.status, error.method, error.path, error.message)


def _lowered(error):
    return (error.message or "").lower()


def _missing_project(error, owner, name):
    """A ValueError for Copr's 404 of a project (or group) that does not exist."""
    return ValueError("Project %s/%s does not exist: create it first (fedora.copr.copr_project), or check ownername "
                      "and project. (%s)" % (owner, name, answered(error)))


class NoAdminRights(ValueError):
    """Copr's 403 to permissions/get or set: the caller lacks admin rights on the project. ``error`` is Copr's."""

    def __init__(self, message, error):
        super(NoAdminRights, self).__init__(message)
        self.error = error


def _forbidden(error, owner, name):
    user = _quoted(error.message)
    who = "the API login used" if user == "?" else "the API login's user %r" % user
    return NoAdminRights(
        "Reading or changing the permissions of %s/%s needs admin rights on the project (%s), and %s lacks them. "
        "Use the credentials of such a user, or ask an admin of %s/%s to grant yours the admin permission. "
        "Nothing was changed. (%s)" % (owner, name, RIGHTS, who, owner, name, answered(error)), error)


def get_permissions(client, owner, name):
    """``{user: {"admin": state, "builder": state}}`` of every row, in Copr's order (``{}`` when the project never
    had one). A missing project or a caller without admin rights raise ValueError; other failures CoprError."""
    segments = PREFIX + ("get", owner, name)
    try:
        data = client.request("GET", segments, auth=True, owner=owner)
    except CoprError as error:
        if error.status == 404 and error.reason == REASON_JSON:
            if NO_PERMISSIONS_MARKER in _lowered(error):
                return {}
            raise _missing_project(error, owner, name)
        if error.status == 403:
            raise _forbidden(error, owner, name)
        raise
    rows = data.get("permissions") if isinstance(data, dict) else None
    if not isinstance(rows, dict) or not all(isinstance(row, dict) for row in rows.values()):
        raise CoprError(200, "GET", _path(client, segments), "unexpected answer (no permissions object)",
                        owner=owner, reason=REASON_SHAPE)
    return dict((user, dict((role, row.get(role) or NOTHING) for role in ROLES)) for user, row in rows.items())


def set_permissions(client, owner, name, body):
    """PUT ``set`` (one transaction); returns Copr's ``updated`` list (the users whose state changed).

    Copr's 400 for an unknown user or for the project's owner, and its 403, raise ValueError naming the user and
    the option; other failures CoprError."""
    segments = PREFIX + ("set", owner, name)
    try:
        data = client.request("PUT", segments, body=body, auth=True, owner=owner)
    except CoprError as error:
        message = _lowered(error)
        if error.status == 400 and UNKNOWN_USER_MARKER in message:
            user = _quoted(error.message)
            raise ValueError(
                "permissions: user %r does not exist in Copr. Check the name in permissions: it must be a Copr "
                "user name (in Fedora the FAS account name), and the user must have logged in to Copr once. "
                "Nothing was changed: Copr applies all of a task's permissions or none. (%s)"
                % (user, answered(error)))
        if error.status == 400 and OWNER_MARKER in message:
            user = _quoted(error.message)
            raise ValueError(
                "permissions: user %r is the owner of %s/%s for Copr (for a @group project, the user who created "
                "it), and an owner's permissions cannot be changed: remove %s from permissions. Nothing was "
                "changed. (%s)" % (user, owner, name, user, answered(error)))
        if error.status == 403:
            raise _forbidden(error, owner, name)
        raise
    updated = data.get("updated") if isinstance(data, dict) else None
    if not isinstance(updated, list):
        raise CoprError(200, "PUT", _path(client, segments), "unexpected answer (no updated list)", owner=owner,
                        reason=REASON_SHAPE)
    return updated


def _quoted(message):
    """The first ``'...'`` of a Copr message (the user name), or ``?``."""
    parts = (message or "").split("'")
    return parts[1] if len(parts) > 2 else "?"


def can_build_in(client, who, owner, name):
    """Whether user ``who`` may build in the project (anonymous GET). A user Copr does not know raises ValueError
    (Copr answers HTTP 500 ``Database error``, which is therefore not retried), a missing project too."""
    segments = PREFIX + ("can_build_in", who, owner, name)
    try:
        try:
            data = client.request("GET", segments, retry=False, owner=owner)
        except CoprError as error:
            if not _transient(error):
                raise
            # a proxy's or the network's failure: ask again, this time with the client's retries
            data = client.request("GET", segments, owner=owner)
    except CoprError as error:
        if error.status == 500 and error.reason == REASON_JSON and DB_ERROR_MARKER in _lowered(error):
            raise ValueError(
                "user %r is not known to Copr: check the user option (a Copr user name, in Fedora the FAS account "
                "name, of a user who has logged in to Copr once); Copr answers a database error for a user name "
                "it does not know. (%s)" % (who, answered(error)))
        if error.status == 404 and error.reason == REASON_JSON:
            raise _missing_project(error, owner, name)
        raise
    if not isinstance(data, dict) or not isinstance(data.get("can_build_in"), bool):
        raise CoprError(200, "GET", _path(client, segments), "unexpected answer (no can_build_in boolean)",
                        owner=owner, reason=REASON_SHAPE)
    return data["can_build_in"]


def _transient(error):
    """A failure worth asking again (the client did not already): no answer, 429, or a 5xx that is not Copr's own
    database error."""
    if error.attempts != 1:
        return False
    if error.status is None:
        return error.reason not in (REASON_NOT_SENT, REASON_TLS)
    if error.status == 429:
        return True
    if error.status >= 500:
        return not (error.reason == REASON_JSON and DB_ERROR_MARKER in _lowered(error))
    return False
