#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project
short_description: Create, change, fork and delete Fedora Copr projects
version_added: 0.1.0
description:
  - Manage a project in a L(Fedora Copr,https://copr.fedorainfracloud.org) build system through the Copr
    HTTP API v3.
  - With O(state=present) the project is created when missing, and the settings the task lists are made to match.
    A setting left out of the task is not managed.
  - With O(state=forked) the project is created as a fork of O(source) when missing; then the listed settings are
    applied as with O(state=present).
  - With O(state=absent) the project is deleted.
  - Every state needs an API login and token, even when nothing would change, so that missing credentials show up
    on the first run rather than on the first change. Nothing is sent before they are found.
  - "An unchanged project costs one HTTP request: the module reads the project once and sends nothing else."
author:
  - Fedora Copr team (@fedora-copr)
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details:
      - No request that changes anything is sent. The project returned is the one Copr would report, predicted
        from the server's documented behaviour. Values only Copr can know are V(null) in a predicted new project
        (RV(project.id), and the RV(project.chroot_repos) URLs unless the Copr instance is Fedora's or the URLs
        can be derived from an existing project).
  diff_mode:
    support: full
    details:
      - C(before) and C(after) hold only the keys of RV(project) that change. On creation (or a fork) C(before) is
        V({}) and C(after) the whole new project; on deletion C(before) is the whole project and C(after) V({}).
options:
  name:
    description:
      - Name of the project.
      - Letters, digits, underscores, dashes and dots; not only digits; at most 100 characters.
      - Used exactly as given; a value with white space at either end is refused before any request, not trimmed.
        The same holds for O(ownername), O(source) and each of O(chroots).
    type: str
    required: true
  ownername:
    description:
      - Owner of the project, a user name or a group name prefixed with V(@) (for example V(@copr)).
      - Defaults to O(username).
    type: str
  state:
    description:
      - V(present) creates the project when missing and applies the listed settings.
      - V(absent) deletes the project. The module returns the project as it was before deletion.
      - V(forked) forks O(source) into O(ownername)/O(name) when that project is missing, then applies the
        listed settings. An existing destination is not forked again unless O(force=true).
    type: str
    choices: [present, absent, forked]
    default: present
  source:
    description:
      - The project to fork, as C(owner/project) (for example V(@copr/copr-dev)). Required with O(state=forked);
        used only then.
      - It must not be the destination project.
    type: str
  force:
    description:
      - With O(state=forked) and an existing destination, fork O(source) into it again (Copr's C(confirm)). The
        destination keeps its settings and gains the source's packages and builds. The task reports a change.
    type: bool
    default: false
  chroots:
    description:
      - The chroots (build targets) enabled in the project, such as V(fedora-rawhide-x86_64) or V(epel-9-x86_64).
      - Required to create a project.
      - See O(purge_chroots) for what happens to enabled chroots that are not listed.
    type: list
    elements: str
  purge_chroots:
    description:
      - With V(true), O(chroots) is the exact set; enabled chroots that are not listed are disabled (Copr keeps
        their results for 7 days).
      - With V(false), listed chroots are enabled and the others left alone.
    type: bool
    default: true
  description:
    description:
      - Description of the project (Markdown). V("") clears it.
    type: str
  instructions:
    description:
      - Installation instructions (Markdown). V("") clears them.
    type: str
  homepage:
    description:
      - Homepage URL of the project.
      - Copr cannot clear a homepage once set; an empty value fails.
    type: str
  contact:
    description:
      - E-mail address or URL for contacting the project's maintainers.
      - Copr cannot clear a contact once set; an empty value fails.
    type: str
  additional_repos:
    description:
      - URLs of extra repositories available in the buildroot (C(http://), C(https://) or C(copr://owner/project)).
        V([]) clears them.
    type: list
    elements: str
  enable_net:
    description:
      - Whether builds may access the network. Copr creates projects with V(false).
    type: bool
  persistent:
    description:
      - Whether the project and its builds are protected against deletion. Only Copr administrators may set it, and
        only when the project is created; asking to change it on an existing project fails.
    type: bool
  auto_prune:
    description:
      - Whether old builds are deleted automatically. Copr creates projects with V(true); only Copr administrators
        may set V(false).
    type: bool
  unlisted_on_hp:
    description:
      - Whether the project is hidden from the Copr home page.
    type: bool
  devel_mode:
    description:
      - Whether Copr does not regenerate the repositories after each build (the manual createrepo mode). Use
        O(regenerate_repos) to regenerate them.
    type: bool
  bootstrap:
    description:
      - The Mock bootstrap chroot mode.
    type: str
    choices: [default, 'on', 'off', image]
  isolation:
    description:
      - The Mock isolation mode of the builds.
    type: str
    choices: [default, simple, nspawn]
  module_hotfixes:
    description:
      - Whether the repositories set C(module_hotfixes=1), so their packages override modular ones.
    type: bool
  appstream:
    description:
      - Whether Copr generates AppStream metadata for the repositories.
    type: bool
  follow_fedora_branching:
    description:
      - Whether a new Fedora branch gets its chroot enabled automatically. Copr creates projects with V(true).
    type: bool
  repo_priority:
    description:
      - The priority of the project's repositories in dnf (at least 1; a project without one uses dnf's default 99).
      - Copr cannot clear a priority once set.
    type: int
  packit_forge_projects_allowed:
    description:
      - Forge projects (such as V(github.com/owner/repo)) allowed to build in this project through Packit.
        Copr strips URL schemes. V([]) clears the list.
    type: list
    elements: str
  storage:
    description:
      - Where Copr stores the project's results, V(backend) or V(pulp). Chosen when the project is created; Copr's
        default is V(backend), which is not sent (Copr refuses any O(storage) from a user who is not a Copr
        administrator, so only administrators can create a V(pulp) project).
      - Copr cannot move a project to another storage, so asking an existing project for another value fails
        before any write.
    type: str
    choices: [backend, pulp]
    version_added: 0.2.0
  runtime_dependencies:
    description:
      - Repositories that the project's packages need at run time (C(copr://owner/project) or C(http[s]://) URLs).
      - Not in the project object. When the task sets it on an existing project, the module reads it from
        Copr's rpmrepo data (one more request; Copr lists the dependencies of the listed Copr projects too, which
        count as matching) and sends it only when it differs.
      - Copr caches the rpmrepo data for 2 minutes, so a re-run within 2 minutes of a change still sees the old
        list and sends the same list again, reporting a change; later runs report none.
    type: list
    elements: str
  multilib:
    description:
      - Whether the x86_64 repositories also carry i386 packages.
      - Write-only (nothing Copr reports shows it); see O(update_write_only).
    type: bool
  fedora_review:
    description:
      - Whether Copr runs C(fedora-review) after each build.
      - Write-only (nothing Copr reports shows it); see O(update_write_only).
    type: bool
  delete_after_days:
    description:
      - Delete the project after this many days (0 to 720); V(-1) cancels a scheduled deletion.
      - Not in the project object. On an existing project the module reads the days left from Copr's rpmrepo data
        (one more request) and sends the value only when it differs. Copr's deadline is the midnight after
        O(delete_after_days) + 1 days and it reports whole days left, so a re-run the same day matches, and a
        re-run on a later day sets the deadline again (a change). Within 2 minutes of a change Copr's cache still
        shows the old value (see O(runtime_dependencies)).
    type: int
  update_write_only:
    description:
      - What to do with O(multilib) and O(fedora_review), which Copr accepts but never reports, on an existing
        project.
      - V(on_create) sends them only when the project is created (or forked); on an existing project they are
        not sent, and the task warns, naming them and this option.
      - V(always) sends them whenever the task gives them; the task then reports a change on every run, as it
        cannot tell whether they differ. It also sends O(runtime_dependencies) and O(delete_after_days) without
        reading them first.
    type: str
    choices: [on_create, always]
    default: on_create
    version_added: 0.2.0
  regenerate_repos:
    description:
      - After the state is reached, ask Copr to regenerate the project's repositories (useful with
        O(devel_mode=true)). The task then reports a change. Not allowed with O(state=absent).
    type: bool
    default: false
notes:
  - When several tasks create the same project at once, one project is made and only the task whose add created
    it reports a change; the others get Copr's answer that the project exists (the first add is sent without
    C(exist_ok)), read it, and change only what differs. An add repeated after a lost answer cannot tell whether
    the lost attempt or another task created the project, and reports a change.
  - Copr creates a fork's project, chroots, packages and build records at once, but its backend copies the built
    RPMs and regenerates the repositories afterwards, which may take a few minutes.
  - Options are compared with what Copr reports after normalising them the way Copr stores them (URL schemes
    stripped from O(packit_forge_projects_allowed), list items split on whitespace).
