#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_chroot_info
short_description: List the chroots a Fedora Copr server offers
version_added: 0.2.0
description:
  - Returns the chroots (build targets such as V(fedora-rawhide-x86_64)) that a
    L(Fedora Copr,https://copr.fedorainfracloud.org) server offers to its projects, the active ones, as copr-cli's
    C(list-chroots) does. Nothing is ever changed.
  - One HTTP request (C(/api_3/mock-chroots/list)); no credentials needed.
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
  match:
    description:
      - A Python regular expression; only the chroots whose name it matches are returned. It is searched anywhere
        in the name (V(x86_64) matches V(fedora-40-x86_64)); anchor it with V(^) and V($) to match whole names.
      - An invalid expression fails before any request.
    type: str
seealso:
  - module: fedora.copr.copr_project_chroot
  - module: fedora.copr.copr_project
"""

EXAMPLES = r"""
- name: List every chroot the server offers
  fedora.copr.copr_chroot_info:
  register: offered

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ offered.chroots | map(attribute='name') | list }}"

- name: Find the Fedora releases for x86_64 (not Rawhide)
  fedora.copr.copr_chroot_info:
    match: '^fedora-[0-9]+-x86_64$'
  register: fedora_x86_64
"""

RETURN = r"""
chroots:
  description: The chroots the server offers (those O(match) matches, when given), sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The chroot name.
      type: str
      sample: fedora-40-x86_64
    comment:
      description: The administrators' note on the chroot as plain text; V("") when there is none.
      type: str
      sample: ""
  sample:
    - name: epel-9-x86_64
      comment: ""
    - name: fedora-40-x86_64
      comment: ""
"""

import re

from ansible_collections.fedora.copr.plugins.module_utils import _chroot
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule


def compile_match(pattern):
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError("match %r is not a valid regular expression (%s): give a Python regular expression, for "
                         "example '^fedora-[0-9]+-x86_64$'." % (pattern, error))


def find_chroots(module):
    match = compile_match(module.params["match"])
    offered = _chroot.list_mock_chroots(module.client)
    chroots = [dict(name=name, comment=offered[name]) for name in sorted(offered)
               if match is None or match.search(name)]
    return dict(changed=False, chroots=chroots)


def main():
    module = CoprModule(dict(match=dict(type="str")))
    module.run(lambda: find_chroots(module))


if __name__ == "__main__":
    main()
