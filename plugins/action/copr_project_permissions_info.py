# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs fedora.copr.copr_project_permissions_info in the controller's worker process when the task runs on the controller."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.fedora.copr.plugins.plugin_utils._in_process import InProcessAction


class ActionModule(InProcessAction):
    pass
