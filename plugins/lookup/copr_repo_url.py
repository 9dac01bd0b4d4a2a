# -*- coding: utf-8 -*-

# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: copr_repo_url
short_description: Repository URLs, or ready-made yum_repository settings, of Fedora Copr projects
version_added: 0.1.0
description:
  - For each C(owner/project) term, reads the project from Copr (one request per distinct project, however many
    terms, chroots and hosts ask for it) and returns its package repositories.
  - With O(chroot), each term gives that chroot's repository base URL. Without it, each term gives a mapping of
    every enabled chroot to its base URL.
  - With O(output=repo), each term gives instead a dictionary of options for M(ansible.builtin.yum_repository)
    that configures the same repository C(dnf copr enable) would (see RV(_raw)).
  - Reads need no credentials. Lookups run on the controller, so environment variables and the config file are
    read there.
author:
  - Fedora Copr team (@fedora-copr)
options:
  _terms:
    description:
      - Projects as C(owner/project); a group owner is written C(@group/project).
      - Used exactly as given; a term (or O(chroot)) with white space at either end is refused, not trimmed.
    type: list
    elements: str
    required: true
  chroot:
    description:
      - A chroot name such as V(fedora-40-x86_64) or V(epel-9-aarch64).
      - With it, each term gives one value for that chroot; without it, a mapping for every enabled chroot.
      - "A host's own chroot is usually C(fedora-{{ ansible_distribution_major_version }}-{{ ansible_architecture }})."
    type: str
  output:
    description:
      - V(url) gives the repository base URL (the project's C(chroot_repos) value, with a trailing C(/)).
      - V(repo) gives a dictionary to pass to M(ansible.builtin.yum_repository); see RV(_raw).
    type: str
    choices: [url, repo]
    default: url
  on_missing:
    description:
      - What to do when a project does not exist, or does not have O(chroot) enabled.
      - V(error) fails, naming the enabled chroots (or saying the project does not exist).
      - V(warn) shows the same text as a warning and the term contributes nothing.
      - V(skip) silently leaves the term out.
    type: str
    choices: [error, warn, skip]
    default: error
  cache_ttl:
    description:
      - Seconds for which a project fetched by one host's worker is reused by the other hosts of the same task in
        the same run. The cache lives in the controller's per-run temporary directory and goes away with the run.
      - V(0) turns sharing off; each host then fetches each distinct project once.
    type: float
    default: 30
extends_documentation_fragment:
  - fedora.copr.connection
  - fedora.copr.connection.PLUGINS
notes:
  - Copr creates repositories asynchronously; a project created seconds ago may list a chroot whose URL does not
    serve metadata yet.
  - The repository id in V(repo) output is C(copr:<API host>:<owner>:<project>), with C(@) in group owners written as
    C(group_), which is the id C(dnf copr enable) gives the repository, so the two do not configure it twice.
    M(ansible.builtin.yum_repository) names its file after O(ansible.builtin.yum_repository#module:name)
    unless O(ansible.builtin.yum_repository#module:file) is given; pass RV(_raw[].file), the C(_copr:...) name
    C(dnf copr enable) uses.
  - Options come from the lookup call, the C(copr_*) variables, the environment variables or the config file;
    C(module_defaults) does not reach lookups. An option name the lookup does not have fails, naming the known
    ones.
  - The base URL is the chroot's own one (C(.../fedora-40-x86_64/)), where the web UI's C(.repo) file writes
    C($releasever) and C($basearch); on a host of that chroot both resolve to the same URL.
seealso:
  - module: fedora.copr.copr_project_info
  - module: ansible.builtin.yum_repository
"""

EXAMPLES = r"""
- name: The base URL of one chroot
  ansible.builtin.debug:
    msg: "{{ lookup('fedora.copr.copr_repo_url', 'demo/hello', chroot='fedora-40-x86_64') }}"

- name: Every chroot of two projects (a list of two mappings)
  ansible.builtin.debug:
    msg: "{{ query('fedora.copr.copr_repo_url', 'demo/hello', '@demo-team/tools') }}"

- name: Enable a Copr repository on Fedora hosts, as 'dnf copr enable demo/hello' would
  ansible.builtin.yum_repository:
    file: "{{ copr_repo.file }}"  # the file dnf copr enable writes, so the repository is configured once
    name: "{{ copr_repo.name }}"
    description: "{{ copr_repo.description }}"
    baseurl: "{{ copr_repo.baseurl }}"
    gpgkey: "{{ copr_repo.gpgkey }}"
    gpgcheck: "{{ copr_repo.gpgcheck }}"
    repo_gpgcheck: "{{ copr_repo.repo_gpgcheck }}"
    enabled: "{{ copr_repo.enabled }}"
    skip_if_unavailable: "{{ copr_repo.skip_if_unavailable }}"
    module_hotfixes: "{{ copr_repo.module_hotfixes | default(omit) }}"
    priority: "{{ copr_repo.priority | default(omit) }}"
  vars:
    copr_repo: >-
      {{ lookup('fedora.copr.copr_repo_url', 'demo/hello', output='repo',
                chroot='fedora-' ~ ansible_distribution_major_version ~ '-' ~ ansible_architecture) }}

- name: Several projects at once, leaving out those that lack this host's chroot
  ansible.builtin.yum_repository:
    file: "{{ item.file }}"
    name: "{{ item.name }}"
    description: "{{ item.description }}"
    baseurl: "{{ item.baseurl }}"
    gpgkey: "{{ item.gpgkey }}"
    gpgcheck: "{{ item.gpgcheck }}"
    repo_gpgcheck: "{{ item.repo_gpgcheck }}"
    enabled: "{{ item.enabled }}"
    skip_if_unavailable: "{{ item.skip_if_unavailable }}"
    module_hotfixes: "{{ item.module_hotfixes | default(omit) }}"
    priority: "{{ item.priority | default(omit) }}"
  loop: "{{ query('fedora.copr.copr_repo_url', 'demo/hello', '@demo-team/tools', output='repo', on_missing='warn',
                  chroot='fedora-' ~ ansible_distribution_major_version ~ '-' ~ ansible_architecture) }}"
  loop_control:
    label: "{{ item.name }}"

