#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project_chroot_info
short_description: Get the per-chroot settings of a Fedora Copr project
version_added: 0.2.0
description:
  - Returns the build settings a L(Fedora Copr,https://copr.fedorainfracloud.org) project keeps for each of its
    enabled chroots (copr-cli's C(get-chroot)), as M(fedora.copr.copr_project_chroot) returns them. Nothing is ever
    changed.
  - With O(chroot), that one chroot (one request). Without it, every enabled chroot of the project, sorted by name
    (one request for the project and one per chroot).
  - A project that does not exist, or a chroot that is not enabled in it, gives an empty RV(chroots) list, not a
    failure. A disabled chroot (whose settings Copr keeps for a while) is not returned.
  - Reads need no credentials.
author:
  - Fedora Copr team (@fedora-copr)
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details:
      - The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
options:
  project:
    description:
      - Name of the project.
    type: str
    required: true
  ownername:
    description:
      - Owner of the project, a user name or a group name prefixed with V(@).
      - Defaults to O(username).
    type: str
  chroot:
    description:
      - The chroot to return (for example V(fedora-rawhide-x86_64)). Without it, every enabled chroot.
    type: str
seealso:
  - module: fedora.copr.copr_project_chroot
  - module: fedora.copr.copr_project_info
"""

EXAMPLES = r"""
- name: Read the settings of every chroot of a project
  fedora.copr.copr_project_chroot_info:
    project: hello
  register: hello_chroots

- name: Show the buildroot packages of each chroot
  ansible.builtin.debug:
    msg: "{{ hello_chroots.chroots | items2dict(key_name='mock_chroot', value_name='additional_packages') }}"

- name: Read one chroot
  fedora.copr.copr_project_chroot_info:
    project: hello
    chroot: fedora-rawhide-x86_64
  register: rawhide
"""

RETURN = r"""
chroots:
  description:
    - The settings of each chroot, sorted by chroot name, as Copr reports them (Copr's project-chroot object, the
      shape of M(fedora.copr.copr_project_chroot)'s C(chroot)).
    - V([]) when the project does not exist or the chroot is not enabled in it.
  returned: always
  type: list
  elements: dict
  contains:
    mock_chroot:
      description: The chroot name.
      type: str
      sample: fedora-rawhide-x86_64
    ownername:
      description: Owner of the project, a user or C(@group).
      type: str
      sample: demo
    projectname:
      description: Name of the project.
      type: str
      sample: hello
    additional_packages:
      description: Extra buildroot packages.
      type: list
      elements: str
      sample: [python3-devel]
    additional_repos:
      description: Extra buildroot repositories of this chroot.
      type: list
      elements: str
      sample: []
    additional_modules:
      description: Module streams enabled (C(name:stream)) or disabled (C(!name:stream)).
      type: list
      elements: str
      sample: ["nodejs:20"]
    with_opts:
      description: C(rpmbuild --with) options.
      type: list
      elements: str
      sample: []
    without_opts:
      description: C(rpmbuild --without) options.
      type: list
      elements: str
      sample: []
    isolation:
      description: Mock isolation of this chroot; V(unchanged) means the project's.
      type: str
      sample: unchanged
    comps_name:
      description: File name of the uploaded comps file, or V(null).
      type: str
      sample: null
    delete_after_days:
      description: Always V(null) here (only disabled chroots have a count, and they are not returned).
      type: int
      sample: null
"""

from ansible_collections.fedora.copr.plugins.module_utils import _chroot
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._names import check_chroot, check_owner, check_project_name


def _get(client, owner, project, chroot):
    """The enabled chroot's settings, or None (missing project or chroot, or a disabled chroot)."""
    try:
        found = _chroot.get_project_chroot(client, owner, project, chroot)
    except CoprError as error:
        if _chroot.project_missing(error):
            return None
        raise
    return _chroot.view(found) if _chroot.is_enabled(found) else None


def find_chroots(module):
    params = module.params
    owner = check_owner(module.owner(), "ownername")
    project = check_project_name(params["project"], "project")
    client = module.client
    if params["chroot"] is not None:
        found = _get(client, owner, project, check_chroot(params["chroot"], "chroot"))
        return dict(changed=False, chroots=[found] if found else [])
    whole = client.get_project(owner, project)
    names = sorted((whole or {}).get("chroot_repos") or {})
    chroots = [found for found in (_get(client, owner, project, name) for name in names) if found]
    return dict(changed=False, chroots=chroots)


def main():
    module = CoprModule(dict(project=dict(type="str", required=True), ownername=dict(type="str"),
                             chroot=dict(type="str")))
    module.run(lambda: find_chroots(module))


if __name__ == "__main__":
    main()
