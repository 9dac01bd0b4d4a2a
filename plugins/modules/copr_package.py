#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: copr_package
short_description: Define, change and remove a package of a Fedora Copr project
version_added: 0.2.0
description:
  - Manage one package of a project in a L(Fedora Copr,https://copr.fedorainfracloud.org) build system, that is
    where Copr builds it from (its source, which is an SCM repository with a spec file, a PyPI or RubyGems package,
    a custom script or a DistGit repository) and its package settings, through the Copr HTTP API v3 (copr-cli's
    C(add-package-*), C(edit-package-*) and C(delete-package)).
  - With O(state=present) a missing package is created; an existing one is compared with the task and only what
    differs is sent, in one edit. A key of O(source) or a setting left out of the task is not managed, as far as
    Copr's edit allows (see the notes).
  - With O(state=absent) the package is deleted (with its builds, on the genuine Copr).
  - Nothing this module does starts a build. Builds start when you ask for one (copr-cli C(build-package)), or
    from the SCM webhook when O(webhook_rebuild=true).
  - The project must exist; create it with M(fedora.copr.copr_project).
  - Every state needs an API login and token, even when nothing would change. Nothing is sent before they are
    found.
  - "Requests: an unchanged package costs one read; creating one a read and an add; changing one a read and an
    edit; deleting one a single request (also when there is nothing to delete); in check mode, one read."
author:
  - Fedora Copr team (@fedora-copr)
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.attributes
attributes:
  check_mode:
    support: full
    details:
      - No request that changes anything is sent. The package returned is the one Copr would report, predicted
        from the server's documented behaviour (a new package's RV(package.id) is V(null)).
  diff_mode:
    support: full
    details:
      - C(before) and C(after) hold only the keys of RV(package) that change, and inside RV(package.source_dict)
        only the source keys that change. When the package gets created C(before) is V({}) and C(after) the whole
        package; when it gets deleted C(before) is the whole package and C(after) V({}).
      - The write-only settings O(max_builds), O(build_timeout) and O(chroot_denylist) never appear, since Copr does
        not report them.