- name: Another Copr instance, with the connection settings in the task
  ansible.builtin.debug:
    msg: "{{ lookup('fedora.copr.copr_repo_url', 'jdoe/tool', chroot='epel-9-x86_64', api_url='https://copr.example.org') }}"
"""

RETURN = r"""
_raw:
  description:
    - One element per term (fewer when O(on_missing) left terms out).
    - With O(chroot) and O(output=url), the chroot's base URL, a string ending in C(/).
    - Without O(chroot) and with O(output=url), a mapping of chroot name to base URL.
    - With O(chroot) and O(output=repo), a dictionary of M(ansible.builtin.yum_repository) options with the keys below.
    - Without O(chroot) and with O(output=repo), a mapping of chroot name to such a dictionary.
  type: list
  elements: raw
  contains:
    name:
      description: The repository id, C(copr:<API host without port>:<owner, @ written as group_>:<project>).
      type: str
      sample: copr:copr.fedorainfracloud.org:group_demo-team:tools
    file:
      description:
        - The file name, without C(.repo), that C(dnf copr enable) writes the repository to (dnf4's and dnf5's copr
          plugins agree), C(_copr:<API host without port>:<owner, @ written as group_>:<project>).
        - Pass it as O(ansible.builtin.yum_repository#module:file), so a host that also ran C(dnf copr enable)
          keeps one repository file, not two.
        - dnf4's copr plugin adds C(:<port>) to the host for a Copr hub configured on a port other than 443; the
          name here never has a port.
      type: str
      sample: _copr:copr.fedorainfracloud.org:group_demo-team:tools
    description:
      description: C(Copr repo for <project> owned by <owner>).
      type: str
      sample: Copr repo for tools owned by @demo-team
    baseurl:
      description: The chroot's repository base URL.
      type: str
      sample: https://download.copr.fedorainfracloud.org/results/@demo-team/tools/fedora-40-x86_64/
    gpgkey:
      description: The project's signing key, C(<results URL of the project>/pubkey.gpg).
      type: str
      sample: https://download.copr.fedorainfracloud.org/results/@demo-team/tools/pubkey.gpg
    gpgcheck:
      description: Always V(true).
      type: bool
    repo_gpgcheck:
      description: Always V(false).
      type: bool
    enabled:
      description: Always V(true).
      type: bool
    skip_if_unavailable:
      description: Always V(true).
      type: bool
    module_hotfixes:
      description: V(true); present only when the project sets C(module_hotfixes).
      type: bool
    priority:
      description:
        - The project's C(repo_priority); present only when the project sets one.
        - A string, the type M(ansible.builtin.yum_repository) takes.
      type: str
      sample: "10"
"""

from urllib.parse import urlsplit

from ansible.errors import AnsibleLookupError
from ansible.module_utils.common.text.converters import to_text
from ansible.utils.display import Display

from ansible_collections.fedora.copr.plugins.module_utils._names import check_chroot, split_full_name
from ansible_collections.fedora.copr.plugins.plugin_utils._lookup_base import CoprLookupBase

display = Display()


def api_host(api_url):
    """The host of the API URL without port (and without IPv6 brackets), as Copr's repo ids use it."""
    return (urlsplit(api_url).hostname or "").lower()


def results_url(baseurl, chroot):
    """The project's results URL (with trailing ``/``): the chroot URL minus its ``<chroot>/`` part."""
    marker = "/%s/" % chroot
    position = baseurl.rfind(marker)
    if position >= 0:
        return baseurl[: position + 1]
    trimmed = baseurl.rstrip("/")
    if trimmed.endswith("/" + chroot):
        return trimmed[: -len(chroot)]
    return trimmed.rsplit("/", 1)[0] + "/"


def repo_settings(project, chroot, baseurl, host):
    """Options for ansible.builtin.yum_repository matching the .repo file Copr's frontend serves."""
    owner = project["ownername"]
    name = project["name"]
    repo_id = "copr:%s:%s:%s" % (host, owner.replace("@", "group_"), name)
    settings = {
        "name": repo_id,
        # dnf copr enable (dnf4's and dnf5's copr plugins) writes /etc/yum.repos.d/_copr:<host>:<owner>:<project>.repo
        "file": "_" + repo_id,
        "description": "Copr repo for %s owned by %s" % (name, owner),
        "baseurl": baseurl,
        "gpgkey": results_url(baseurl, chroot) + "pubkey.gpg",
        "gpgcheck": True,
        "repo_gpgcheck": False,
        "enabled": True,
        "skip_if_unavailable": True,
    }
    if project.get("module_hotfixes"):
        settings["module_hotfixes"] = True
    if project.get("repo_priority") is not None:
        settings["priority"] = to_text(project["repo_priority"])
    return settings


def parse_terms(terms):
    """[(owner, name)] of the ``owner/project`` terms, in order; AnsibleLookupError for a malformed one."""
    wanted = []
    for term in terms:
        if not isinstance(term, str):
            raise AnsibleLookupError("copr_repo_url terms are 'owner/project' strings, got %r" % (term,))
        try:
            wanted.append(split_full_name(term, "term"))
        except ValueError as error:
            raise AnsibleLookupError("Invalid copr_repo_url term %r: %s" % (term, to_text(error))) from None
    return wanted


class LookupModule(CoprLookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.copr_set_options(variables=variables, **kwargs)
        chroot, output, on_missing = self._parse_options()
        wanted = parse_terms(terms)
        projects = self._fetch(wanted)
        return self._render(wanted, projects, chroot, output, on_missing)

    # parse ---------------------------------------------------------------------------------------------------
    def _parse_options(self):
        """(chroot or None, output, on_missing), checked."""
        chroot = self.get_option("chroot")
        output = self.get_option("output")
        on_missing = self.get_option("on_missing")
        # ansible-core validates choices itself in recent versions; older ones may not
        if output not in ("url", "repo"):
            raise AnsibleLookupError("output must be url or repo, got %r" % (output,))
        if on_missing not in ("error", "warn", "skip"):
            raise AnsibleLookupError("on_missing must be error, warn or skip, got %r" % (on_missing,))
        if chroot is not None:
            try:
                chroot = check_chroot(to_text(chroot), "chroot")
            except ValueError as error:
                raise AnsibleLookupError(to_text(error)) from None
        return chroot, output, on_missing

    # fetch ---------------------------------------------------------------------------------------------------
    def _fetch(self, wanted):
        """{(owner, name): project or None}: one read per distinct project."""
        projects = {}
        for key in wanted:
            if key not in projects:
                projects[key] = self.get_project(*key)
        return projects

    # render --------------------------------------------------------------------------------------------------
    def _render(self, wanted, projects, chroot, output, on_missing):
        host = api_host(self.api_url)
        results = []
        for owner, name in wanted:
            project = projects[(owner, name)]
            if project is None:
                self._missing(
                    on_missing,
                    "Copr project %s/%s does not exist at %s. Check the owner (a group is written @group) and "
                    "the project name." % (owner, name, self.api_url),
                )
                continue
            repos = project.get("chroot_repos") or {}
            if chroot is None:
                results.append(
                    dict((each, self._value(project, each, repos[each], output, host)) for each in sorted(repos))
                )
            elif chroot in repos:
                results.append(self._value(project, chroot, repos[chroot], output, host))
            else:
                self._missing(
                    on_missing,
                    "Copr project %s/%s has no chroot %s enabled. Enabled chroots: %s."
                    % (owner, name, chroot, ", ".join(sorted(repos)) if repos else "none"),
                )
        return results

    @staticmethod
    def _value(project, chroot, baseurl, output, host):
        if output == "repo":
            return repo_settings(project, chroot, baseurl, host)
        return baseurl

    @staticmethod
    def _missing(on_missing, message):
        if on_missing == "error":
            raise AnsibleLookupError(message)
        if on_missing == "warn":
            display.warning(message + " Skipping it.")
        else:
            display.vvv("copr_repo_url: " + message + " Skipping it.")
