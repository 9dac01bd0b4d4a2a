#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project_permissions_info
short_description: Read the permissions of users on a Fedora Copr project
version_added: 0.2.0
description:
  - Reads who holds which permission on a project of a L(Fedora Copr,https://copr.fedorainfracloud.org) build
    system, with the requests waiting for an answer, and whether a given user may build in it. Nothing is ever
    changed.
  - RV(permissions) needs admin rights on the project (its owner, for a C(@group) project a member of the group,
    a user with the approved C(admin) permission, or a Copr site admin), as in Copr, and so credentials.
  - RV(can_build_in) (with O(user)) needs no credentials and no rights, as in Copr. When O(user) is given and the
    permissions cannot be read (no credentials, or the API login lacks admin rights), the task still succeeds;
    RV(permissions) is left out and RV(msg) says why. Without O(user) that is a failure.
  - "Requests: one to read the permissions (when credentials are set), one more for RV(can_build_in)."
  - A project that does not exist fails, so that a typo is not taken for a project without permissions.
author:
  - Fedora Copr team (@fedora-copr)
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details: The module never changes anything, so it runs the same in check mode.
  diff_mode:
    support: none
options:
  ownername:
    description:
      - Owner of the project, a user name or a group name written with a leading V(@) (for example V(@copr)).
      - Defaults to O(username).
    type: str
  project:
    description:
      - Name of the project.
    type: str
    required: true
  user:
    description:
      - A Copr user name. With it the module also returns RV(can_build_in) for that user.
      - Written exactly; white space is refused, not trimmed. A user name Copr does not know fails.
    type: str
seealso:
  - module: fedora.copr.copr_project_permissions
"""

EXAMPLES = r"""
- name: Read the permissions of a project (needs admin rights on it)
  fedora.copr.copr_project_permissions_info:
    ownername: demo
    project: tools
  register: perms

- name: List the users waiting for the builder permission
  ansible.builtin.debug:
    msg: "{{ perms.permissions | dict2items | selectattr('value.builder', 'equalto', 'request') | map(attribute='key') | list }}"

- name: Check whether a user may build in the project (works without admin rights and without credentials)
  fedora.copr.copr_project_permissions_info:
    ownername: demo
    project: tools
    user: alice
  register: alice_rights

- name: Fail early when alice cannot build there
  ansible.builtin.assert:
    that: alice_rights.can_build_in
"""

RETURN = r"""
permissions:
  description:
    - "The permissions of the project, as C({user: {admin: state, builder: state}}) with Copr's state names
      C(nothing), C(request) (asked for, waiting for an answer) and C(approved)."
    - Users in Copr's order (the order their rows were created in); users with C(nothing) for both are not
      listed. V({}) when nobody holds or asked for a permission.
  returned: when the permissions could be read (always, unless O(user) is given)
  type: dict
  sample:
    alice:
      admin: approved
      builder: approved
    bob:
      admin: nothing
      builder: request
can_build_in:
  description:
    - Whether O(user) may build in the project. True for the owner, the members of the owning group, users with
      the approved C(builder) or C(admin) permission, and Copr site admins.
  returned: when O(user) is given
  type: bool
  sample: true
msg:
  description: Why RV(permissions) was left out.
  returned: when O(user) is given and the permissions could not be read
  type: str
  sample: "permissions not read: no credentials were given (reading them needs admin rights on demo/tools)"
retries_used:
  description: How many requests were retried after a transient failure.
  returned: when greater than 0
  type: int
"""

from ansible_collections.fedora.copr.plugins.module_utils import _permissions
from ansible_collections.fedora.copr.plugins.module_utils._module import CREDENTIALS_HELP, CoprModule


def argument_spec():
    return dict(
        ownername=dict(type="str"),
        project=dict(type="str", required=True),
        user=dict(type="str"),
    )


def read(module):
    params = module.params
    owner, name = _permissions.check_project(module.owner(), params["project"])
    user = _permissions.check_user(params["user"], "user") if params["user"] is not None else None
    result = dict(changed=False)
    if user is None and not module.client.has_credentials:
        raise ValueError(
            "Reading the permissions of %s/%s needs the credentials of a user with admin rights on the project, and "
            "no API login and token were found. %s Or give user to read only can_build_in, which needs none."
            % (owner, name, CREDENTIALS_HELP.replace("<api_url>", module.client.api_url)))
    if module.client.has_credentials:
        try:
            result["permissions"] = _permissions.visible(_permissions.get_permissions(module.client, owner, name))
        except _permissions.NoAdminRights as error:
            if user is None:
                raise
            result["msg"] = "permissions not read: the API login lacks admin rights on %s/%s (%s)" % (
                owner, name, _permissions.answered(error.error))
    else:
        result["msg"] = ("permissions not read: no credentials were given (reading them needs admin rights on "
                         "%s/%s)" % (owner, name))
    if user is not None:
        result["can_build_in"] = _permissions.can_build_in(module.client, user, owner, name)
    return result


def main():
    module = CoprModule(argument_spec())
    module.run(lambda: read(module))


if __name__ == "__main__":
    main()
