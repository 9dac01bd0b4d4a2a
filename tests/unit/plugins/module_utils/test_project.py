# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.fedora.copr.plugins.module_utils import _project as ps


def params(**kwargs):
    base = dict((option, None) for option in ps.SETTING_OPTIONS)
    base.update(chroots=None, purge_chroots=True)
    base.update(kwargs)
    return base


def test_table_covers_every_readable_project_setting(hello):
    readable = set(s.key for s in ps.SETTINGS if not s.write_only)
    assert readable <= set(hello)
    assert set(ps.WRITE_ONLY_OPTIONS) == {"runtime_dependencies", "multilib", "fedora_review", "delete_after_days"}
    assert set(ps.CANNOT_CLEAR_OPTIONS) == {"homepage", "contact", "repo_priority"}
    assert not set(ps.WRITE_ONLY_OPTIONS) & set(hello)
    assert list(ps.PROJECT_KEYS) == list(hello)


def test_argument_spec_types():
    spec = ps.argument_spec()
    assert spec["bootstrap"] == {"type": "str", "choices": ["default", "on", "off", "image"]}
    assert spec["isolation"]["choices"] == ["default", "simple", "nspawn"]
    assert spec["additional_repos"] == {"type": "list", "elements": "str"}
    assert spec["enable_net"] == {"type": "bool"}
    assert spec["repo_priority"] == {"type": "int"}
    assert "default" not in spec["enable_net"]


@pytest.mark.parametrize(
    "option,value,expected",
    [
        ("description", None, ""),
        ("additional_repos", ["https://a/ https://b/", " copr://demo/x "],
         ["https://a/", "https://b/", "copr://demo/x"]),
        ("packit_forge_projects_allowed", ["https://github.com/a/b", "gitlab.com/c/d"],
         ["github.com/a/b", "gitlab.com/c/d"]),
        ("packit_forge_projects_allowed", None, []),
        ("repo_priority", None, None),
        ("enable_net", 1, True),
    ],
)
def test_normalize(option, value, expected):
    assert ps.normalize(ps.SETTINGS_BY_OPTION[option], value) == expected


def test_wanted_settings_only_given_options():
    assert ps.wanted_settings(params(description="x", enable_net=False)) == {"description": "x", "enable_net": False}


@pytest.mark.parametrize("option", ["homepage", "contact"])
def test_cannot_clear_strings(option):
    with pytest.raises(ValueError, match="Copr cannot clear %s" % option):
        ps.check_settings(params(**{option: ""}))


def test_cannot_clear_repo_priority():
    with pytest.raises(ValueError, match="cannot clear repo_priority"):
        ps.check_settings(params(repo_priority=0))


def test_delete_after_days_range():
    ps.check_settings(params(delete_after_days=-1))
    ps.check_settings(params(delete_after_days=720))
    with pytest.raises(ValueError, match="between -1 and 720"):
        ps.check_settings(params(delete_after_days=721))


def test_empty_chroots_with_purge_fails_without_purge_is_fine():
    with pytest.raises(ValueError, match="at least one chroot"):
        ps.check_settings(params(chroots=[]))
    ps.check_settings(params(chroots=[], purge_chroots=False))


def test_add_body_requires_chroots():
    with pytest.raises(ValueError, match="chroots is required to create a project"):
        ps.add_body("x", params())


def test_add_body_sends_given_settings_and_write_only():
    body = ps.add_body(
        "x",
        params(chroots=["fedora-40-x86_64", "fedora-40-x86_64"], description="d", multilib=True,
               delete_after_days=5, additional_repos=["https://a/"]),
    )
    assert body == {
        "name": "x",
        "chroots": ["fedora-40-x86_64"],
        "description": "d",
        "multilib": True,
        "delete_after_days": 5,
        "additional_repos": ["https://a/"],
    }


def test_edit_body_unchanged_is_empty(hello, team):
    assert ps.edit_body(hello, params(description="A friendly greeting", enable_net=False,
                                      chroots=["fedora-rawhide-x86_64", "fedora-40-x86_64"])) == {}
    assert ps.edit_body(team, params(
        additional_repos=["https://example.org/repo/", "copr://demo/hello"],
        packit_forge_projects_allowed=["https://github.com/demo-team/tools"],
        homepage="https://example.org/team-tools", repo_priority=10, bootstrap="on", isolation="nspawn",
        instructions="dnf copr enable @demo-team/team-tools", persistent=False,
    )) == {}


def test_edit_body_one_field(hello):
    assert ps.edit_body(hello, params(description="new", enable_net=False)) == {"description": "new"}


def test_edit_body_write_only_never_sent_on_existing(hello):
    assert ps.edit_body(hello, params(multilib=True, runtime_dependencies=["https://a/"], fedora_review=True,
                                      delete_after_days=3)) == {}
    assert ps.edit_body(hello, params(multilib=True), include_write_only=True) == {"multilib": True}


