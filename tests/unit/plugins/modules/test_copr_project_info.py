# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.modules import copr_project_info
from ansible_collections.fedora.copr.tests.unit.plugins.utils import DEMO_LOGIN, DEMO_TOKEN, load_project
from ansible_collections.fedora.copr.tests.unit.plugins.utils import run_module


@pytest.fixture(autouse=True)
def isolated(no_copr_environment, module_exits):  # pylint: disable=unused-argument
    """No user config file and no COPR_* environment; exit_json/fail_json raise."""


@pytest.fixture
def server(fake_client):
    """A read-only fake Copr holding demo/hello, @demo-team/tools and demo/bare."""
    projects = [load_project("demo/hello"), load_project("@demo-team/tools"), load_project("demo/bare")]
    return fake_client(projects, read_only=True)


def ok(args):
    result = run_module(copr_project_info.main, args)
    assert not result.get("failed"), result
    assert result["changed"] is False
    return result


def failed(args):
    result = run_module(copr_project_info.main, args)
    assert result.get("failed"), result
    return result


def test_get_adds_chroots(server):
    result = ok({"ownername": "demo", "name": "hello"})
    (project,) = result["projects"]
    assert project["chroots"] == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
    expected = load_project("demo/hello")
    assert {k: v for k, v in project.items() if k != "chroots"} == expected
    assert len(project) == 24
    assert server.calls == [("get_project", "demo", "hello")]


def test_get_uses_username_as_owner(server):
    result = ok({"username": "demo", "name": "bare"})
    assert result["projects"][0]["chroots"] == []
    assert server.calls == [("get_project", "demo", "bare")]


def test_get_username_from_environment(server, monkeypatch):
    monkeypatch.setenv("COPR_USERNAME", "demo")
    ok({"name": "hello"})
    assert server.calls == [("get_project", "demo", "hello")]


def test_get_group_project(server):
    result = ok({"ownername": "@demo-team", "name": "tools", "username": "demo"})
    assert result["projects"][0]["full_name"] == "@demo-team/tools"
    assert server.calls == [("get_project", "@demo-team", "tools")]


def test_missing_project_is_empty_not_failure(server):
    assert ok({"ownername": "demo", "name": "nope"})["projects"] == []


def test_check_mode_reads_the_same(server):
    result = ok({"ownername": "demo", "name": "hello", "_ansible_check_mode": True})
    assert len(result["projects"]) == 1


def test_list_without_limit_sends_no_paging(server):
    result = ok({"ownername": "demo"})
    assert [p["name"] for p in result["projects"]] == ["hello", "bare"]
    assert server.calls == [("list_projects", "demo", dict(limit=None, offset=None, order=None, order_type=None))]


def test_list_paging_passes_through(server):
    ok({"ownername": "@demo-team", "limit": 5, "offset": 10, "order": "created_on", "order_type": "DESC"})
    paging = dict(limit=5, offset=10, order="created_on", order_type="DESC")
    assert server.calls == [("list_projects", "@demo-team", paging)]


def test_list_defaults_to_username(server):
    ok({"username": "demo", "limit": 0})
    assert server.calls == [("list_projects", "demo", dict(limit=0, offset=None, order=None, order_type=None))]


def test_list_without_any_owner_fails(server):
    result = failed({})
    assert server.calls == []
    assert "ownername" in result["msg"] or "username" in result["msg"]


def test_search(server):
    result = ok({"query": "tool", "limit": 3, "order": "name", "order_type": "ASC"})
    assert [p["full_name"] for p in result["projects"]] == ["@demo-team/tools"]
    assert result["projects"][0]["chroots"] == ["epel-9-x86_64", "fedora-40-aarch64", "fedora-40-x86_64"]
    assert server.calls == [("search_projects", "tool", dict(limit=3, offset=None, order="name", order_type="ASC"))]


@pytest.mark.parametrize(
    "args",
    [
        {"name": "hello", "query": "hello", "ownername": "demo"},
        {"query": "hello", "ownername": "demo"},
        {"name": "hello", "ownername": "demo", "limit": 3},
        {"name": "hello", "ownername": "demo", "order": "id"},
    ],
)
def test_mutually_exclusive(server, args):
    failed(args)
    assert server.calls == []


@pytest.mark.parametrize("option", ["limit", "offset"])
def test_negative_paging_fails_before_any_request(server, option):
    result = failed({"ownername": "demo", option: -1})
    assert option in result["msg"]
    assert server.calls == []


@pytest.mark.parametrize("order", ["full_name", "enable_net", "id; drop table copr", "ID"])
def test_order_must_be_a_column(server, order):
    failed({"ownername": "demo", "order": order})
    assert server.calls == []


def test_order_type_choices(server):
    failed({"ownername": "demo", "order_type": "desc"})
    assert server.calls == []


@pytest.mark.parametrize("args", [{"ownername": "de mo", "name": "hello"}, {"ownername": "demo", "name": "123"}])
def test_invalid_names_fail_before_any_request(server, args):
    failed(args)
    assert server.calls == []


def test_server_error_fails_cleanly_without_token(server):
    server.error = CoprError(500, "GET", "/api_3/project/list", "Database error, contact admin")
    result = failed({"ownername": "demo", "api_login": DEMO_LOGIN, "api_token": DEMO_TOKEN})
    assert "Database error" in result["msg"]
    assert DEMO_TOKEN not in json.dumps(result)


def test_never_changed(server):
    for args in ({"ownername": "demo"}, {"query": "hello"}, {"ownername": "demo", "name": "hello"}):
        assert ok(args)["changed"] is False


@pytest.mark.parametrize("args, message", [
    ({"ownername": "demo", "name": "hello "}, "name 'hello ' has leading or trailing white space"),
    ({"ownername": " demo", "name": "hello"}, "ownername ' demo' has leading or trailing white space"),
    ({"ownername": "demo\n"}, "ownername 'demo\\n' has leading or trailing white space"),
])
def test_white_space_is_refused_before_any_request(server, args, message):
    result = failed(args)
    assert message in result["msg"]
    assert server.calls == []


def test_name_with_a_slash_says_so(server):
    result = failed({"name": "demo/backend"})
    assert result["msg"] == ("name 'demo/backend' holds a '/': a project name has none. Give the project name alone "
                             "and its owner apart (ownername: demo, name: backend)")
    assert server.calls == []
