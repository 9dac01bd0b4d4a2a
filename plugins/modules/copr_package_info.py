#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_package_info
short_description: Get the packages of a Fedora Copr project
version_added: 0.2.0
description:
  - Returns the packages of a project in a L(Fedora Copr,https://copr.fedorainfracloud.org) build system, as
    M(fedora.copr.copr_package) returns them (copr-cli's C(get-package) and C(list-packages)). Nothing is ever
    changed.
  - With O(name), that one package (one request). Without it, every package of the project in Copr's id order
    (one request per 1000 packages).
  - A project that does not exist, or a package that is not in it, gives an empty RV(packages) list, not a failure.
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
  name:
    description:
      - The package to return. Without it, every package of the project.
    type: str
  with_latest_build:
    description:
      - Whether Copr fills in each package's latest build (RV(packages[].builds.latest)); without it that key is
        V(null).
    type: bool
    default: false
seealso:
  - module: fedora.copr.copr_package
  - module: fedora.copr.copr_project_info
"""

EXAMPLES = r"""
- name: Read every package of a project
  fedora.copr.copr_package_info:
    project: hello
  register: hello_packages

- name: List the packages built from a Git repository
  ansible.builtin.debug:
    msg: "{{ hello_packages.packages | selectattr('source_type', 'equalto', 'scm') | map(attribute='name') | list }}"

- name: Read one package with its latest build
  fedora.copr.copr_package_info:
    project: hello
    name: hello
    with_latest_build: true
  register: hello_package

- name: Show where it builds from and its latest build
  ansible.builtin.debug:
    msg: "{{ hello_package.packages[0].source_dict.clone_url }}: {{ hello_package.packages[0].builds.latest }}"
  when: hello_package.packages | length > 0
"""

RETURN = r"""
packages:
  description:
    - The packages, each as Copr reports it (the shape of M(fedora.copr.copr_package)'s RV(fedora.copr.copr_package#module:package)).
    - With O(name), a list of that one package; V([]) when the project or the package does not exist.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Copr's id of the package.
      type: int
      sample: 4242
    name:
      description: Name of the package.
      type: str
      sample: hello
    ownername:
      description: Owner of the project, a user or C(@group).
      type: str
      sample: demo
    projectname:
      description: Name of the project.
      type: str
      sample: hello
    source_type:
      description: The source type (V(scm), V(pypi), V(rubygems), V(custom), V(distgit), V(unset) after a reset, or
        another type Copr gave a package built from an upload or a URL).
      type: str
      sample: scm
    source_dict:
      description: The source's settings (see M(fedora.copr.copr_package)'s O(fedora.copr.copr_package#module:source)).
      type: dict
      sample:
        type: git
        clone_url: https://github.com/example/hello.git
        subdirectory: null
        committish: main
        spec: hello.spec
        source_build_method: rpkg
    auto_rebuild:
      description: Whether the SCM webhook rebuilds the package.
      type: bool
      sample: true
    builds:
      description: The package's builds Copr adds to it.
      type: dict
      contains:
        latest:
          description: With O(with_latest_build), the package's latest build as Copr reports it (Copr's build
            object); else, or when the package has no build, V(null).
          type: dict
          sample: null
        latest_succeeded:
          description: Always V(null) (the module does not ask Copr for it).
          type: dict
          sample: null
"""

from ansible_collections.fedora.copr.plugins.module_utils import _names
from ansible_collections.fedora.copr.plugins.module_utils import _package
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule


def find_packages(module):
    params = module.params
    owner = _names.check_owner(module.owner(), "ownername")
    project = _names.check_project_name(params["project"], "project")
    name = params["name"]
    if name is not None:
        name = _package.check_package_name(name, "name")
    latest = params["with_latest_build"]
    try:
        if name is not None:
            found = _package.get_package(module.client, owner, project, name, with_latest_build=latest)
            packages = [found] if found is not None else []
        else:
            packages = _package.list_packages(module.client, owner, project, with_latest_build=latest)
    except CoprError as error:
        if _package.project_missing(error):
            packages = []
        else:
            raise
    return dict(changed=False, packages=packages)


def main():
    module = CoprModule(dict(project=dict(type="str", required=True), ownername=dict(type="str"),
                             name=dict(type="str"), with_latest_build=dict(type="bool", default=False)))
    module.run(lambda: find_packages(module))


if __name__ == "__main__":
    main()
