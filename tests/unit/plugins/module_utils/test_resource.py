# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.module_utils._resource import Resource, changed_keys, diff
from ansible_collections.fedora.copr.tests.unit.plugins.utils import CREDENTIALS, run_module


def test_diff(hello):
    changed = dict(hello, description="new")
    assert diff(hello, changed) == {"before": {"description": "A friendly greeting"},
                                    "after": {"description": "new"}}
    assert diff(hello, hello) == {"before": {}, "after": {}}
    assert diff({}, hello) == {"before": {}, "after": hello}
    assert diff(hello, {}) == {"before": hello, "after": {}}
    assert diff(None, None) == {"before": {}, "after": {}}
    assert diff({"a": 1}, {"b": 2}) == {"before": {"a": 1}, "after": {"b": 2}}


def test_changed_keys():
    assert changed_keys({"a": 1, "b": [1]}, {"a": 1, "b": [1, 2], "c": None}) == {"b": [1, 2], "c": None}
    assert changed_keys(None, {"a": 1}) == {"a": 1}
    assert changed_keys({"a": 1}, {}) == {}


# A resource module as small as they come: a project's description and homepage, nothing else.
class Texts(Resource):
    result_key = "project"

    def __init__(self, module):
        super().__init__(module)
        self.where = (module.owner(), self.params["name"])

    def read(self):
        return self.client.get_project(*self.where)

    def wanted(self, current):
        return dict((k, self.params[k]) for k in ("description", "homepage") if self.params[k] is not None)

    def create(self):
        return self.client.add_project(self.where[0], dict(self.wanted(None), name=self.where[1], chroots=["f-1-x"]))

    def update(self, current, changes):
        return self.client.edit_project(*self.where, body=changes)

    def delete(self, current):
        self.client.delete_project(*self.where)


def main():
    module = CoprModule(dict(name=dict(type="str", required=True), ownername=dict(type="str"),
                             state=dict(type="str", default="present", choices=["present", "absent"]),
                             description=dict(type="str"), homepage=dict(type="str")))
    module.run(lambda: Texts(module).ensure(module.params["state"]))


@pytest.fixture
def run(module_exits, no_copr_environment):  # pylint: disable=unused-argument
    def _run(check_mode=False, diff_mode=True, **args):
        return run_module(main, dict(CREDENTIALS, _ansible_check_mode=check_mode, _ansible_diff=diff_mode, **args))

    return _run


def test_unchanged_reads_once_and_writes_nothing(run, fake_client, hello):
    client = fake_client([hello])
    result = run(name="hello", description="A friendly greeting")
    assert result == {"changed": False, "project": hello, "diff": {"before": {}, "after": {}}}
    assert client.calls == [("get_project", "demo", "hello")]


def test_update_sends_only_the_difference(run, fake_client, hello):
    client = fake_client([hello])
    result = run(name="hello", description="A friendly greeting", homepage="https://example.org/")
    assert client.writes() == [("edit_project", "demo", "hello", {"homepage": "https://example.org/"})]
    assert result["changed"] is True and result["project"]["homepage"] == "https://example.org/"
    assert result["diff"] == {"before": {"homepage": None}, "after": {"homepage": "https://example.org/"}}


def test_check_mode_predicts_and_writes_nothing(run, fake_client, hello):
    client = fake_client([hello])
    result = run(check_mode=True, name="hello", description="new")
    assert client.writes() == [] and client.projects[("demo", "hello")]["description"] == "A friendly greeting"
    assert result["changed"] is True and result["project"] == dict(hello, description="new")
    client = fake_client()
    result = run(check_mode=True, name="new", description="d")
    assert client.writes() == [] and result["project"] == {"description": "d"}
    assert result["diff"] == {"before": {}, "after": {"description": "d"}}


def test_create_then_absent(run, fake_client):
    client = fake_client()
    result = run(name="new", description="d")
    assert client.writes() == [("add_project", "demo", {"description": "d", "name": "new", "chroots": ["f-1-x"]})]
    assert result["changed"] is True and result["project"]["full_name"] == "demo/new"
    result = run(name="new", state="absent")
    assert client.writes()[-1] == ("delete_project", "demo", "new") and ("demo", "new") not in client.projects
    assert result["changed"] is True and result["project"] == {}
    assert result["diff"]["after"] == {} and result["diff"]["before"]["full_name"] == "demo/new"
    result = run(name="new", state="absent")
    assert result["changed"] is False and len(client.writes()) == 2


def test_absent_in_check_mode_deletes_nothing(run, fake_client, hello):
    client = fake_client([hello])
    result = run(check_mode=True, name="hello", state="absent")
    assert result["changed"] is True and client.writes() == [] and ("demo", "hello") in client.projects


def test_no_diff_without_diff_mode(run, fake_client):
    fake_client()
    assert "diff" not in run(diff_mode=False, name="new", description="d")


def test_an_error_fails_once_with_advice(run, fake_client):
    fake_client(error=CoprError(403, "PUT", "/api_3/project/edit/demo/x", "no"))
    result = run(name="x", description="d")
    assert result["failed"] and result["status"] == 403
    assert "the API login may lack rights on demo" in result["msg"]
