#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project_permissions
short_description: Grant, approve and remove the permissions of users on a Fedora Copr project
version_added: 0.2.0
description:
  - Manages who may build in and who may administer a project of a L(Fedora Copr,https://copr.fedorainfracloud.org)
    build system, through the Copr HTTP API v3.
  - Copr gives each user two permissions on a project, C(builder) (may build in it) and C(admin) (may edit the
    project, its chroots, packages and permissions, but not delete it). Each is in one of three states,
    C(nothing), C(request) (the user asked for it and waits for an answer) or C(approved).
  - The task lists users with booleans. V(true) means C(approved); for a user whose request is pending it
    approves the request. V(false) means C(nothing); for a pending request it denies it, for an approved
    permission it takes it away. A permission left out of an entry is not managed for that user.
  - "Fewest requests: the module reads the permissions once, and when something differs sends one request that
    changes only the users whose states change. Copr applies it as one transaction: all of it or nothing. An
    unchanged project costs that one read."
  - Reading and changing permissions needs admin rights on the project (its owner, for a C(@group) project a
    member of the group, a user with the approved C(admin) permission, or a Copr site admin), as in Copr. Without
    them the task fails with a message saying so, before anything is changed.
author:
  - Fedora Copr team (@fedora-copr)
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details:
      - The permissions are read, nothing is changed. RV(permissions) is what the task would leave.
      - A user name Copr does not know is found only by the change itself, so check mode cannot report it.
  diff_mode:
    support: full
    details:
      - C(before) and C(after) hold only the users whose permissions change, and of each only the permissions
        that change, with Copr's state names (a user without a row in Copr counts as C(nothing)).
options:
  ownername:
    description:
      - Owner of the project, a user name or a group name written with a leading V(@) (for example V(@copr)).
      - Defaults to O(username).
    type: str
  project:
    description:
      - Name of the project. It must exist; a missing project fails (create it with M(fedora.copr.copr_project)).
    type: str
    required: true
  permissions:
    description:
      - The users whose permissions the task manages, each at most once.
      - V([]) with O(purge=true) takes every permission away from everyone.
    type: list
    elements: dict
    required: true
    suboptions:
      user:
        description:
          - Copr user name (on Fedora's Copr the FAS account name). The user must have logged in to Copr once.
          - Written exactly; white space is refused, not trimmed. A C(@group) cannot hold permissions.
          - The project's owner cannot be listed (an owner always has every right).
        type: str
        required: true
      admin:
        description:
          - V(true) (C(approved)) or V(false) (C(nothing)) for the C(admin) permission. Left out, not managed.
          - "Only a real boolean: strings such as V(yes), V(1), V(true) in quotes, or V(approved) are refused,
            since V(false) takes a permission away and Copr mails the user. Convert a string on purpose with the
            C(bool) filter (C({{ value | bool }}))."
        type: raw
      builder:
        description:
          - V(true) (C(approved)) or V(false) (C(nothing)) for the C(builder) permission. Left out, not managed.
          - Only a real boolean, as for O(permissions[].admin).
        type: raw
  purge:
    description:
      - V(true) takes both permissions away from every user the task does not list, denying their pending
        requests. A listed user's permissions left out of the entry are still not managed.
      - V(false) leaves users that are not listed alone.
      - A project admin who is not the owner and is not listed loses the admin permission too, and with it the
        right to manage permissions.
    type: bool
    default: false
notes:
  - Copr mails the users whose permissions change, when the Copr instance sends mail (Fedora's does). A task that
    changes nothing sends no mail.
  - Users whose permissions are all C(nothing) keep a row in Copr; they are left out of RV(permissions).
seealso:
  - module: fedora.copr.copr_project_permissions_info
  - module: fedora.copr.copr_project
  - name: Copr API v3
    description: The Copr frontend's API documentation.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: Let two maintainers build in the project and make one of them an admin
  fedora.copr.copr_project_permissions:
    ownername: demo
    project: tools
    permissions:
      - user: alice
        builder: true
        admin: true
      - user: expired
        builder: true
  register: granted

- name: Show who holds which permission now
  ansible.builtin.debug:
    var: granted.permissions

- name: Take the builder permission away from one user, leave the others alone
  fedora.copr.copr_project_permissions:
    ownername: demo
    project: tools
    permissions:
      - user: expired
        builder: false

- name: Make the list exact, every other user loses both permissions (and pending requests are denied)
  fedora.copr.copr_project_permissions:
    ownername: demo
    project: tools
    permissions:
      - user: alice
        builder: true
        admin: false
    purge: true

- name: Read the permissions, with the requests waiting for an answer
  fedora.copr.copr_project_permissions_info:
    ownername: demo
    project: tools
  register: current

- name: Collect every user with a pending request (true keeps approved permissions and approves requested ones)
  ansible.builtin.set_fact:
    approvals: "{{ approvals | default([]) + [{'user': item.key, 'admin': item.value.admin != 'nothing', 'builder': item.value.builder != 'nothing'}] }}"
  loop: "{{ current.permissions | dict2items }}"
  loop_control:
    label: "{{ item.key }}"
  when: "'request' in item.value.values()"

- name: Approve them all in one request
  fedora.copr.copr_project_permissions:
    ownername: demo
    project: tools
    permissions: "{{ approvals | default([]) }}"
"""

RETURN = r"""
permissions:
  description:
    - "The permissions of the project after the task (in check mode, the ones it would leave), as
      C({user: {admin: state, builder: state}}) with Copr's state names C(nothing), C(request) and C(approved)."
    - Users in Copr's order (the order their rows were created in); users left with C(nothing) for both are not
      listed.
  returned: success
  type: dict
  sample:
    alice:
      admin: approved
      builder: approved
    bob:
      admin: nothing
      builder: request
diff:
  description: With C(--diff), the users and permissions that change, before and after.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Old states of the permissions that change, per user.
      type: dict
    after:
      description: New states of the permissions that change, per user.
      type: dict
  sample:
    before:
      bob:
        builder: request
    after:
      bob:
        builder: approved
retries_used:
  description: How many requests were retried after a transient failure.
  returned: when greater than 0
  type: int
"""

from ansible_collections.fedora.copr.plugins.module_utils import _permissions
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._resource import Resource


def argument_spec():
    return dict(
        ownername=dict(type="str"),
        project=dict(type="str", required=True),
        permissions=dict(type="list", elements="dict", required=True, options=dict(
            user=dict(type="str", required=True),
            # raw, not bool: Ansible's bool would turn "yes", "1", "on" (and "no", "0", "off") into booleans
            admin=dict(type="raw"),
            builder=dict(type="raw"),
        )),
        purge=dict(type="bool", default=False),
    )


class Permissions(Resource):
    """The permission rows of one project: one read, at most one (atomic) write of the roles that change."""

    result_key = "permissions"

    def __init__(self, module, caller=None):
        super(Permissions, self).__init__(module)
        self.owner, self.name = _permissions.check_project(module.owner(), self.params["project"])
        self.entries = _permissions.check_permissions(self.params["permissions"], self.owner)
        self.caller = caller
        self.current = {}
        self.planned = {}
        module.require_credentials()

    def read(self):
        self.current = _permissions.get_permissions(self.client, self.owner, self.name)
        return self.current

    def wanted(self, current):
        return _permissions.plan(current, self.entries, self.params["purge"])

    def changes(self, current):
        # plan() already holds only the roles that differ
        self.planned = self.wanted(current)
        return self.planned

    def update(self, current, changes):
        _permissions.set_permissions(self.client, self.owner, self.name, _permissions.set_body(changes, self.caller))
        return _permissions.apply_changes(current, changes)

    def predict_update(self, current, changes):
        return _permissions.apply_changes(current, changes)

    def view(self, obj):
        return _permissions.visible(obj)

    def result(self, value=None, **extra):
        result = super(Permissions, self).result(value, **extra)
        if "diff" in result:
            result["diff"] = _permissions.changes_diff(self.current, self.planned)
        return result


def configured_username(module):
    """The resolved ``username`` (option, COPR_USERNAME or the config file), or None. Only used to send the
    caller's own roles last (see ``set_body``); CoprModule keeps the resolved connection to itself."""
    return (getattr(module, "_connection", None) or {}).get("username")


def main():
    module = CoprModule(argument_spec())
    module.run(lambda: Permissions(module, configured_username(module)).ensure())


if __name__ == "__main__":
    main()