seealso:
  - module: fedora.copr.copr_project_info
  - plugin: fedora.copr.copr_repo_url
    plugin_type: lookup
  - name: Copr API v3
    description: The Copr frontend's API documentation.
    link: https://copr.fedorainfracloud.org/api_3/docs
"""

EXAMPLES = r"""
- name: Create a project, or make its listed settings match
  fedora.copr.copr_project:
    name: hello
    chroots:
      - fedora-rawhide-x86_64
      - epel-9-x86_64
    description: A friendly greeting, packaged.
    instructions: "Run `dnf copr enable demo/hello`, then `dnf install hello`."
    enable_net: false
  register: hello

- name: Show the repository of a chroot
  ansible.builtin.debug:
    msg: "{{ hello.project.chroot_repos['fedora-rawhide-x86_64'] }}"

- name: Enable one more chroot without touching the others
  fedora.copr.copr_project:
    name: hello
    chroots:
      - fedora-40-x86_64
    purge_chroots: false

- name: Create a group project with credentials given in the task
  fedora.copr.copr_project:
    api_login: "{{ copr_login }}"
    api_token: "{{ copr_token }}"
    ownername: "@demo-team"
    name: team-tools
    chroots: [fedora-40-x86_64]
    homepage: https://example.org/team-tools
    repo_priority: 10

