# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import contextlib
import copy
import json
import os

import pytest

from ansible.module_utils import basic

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError
from ansible_collections.fedora.copr.plugins.modules import copr_project_info

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "lookup", "fixtures")
TOKEN = "pilwtbqdhunnntkfzcvkthgnaefmmi"


def load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19

    @contextlib.contextmanager
    def patch_module_args(args):
        serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        original = basic._ANSIBLE_ARGS  # pylint: disable=protected-access
        basic._ANSIBLE_ARGS = serialized  # pylint: disable=protected-access
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = original  # pylint: disable=protected-access


class Exit(Exception):
    def __init__(self, result, failed):
        super().__init__(result)
        self.result = result
        self.failed = failed


@pytest.fixture(autouse=True)
def no_exit(monkeypatch):
    def exit_json(self, **result):
        raise Exit(result, False)

    def fail_json(self, msg, **result):
        result["msg"] = msg
        raise Exit(result, True)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)


@pytest.fixture(autouse=True)
def isolated(no_copr_environment):  # pylint: disable=unused-argument
    """No user config file and no COPR_* environment."""


class FakeServer:
    """Replaces the read methods of CoprClient; records (method, arguments) of every call."""

    def __init__(self):
        hello = load("project_demo_hello.json")
        tools = load("project_team_tools.json")
        bare = load("project_demo_nochroots.json")
        self.projects = {"demo/hello": hello, "@demo-team/tools": tools, "demo/bare": bare}
        self.calls = []
        self.error = None

    def install(self, monkeypatch):
        server = self

        def get_project(client, owner, name):
            server.calls.append(("get", owner, name))
            server.raise_error()
            return copy.deepcopy(server.projects.get("%s/%s" % (owner, name)))

        def list_projects(client, owner=None, limit=None, offset=None, order=None, order_type=None):
            server.calls.append(("list", owner, dict(limit=limit, offset=offset, order=order, order_type=order_type)))
            server.raise_error()
            found = [p for p in server.projects.values() if owner is None or p["ownername"] == owner]
            found.sort(key=lambda p: p["id"])
            return copy.deepcopy(found[offset or 0:(offset or 0) + limit if limit else None])

        def search_projects(client, query, limit=None, offset=None, order=None, order_type=None):
            server.calls.append(("search", query, dict(limit=limit, offset=offset, order=order, order_type=order_type)))
            server.raise_error()
            return copy.deepcopy([p for p in server.projects.values() if query in p["name"]])

        def forbidden(client, *args, **kwargs):
            raise AssertionError("copr_project_info must not write")

        monkeypatch.setattr(CoprClient, "get_project", get_project)
        monkeypatch.setattr(CoprClient, "list_projects", list_projects)
        monkeypatch.setattr(CoprClient, "search_projects", search_projects)
        for name in ("add_project", "edit_project", "delete_project", "fork_project", "regenerate_repos"):
            monkeypatch.setattr(CoprClient, name, forbidden)
        monkeypatch.setattr(CoprClient, "request", forbidden)

    def raise_error(self):
        if self.error is not None:
            raise self.error


@pytest.fixture
def server(monkeypatch):
    fake = FakeServer()
    fake.install(monkeypatch)
    return fake


def run(args):
    with patch_module_args(args):
        with pytest.raises(Exit) as caught:
            copr_project_info.main()
    return caught.value


def ok(args):
    outcome = run(args)
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    return outcome.result


def failed(args):
    outcome = run(args)
    assert outcome.failed, outcome.result
    return outcome.result


def test_get_adds_chroots(server):
    result = ok({"ownername": "demo", "name": "hello"})
    (project,) = result["projects"]
    assert project["chroots"] == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
    expected = load("project_demo_hello.json")
    assert {k: v for k, v in project.items() if k != "chroots"} == expected
    assert len(project) == 24
    assert server.calls == [("get", "demo", "hello")]


def test_get_uses_username_as_owner(server):
    result = ok({"username": "demo", "name": "bare"})
    assert result["projects"][0]["chroots"] == []
    assert server.calls == [("get", "demo", "bare")]


def test_get_username_from_environment(server, monkeypatch):
    monkeypatch.setenv("COPR_USERNAME", "demo")
    ok({"name": "hello"})
    assert server.calls == [("get", "demo", "hello")]


def test_get_group_project(server):
    result = ok({"ownername": "@demo-team", "name": "tools", "username": "demo"})
    assert result["projects"][0]["full_name"] == "@demo-team/tools"
    assert server.calls == [("get", "@demo-team", "tools")]


def test_missing_project_is_empty_not_failure(server):
    assert ok({"ownername": "demo", "name": "nope"})["projects"] == []


def test_check_mode_reads_the_same(server):
    result = ok({"ownername": "demo", "name": "hello", "_ansible_check_mode": True})
    assert len(result["projects"]) == 1


def test_list_without_limit_sends_no_paging(server):
    result = ok({"ownername": "demo"})
    assert [p["name"] for p in result["projects"]] == ["hello", "bare"]
    assert server.calls == [("list", "demo", dict(limit=None, offset=None, order=None, order_type=None))]


def test_list_paging_passes_through(server):
    ok({"ownername": "@demo-team", "limit": 5, "offset": 10, "order": "created_on", "order_type": "DESC"})
    assert server.calls == [("list", "@demo-team", dict(limit=5, offset=10, order="created_on", order_type="DESC"))]


def test_list_defaults_to_username(server):
    ok({"username": "demo", "limit": 0})
    assert server.calls == [("list", "demo", dict(limit=0, offset=None, order=None, order_type=None))]


def test_list_without_any_owner_fails(server):
    result = failed({})
    assert server.calls == []
    assert "ownername" in result["msg"] or "username" in result["msg"]


def test_search(server):
    result = ok({"query": "tool", "limit": 3, "order": "name", "order_type": "ASC"})
    assert [p["full_name"] for p in result["projects"]] == ["@demo-team/tools"]
    assert result["projects"][0]["chroots"] == ["epel-9-x86_64", "fedora-40-aarch64", "fedora-40-x86_64"]
    assert server.calls == [("search", "tool", dict(limit=3, offset=None, order="name", order_type="ASC"))]


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
    result = failed({"ownername": "demo", "api_login": "odxydaummlrwbhxldupg", "api_token": TOKEN})
    assert "Database error" in result["msg"]
    assert TOKEN not in json.dumps(result)


def test_never_changed(server):
    for args in ({"ownername": "demo"}, {"query": "hello"}, {"ownername": "demo", "name": "hello"}):
        assert ok(args)["changed"] is False
