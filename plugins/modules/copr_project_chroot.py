#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_project_chroot
short_description: Enable, configure and disable a chroot of a Fedora Copr project
version_added: 0.2.0
description:
  - Manage one chroot (build target such as V(fedora-rawhide-x86_64)) of a project in a
    L(Fedora Copr,https://copr.fedorainfracloud.org) build system, and the build settings Copr keeps for that
    chroot alone (copr-cli's C(edit-chroot)), through the Copr HTTP API v3.
  - With O(state=present) the chroot is enabled in the project when it is not (one project edit; the other
    enabled chroots stay), and the settings the task lists are made to match. A setting left out of the task is
    not managed.
  - With O(state=absent) the chroot is disabled in the project (one project edit). Copr keeps the settings of a
    disabled chroot (and its builds, for 7 days) and gives them back when the chroot is enabled again.
  - The project must exist; create it with M(fedora.copr.copr_project).
  - Every state needs an API login and token, even when nothing would change. Nothing is sent before they are
    found.
  - "Requests: an unchanged chroot costs one read (plus one read of the comps page when O(comps) names a file
    whose name matches Copr's copy); changing settings adds one write; enabling a chroot costs a read of the
    project and one project edit, then one chroot edit when settings are listed; disabling costs one read of
    the project and one project edit."
author:
  - Fedora Copr team (@fedora-copr)
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details:
      - No request that changes anything is sent. The chroot returned is the one Copr would report, predicted from
        the server's documented behaviour.
  diff_mode:
    support: full
    details:
      - C(before) and C(after) hold only the keys of RV(chroot) that change. When the chroot gets enabled
        C(before) is V({}) and C(after) the whole chroot; when it gets disabled C(before) is the whole chroot and
        C(after) V({}).
      - O(bootstrap) and O(bootstrap_image) never appear, as Copr does not report them.
options:
  project:
    description:
      - Name of the project.
    type: str
    required: true
  ownername:
    description:
      - Owner of the project, a user name or a group name prefixed with V(@) (for example V(@copr)).
      - Defaults to O(username).
    type: str
  chroot:
    description:
      - The chroot, as Copr names it (for example V(fedora-rawhide-x86_64) or V(epel-9-aarch64)).
      - It must be one of the chroots the Copr server offers; M(fedora.copr.copr_chroot_info) lists them. Asking
        for another one fails with the list.
    type: str
    required: true
  state:
    description:
      - V(present) enables the chroot in the project when it is not, and applies the listed settings.
      - V(absent) disables the chroot in the project. Copr keeps its settings for when it is enabled again.
        The settings options cannot be used with V(absent). The only chroot of a project cannot be disabled
        (a Copr project has at least one chroot).
    type: str
    choices: [present, absent]
    default: present
  additional_packages:
    description:
      - Packages installed in the buildroot of every build in this chroot, in addition to Copr's minimal
        buildroot (copr-cli's C(--packages)).
      - Compared as a set; the order and duplicates do not matter. V([]) removes them all.
    type: list
    elements: str
  additional_repos:
    description:
      - Repositories available in the buildroot of this chroot, in addition to the project's
        (C(http://) or C(https://) URLs, or C(copr://<owner>/<project>)).
      - Compared in order, as Copr lists them in the build's configuration. V([]) removes them all.
      - A C(copr://) project that does not exist is refused (before the chroot is enabled, when the task enables
        it).
    type: list
    elements: str
  additional_modules:
    description:
      - Module streams to enable (V(name:stream)) or disable (V(!name:stream)) in the buildroot
        (copr-cli's C(--modules)).
      - Compared as a set; the order does not matter. Each module name may appear once. V([]) removes them all.
    type: list
    elements: str
  with_opts:
    description:
      - C(rpmbuild --with) options of the builds in this chroot, without the C(--with) (for example V(tests)).
      - Compared as a set. V([]) removes them all.
    type: list
    elements: str
  without_opts:
    description:
      - C(rpmbuild --without) options of the builds in this chroot, without the C(--without) (for example V(docs)).
      - Compared as a set. V([]) removes them all.
    type: list
    elements: str
  isolation:
    description:
      - The Mock isolation of the builds in this chroot.
      - V(unchanged) (Copr's default for a chroot) uses the project's isolation; use it to remove this chroot's own
        setting.
    type: str
    choices: [unchanged, default, nspawn, simple]
  bootstrap:
    description:
      - The Mock bootstrap chroot mode of the builds in this chroot. V(custom_image) needs O(bootstrap_image).
        V(unchanged) uses the project's mode.
      - Write-only, see O(update_write_only).
    type: str
    choices: [unchanged, default, 'off', 'on', image, custom_image]
  bootstrap_image:
    description:
      - The container image of the bootstrap chroot, C(<name>[:<tag>]) (for example
        V(registry.fedoraproject.org/fedora:40)). Used with O(bootstrap=custom_image); given without O(bootstrap),
        Copr sets O(bootstrap=custom_image) itself. V("") removes it.
      - Write-only, see O(update_write_only).
    type: str
  update_write_only:
    description:
      - Copr stores O(bootstrap) and O(bootstrap_image) but never reports them (no API answer holds them), so the
        module cannot compare them.
      - With V(on_create) they are sent when the task enables the chroot. On a chroot that is already enabled they
        are not sent, and the task warns, naming them and this option.
      - With V(always) they are sent on every run that gives them; the task then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  comps:
    description:
      - Path of a comps.xml file (package groups) on the host the module runs on, uploaded as this chroot's comps
        file. V("") removes Copr's copy.
      - The file must exist, be readable and be XML whose root element is C(<comps>); otherwise the task fails
        before any request.
      - "How it is compared: Copr reports only the name of its copy (RV(chroot.comps_name), the file name of the
        upload, as with copr-cli). A different name means a different file: it is uploaded, with no further read.
        When the names match, the module reads Copr's copy from the chroot's public comps page
        (C(/coprs/<owner>/<project>/chroot/<chroot>/comps/), one more request, outside C(/api_3)) and uploads the
        file only when the bytes differ."
    type: path
notes:
  - Lists are compared after splitting them as Copr stores them (items on white space; O(additional_modules) on
    commas). Copr keeps the order of every list; only the order of O(additional_repos) is compared, since it is
    the order of the repositories in the build configuration.
  - Copr ignores an empty module list in an edit; the module sends V("") instead, so V(additional_modules=[])
    does clear the modules.
seealso:
  - module: fedora.copr.copr_project_chroot_info
  - module: fedora.copr.copr_chroot_info
  - module: fedora.copr.copr_project
  - name: Configure chroots
    description: The collection's guide to per-chroot settings.
    link: https://github.com/fedora-copr/ansible-collection-copr/blob/main/docs/guides/configure-chroots.md
"""

EXAMPLES = r"""
- name: Build in Fedora Rawhide with extra buildroot packages and rpmbuild options
  fedora.copr.copr_project_chroot:
    project: hello
    chroot: fedora-rawhide-x86_64
    additional_packages: [python3-devel, rpm-build]
    with_opts: [tests]
    without_opts: [docs]

- name: Enable EPEL 9 for the project with module streams and its own repository
  fedora.copr.copr_project_chroot:
    project: hello
    chroot: epel-9-x86_64
    additional_modules: ["nodejs:20", "!perl:5.32"]
    additional_repos: [https://repo.example.org/epel9/]
    isolation: nspawn
  register: epel

- name: Show what Copr holds for it
  ansible.builtin.debug:
    var: epel.chroot

- name: Write a comps file on the host the module runs on
  ansible.builtin.copy:
    dest: /tmp/hello-comps.xml
    mode: "0644"
    content: |
      <?xml version="1.0" encoding="UTF-8"?>
      <comps>
        <group>
          <id>hello-tools</id>
          <name>Hello tools</name>
          <packagelist><packagereq>make</packagereq></packagelist>
        </group>
      </comps>

- name: Upload it as the chroot's comps file (only when it differs from Copr's copy)
  fedora.copr.copr_project_chroot:
    project: hello
    chroot: fedora-rawhide-x86_64
    comps: /tmp/hello-comps.xml

- name: Remove the comps file again
  fedora.copr.copr_project_chroot:
    project: hello
    chroot: fedora-rawhide-x86_64
    comps: ""

- name: Use a custom bootstrap image (write-only; sent on every run with update_write_only=always)
  fedora.copr.copr_project_chroot:
    project: hello
    chroot: epel-9-x86_64
    bootstrap: custom_image
    bootstrap_image: registry.fedoraproject.org/fedora:40
    update_write_only: always

- name: Disable the chroot (Copr keeps its settings for when it is enabled again)
  fedora.copr.copr_project_chroot:
    project: hello
    chroot: epel-9-x86_64
    state: absent
"""

RETURN = r"""
chroot:
  description:
    - The chroot's settings as Copr reports them after the task (Copr's project-chroot object).
    - V({}) with O(state=absent).
    - In check mode, the settings Copr would report.
  returned: always
  type: dict
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
      description: Extra buildroot packages, in Copr's order.
      type: list
      elements: str
      sample: [python3-devel, rpm-build]
    additional_repos:
      description: Extra buildroot repositories of this chroot.
      type: list
      elements: str
      sample: [https://repo.example.org/extra/]
    additional_modules:
      description: Module streams enabled (C(name:stream)) or disabled (C(!name:stream)).
      type: list
      elements: str
      sample: ["nodejs:20", "!perl:5.32"]
    with_opts:
      description: C(rpmbuild --with) options.
      type: list
      elements: str
      sample: [tests]
    without_opts:
      description: C(rpmbuild --without) options.
      type: list
      elements: str
      sample: [docs]
    isolation:
      description: Mock isolation of this chroot; V(unchanged) means the project's.
      type: str
      sample: unchanged
    comps_name:
      description: File name of the uploaded comps file, or V(null) when there is none.
      type: str
      sample: comps.xml
    delete_after_days:
      description: Days until Copr deletes the data of a disabled chroot; V(null) for an enabled one.
      type: int
      sample: null
diff:
  description: With C(--diff), the keys of RV(chroot) that change, before and after.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Old values of the keys that change (V({}) when the chroot gets enabled).
      type: dict
    after:
      description: New values of the keys that change (V({}) when the chroot gets disabled).
      type: dict
  sample:
    before:
      with_opts: []
    after:
      with_opts: [tests]
"""

from ansible_collections.fedora.copr.plugins.module_utils import _chroot
from ansible_collections.fedora.copr.plugins.module_utils import _names
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._resource import Resource


def argument_spec():
    spec = dict(
        project=dict(type="str", required=True),
        ownername=dict(type="str"),
        chroot=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        update_write_only=dict(type="str", default="on_create", choices=["on_create", "always"]),
    )
    spec.update(_chroot.argument_spec())
    return spec


class ProjectChroot(Resource):
    """One run: reads the chroot (and the project only to enable or disable it), writes at most what differs."""

    result_key = "chroot"

    def __init__(self, module):
        super(ProjectChroot, self).__init__(module)
        params = self.params
        self.owner = _names.check_owner(module.owner(), "ownername")
        self.project = _names.check_project_name(params["project"], "project")
        self.chroot = _names.check_chroot(params["chroot"], "chroot")
        given = [option for option in _chroot.SETTING_OPTIONS if params.get(option) is not None]
        if params["state"] == "absent" and given:
            raise ValueError("%s cannot be used with state=absent: a disabled chroot keeps its settings. Leave them "
                             "out, or use state=present." % ", ".join(given))
        _chroot.check_settings(params)
        self.comps = _chroot.read_comps(params["comps"]) if params.get("comps") else None
        self.enabling = False
        self.full_name = "%s/%s" % (self.owner, self.project)
        module.require_credentials()

    # -- the Resource description ------------------------------------------------------------------------
    def read(self):
        try:
            return _chroot.get_project_chroot(self.client, self.owner, self.project, self.chroot)
        except CoprError as error:
            if _chroot.project_missing(error):
                raise ValueError(self._missing_project())
            raise

    def view(self, obj):
        return _chroot.view(obj)

    def changes(self, current):
        changes = dict((option, value) for option, value in _chroot.wanted(self.params).items()
                       if not _chroot.same(option, current.get(option), value))
        comps = self._comps_change(current)
        if comps is not None:
            changes["comps"] = comps
        write_only = _chroot.write_only(self.params)
        if write_only and (self.enabling or self.params["update_write_only"] == "always"):
            changes.update(write_only)
        elif write_only:
            self.module.warn(
                "%s not sent to the enabled chroot %s of %s: Copr never reports these settings, so they cannot be "
                "compared. They are sent when the task enables the chroot; set update_write_only=always to send "
                "them on every run (the task then reports a change)." % (
                    " and ".join(sorted(write_only)), self.chroot, self.full_name))
        return changes

    def update(self, current, changes):
        body, comps = _chroot.edit_body(changes)
        return _chroot.edit_project_chroot(self.client, self.owner, self.project, self.chroot, body, comps)

    def predict_update(self, current, changes):
        self._check_copr_repos(current, changes)
        return _chroot.predict(current, changes)

    # -- states ---------------------------------------------------------------------------------------------
    def run(self):
        if self.params["state"] == "absent":
            self.disable()
        else:
            self.enable_and_apply()
        return self.result()

    def enable_and_apply(self):
        current = self.read()
        if _chroot.is_enabled(current):
            return self.present(current)
        # Not in the project, or disabled (Copr kept the row and its settings): enable it, then edit it.
        self.enabling = self.changed = True
        self.before = {}
        if current is None:
            base = _chroot.default_object(self.owner, self.project, self.chroot)
        else:
            base = dict(current, delete_after_days=None)
        changes = self.changes(base)
        self._check_copr_repos(base, changes)
        project = self._read_project()
        if self.check_mode:
            if current is None:
                # Copr answers a GET for a disabled chroot only when it offers it; a missing one may be unknown.
                self._check_offered()
            return self.reached(_chroot.predict(base, changes))
        self._enable(project)
        return self.reached(self.update(base, changes) if changes else base)

    def disable(self):
        chroots = list(self._read_project().get("chroot_repos") or {})
        if self.chroot not in chroots:
            return None
        if chroots == [self.chroot]:
            raise ValueError(
                "%s is the only chroot enabled in %s, and a Copr project has at least one: enable another chroot "
                "first, or delete the project with fedora.copr.copr_project state=absent." % (
                    self.chroot, self.full_name))
        if self.module.diff_mode:
            self.before = self.view(self.read())
        self.changed = True
        if not self.check_mode:
            self.client.edit_project(self.owner, self.project, {"chroots": [c for c in chroots if c != self.chroot]})
        return None

    # -- helpers --------------------------------------------------------------------------------------------
    def _comps_change(self, current):
        wanted = self.params.get("comps")
        if wanted is None:
            return None
        if wanted == "":
            return "" if current.get("comps_name") else None
        name, content = self.comps
        if current.get("comps_name") == name:
            if _chroot.get_comps(self.client, self.owner, self.project, self.chroot) == content:
                return None
        return self.comps

    def _enable(self, project):
        chroots = list(project.get("chroot_repos") or {})
        if self.chroot in chroots:
            return
        try:
            self.client.edit_project(self.owner, self.project, {"chroots": chroots + [self.chroot]})
        except CoprError as error:
            if error.status == 400:
                self._check_offered()
            raise

    def _check_offered(self):
        offered = _chroot.list_mock_chroots(self.client)
        if self.chroot not in offered:
            raise ValueError(
                "chroot %s is not offered by %s: pick one of %s (fedora.copr.copr_chroot_info lists them)." % (
                    self.chroot, self.client.api_url, ", ".join(sorted(offered)) or "(none)"))

    def _check_copr_repos(self, current, changes):
        """A copr:// repository Copr would refuse, found before anything is written."""
        known = current.get("additional_repos") or []
        for owner, name in _chroot.copr_repos([r for r in changes.get("additional_repos") or [] if r not in known]):
            if self.client.get_project(owner, name) is None:
                raise ValueError("additional_repos: copr://%s/%s does not exist: create that project first, or fix "
                                 "the URL." % (owner, name))

    def _read_project(self):
        project = self.client.get_project(self.owner, self.project)
        if project is None:
            raise ValueError(self._missing_project())
        return project

    def _missing_project(self):
        return ("project %s does not exist: create it first with fedora.copr.copr_project (with this chroot in its "
                "chroots), then manage the chroot's settings with this module." % self.full_name)


def main():
    module = CoprModule(argument_spec=argument_spec())
    module.run(lambda: ProjectChroot(module).run())


if __name__ == "__main__":
    main()
