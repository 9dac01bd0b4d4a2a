#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: copr_project_info
short_description: Get, list or search Fedora Copr projects
version_added: 0.1.0
description:
  - Reads projects from a Copr build system through its HTTP API v3 and returns them. Nothing is ever changed.
  - With O(name), returns that one project of O(ownername) (or of O(username)); a project that does not exist
    gives an empty RV(projects) list, not a failure.
  - With O(query), runs Copr's project search.
  - Otherwise lists the projects of O(ownername) (or of O(username)), a user or a C(@group).
  - Reads need no credentials.
author:
  - Fedora Copr team (@fedora-copr)
options:
  name:
    description:
      - Name of one project to return.
      - Used exactly as given, as O(ownername) is; a value with white space at either end is refused before any
        request, not trimmed.
      - Mutually exclusive with O(query) and with the paging options O(limit), O(offset), O(order) and O(order_type).
    type: str
  ownername:
    description:
      - Owner of the projects, a user name or a group name written with a leading C(@) (C(@copr)).
      - Defaults to O(username).
      - With O(name) or without O(query), an owner is required, from this option or from O(username).
      - A user's list holds only the user's personal projects, not those of the user's groups.
    type: str
  query:
    description:
      - Copr full-text search over project names and descriptions (at least 3 characters).
      - A query with a C(/), such as V(jdoe/tool), matches the part before the C(/) against the user name of the
        project's creator and the part after it against the project name, each as a case-insensitive substring.
      - The server always sorts search results newest first; O(order) only breaks ties.
      - Mutually exclusive with O(name) and O(ownername).
    type: str
  limit:
    description:
      - Return at most this many projects (list and search).
      - Without it (or with V(0)) every matching project is returned, in one request; Copr has no default limit.
    type: int
  offset:
    description:
      - Skip this many projects before the first one returned (list and search). Defaults to V(0) on the server.
    type: int
  order:
    description:
      - Column of Copr's project table to sort by (list and search). The server default is V(id).
      - Only real table columns work on the server (for example V(full_name) does not), so the choices are limited to
        columns that exist.
    type: str
    choices:
      - id
      - name
      - created_on
      - description
      - instructions
      - homepage
      - contact
      - persistent
      - unlisted_on_hp
      - auto_prune
      - isolation
      - bootstrap
      - follow_fedora_branching
      - module_hotfixes
      - appstream
      - user_id
      - group_id
      - forked_from_id
  order_type:
    description:
      - Sort direction for O(order). The server default is V(ASC).
    type: str
    choices: [ASC, DESC]
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details: The module never changes anything, so it runs the same in check mode.
  diff_mode:
    support: none
notes:
  - Projects are returned as Copr reports them, plus a sorted RV(projects[].chroots) list.
seealso:
  - module: fedora.copr.copr_project
  - plugin: fedora.copr.copr_repo_url
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: Get one project (empty list when it does not exist)
  fedora.copr.copr_project_info:
    ownername: demo
    name: hello
  register: hello

- name: Show its enabled chroots
  ansible.builtin.debug:
    msg: "{{ hello.projects[0].chroots if hello.projects else 'demo/hello does not exist' }}"

- name: List every project of a group, in one request
  fedora.copr.copr_project_info:
    ownername: "@demo-team"
  register: team

- name: The ten newest projects of the configured user
  fedora.copr.copr_project_info:
    limit: 10
    order: created_on
    order_type: DESC

- name: Search
  fedora.copr.copr_project_info:
    query: hello
    limit: 20
  register: found

- name: Page through a long list, 50 at a time
  fedora.copr.copr_project_info:
    ownername: demo
    limit: 50
    offset: "{{ item * 50 }}"
    order: name
  loop: "{{ range(0, 3) | list }}"
