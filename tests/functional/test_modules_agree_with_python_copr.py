# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The new modules and the official python-copr client agree: what copr_project_chroot, copr_project_permissions
and copr_package report after a task is what python-copr reads back from the server, and what python-copr writes
the modules' _info twins read as it is."""

from __future__ import annotations

import pytest
from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import copr_defaults, play, run_playbook
from support.seed import ALICE, DEMO

copr_v3 = pytest.importorskip("copr.v3")

# pylint: disable=redefined-outer-name

F40, F39 = "fedora-40-x86_64", "fedora-39-x86_64"


def python_copr(url, creds=DEMO, username="demo"):
    return copr_v3.Client({"copr_url": url, "login": creds[0], "token": creds[1], "username": username})


def plain(munch):
    """A python-copr answer as the JSON object it came from."""
    return {key: value for key, value in munch.items() if key not in ("__response__", "__proxy__")}


def run_tasks(url, tmp_path, tasks):
    run = run_playbook(play(tasks, module_defaults=copr_defaults(url)), tmp_path)
    assert run.rc == 0, run.describe()
    return run


def test_project_chroot_module_and_python_copr_agree(copr_emu, tmp_path):
    client = python_copr(copr_emu.url)
    client.project_proxy.add("demo", "agree", [F40])
    run = run_tasks(copr_emu.url, tmp_path, [
        {"name": "enable f39 with settings", "register": "out", "fedora.copr.copr_project_chroot": {
            "project": "agree", "chroot": F39, "additional_packages": ["make", "gcc"],
            "with_opts": ["tests"], "additional_modules": ["nodejs:20"], "isolation": "simple"}},
        {"name": "read f40 back", "register": "out", "fedora.copr.copr_project_chroot_info": {
            "project": "agree", "chroot": F40}},
    ])
    reported = run.result("enable f39 with settings")["result"]["chroot"]
    read_back = plain(client.project_chroot_proxy.get("demo", "agree", F39))
    assert {key: reported[key] for key in read_back} == read_back
    assert read_back["additional_packages"] == ["make", "gcc"] and read_back["with_opts"] == ["tests"]
    assert sorted(client.project_proxy.get("demo", "agree")["chroot_repos"]) == [F39, F40]

    client.project_chroot_proxy.edit("demo", "agree", F40, additional_packages=["cmake"])
    info = run.result("read f40 back")["result"]["chroots"]
    assert len(info) == 1 and info[0]["mock_chroot"] == F40
    again = run_tasks(copr_emu.url, tmp_path, [{"name": "read", "register": "out",
                                                "fedora.copr.copr_project_chroot_info": {
                                                    "project": "agree", "chroot": F40}}])
    assert again.result("read")["result"]["chroots"][0]["additional_packages"] == ["cmake"]


def test_permissions_module_and_python_copr_agree(copr_emu, tmp_path):
    client = python_copr(copr_emu.url)
    client.project_proxy.add("demo", "team", [F40])
    python_copr(copr_emu.url, ALICE, "alice").project_proxy.request_permissions(
        "demo", "team", {"admin": True})
    run = run_tasks(copr_emu.url, tmp_path, [
        {"name": "grant", "register": "out", "fedora.copr.copr_project_permissions": {
            "ownername": "demo", "project": "team",
            "permissions": [{"user": "alice", "builder": True, "admin": False}]}},
    ])
    reported = run.result("grant")["result"]["permissions"]
    read_back = plain(client.project_proxy.get_permissions("demo", "team"))["permissions"]
    assert reported == read_back == {"alice": {"admin": "nothing", "builder": "approved"}}

    client.project_proxy.set_permissions("demo", "team", {"alice": {"admin": "approved"}})
    info = run_tasks(copr_emu.url, tmp_path, [{"name": "read", "register": "out",
                                               "fedora.copr.copr_project_permissions_info": {
                                                   "ownername": "demo", "project": "team", "user": "alice"}}])
    result = info.result("read")["result"]
    assert result["permissions"] == {"alice": {"admin": "approved", "builder": "approved"}}
    assert result["can_build_in"] is True


def test_package_module_and_python_copr_agree(copr_emu, tmp_path):
    client = python_copr(copr_emu.url)
    client.project_proxy.add("demo", "pkgs", [F40])
    run = run_tasks(copr_emu.url, tmp_path, [
        {"name": "define", "register": "out", "fedora.copr.copr_package": {
            "project": "pkgs", "name": "tool", "source_type": "scm", "webhook_rebuild": True,
            "source": {"clone_url": "https://git.example.org/tool.git", "committish": "main",
                       "spec": "tool.spec"}}},
    ])
    reported = run.result("define")["result"]["package"]
    read_back = plain(client.package_proxy.get("demo", "pkgs", "tool"))
    assert reported["source_type"] == read_back["source_type"] == "scm"
    assert reported["source_dict"] == read_back["source_dict"]
    assert reported["auto_rebuild"] is read_back["auto_rebuild"] is True  # webhook_rebuild, as Copr names it

    client.package_proxy.add("demo", "pkgs", "exlib", "pypi", {"pypi_package_name": "exlib"})
    info = run_tasks(copr_emu.url, tmp_path, [{"name": "list", "register": "out",
                                               "fedora.copr.copr_package_info": {"project": "pkgs"}}])
    listed = {package["name"]: package for package in info.result("list")["result"]["packages"]}
    assert sorted(listed) == ["exlib", "tool"]
    assert listed["exlib"]["source_dict"] == plain(client.package_proxy.get("demo", "pkgs", "exlib"))["source_dict"]