options:
  project:
    description:
      - Name of the project that holds the package.
    type: str
    required: true
  ownername:
    description:
      - Owner of the project, a user name or a group name prefixed with V(@) (for example V(@copr)).
      - Defaults to O(username).
    type: str
  name:
    description:
      - Name of the package in Copr (letters, digits and C(- + _ .)), as the built RPM is called.
    type: str
    required: true
  state:
    description:
      - V(present) creates the package or makes it match the task; V(absent) deletes it. A package that does not
        exist is V(ok) with V(absent).
      - With V(absent), O(source_type), O(source) and the package settings cannot be given.
    type: str
    choices: [present, absent]
    default: present
  source_type:
    description:
      - Where Copr builds the package from.
      - V(scm) a Git or SVN repository with a spec file; V(pypi) a package on PyPI (Copr writes the spec file);
        V(rubygems) a gem on RubyGems.org; V(custom) a script that writes the sources and the spec file;
        V(distgit) a DistGit repository (Fedora's C(src.fedoraproject.org) by default).
      - Required to create a package. On an existing package it may be left out (the package keeps its type) or
        changed. Copr then replaces the source; the keys of the new type the task leaves out get their defaults
        (as for a new package), and the task must give the keys the new type requires.
    type: str
    choices: [scm, pypi, rubygems, custom, distgit]
  source:
    description:
      - The source's settings, with the names Copr uses in the package's RV(package.source_dict).
      - Each key belongs to one or more source types (named in its description); a key of another type than
        O(source_type) (or, without O(source_type), than the package's type) is refused before anything is
        changed. Keys left out are not managed (on a change of O(source_type) they get the new type's defaults).
      - A text key set to V("") is cleared; Copr reports a cleared key as V("") or V(null), which compare equal.
    type: dict
    suboptions:
      clone_url:
        description:
          - "V(scm) (required): URL of the Git or SVN repository, for example V(https://github.com/owner/project.git)."
        type: str
      committish:
        description:
          - V(scm) and V(distgit). The branch, tag or commit to build. Copr's default is the default branch.
        type: str
      subdirectory:
        description:
          - V(scm). Subdirectory of the repository that holds the package.
        type: str
      spec:
        description:
          - V(scm). Path of the spec file in the repository (ending with C(.spec)); without it Copr finds the spec
            file itself.
        type: str
      type:
        description:
          - V(scm). The kind of repository. Copr's default is V(git).
        type: str
        choices: [git, svn]
      source_build_method:
        description:
          - V(scm). How the source RPM is made. Copr's default is V(rpkg).
        type: str
        choices: [rpkg, tito, tito_test, make_srpm]
      pypi_package_name:
        description:
          - V(pypi) (required). Name of the package on PyPI.
        type: str
      pypi_package_version:
        description:
          - V(pypi). Version to build; without it, the latest.
        type: str
      spec_generator:
        description:
          - V(pypi). The tool that writes the spec file. Copr's default is V(pyp2spec).
        type: str
        choices: [pyp2spec, pyp2rpm]
      spec_template:
        description:
          - V(pypi). Spec file template of C(pyp2rpm). Copr's default is V("") (none).
        type: str
        choices: ["", fedora, epel7, mageia, pld]
      python_versions:
        description:
          - V(pypi). Python major versions to build for, V("3") and/or V("2"). Compared as a set.
          - Copr cannot clear them (an edit with an empty list keeps the stored versions), so V([]) is refused for
            a package that has versions. A new package without it gets V([]).
        type: list
        elements: str
        choices: ["3", "2"]
      gem_name:
        description:
          - V(rubygems) (required). Name of the gem on RubyGems.org.
        type: str
      script:
        description:
          - V(custom) (required). The script (at most 4096 characters) that writes the sources and the spec
            file into the current directory (or O(source.resultdir)).
          - Copr ends it with a newline (and turns CRLF line ends into LF); it is compared the same way.
        type: str
      chroot:
        description:
          - V(custom). The chroot the script runs in. Copr's default is V(fedora-latest-x86_64).
        type: str
      builddeps:
        description:
          - V(custom). Packages, separated by spaces, installed in the chroot before the script runs.
        type: str
      resultdir:
        description:
          - V(custom). Directory, relative to where the script runs, in which it leaves its results.
        type: str
      repos:
        description:
          - V(custom). Repositories (V(http://), V(https://) or V(copr://<owner>/<project>) URLs) available to the
            script's chroot. Compared in order. Copr reports them as one text with one URL a line.
        type: list
        elements: str
      distgit:
        description:
          - V(distgit). The DistGit instance, as the Copr server names it. Copr's default is V(fedora).
        type: str
      namespace:
        description:
          - V(distgit). Namespace of the repository in the DistGit instance (for example V(forks/<user>)).
            Compared after normalising the path, as Copr stores it.
        type: str
  webhook_rebuild:
    description:
      - Whether a push to the repository, reported by the SCM webhook (see the project's Integrations page in
        Copr), rebuilds the package. Copr reports it as RV(package.auto_rebuild); Copr's default is V(false).
    type: bool
  max_builds:
    description:
      - How many of the package's builds Copr keeps (older ones are deleted), 0 to 100; V(0) keeps every build.
      - Write-only, see O(update_write_only).
    type: int
  build_timeout:
    description:
      - The most a build of the package may take, in seconds, 0 to 108000 (30 hours). V(0) means Copr's default,
        18000 (5 hours). Copr's name for it is C(timeout).
      - Write-only, see O(update_write_only).
    type: int
  chroot_denylist:
    description:
      - Chroots the package is not built in, as names with shell wildcards (for example V(fedora-rawhide-*) or
        V(epel-*-aarch64)). Each pattern must match a chroot the Copr server offers. V([]) removes them all.
      - Write-only, see O(update_write_only).
    type: list
    elements: str
  update_write_only:
    description:
      - Copr stores O(max_builds), O(build_timeout) and O(chroot_denylist) but never reports them, so the module
        cannot compare them.
      - With V(on_create) they are sent when the task creates the package. On an existing package they are not
        sent, and the task warns, naming them and this option.
      - With V(always) they are sent on every run that gives them; the task then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
notes:
  - "How the source is compared (defaults normalised): a key Copr reports as V(null) and the same key set to V(\"\")
    are equal; a left-out V(source.type), V(source.source_build_method), V(source.spec_generator),
    V(source.spec_template), V(source.chroot) or V(source.distgit) is Copr's default (V(git), V(rpkg),
    V(pyp2spec), V(\"\"), V(fedora-latest-x86_64), V(fedora)); V(source.python_versions) is a set;
    V(source.repos) is compared with Copr's text split on white space; V(source.script) after Copr's newline
    clean-up; V(source.namespace) after normalising the path. Names, URLs and other text values with leading or
    trailing white space are refused (Copr would strip them), not trimmed."
  - "Where Copr's edit decides what a left-out key becomes: Copr's edit merges the stored source back into the
    form and re-validates all of it. The module sends what keeps the left-out keys as they are: the package's
    V(source.type) (an edit without it makes an SVN package Git again), and V(spec: \"\") when Copr stores a
    V(null) spec (Copr refuses an edit that does not send a spec then), after which Copr reports V(\"\") instead
    of V(null). On a change of O(source_type) Copr would keep the old source's keys of the same name
    (V(committish), V(clone_url)); the module sends the new type's defaults for them instead."
  - Copr re-validates the stored values on every edit. A stored value that is no longer valid (for example a
    V(custom) O(source.chroot) the server no longer offers, or a C(copr://) repository of a deleted project) makes
    every edit fail until the task sets that key to a valid value.
  - A package whose source was reset (Copr's C(source_type) V(unset)) or has a type Copr cannot edit (such as
    C(upload)) needs O(source_type) and its source for any change.
seealso:
  - module: fedora.copr.copr_package_info
  - module: fedora.copr.copr_project
  - name: Define packages
    description: The collection's guide to package definitions.
    link: https://github.com/fedora-copr/ansible-collection-copr/blob/main/docs/guides/define-packages.md
  - name: Copr's package source types
    description: What each source type does, in Copr's user documentation.
    link: https://docs.pagure.org/copr.copr/user_documentation.html#build-source-types
"""

EXAMPLES = r"""
- name: Build the package from its Git repository, rebuilt on every push (webhook)
  fedora.copr.copr_package:
    project: hello
    name: hello
    source_type: scm
    source:
      clone_url: https://github.com/example/hello.git
      committish: main
      spec: hello.spec
    webhook_rebuild: true

- name: Build another one from PyPI for Python 3, keeping its 10 newest builds
  fedora.copr.copr_package:
    project: hello
    name: python-requests-mock
    source_type: pypi
    source:
      pypi_package_name: requests-mock
      python_versions: ["3"]
    max_builds: 10
  register: pypi_package

- name: Show the package as Copr reports it
  ansible.builtin.debug:
    var: pypi_package.package

- name: Follow another branch; the other source keys stay as they are
  fedora.copr.copr_package:
    project: hello
    name: hello
    source:
      committish: devel

- name: A package built by a custom script, not in EPEL
  fedora.copr.copr_package:
    project: hello
    name: hello-snapshot
    source_type: custom
    source:
      script: |
        #!/bin/sh -x
        curl -LO https://example.org/hello/hello.spec
        curl -LO https://example.org/hello/hello-latest.tar.gz
      builddeps: curl
      chroot: fedora-latest-x86_64
    chroot_denylist: ["epel-*"]

- name: Build a Fedora package from its DistGit repository, branch f40
  fedora.copr.copr_package:
    project: hello
    name: hello-dg
    source_type: distgit
    source:
      committish: f40

- name: Give the write-only settings again on an existing package (reports a change every run)
  fedora.copr.copr_package:
    project: hello
    name: python-requests-mock
    max_builds: 5
    build_timeout: 7200
    update_write_only: always

- name: Remove a package (and its builds)
  fedora.copr.copr_package:
    project: hello
    name: hello-snapshot
    state: absent
"""

RETURN = r"""
package:
  description:
    - The package as Copr reports it after the task (Copr's package object).
    - V({}) with O(state=absent).
    - In check mode, the package Copr would report.
  returned: always
  type: dict
  contains:
    id:
      description: Copr's id of the package (V(null) in check mode for a package not created yet).
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
      description: The source type; V(unset) for a package whose source was reset.
      type: str
      sample: scm
    source_dict:
      description:
        - The source's settings, with the keys of its type (see O(source)). A V(distgit) source also has the
          C(clone_url) Copr made from O(source.distgit), O(source.namespace) and the package name.
      type: dict
      sample:
        type: git
        clone_url: https://github.com/example/hello.git
        subdirectory: null
        committish: main
        spec: hello.spec
        source_build_method: rpkg
    auto_rebuild:
      description: O(webhook_rebuild) as Copr reports it.
      type: bool
      sample: true
    builds:
      description: Copr's C(latest) and C(latest_succeeded) builds of the package; V(null) here (see M(fedora.copr.copr_package_info)).
      type: dict
      sample:
        latest: null
        latest_succeeded: null
diff:
  description: With C(--diff), the keys of RV(package) that change, before and after.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Old values of the keys that change (V({}) when the package gets created).
      type: dict
    after:
      description: New values of the keys that change (V({}) when the package gets deleted).
      type: dict
  sample:
    before:
      source_dict:
        committish: main
    after:
      source_dict:
        committish: devel
"""

from ansible_collections.fedora.copr.plugins.module_utils import _names
from ansible_collections.fedora.copr.plugins.module_utils import _package
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._resource import Resource


def argument_spec():
    spec = dict(
        project=dict(type="str", required=True),
        ownername=dict(type="str"),
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    spec.update(_package.argument_spec())
    return spec


class Package(Resource):
    """One run: one read (or one delete), at most one write."""

    result_key = "package"

    def __init__(self, module):
        super(Package, self).__init__(module)
        params = self.params
        self.owner = _names.check_owner(module.owner(), "ownername")
        self.project = _names.check_project_name(params["project"], "project")
        self.name = _package.check_package_name(params["name"], "name")
        self.given = _package.given_source(params["source"])
        self.source_type = params["source_type"]
        self.kind = self.source_type  # the type the package gets: known after the read
        if params["state"] == "absent":
            used = [o for o in ("source_type", "source") + _package.SETTING_OPTIONS if params.get(o) is not None]
            if used:
                raise ValueError("%s cannot be used with state=absent: the package is deleted. Leave them out, or use "
                                 "state=present." % ", ".join(used))
        _package.check_settings(params)
        if self.source_type:
            _package.check_keys(self.source_type, self.given)
        else:
            # the type is known after the read; check each value by the first type that has the key
            for key, value in self.given.items():
                _package.check_keys(_package.types_of(key)[0], {key: value})
        self.full_name = "%s/%s" % (self.owner, self.project)
        module.require_credentials()

    # -- the Resource description ------------------------------------------------------------------------
    def read(self):
        try:
            return _package.get_package(self.client, self.owner, self.project, self.name)
        except CoprError as error:
            if _package.project_missing(error):
                raise ValueError(self._missing_project(error))
            raise

    def changes(self, current):
        kind = self._type_for(current)
        switching = current.get("source_type") != kind
        if switching:
            source = dict(self.given)
        elif kind not in _package.SOURCE_TYPES:
            source = {}  # a reset or upload package: any given key was refused by _type_for
        else:
            source = _package.source_changes(kind, current.get("source_dict"), self.given)
            self._check_clear(current, source)
        settings = {}
        wanted = self.params.get("webhook_rebuild")
        if wanted is not None and wanted != bool(current.get("auto_rebuild")):
            settings["webhook_rebuild"] = wanted
        write_only = _package.write_only_body(self.params)
        if write_only and self.params["update_write_only"] == "always":
            settings.update(write_only)
        elif write_only:
            self.module.warn(
                "%s not sent to the existing package %s in %s: Copr never reports these settings, so they cannot "
                "be compared. They are sent when the task creates the package; set update_write_only=always to "
                "send them on every run (the task then reports a change)." % (
                    " and ".join(o for o in _package.WRITE_ONLY if self.params.get(o) is not None), self.name,
                    self.full_name))
        if not (switching or source or settings):
            return {}
        if kind not in _package.SOURCE_TYPES:
            raise ValueError(self._cannot_edit(current))
        return {"source": source, "settings": settings}

    def update(self, current, changes):
        body = self._edit_body(current, changes)
        return _package.edit_package(self.client, self.owner, self.project, self.name, self.kind, body)

    def predict_update(self, current, changes):
        body = self._edit_body(current, changes)
        return _package.predict(self.owner, self.project, self.name, self.kind, body, current)

    def create(self):
        return _package.add_package(self.client, self.owner, self.project, self.name, self.kind, self._add_body())

    def predict_create(self):
        return _package.predict(self.owner, self.project, self.name, self.kind, self._add_body())

    def result(self, value=None, **extra):
        result = super(Package, self).result(value, **extra)
        if "diff" in result:
            result["diff"] = _package.diff(self.before, self.after)
        return result

    # -- states ---------------------------------------------------------------------------------------------
    def run(self):
        if self.params["state"] == "absent":
            self.remove()
            return self.result()
        current = self.read()
        if current is None:
            self._check_create()
        self.present(current)
        return self.result()

    def remove(self):
        """In check mode one read; otherwise one DELETE: Copr answers with the package as it was, or 404."""
        if self.check_mode:
            return self.absent(self.read())
        try:
            deleted = _package.delete_package(self.client, self.owner, self.project, self.name)
        except CoprError as error:
            if _package.project_missing(error):
                raise ValueError(self._missing_project(error))
            raise
        self.changed = deleted is not None
        self.before = self.view(deleted)
        self.after = {}
        return None

    # -- helpers --------------------------------------------------------------------------------------------
    def _check_create(self):
        if not self.source_type:
            raise ValueError(
                "source_type is required to create the package %s in %s: give source_type (one of %s) and its "
                "source." % (self.name, self.full_name, ", ".join(_package.SOURCE_TYPES)))
        _package.check_required(self.source_type, self.given, "to create the package %s" % self.name)
        self.kind = self.source_type

    def _type_for(self, current):
        """The source type the package gets, checked against the keys the task gives."""
        existing = current.get("source_type")
        self.kind = self.source_type or existing
        if self.source_type and self.source_type != existing:
            _package.check_required(self.source_type, self.given, "to change source_type from %s to %s" % (
                existing, self.source_type))
        elif self.given:
            if existing not in _package.SOURCE_TYPES:
                raise ValueError(self._cannot_edit(current))
            _package.check_keys(existing, self.given)
        return self.kind

    def _check_clear(self, current, source):
        versions = source.get("python_versions")
        if versions is not None and not versions and (current.get("source_dict") or {}).get("python_versions"):
            raise ValueError(
                "source.python_versions cannot be cleared: Copr keeps the stored versions (%s) when an edit sends "
                "an empty list. Give the versions to build for (for example [\"3\"]), or leave the key out." %
                ", ".join(current["source_dict"]["python_versions"]))

    def _edit_body(self, current, changes):
        return _package.edit_body(self.name, self.kind, current, changes["source"], changes["settings"])

    def _add_body(self):
        return _package.add_body(self.name, self.kind, self.given, self.params)

    def _cannot_edit(self, current):
        return ("the package %s in %s has source_type %s, which Copr cannot edit: give source_type (one of %s) and "
                "its source to replace it." % (self.name, self.full_name, current.get("source_type"),
                                               ", ".join(_package.SOURCE_TYPES)))

    def _missing_project(self, error):
        return ("project %s does not exist (Copr: %s): create it first with fedora.copr.copr_project, then define "
                "its packages with this module." % (self.full_name, error.message))


def main():
    module = CoprModule(argument_spec=argument_spec())
    module.run(lambda: Package(module).run())


if __name__ == "__main__":
    main()