"""

RETURN = r"""
projects:
  description:
    - The projects found, each as Copr reports it with an added C(chroots) key.
    - Empty when the project named by O(name) does not exist or nothing matched.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Copr's numeric project id.
      type: int
      sample: 123
    name:
      description: Project name.
      type: str
      sample: hello
    ownername:
      description: Owner, a user name or C(@group).
      type: str
      sample: demo
    full_name:
      description: C(<ownername>/<name>).
      type: str
      sample: demo/hello
    description:
      description: Project description.
      type: str
    instructions:
      description: Installation instructions.
      type: str
    homepage:
      description: Home page URL, or null.
      type: str
    contact:
      description: Contact e-mail or URL, or null.
      type: str
    devel_mode:
      description: Whether automatic createrepo is off.
      type: bool
    persistent:
      description: Whether builds and the project are protected against deletion.
      type: bool
    unlisted_on_hp:
      description: Whether the project is hidden from Copr's home page.
      type: bool
    auto_prune:
      description: Whether old builds are pruned automatically.
      type: bool
    enable_net:
      description: Whether builds have network access by default.
      type: bool
    bootstrap:
      description: Mock bootstrap setting.
      type: str
      sample: default
    isolation:
      description: Build isolation setting.
      type: str
      sample: default
    module_hotfixes:
      description: Whether the repositories set C(module_hotfixes).
      type: bool
    appstream:
      description: Whether AppStream metadata is generated.
      type: bool
    follow_fedora_branching:
      description: Whether new Fedora branches are enabled automatically.
      type: bool
    packit_forge_projects_allowed:
      description: Forge projects allowed to build here through Packit.
      type: list
      elements: str
    additional_repos:
      description: Extra build repositories.
      type: list
      elements: str
    repo_priority:
      description: Repository priority, or null for dnf's default.
      type: int
    storage:
      description: Storage back end, C(backend) or C(pulp).
      type: str
    chroot_repos:
      description: Map of each enabled chroot to its repository base URL.
      type: dict
      sample: {"fedora-40-x86_64": "https://download.copr.fedorainfracloud.org/results/demo/hello/fedora-40-x86_64/"}
    chroots:
      description: Sorted names of the enabled chroots (the keys of C(chroot_repos)).
      type: list
      elements: str
      sample: [epel-9-x86_64, fedora-40-x86_64]
  sample:
    - id: 123
      name: hello
      ownername: demo
      full_name: demo/hello
      chroots: [fedora-40-x86_64]
retries_used:
  description: How many requests were retried after a transient failure.
  returned: when greater than 0, also on failure
  type: int
  sample: 1
status:
  description: The HTTP status of Copr's answer to the request that failed (V(null) when no answer came).
  returned: on failure, when a Copr request failed
  type: int
  sample: 404
"""

from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._names import check_owner, check_project_name
from ansible_collections.fedora.copr.plugins.module_utils._project import with_chroots

# Columns of Copr's ``copr`` table that the API's paginator can sort by. Sorting by anything that is not a
# real column (``full_name``, ``enable_net``, ...) makes the server answer HTTP 500, so the choices stop here.
ORDER_COLUMNS = (
    "id",
    "name",
    "created_on",
    "description",
    "instructions",
    "homepage",
    "contact",
    "persistent",
    "unlisted_on_hp",
    "auto_prune",
    "isolation",
    "bootstrap",
    "follow_fedora_branching",
    "module_hotfixes",
    "appstream",
    "user_id",
    "group_id",
    "forked_from_id",
)

PAGING_OPTIONS = ("limit", "offset", "order", "order_type")


def argument_spec():
    return dict(
        name=dict(type="str"),
        ownername=dict(type="str"),
        query=dict(type="str"),
        limit=dict(type="int"),
        offset=dict(type="int"),
        order=dict(type="str", choices=list(ORDER_COLUMNS)),
        order_type=dict(type="str", choices=["ASC", "DESC"]),
    )


def check_paging(params):
    """Copr answers HTTP 500 (a database error) to negative numbers: refuse them before any request."""
    for option in ("limit", "offset"):
        value = params[option]
        if value is not None and value < 0:
            raise ValueError("%s must be 0 or greater, got %d." % (option, value))


def paging(params):
    return dict((option, params[option]) for option in PAGING_OPTIONS)


def find_projects(module):
    params = module.params
    check_paging(params)
    client = module.client
    if params["name"] is not None:
        name = check_project_name(params["name"], "name")
        owner = check_owner(module.owner(), "ownername")
        project = client.get_project(owner, name)
        return [] if project is None else [project]
    if params["query"] is not None:
        return client.search_projects(params["query"], **paging(params))
    owner = check_owner(module.owner(), "ownername")
    return client.list_projects(owner=owner, **paging(params))


def main():
    module = CoprModule(
        argument_spec(),
        mutually_exclusive=[("name", "query"), ("query", "ownername")]
        + [("name", option) for option in PAGING_OPTIONS],
    )
    module.run(lambda: dict(changed=False, projects=[with_chroots(project) for project in find_projects(module)]))


if __name__ == "__main__":
    main()
