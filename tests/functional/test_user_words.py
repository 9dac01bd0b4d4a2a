# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Errors in the user's words (issue 14, items 6 and 8), against the emulator: the option the task wrote, the fix,
one status, never Copr's internal field names. Nothing is written."""

from __future__ import annotations

from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import copr_defaults, play, run_playbook

# pylint: disable=redefined-outer-name

F40 = "fedora-40-x86_64"


def test_server_errors_name_the_users_options(copr_emu, tmp_path):
    def task(title, module="fedora.copr.copr_project", **args):
        return {"name": title, module: args, "ignore_errors": True}

    tasks = [
        task("bad repo URL", name="ex-words", chroots=[F40], additional_repos=["ftp://x/y"]),
        task("unknown chroot", name="ex-words", chroots=["fedora-99-x86_64"]),
        task("group without @", ownername="demo-team", name="x", chroots=[F40]),
        task("name with a slash", module="fedora.copr.copr_project_info", name="demo/backend"),
        {"name": "lookup typo", "ansible.builtin.debug": {
            "msg": "{{ lookup('fedora.copr.copr_repo_url', 'demo/hello', chrot='x', api_url='%s') }}" % copr_emu.url},
         "ignore_errors": True},
    ]
    run = run_playbook(play(tasks, module_defaults=copr_defaults(copr_emu.url)), tmp_path)
    messages = dict((r["task"], r["result"].get("msg")) for r in run.records)
    assert messages["bad repo URL"] == (
        "additional_repos: A list of http[s] URLs separated by whitespace characters is needed ('ftp://x/y' doesn't "
        "seem to be a valid URL); each item must be an http://, https:// or copr://owner/project URL (the project "
        "must exist) (Copr answered HTTP 400 to POST /api_3/project/add/demo)"), run.describe()
    assert messages["unknown chroot"].startswith(
        "chroots: 'fedora-99-x86_64' is not a valid choice for this field. Copr offers: "), run.describe()
    assert "fedora-40-x86_64" in messages["unknown chroot"]
    assert messages["group without @"] == (
        "No such user `demo-team' (Copr answered HTTP 404 to POST /api_3/project/add/demo-team); if demo-team is a group, write it "
        "with an @: ownername: '@demo-team'"), run.describe()
    assert messages["name with a slash"] == (
        "name 'demo/backend' holds a '/': a project name has none. Give the project name alone and its owner apart "
        "(ownername: demo, name: backend)"), run.describe()
    assert "copr_repo_url has no option 'chrot' (did you mean chroot?); its options are: " in messages["lookup typo"]
    writes = [r for r in copr_emu.requests() if r["method"] != "GET" and r["status"] == 200]
    assert writes == [], writes
