# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's project-chroot and mock-chroot families driven by the official python-copr client
(``project_chroot_proxy`` get / get_build_config / edit with a comps file, ``mock_chroot_proxy.get_list``); every
result must agree with what a direct GET of the API reports."""

import pytest
import requests
from conftest import ALICE, DEMO

copr_v3 = pytest.importorskip("copr.v3")
from copr.v3 import (  # noqa: E402  pylint: disable=wrong-import-position
    CoprAuthException, CoprNoResultException, CoprRequestException)

F40, F39, RAWHIDE, EPEL9 = "fedora-40-x86_64", "fedora-39-x86_64", "fedora-rawhide-x86_64", "epel-9-x86_64"
COMPS = ('<?xml version="1.0" encoding="UTF-8"?>\n<comps>\n  <group>\n    <id>tools</id>\n'
         '    <packagelist><packagereq>make</packagereq></packagelist>\n  </group>\n</comps>\n')


def client(emu, creds=DEMO, username="demo"):
    return copr_v3.Client({"copr_url": emu.url, "login": creds[0], "token": creds[1], "username": username})


def plain(munch):
    """A python-copr answer as the JSON object it came from (key order kept)."""
    return {key: value for key, value in munch.items() if key not in ("__response__", "__proxy__")}


def direct(emu, path, **params):
    response = requests.get(emu.url + "/api_3/" + path, params=params, timeout=30)
    return response.status_code, response.json()


def chroot_get(emu, project, chroot, owner="demo"):
    return direct(emu, "project-chroot", ownername=owner, projectname=project, chrootname=chroot)


def comps_view(emu, project, chroot, owner="demo"):
    return requests.get("{}/coprs/{}/{}/chroot/{}/comps/".format(emu.url, owner, project, chroot), timeout=30)


def test_mock_chroot_list_agrees_with_the_api(emulator):
    listed = plain(client(emulator).mock_chroot_proxy.get_list())
    status, body = direct(emulator, "mock-chroots/list")
    assert status == 200 and listed == body
    assert list(listed) == [F40, F39, RAWHIDE, EPEL9, "fedora-40-aarch64"]  # database order, not sorted


def test_get_and_build_config_agree_with_the_api(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "cfg", [EPEL9, F40], additional_repos=["https://example.org/base/"],
                        repo_priority=5)
    got = plain(c.project_chroot_proxy.get("demo", "cfg", F40))
    assert (200, got) == chroot_get(emulator, "cfg", F40)
    assert list(got) == ["additional_repos", "additional_packages", "additional_modules", "with_opts",
                         "without_opts", "isolation", "mock_chroot", "ownername", "projectname", "comps_name",
                         "delete_after_days"]
    config = plain(c.project_chroot_proxy.get_build_config("demo", "cfg", F40))
    assert (200, config) == direct(emulator, "project-chroot/build-config", ownername="demo", projectname="cfg",
                                   chrootname=F40)
    assert config["additional_repos"] == ["copr://demo/cfg", "https://example.org/base/"]
    assert [repo["id"] for repo in config["repos"]] == ["copr_base", "https_example_org_base"]
    assert config["repos"][0]["priority"] == 5 and config["repos"][1]["priority"] is None
    # the project's chroots in row creation order: the seed's order for one add, not the request's
    assert list(c.project_proxy.get("demo", "cfg").chroot_repos) == [F40, EPEL9]


def test_edit_with_comps_upload_agrees_with_the_api(emulator, tmp_path):
    c = client(emulator)
    c.project_proxy.add("demo", "ed", [F40])
    c.project_proxy.add("demo", "dep", [F40])
    comps = tmp_path / "my-comps.xml"
    comps.write_text(COMPS, encoding="utf-8")
    edited = plain(c.project_chroot_proxy.edit(
        "demo", "ed", F40, additional_packages=["gcc", "make"], additional_repos=["copr://demo/dep"],
        additional_modules=["nodejs:20", "!python:3.9"], comps=str(comps), with_opts=["tests"],
        without_opts=["docs", "gui"], isolation="simple", bootstrap="on"))
    assert edited["comps_name"] == "my-comps.xml"
    assert (edited["additional_packages"], edited["additional_repos"], edited["additional_modules"]) == (
        ["gcc", "make"], ["copr://demo/dep"], ["nodejs:20", "!python:3.9"])
    assert (edited["with_opts"], edited["without_opts"], edited["isolation"]) == (["tests"], ["docs", "gui"],
                                                                                  "simple")
    assert (200, edited) == chroot_get(emulator, "ed", F40)
    assert plain(c.project_chroot_proxy.get("demo", "ed", F40)) == edited
    view = comps_view(emulator, "ed", F40)
    assert view.status_code == 200 and view.text == COMPS
    assert view.headers["Content-Type"] == "text/plain; charset=utf-8; charset=utf-8"
    config = plain(c.project_chroot_proxy.get_build_config("demo", "ed", F40))
    assert config["additional_modules"] == ["nodejs:20,", "!python:3.9"]  # split on whitespace (§18.1)
    assert config["repos"][-1] == {
        "baseurl": "https://download.copr.fedorainfracloud.org/results/demo/dep/fedora-40-x86_64/",
        "module_hotfixes": None, "priority": None, "repo_gpgcheck": False, "id": "copr_demo_dep",
        "name": "Additional repo copr_demo_dep"}
    # python-copr sends every key (unset ones as null): an edit of one setting keeps the others and the comps
    again = plain(c.project_chroot_proxy.edit("demo", "ed", F40, with_opts=["other"]))
    assert again == dict(edited, with_opts=["other"])
    removed = plain(c.project_chroot_proxy.edit("demo", "ed", F40, delete_comps=True))
    assert removed["comps_name"] is None and comps_view(emulator, "ed", F40).text == ""
    reset = plain(c.project_chroot_proxy.edit("demo", "ed", F40,
                                              reset_fields=["additional_packages", "isolation", "with_opts"]))
    assert (reset["additional_packages"], reset["isolation"], reset["with_opts"]) == ([], "unchanged", [])
    assert reset["additional_repos"] == ["copr://demo/dep"]
    assert (200, reset) == chroot_get(emulator, "ed", F40)


def test_edit_errors_map_to_python_copr_exceptions(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "bad", [F40])
    with pytest.raises(CoprRequestException) as info:
        c.project_chroot_proxy.edit("demo", "bad", F40, additional_modules=["nocolon"])
    assert str(info.value) == ("module_toggle: Module name 'nocolon' must consist of two parts separated with "
                               "colon, e.g. module:stream")
    with pytest.raises(CoprRequestException) as info:
        c.project_chroot_proxy.edit("demo", "bad", F40, reset_fields=["bogus"])
    assert info.value.args[0] == ("Trying to reset an invalid attribute: bogus\nSee `copr-cli get-chroot "
                                  "demo/bad/fedora-40-x86_64' for all the possible attributes")
    with pytest.raises(CoprNoResultException) as info:
        c.project_chroot_proxy.edit("demo", "bad", EPEL9, with_opts=["x"])
    assert str(info.value) == "Chroot name epel-9-x86_64 does not exist in Copr demo/bad."
    with pytest.raises(CoprAuthException) as info:
        client(emulator, ALICE, "alice").project_chroot_proxy.edit("demo", "bad", F40, with_opts=["x"])
    assert str(info.value) == "Only owners and admins may update their projects."
    with pytest.raises(CoprRequestException) as info:  # invalid body: 400 before the rights check (§18.3)
        client(emulator, ALICE, "alice").project_chroot_proxy.edit("demo", "bad", F40, isolation="chroot")
    assert str(info.value) == "isolation: Not a valid choice."
    assert chroot_get(emulator, "bad", F40)[1]["with_opts"] == []


def test_project_admin_may_edit_a_chroot_but_a_builder_may_not(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "perm", [F40])
    project = emulator.state.find("demo", "perm")
    alice = client(emulator, ALICE, "alice")
    with emulator.state.lock:
        project.set_permission("alice", "builder", "approved")
    with pytest.raises(CoprAuthException):
        alice.project_chroot_proxy.edit("demo", "perm", F40, additional_packages=["x"])
    with emulator.state.lock:
        project.set_permission("alice", "admin", "approved")
    assert alice.project_chroot_proxy.edit("demo", "perm", F40, additional_packages=["x"]).additional_packages == [
        "x"]
    with pytest.raises(CoprAuthException) as info:  # an admin of the project still cannot delete it
        alice.project_proxy.delete("demo", "perm")
    assert str(info.value) == "Only owners may delete their projects."


def test_disabled_chroot_keeps_its_settings(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "keep", [F40, EPEL9])
    kept = plain(c.project_chroot_proxy.edit("demo", "keep", EPEL9, additional_packages=["keep-me"],
                                             isolation="nspawn"))
    assert list(c.project_proxy.edit("demo", "keep", chroots=[F40]).chroot_repos) == [F40]
    disabled = plain(c.project_chroot_proxy.get("demo", "keep", EPEL9))
    assert disabled == dict(kept, delete_after_days=6) and (200, disabled) == chroot_get(emulator, "keep", EPEL9)
    with pytest.raises(CoprRequestException):  # build-config of a disabled chroot is Copr's 500
        c.project_chroot_proxy.get_build_config("demo", "keep", EPEL9)
    again = c.project_proxy.edit("demo", "keep", chroots=[EPEL9, F40, F39])
    assert list(again.chroot_repos) == [F40, EPEL9, F39]  # rows in creation order; the new one last
    assert plain(c.project_chroot_proxy.get("demo", "keep", EPEL9)) == kept
