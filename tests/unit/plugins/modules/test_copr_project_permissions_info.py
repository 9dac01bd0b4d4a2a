# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_project_permissions_info, on a real CoprClient answering with recorded answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient
from ansible_collections.fedora.copr.plugins.modules import copr_project_permissions_info
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    FIXTURES,
    FakeSession,
    install_client,
    make_response,
    run_module,
)

GET = "/project/permissions/get/jdoe/ex-perms"
CAN = "/project/permissions/can_build_in/alice/jdoe/ex-perms"
FORBIDDEN = "set: by a user with only a requested admin role -> 403"
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "integration", "targets",
                      "copr_project_permissions_info", "tasks", "examples.yml")


def recorded(name):
    with open(os.path.join(FIXTURES, "recording_permissions.json"), encoding="utf-8") as handle:
        steps = dict((step["name"], step) for step in json.load(handle))
    answer = steps[name]["response"]
    return make_response(answer["status"], answer["body"])


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    def _run(answers, credentials=True, **args):
        session = FakeSession(*answers)
        login = CREDENTIALS["api_login"] if credentials else None
        token = CREDENTIALS["api_token"] if credentials else None
        client = CoprClient(CREDENTIALS["api_url"], login=login, token=token, session=session)
        client.sleep = lambda seconds: None
        install_client(monkeypatch, client)
        module_args = dict(api_url=CREDENTIALS["api_url"], ownername="jdoe", project="ex-perms")
        if credentials:
            module_args.update(api_login=login, api_token=token)
        module_args.update(args)
        return run_module(copr_project_permissions_info.main, module_args), session

    return _run


def test_permissions(run):
    result, session = run([recorded("get: final state")])
    assert result["changed"] is False
    assert result["permissions"] == {"admin": {"admin": "nothing", "builder": "request"}}
    assert "can_build_in" not in result and "msg" not in result
    assert session.sent() == [("GET", GET, None, None)]


def test_no_permissions_yet(run):
    result, _session = run([recorded("get: nothing set yet -> 404, also for a site admin (surprise)")])
    assert result["permissions"] == {}


def test_with_user(run):
    result, session = run([recorded("get: users in database order"), recorded("can_build_in: approved builder")],
                          user="alice")
    assert result["can_build_in"] is True
    assert list(result["permissions"]) == ["alice", "admin"]
    assert [call[1] for call in session.sent()] == [GET, CAN]
    assert "Authorization" not in session.calls[1]["prepared"].headers


def test_user_without_credentials_reads_can_build_in_only(run):
    result, session = run([recorded("can_build_in: approved builder")], credentials=False, user="alice")
    assert result["can_build_in"] is True
    assert "permissions" not in result
    assert result["msg"] == ("permissions not read: no credentials were given (reading them needs admin rights on "
                             "jdoe/ex-perms)")
    assert session.sent() == [("GET", CAN, None, None)]


def test_user_without_admin_rights_reads_can_build_in(run):
    result, session = run([recorded(FORBIDDEN), recorded("can_build_in: approved builder")], user="alice")
    assert result["can_build_in"] is True
    assert "permissions" not in result
    assert result["msg"].startswith("permissions not read: the API login lacks admin rights on jdoe/ex-perms "
                                    "(Copr answered HTTP 403")
    assert len(session.calls) == 2


def test_without_admin_rights_fails(run):
    result, session = run([recorded(FORBIDDEN)])
    assert result["failed"]
    assert result["msg"].startswith("Reading or changing the permissions of jdoe/ex-perms needs admin rights")
    assert len(session.calls) == 1


def test_without_credentials_fails_before_any_request(run):
    result, session = run([], credentials=False)
    assert result["failed"]
    assert result["msg"].startswith("Reading the permissions of jdoe/ex-perms needs the credentials of a user with "
                                    "admin rights on the project, and no API login and token were found.")
    assert "Or give user to read only can_build_in" in result["msg"]
    assert session.calls == []


def test_missing_project_fails(run):
    result, session = run([make_response(404, {"error": "Project jdoe/ex-perms does not exist."})], user="alice")
    assert result["failed"]
    assert result["msg"].startswith("Project jdoe/ex-perms does not exist")
    assert len(session.calls) == 1


def test_unknown_user_fails(run):
    result, session = run([recorded("get: final state"), recorded("can_build_in: a group as who -> 500 (surprise)")],
                          user="ghost")
    assert result["failed"]
    assert result["msg"].startswith("user 'ghost' is not known to Copr")
    assert len(session.calls) == 2


@pytest.mark.parametrize(("args", "words"), [
    (dict(user=" alice"), "user ' alice' has leading or trailing white space"),
    (dict(user=""), "user must not be empty"),
    (dict(user="@testers"), "user '@testers' is a group"),
    (dict(project="ex perms"), "project"),
    (dict(ownername=" jdoe"), "ownername ' jdoe' has leading or trailing white space"),
])
def test_bad_input_before_any_request(run, args, words):
    result, session = run([], **args)
    assert result["failed"]
    assert words in result["msg"]
    assert session.calls == []


def test_examples_run_in_the_integration_target():
    examples = yaml.safe_load(copr_project_permissions_info.EXAMPLES)
    with open(TARGET, encoding="utf-8") as handle:
        target = yaml.safe_load(handle)
    position = 0
    for task in examples:
        assert task in target[position:], "EXAMPLES task %r is not in %s" % (task["name"], TARGET)
        position = target.index(task, position) + 1
