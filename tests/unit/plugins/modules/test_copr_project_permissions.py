# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_project_permissions, run in-process on a real CoprClient whose session answers with the
recorded answers of the genuine Copr frontend (fixtures/recording_permissions.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient
from ansible_collections.fedora.copr.plugins.modules import copr_project_permissions
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    DEMO_TOKEN,
    FIXTURES,
    FakeSession,
    install_client,
    make_response,
    run_module,
)

GET = "/project/permissions/get/jdoe/ex-perms"
SET = "/project/permissions/set/jdoe/ex-perms"
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "integration", "targets",
                      "copr_project_permissions", "tasks", "examples.yml")


def recorded(name):
    with open(os.path.join(FIXTURES, "recording_permissions.json"), encoding="utf-8") as handle:
        steps = dict((step["name"], step) for step in json.load(handle))
    answer = steps[name]["response"]
    return make_response(answer["status"], answer["body"])


# alice: admin requested, builder approved; admin: admin approved (in this order)
DATABASE_ORDER = "get: users in database order"
NONE_YET = "get: nothing set yet -> 404, also for a site admin (surprise)"


def updated(*users):
    return make_response(200, {"updated": list(users)})


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    """run(answers, **args) -> (result, session): the module with a CoprClient over a FakeSession."""

    def _run(answers, **args):
        session = FakeSession(*answers)
        client = CoprClient(CREDENTIALS["api_url"], login=CREDENTIALS["api_login"], token=CREDENTIALS["api_token"],
                            session=session)
        client.sleep = lambda seconds: None
        install_client(monkeypatch, client)
        module_args = dict(CREDENTIALS)
        module_args.update(ownername="jdoe", project="ex-perms")
        module_args.update(args)
        module_args["_ansible_check_mode"] = module_args.pop("_check_mode", False)
        module_args["_ansible_diff"] = module_args.pop("_diff", True)
        return run_module(copr_project_permissions.main, module_args), session

    return _run


def test_unchanged_costs_one_read(run):
    result, session = run([recorded(DATABASE_ORDER)], permissions=[
        {"user": "alice", "builder": True}, {"user": "admin", "admin": True, "builder": False}])
    assert result["changed"] is False
    assert session.sent() == [("GET", GET, None, None)]
    assert result["permissions"] == {"alice": {"admin": "request", "builder": "approved"},
                                     "admin": {"admin": "approved", "builder": "nothing"}}
    assert list(result["permissions"]) == ["alice", "admin"]
    assert result["diff"] == {"before": {}, "after": {}}
    assert DEMO_TOKEN not in json.dumps(result)


def test_approve_a_request_and_grant_a_new_user(run):
    result, session = run([recorded(DATABASE_ORDER), updated("alice", "expired")], permissions=[
        {"user": "alice", "admin": True, "builder": True}, {"user": "expired", "builder": True}])
    assert result["changed"] is True
    assert session.sent() == [
        ("GET", GET, None, None),
        ("PUT", SET, None, {"alice": {"admin": "approved"}, "expired": {"builder": "approved"}}),
    ]
    assert result["permissions"] == {"alice": {"admin": "approved", "builder": "approved"},
                                     "admin": {"admin": "approved", "builder": "nothing"},
                                     "expired": {"admin": "nothing", "builder": "approved"}}
    assert result["diff"] == {"before": {"alice": {"admin": "request"}, "expired": {"builder": "nothing"}},
                              "after": {"alice": {"admin": "approved"}, "expired": {"builder": "approved"}}}


def test_false_denies_a_request_and_drops_a_user_from_the_result(run):
    result, session = run([recorded(DATABASE_ORDER), updated("alice")], permissions=[
        {"user": "alice", "admin": False, "builder": False}])
    assert session.sent()[1] == ("PUT", SET, None, {"alice": {"admin": "nothing", "builder": "nothing"}})
    assert result["permissions"] == {"admin": {"admin": "approved", "builder": "nothing"}}


def test_purge(run):
    result, session = run([recorded(DATABASE_ORDER), updated("admin")], purge=True, permissions=[
        {"user": "alice", "builder": True}])
    # alice's admin request is not managed by her entry; the unlisted admin loses everything
    assert session.sent()[1] == ("PUT", SET, None, {"admin": {"admin": "nothing"}})
    assert result["permissions"] == {"alice": {"admin": "request", "builder": "approved"}}


def test_purge_with_an_empty_list_clears_everyone(run):
    result, session = run([recorded(DATABASE_ORDER), updated("alice", "admin")], purge=True, permissions=[])
    assert session.sent()[1][3] == {"alice": {"admin": "nothing", "builder": "nothing"}, "admin": {"admin": "nothing"}}
    assert result["permissions"] == {}


def test_empty_list_without_purge_changes_nothing(run):
    result, session = run([recorded(DATABASE_ORDER)], permissions=[])
    assert result["changed"] is False
    assert len(session.calls) == 1


def test_project_without_permissions_yet(run):
    result, session = run([recorded(NONE_YET), updated("alice")], permissions=[{"user": "alice", "builder": True}])
    assert result["changed"] is True
    assert session.sent()[1] == ("PUT", SET, None, {"alice": {"builder": "approved"}})
    assert result["permissions"] == {"alice": {"admin": "nothing", "builder": "approved"}}
    assert result["diff"]["before"] == {"alice": {"builder": "nothing"}}