def test_edit_body_persistent_cannot_change(hello):
    with pytest.raises(ValueError, match="cannot change persistent"):
        ps.check_create_only(hello, params(persistent=True))
    ps.check_create_only(hello, params(persistent=False))
    assert ps.edit_body(hello, params(persistent=True)) == {}


def test_edit_body_additional_repos_key(hello):
    assert ps.edit_body(hello, params(additional_repos=["https://a/"])) == {"additional_repos": ["https://a/"]}
    assert ps.edit_body(hello, params(additional_repos=[])) == {}


def test_edit_body_clears_description(team):
    assert ps.edit_body(team, params(description="")) == {"description": ""}


def test_chroots_purge_replaces_set(hello):
    assert ps.edit_body(hello, params(chroots=["epel-9-x86_64"])) == {"chroots": ["epel-9-x86_64"]}
    assert ps.edit_body(hello, params(chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64", "epel-9-x86_64"])) == {
        "chroots": ["epel-9-x86_64", "fedora-40-x86_64", "fedora-rawhide-x86_64"]
    }


def test_chroots_no_purge_sends_union(hello):
    assert ps.edit_body(hello, params(chroots=["epel-9-x86_64"], purge_chroots=False)) == {
        "chroots": ["epel-9-x86_64", "fedora-40-x86_64", "fedora-rawhide-x86_64"]
    }
    assert ps.edit_body(hello, params(chroots=["fedora-40-x86_64"], purge_chroots=False)) == {}


def test_predict_add_defaults():
    body = ps.add_body("x", params(chroots=["fedora-40-x86_64"], enable_net=True, multilib=True))
    project = ps.predict_add("demo", "x", body)
    assert list(project) == list(ps.PROJECT_KEYS)
    assert project["enable_net"] is True
    assert project["auto_prune"] is True
    assert project["follow_fedora_branching"] is True
    assert project["description"] == "" and project["instructions"] == ""
    assert project["full_name"] == "demo/x"
    assert project["id"] is None
    assert project["chroot_repos"] == {"fedora-40-x86_64": None}
    assert "multilib" not in project


def test_predict_add_with_known_backend():
    base = ps.backend_repo_base("https://copr.fedorainfracloud.org/", "@g", "x")
    assert base == "https://download.copr.fedorainfracloud.org/results/@g/x"
    project = ps.predict_add("@g", "x", {"name": "x", "chroots": ["epel-9-x86_64"]}, base)
    assert project["chroot_repos"] == {
        "epel-9-x86_64": "https://download.copr.fedorainfracloud.org/results/@g/x/epel-9-x86_64/"
    }
    assert ps.backend_repo_base("http://127.0.0.1:8123", "demo", "x") is None


def test_predict_edit(hello):
    project = ps.predict_edit(hello, {"description": "new", "chroots": ["epel-9-x86_64", "fedora-40-x86_64"]})
    assert project["description"] == "new"
    assert project["chroot_repos"] == {
        "epel-9-x86_64": "https://download.copr.fedorainfracloud.org/results/demo/hello/epel-9-x86_64/",
        "fedora-40-x86_64": hello["chroot_repos"]["fedora-40-x86_64"],
    }
    assert hello["description"] == "A friendly greeting"


def test_predict_fork(team):
    project = ps.predict_fork(team, "demo", "tools")
    assert project["full_name"] == "demo/tools"
    assert project["contact"] is None and project["auto_prune"] is True and project["persistent"] is False
    assert project["homepage"] == team["homepage"]
    assert project["chroot_repos"]["epel-9-x86_64"] == (
        "https://download.copr.fedorainfracloud.org/results/demo/tools/epel-9-x86_64/"
    )


def test_cannot_clear_flag_drives_the_check(monkeypatch):
    # a setting flagged cannot_clear is refused when cleared, whatever its name
    flagged = ps.SETTINGS_BY_OPTION["description"]._replace(kind="str", cannot_clear=True)
    monkeypatch.setattr(ps, "SETTINGS", (flagged,))
    with pytest.raises(ValueError, match="Copr cannot clear description"):
        ps.check_settings(params(description=" "))
    unflagged = ps.SETTINGS_BY_OPTION["homepage"]._replace(cannot_clear=False)
    monkeypatch.setattr(ps, "SETTINGS", (unflagged,))
    ps.check_settings(params(homepage=""))


def test_enabled_chroots_and_with_chroots(hello):
    assert ps.enabled_chroots(hello) == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
    assert ps.enabled_chroots(None) == [] and ps.with_chroots(None) == {} and ps.with_chroots({}) == {}
    shown = ps.with_chroots(hello)
    assert shown["chroots"] == ps.enabled_chroots(hello) and "chroots" not in hello