- name: Fork a project into your namespace
  fedora.copr.copr_project:
    state: forked
    source: "@demo-team/team-tools"
    name: my-team-tools
    description: My fork of team-tools

- name: Regenerate the repositories of a project in devel mode
  fedora.copr.copr_project:
    name: hello
    devel_mode: true
    regenerate_repos: true

- name: Delete a project
  fedora.copr.copr_project:
    name: hello
    state: absent

- name: Set credentials once for every fedora.copr module
  module_defaults:
    group/fedora.copr.copr:
      api_url: "{{ copr_url }}"
      api_login: "{{ copr_login }}"
      api_token: "{{ copr_token }}"
      username: demo
  block:
    - name: A short-lived project (delete_after_days is read back from Copr's rpmrepo data)
      fedora.copr.copr_project:
        name: playground
        chroots: [fedora-rawhide-x86_64]
        delete_after_days: 30
        fedora_review: true  # Copr never reports it: sent on creation only (update_write_only)
"""

RETURN = r"""
project:
  description:
    - The project as Copr reports it after the task, plus RV(project.chroots).
    - With O(state=absent), the project as it was before deletion, or V({}) when it did not exist.
    - In check mode, the project Copr would report (see the C(check_mode) attribute).
  returned: always
  type: dict
  contains:
    id:
      description: Numeric ID of the project (V(null) for a project predicted in check mode).
      type: int
      sample: 91234
    name:
      description: Name of the project.
      type: str
      sample: hello
    ownername:
      description: Owner of the project, a user or C(@group).
      type: str
      sample: demo
    full_name:
      description: C(<ownername>/<name>).
      type: str
      sample: demo/hello
    description:
      description: Description of the project.
      type: str
      sample: A friendly greeting, packaged.
    instructions:
      description: Installation instructions.
      type: str
      sample: ""
    homepage:
      description: Homepage URL, or V(null).
      type: str
      sample: https://example.org/hello
    contact:
      description: Contact e-mail or URL, or V(null).
      type: str
      sample: null
    additional_repos:
      description: Extra buildroot repositories.
      type: list
      elements: str
      sample: []
    enable_net:
      description: Whether builds may access the network.
      type: bool
      sample: false
    persistent:
      description: Whether the project is protected against deletion.
      type: bool
      sample: false
    auto_prune:
      description: Whether old builds are pruned automatically.
      type: bool
      sample: true
    unlisted_on_hp:
      description: Whether the project is hidden from the home page.
      type: bool
      sample: false
    devel_mode:
      description: Whether automatic createrepo is off.
      type: bool
      sample: false
    bootstrap:
      description: Mock bootstrap mode.
      type: str
      sample: default
    isolation:
      description: Mock isolation mode.
      type: str
      sample: default
    module_hotfixes:
      description: Whether the repositories set C(module_hotfixes).
      type: bool
      sample: false
    appstream:
      description: Whether AppStream metadata is generated.
      type: bool
      sample: false
    follow_fedora_branching:
      description: Whether new Fedora branches are enabled automatically.
      type: bool
      sample: true
    repo_priority:
      description: Repository priority, or V(null) for dnf's default.
      type: int
      sample: null
    packit_forge_projects_allowed:
      description: Forge projects allowed to build through Packit.
      type: list
      elements: str
      sample: []
    storage:
      description: Where Copr stores the results, V(backend) or V(pulp).
      type: str
      sample: backend
    chroot_repos:
      description:
        - Base URL of the repository of each enabled chroot.
        - In check mode the URLs of chroots not yet enabled are V(null) when they cannot be derived.
      type: dict
      sample:
        fedora-rawhide-x86_64: https://download.copr.fedorainfracloud.org/results/demo/hello/fedora-rawhide-x86_64/
    chroots:
      description: The enabled chroots, sorted (the keys of RV(project.chroot_repos)). Added by this module.
      type: list
      elements: str
      sample: [epel-9-x86_64, fedora-rawhide-x86_64]
msg:
  description:
    - "What the task did (in check mode, would do), such as C(Created demo/hello.),
      C(Changed demo/hello: chroots, description.), C(demo/hello is up to date.) or C(Deleted demo/hello.)."
    - For forks, a reminder that Copr's backend copies the builds afterwards.
    - On failure, what went wrong and how to fix it.
  returned: always
  type: str
  sample: >-
    Forked @demo-team/team-tools into demo/my-team-tools; Copr's backend copies the fork's builds and
    regenerates its repositories afterwards, which may take a few minutes.
status:
  description: The HTTP status of Copr's answer to the request that failed (V(null) when no answer came).
  returned: on failure, when a Copr request failed
  type: int
  sample: 400
retries_used:
  description: How many requests were repeated after a transient failure (see O(retries)).
  returned: when greater than 0, also on failure
  type: int
  sample: 1
diff:
  description: With C(--diff), the keys of RV(project) that change, before and after.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Old values of the keys that change (V({}) on creation).
      type: dict
    after:
      description: New values of the keys that change (V({}) on deletion).
      type: dict
  sample:
    before:
      description: old text
    after:
      description: new text
"""

from ansible_collections.fedora.copr.plugins.module_utils import _names
from ansible_collections.fedora.copr.plugins.module_utils import _project
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._resource import Resource, diff

FORK_NOTE = (
    "Copr's backend copies the fork's builds and regenerates its repositories afterwards, which may take a few "
    "minutes."
)


def argument_spec():
    spec = dict(
        name=dict(type="str", required=True),
        ownername=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent", "forked"]),
        source=dict(type="str"),
        force=dict(type="bool", default=False),
        chroots=dict(type="list", elements="str"),
        purge_chroots=dict(type="bool", default=True),
        regenerate_repos=dict(type="bool", default=False),
        update_write_only=dict(type="str", default="on_create", choices=list(_project.UPDATE_WRITE_ONLY_CHOICES)),
    )
    spec.update(_project.argument_spec())
    return spec


def check_params(params, owner, name):
    """Everything that can be refused before any request. Returns the fork source (owner, name) or None."""
    for chroot in params.get("chroots") or []:
        _names.check_chroot(chroot, "chroots")
    _project.check_settings(params)
    source = _fork_source(params, owner, name)
    if params["state"] == "absent" and params.get("regenerate_repos"):
        raise ValueError("regenerate_repos cannot be used with state=absent.")
    return source


def _fork_source(params, owner, name):
    state = params["state"]
    if state != "forked":
        if params.get("source") is not None:
            raise ValueError("source is used only with state=forked (state is %s)." % state)
        if params.get("force"):
            raise ValueError("force is used only with state=forked (state is %s)." % state)
        return None
    if not params.get("source"):
        raise ValueError("source is required with state=forked: give the project to fork as owner/project.")
    source = _names.split_full_name(params["source"], "source")
    if source == (owner, name):
        raise ValueError(
            "source %s/%s is the destination project itself; a project cannot be forked into itself. "
            "Set name or ownername to choose another destination." % source
        )
    return source


def _name_release(project):
    """``fedora-40`` of a project's first chroot (rpmrepo's last segment; Copr does not check it)."""
    chroots = _project.enabled_chroots(project)
    return chroots[0].rsplit("-", 1)[0] if chroots else "fedora-rawhide"


class Project(Resource):
    """One run of the module: reads the project once, decides, writes at most what is needed."""

    result_key = "project"

    def __init__(self, module):
        super(Project, self).__init__(module)
        self.name = _names.check_project_name(self.params["name"], "name")
        self.owner = _names.check_owner(module.owner(), "ownername")
        self.source = check_params(self.params, self.owner, self.name)
        self.fresh = False  # a project just forked: its write-only settings are sent once
        self.msg = None
        module.require_credentials()

    # -- the Resource description ------------------------------------------------------------------------
    def read(self):
        return self.client.get_project(self.owner, self.name)

    def view(self, obj):
        return _project.with_chroots(obj)

    def changes(self, current):
        if not self.fresh:
            _project.check_create_only(current, self.params)
        read_back = None
        if _project.needs_rpmrepo(self.params, include_write_only=self.fresh):
            read_back = self._rpmrepo_settings(current)
        unsent = _project.unsent_write_only(self.params, include_write_only=self.fresh)
        if unsent:
            self.module.warn(
                "Not sent to the existing project %s/%s: %s. Copr never reports these settings, so they cannot be "
                "compared and are sent only when a project is created (update_write_only: on_create). Set "
                "update_write_only: always to send them on every run (the task then reports a change)."
                % (self.owner, self.name, ", ".join(unsent)))
        return _project.edit_body(current, self.params, include_write_only=self.fresh, read_back=read_back)

    def _rpmrepo_settings(self, current):
        """The write-only settings rpmrepo shows for the project (one GET; more only for transitive dependencies)."""
        data = self.client.get_rpmrepo(self.owner, self.name, _name_release(current))
        if data is None:  # no rpmrepo data for a project that exists: cannot compare, so send
            data = {"delete_after_days": -2, "dependencies": [{"type": "unknown", "data": {"pattern": ""}}]}

        def dependencies_of(owner, name):
            found = self.client.get_rpmrepo(owner, name)
            return _project.rpmrepo_dependency_urls(found) if found else []

        return _project.rpmrepo_settings(data, dependencies_of)

    def update(self, current, changes):
        return self.client.edit_project(self.owner, self.name, changes)

    def predict_update(self, current, changes):
        return _project.predict_edit(current, changes)

    def create(self):
        project, created = self.client.create_project(self.owner, _project.add_body(self.name, self.params))
        if not created:
            # Another task created it between our read and our add: this task did not create it, so it reports
            # a change only if it has to change what the other one made (read once more, then compare).
            project = self.read()
            if project is None:
                raise ValueError("Copr says %s/%s exists, but it cannot be read; run the task again."
                                 % (self.owner, self.name))
            self.changed = False
            self.before = self.view(project)
            return self.apply(project)
        # A retried add (exist_ok) may return a project created meanwhile by someone else, unchanged. Make the
        # readable settings match with one edit (persistent cannot change after creation: left as it is).
        edit = _project.edit_body(project, self.params)
        if edit:
            project = self.client.edit_project(self.owner, self.name, edit)
        return project

    def predict_create(self):
        body = _project.add_body(self.name, self.params)
        base = _project.backend_repo_base(self.client.api_url, self.owner, self.name)
        return _project.predict_add(self.owner, self.name, body, base)

    # -- states ---------------------------------------------------------------------------------------------
    def run(self):
        state = self.params["state"]
        if state == "absent":
            self.absent()
            # the project as it was before deletion
            return self.result(self.before, msg=self._summary())
        if state == "forked":
            self.forked()
        else:
            self.present()
        msg = self.msg or self._summary()
        if self.params.get("regenerate_repos"):
            self.changed = True
            if not self.check_mode:
                self.reached(self.client.regenerate_repos(self.owner, self.name))
            msg += " %s Copr to regenerate its repositories." % ("Would ask" if self.check_mode else "Asked")
        return self.result(msg=msg)

    def _summary(self):
        """One sentence saying what the task did (or would do, in check mode) to the project."""
        full_name = "%s/%s" % (self.owner, self.name)
        would = self.check_mode
        if self.params["state"] == "absent":
            if not self.changed:
                return "%s does not exist; nothing to delete." % full_name
            return "%s %s." % ("Would delete" if would else "Deleted", full_name)
        if not self.changed:
            return "%s is up to date." % full_name
        if not self.before:
            return "%s %s." % ("Would create" if would else "Created", full_name)
        changes = diff(self.before, self.after)
        keys = sorted(set(changes["before"]) | set(changes["after"]))
        keys = [key for key in keys if key != "chroot_repos"] or ["write-only settings"]
        return "%s %s: %s." % ("Would change" if would else "Changed", full_name, ", ".join(keys))

    def absent(self, current=None):
        """In check mode one read; otherwise one DELETE and no GET: Copr answers with the project as it was, or
        404 when there is none."""
        if self.check_mode:
            return super(Project, self).absent()
        # {} comes back when a retried DELETE gets 404 after an earlier try whose answer was lost: that try
        # deleted the project, but what it looked like is unknown.
        deleted = self.client.delete_project(self.owner, self.name, last_known={})
        self.changed = deleted is not None
        self.before = self.view(deleted)
        return None

    def forked(self):
        current = self.read()
        if current is not None and not self.params.get("force"):
            return self.present(current)
        self.before = self.view(current)
        self.changed = True
        source = "%s/%s" % self.source
        destination = "%s/%s" % (self.owner, self.name)
        if current is not None:
            # force: fork into the existing project again; it keeps its settings and gains builds.
            if self.check_mode:
                self._check_source()
                project = current
            else:
                project = self._fork(existing=True)
            self.msg = "%s %s into the existing project %s again; %s" % (
                "Would fork" if self.check_mode else "Forked", source, destination, FORK_NOTE)
        else:
            if self.check_mode:
                project = _project.predict_fork(self._check_source(), self.owner, self.name)
            else:
                project = self._fork(existing=False)
            self.msg = "%s %s into %s; %s" % ("Would fork" if self.check_mode else "Forked", source, destination,
                                              FORK_NOTE)
            self.fresh = True
        return self.reached(self.apply(project))

    def _check_source(self):
        source = self.client.get_project(*self.source)
        if source is None:
            raise ValueError(self._missing_source())
        return source

    def _fork(self, existing):
        def destination_exists():
            # Called by the client before it retries a fork whose answer was lost: if the destination
            # exists now, the first try went through, and it is returned instead of forking twice.
            return self.client.get_project(self.owner, self.name)

        # Always confirm=True: whether the destination exists was checked with our own GET. Copr's "You are
        # about to fork into existing project" pre-check looks at the caller's personal projects, not at the
        # destination owner, so without confirm it refuses to fork demo/x into a missing @team/x. A retry after
        # a lost answer is guarded by before_retry for a new destination; a forced fork into an existing one
        # is not retried once it may have reached the server.
        try:
            return self.client.fork_project(
                self.source[0], self.source[1], self.owner, self.name, confirm=True,
                before_retry=None if existing else destination_exists,
            )
        except CoprError as err:
            if err.missing:
                raise ValueError(self._missing_source())
            raise

    def _missing_source(self):
        return "source project %s/%s does not exist (Copr answered 404)." % self.source


def main():
    module = CoprModule(argument_spec=argument_spec())
    module.run(lambda: Project(module).run())


if __name__ == "__main__":
    main()