def test_check_mode_predicts_and_sends_no_write(run):
    result, session = run([recorded(DATABASE_ORDER)], _check_mode=True, permissions=[
        {"user": "alice", "admin": True}, {"user": "bob", "builder": True}])
    assert result["changed"] is True
    assert session.sent() == [("GET", GET, None, None)]
    assert result["permissions"]["alice"] == {"admin": "approved", "builder": "approved"}
    assert result["permissions"]["bob"] == {"admin": "nothing", "builder": "approved"}
    assert list(result["permissions"]) == ["alice", "admin", "bob"]


def test_no_diff_without_diff_mode(run):
    result, _session = run([recorded(DATABASE_ORDER)], _diff=False, permissions=[])
    assert "diff" not in result


def test_caller_goes_last(run):
    result, session = run([recorded(DATABASE_ORDER), updated("alice", "bob")], username="alice", permissions=[
        {"user": "alice", "admin": False, "builder": False}, {"user": "bob", "builder": True}])
    assert result["changed"] is True
    body = session.sent()[1][3]
    assert list(body) == ["bob", "alice"]
    assert list(body["alice"]) == ["builder", "admin"]


def test_missing_project_fails_after_one_read(run):
    result, session = run([make_response(404, {"error": "Project jdoe/ex-perms does not exist."})],
                          permissions=[{"user": "alice", "builder": True}])
    assert result["failed"]
    assert result["msg"].startswith("Project jdoe/ex-perms does not exist: create it first")
    assert len(session.calls) == 1


def test_caller_without_admin_rights_fails_before_any_write(run):
    result, session = run([recorded("set: by a user with only a requested admin role -> 403")],
                          permissions=[{"user": "alice", "builder": True}])
    assert result["failed"]
    assert result["msg"].startswith(
        "Reading or changing the permissions of jdoe/ex-perms needs admin rights on the project (its owner, for a "
        "@group project a member of the group, a user with the approved admin permission on the project, or a Copr "
        "site admin), and the API login's user 'alice' lacks them.")
    assert session.sent() == [("GET", GET, None, None)]


def test_unknown_user(run):
    result, session = run([recorded(DATABASE_ORDER), recorded("set: unknown user -> 400")],
                          permissions=[{"user": "ex-ghost", "builder": True}])
    assert result["failed"]
    assert result["msg"].startswith("permissions: user 'ex-ghost' does not exist in Copr.")
    assert [call[0] for call in session.sent()] == ["GET", "PUT"]


@pytest.mark.parametrize(("args", "words"), [
    (dict(permissions=[{"user": "alice", "builder": True}, {"user": "alice", "admin": True}]),
     "permissions lists user 'alice' twice (entries 0 and 1)"),
    (dict(permissions=[{"user": "alice", "builder": "yes"}]),
     "permissions[0].builder (user alice) must be true or false, got the string 'yes'"),
    (dict(permissions=[{"user": "alice", "admin": "1"}]),
     "permissions[0].admin (user alice) must be true or false, got the string '1'"),
    (dict(permissions=[{"user": "alice", "admin": 1}]),
     "permissions[0].admin (user alice) must be true or false, got 1 (int)"),
    (dict(permissions=[{"user": "alice", "builder": "approved"}]), "got the string 'approved'"),
    (dict(permissions=[{"user": "", "builder": True}]), "permissions[0].user must not be empty"),
    (dict(permissions=[{"user": " alice", "builder": True}]),
     "permissions[0].user ' alice' has leading or trailing white space"),
    (dict(permissions=[{"user": "  ", "builder": True}]), "permissions[0].user '  ' has leading or trailing"),
    (dict(permissions=[{"user": "@testers", "builder": True}]), "permissions[0].user '@testers' is a group"),
    (dict(permissions=[{"user": "jdoe", "builder": True}]), "permissions[0]: jdoe owns the project"),
    (dict(ownername="jdoe ", permissions=[]), "ownername 'jdoe ' has leading or trailing white space"),
    (dict(project=" ex-perms", permissions=[]), "project ' ex-perms' has leading or trailing white space"),
    (dict(api_token=None, permissions=[]), "This task changes Copr and needs credentials"),
])
def test_bad_input_is_refused_before_any_request(run, args, words):
    result, session = run([], **args)
    assert result["failed"]
    assert words in result["msg"]
    assert session.calls == []


def test_unknown_entry_key_is_refused_by_ansible(run):
    result, session = run([], permissions=[{"user": "alice", "buidler": True}])
    assert result["failed"]
    assert "buidler" in result["msg"]
    assert session.calls == []


def test_examples_run_in_the_integration_target():
    """Every task of EXAMPLES is in tasks/examples.yml of the integration target, in the same order."""
    examples = yaml.safe_load(copr_project_permissions.EXAMPLES)
    with open(TARGET, encoding="utf-8") as handle:
        target = yaml.safe_load(handle)
    position = 0
    for task in examples:
        assert task in target[position:], "EXAMPLES task %r is not in %s" % (task["name"], TARGET)
        position = target.index(task, position) + 1
