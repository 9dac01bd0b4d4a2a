# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator driven by the official python-copr client: outcomes as copr-api-v3.md says."""

import pytest
from conftest import ALICE, DEMO, EXPIRED

copr_v3 = pytest.importorskip("copr.v3")
from copr.v3 import (  # noqa: E402  pylint: disable=wrong-import-position
    CoprAuthException, CoprNoResultException, CoprRequestException)

F40, EPEL9 = "fedora-40-x86_64", "epel-9-x86_64"


def client(emu, creds=DEMO, username="demo"):
    return copr_v3.Client({"copr_url": emu.url, "login": creds[0], "token": creds[1], "username": username})


def test_add_get_duplicate_exist_ok(emulator):
    c = client(emulator)
    project = c.project_proxy.add("demo", "hello", [F40, EPEL9], description="d")
    assert project.full_name == "demo/hello" and sorted(project.chroot_repos) == [EPEL9, F40]
    with pytest.raises(CoprRequestException) as info:
        c.project_proxy.add("demo", "hello", [F40])
    assert str(info.value) == "name: You already have a project named 'hello'."
    again = c.project_proxy.add("demo", "hello", [F40], exist_ok=True)
    assert again.id == project.id and sorted(again.chroot_repos) == [EPEL9, F40]
    assert c.project_proxy.get("demo", "hello").description == "d"


def test_get_list_search_pagination(emulator):
    c = client(emulator)
    for name in ("p1", "p2", "p3"):
        c.project_proxy.add("demo", name, [F40])
    listed = c.project_proxy.get_list("demo")
    assert [p.name for p in listed] == ["p1", "p2", "p3"]
    assert listed.meta == {"limit": None, "offset": 0, "order": "id", "order_type": "ASC"}
    page = c.project_proxy.get_list("demo", pagination={"limit": 2, "offset": 1})
    assert [p.name for p in page] == ["p2", "p3"] and page.meta.limit == 2
    found = c.project_proxy.search("demo/p")
    assert sorted(p.name for p in found) == ["p1", "p2", "p3"]
    with pytest.raises(CoprRequestException):
        c.project_proxy.search("p1")  # under 3 characters


def test_edit_fork_delete_regenerate(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "src", [F40], contact="me@example.com", homepage="https://example.com")
    edited = c.project_proxy.edit("demo", "src", chroots=[EPEL9], description="new", additional_repos=[
        "https://example.com/repo"])
    assert edited.description == "new" and list(edited.chroot_repos) == [EPEL9]
    assert edited.additional_repos == ["https://example.com/repo"]
    fork = c.project_proxy.fork("demo", "src", "demo", "dst")
    assert fork.full_name == "demo/dst" and fork.contact is None and fork.description == "new"
    with pytest.raises(CoprRequestException) as info:
        c.project_proxy.fork("demo", "src", "demo", "dst")
    assert "You are about to fork into existing project: dst" in str(info.value)
    assert c.project_proxy.fork("demo", "src", "demo", "dst", confirm=True).id == fork.id
    assert c.project_proxy.regenerate_repos("demo", "src").name == "src"
    deleted = c.project_proxy.delete("demo", "dst")
    assert deleted.name == "dst"
    with pytest.raises(CoprNoResultException):
        c.project_proxy.get("demo", "dst")


def test_project_chroot(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "ch", [F40])
    chroot = c.project_chroot_proxy.get("demo", "ch", F40)
    assert chroot.mock_chroot == F40 and chroot.isolation == "unchanged"
    edited = c.project_chroot_proxy.edit("demo", "ch", F40, additional_packages=["gcc", "make"])
    assert edited.additional_packages == ["gcc", "make"]
    with pytest.raises(CoprNoResultException):
        c.project_chroot_proxy.get("demo", "ch", EPEL9)


def test_client_error_mapping(emulator):
    c = client(emulator)
    c.project_proxy.add("demo", "mine", [F40])
    with pytest.raises(CoprAuthException):  # 403
        client(emulator, ALICE, "alice").project_proxy.edit("demo", "mine", description="x")
    with pytest.raises(CoprNoResultException):  # 404
        c.project_proxy.get("demo", "absent")
    with pytest.raises(CoprRequestException) as info:  # 401
        client(emulator, EXPIRED, "expired").project_proxy.add("expired", "x", [F40])
    assert "Login invalid/expired" in str(info.value)
    with pytest.raises(CoprRequestException):  # 400
        c.project_proxy.add("demo", "bad name", [F40])
