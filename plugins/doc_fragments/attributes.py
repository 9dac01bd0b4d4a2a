# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Attributes of the collection's modules; each module sets `support:` (and `details:`) in its own
    # `attributes:` section.
    DOCUMENTATION = r"""
notes:
  - When the task runs on the controller (a C(local) connection, without C(become), C(async) or the
    C(environment) keyword), the module runs in Ansible's worker process instead of a module process of its own,
    with the same validation, results and errors, and the items of a loop share one connection to Copr. The
    variable C(fedora_copr_in_process), the environment variable E(FEDORA_COPR_IN_PROCESS) or C(in_process) in the
    C([fedora.copr]) section of C(ansible.cfg) set to V(false) turn this off. See C(docs/guides/where-modules-run.md).
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  action_group:
    description: Use C(group/fedora.copr.copr) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - fedora.copr.copr
"""
