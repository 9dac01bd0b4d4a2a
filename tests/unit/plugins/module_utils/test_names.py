# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.fedora.copr.plugins.module_utils._names import (
    check_chroot,
    check_owner,
    check_project_name,
    split_full_name,
)
from ansible_collections.fedora.copr.plugins.module_utils._project import with_chroots


@pytest.mark.parametrize("value", ["demo", "@demo-team", "a.b_c-d", "ünï", "x" * 100, "@" + "x" * 99])
def test_good_owners(value):
    assert check_owner(value) == value


@pytest.mark.parametrize("value", ["", "@", "a/b", "a b", ".", "..", "@..", "x" * 101, "a?b", "a#b", "a%b",
                                   None, 5, "@@x"])
def test_bad_owners(value):
    with pytest.raises(ValueError) as info:
        check_owner(value, "ownername")
    assert "ownername" in str(info.value)


@pytest.mark.parametrize("value", ["hello", "hello-1.2_x", "1a", "a1", "x" * 100, "ünï"])
def test_good_project_names(value):
    assert check_project_name(value) == value


@pytest.mark.parametrize("value", ["", "123", "a/b", "a b", ".", "..", "x" * 101, "@x", "a%2F", None])
def test_bad_project_names(value):
    with pytest.raises(ValueError) as info:
        check_project_name(value, "name")
    assert "name" in str(info.value)


@pytest.mark.parametrize("check, option, value", [
    (check_project_name, "name", "trailing\n"),
    (check_project_name, "name", " padded "),
    (check_owner, "ownername", " demo"),
    (check_owner, "ownername", "@demo-team\t"),
    (check_chroot, "chroots", " fedora-40-x86_64 "),
    (split_full_name, "source", " demo/hello"),
    (split_full_name, "source", "demo /hello"),
    (split_full_name, "source", "demo/ hello"),
    (split_full_name, "term", "demo/hello\n"),
])
def test_white_space_at_either_end_is_refused_not_trimmed(check, option, value):
    with pytest.raises(ValueError) as info:
        check(value, option)
    assert "has leading or trailing white space" in str(info.value) or "has white space around its '/'" in str(
        info.value)
    assert str(info.value).startswith("%s %r " % (option, value))


@pytest.mark.parametrize("value", ["fedora-40-x86_64", "fedora-rawhide-x86_64", "epel-9-aarch64",
                                   "opensuse-leap-15.5-x86_64", "centos-stream-9-x86_64"])
def test_good_chroots(value):
    assert check_chroot(value) == value


@pytest.mark.parametrize("value", ["Fedora-40-x86_64", "fedora-40", "fedora", "fedora/40/x86_64",
                                   "fedora-40-x86_64/", "", "fedora--x86_64", None])
def test_bad_chroots(value):
    with pytest.raises(ValueError) as info:
        check_chroot(value, "chroots")
    assert "chroots" in str(info.value)


@pytest.mark.parametrize("value, expected", [("demo/hello", ("demo", "hello")),
                                             ("@team/tools", ("@team", "tools"))])
def test_split_full_name(value, expected):
    assert split_full_name(value) == expected


@pytest.mark.parametrize("value", ["demo", "demo/", "/hello", "a/b/c", "demo/123", "../x", "a b/c", ""])
def test_bad_full_names(value):
    with pytest.raises(ValueError) as info:
        split_full_name(value, "source")
    assert "source" in str(info.value)


def test_with_chroots():
    project = {"name": "p", "chroot_repos": {"fedora-40-x86_64": "u1", "epel-9-x86_64": "u2"}}
    result = with_chroots(project)
    assert result["chroots"] == ["epel-9-x86_64", "fedora-40-x86_64"]
    assert "chroots" not in project
    assert with_chroots(None) == {} and with_chroots({}) == {}
    assert with_chroots({"name": "p", "chroot_repos": None})["chroots"] == []
