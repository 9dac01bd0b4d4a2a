# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_permissions.py: the checks, the plan, and the calls against the answers the genuine Copr
frontend gave (fixtures/recording_permissions.json, a copy of shared/copr-examples/permissions.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.fedora.copr.plugins.module_utils import _permissions
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    FIXTURES,
    FakeSession,
    make_response,
)


def recorded(name):
    """The recorded response of the step ``name`` of permissions.json, as a requests.Response."""
    with open(os.path.join(FIXTURES, "recording_permissions.json"), encoding="utf-8") as handle:
        steps = dict((step["name"], step) for step in json.load(handle))
    answer = steps[name]["response"]
    return make_response(answer["status"], answer["body"])


def client_with(*answers):
    session = FakeSession(*answers)
    client = CoprClient(CREDENTIALS["api_url"], login=CREDENTIALS["api_login"], token=CREDENTIALS["api_token"],
                        session=session)
    client.sleep = lambda seconds: None
    return client, session


# -- checks ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["alice", "a.b_c-d", "user1"])
def test_good_users(value):
    assert _permissions.check_user(value) == value


@pytest.mark.parametrize(("value", "words"), [
    ("", "must not be empty"),
    (" alice", "leading or trailing white space"),
    ("alice ", "leading or trailing white space"),
    ("   ", "leading or trailing white space"),
    ("al ice", "contains white space"),
    ("@team", "is a group"),
    ("a/b", "contains a /"),
    (None, "is required"),
    (5, "must be a string"),
])
def test_bad_users(value, words):
    with pytest.raises(ValueError) as info:
        _permissions.check_user(value, "permissions[0].user")
    assert "permissions[0].user" in str(info.value)
    assert words in str(info.value)


@pytest.mark.parametrize(("ownername", "project", "words"), [
    (" demo", "tools", "ownername ' demo' has leading or trailing white space"),
    ("demo", "tools ", "project 'tools ' has leading or trailing white space"),
    ("", "tools", "ownername"),
    ("demo", "", "project"),
    ("demo", "a/b", "project"),
])
def test_bad_projects(ownername, project, words):
    with pytest.raises(ValueError) as info:
        _permissions.check_project(ownername, project)
    assert words in str(info.value)


def test_good_project():
    assert _permissions.check_project("@demo-team", "tools") == ("@demo-team", "tools")


@pytest.mark.parametrize("value", ["yes", "no", "1", "0", "true", "True", "on", "approved", "nothing", 1, 0, 1.0,
                                   [], {}])
def test_non_boolean_values_are_refused(value):
    with pytest.raises(ValueError) as info:
        _permissions.check_permissions([{"user": "alice", "admin": None, "builder": value}], "demo")
    text = str(info.value)
    assert text.startswith("permissions[0].builder (user alice) must be true or false, got ")
    assert "bool filter" in text


def test_non_boolean_message_names_the_string():
    with pytest.raises(ValueError) as info:
        _permissions.check_permissions([{"user": "alice", "admin": "yes", "builder": None}], "demo")
    assert "got the string 'yes'" in str(info.value)


def test_duplicate_user_is_refused():
    entries = [{"user": "alice", "admin": True, "builder": None}, {"user": "bob", "admin": None, "builder": True},
               {"user": "alice", "admin": None, "builder": True}]
    with pytest.raises(ValueError) as info:
        _permissions.check_permissions(entries, "demo")
    assert str(info.value) == ("permissions lists user 'alice' twice (entries 0 and 2): give each user once, with "
                               "admin and builder in the same entry")


def test_owner_is_refused():
    with pytest.raises(ValueError) as info:
        _permissions.check_permissions([{"user": "demo", "admin": True, "builder": None}], "demo")
    assert "demo owns the project" in str(info.value)
    assert "Remove demo from permissions" in str(info.value)


def test_good_permissions():
    entries = [{"user": "alice", "admin": True, "builder": False}, {"user": "bob", "admin": None, "builder": None}]
    assert _permissions.check_permissions(entries, "@demo-team") == entries
    assert _permissions.check_permissions(None, "demo") == []


# -- the plan --------------------------------------------------------------------------------------------------
CURRENT = {
    "alice": {"admin": "request", "builder": "approved"},
    "admin": {"admin": "approved", "builder": "nothing"},
    "old": {"admin": "nothing", "builder": "nothing"},
    "carol": {"admin": "nothing", "builder": "request"},
}


def entry(user, admin=None, builder=None):
    return {"user": user, "admin": admin, "builder": builder}


def test_plan_unchanged():
    assert _permissions.plan(CURRENT, [entry("alice", builder=True), entry("admin", admin=True, builder=False)]) == {}


def test_plan_approves_and_denies_requests():
    changes = _permissions.plan(CURRENT, [entry("alice", admin=True), entry("carol", builder=False)])
    assert changes == {"alice": {"admin": "approved"}, "carol": {"builder": "nothing"}}


def test_plan_new_user_and_keys_left_out():
    changes = _permissions.plan(CURRENT, [entry("bob", builder=True), entry("alice")])
    assert changes == {"bob": {"builder": "approved"}}


def test_plan_purge():
    changes = _permissions.plan(CURRENT, [entry("alice", builder=True)], purge=True)
    # alice's admin request is not managed (left out of her entry); "old" holds nothing already
    assert changes == {"admin": {"admin": "nothing"}, "carol": {"builder": "nothing"}}
    assert list(changes) == ["admin", "carol"]


def test_plan_purge_everything():
    assert _permissions.plan(CURRENT, [], purge=True) == {
        "alice": {"admin": "nothing", "builder": "nothing"},
        "admin": {"admin": "nothing"},
        "carol": {"builder": "nothing"},
    }
    assert _permissions.plan({}, [], purge=True) == {}


def test_apply_changes_keeps_order_and_adds_rows_last():
    after = _permissions.apply_changes(CURRENT, {"bob": {"builder": "approved"}, "alice": {"admin": "approved"}})
    assert list(after) == ["alice", "admin", "old", "carol", "bob"]
    assert after["bob"] == {"admin": "nothing", "builder": "approved"}
    assert after["alice"] == {"admin": "approved", "builder": "approved"}
    assert CURRENT["alice"]["admin"] == "request"


def test_visible_drops_users_with_nothing():
    assert list(_permissions.visible(CURRENT)) == ["alice", "admin", "carol"]
    assert _permissions.visible({}) == {}
    assert _permissions.visible(None) == {}


def test_changes_diff_only_changed_roles():
    diff = _permissions.changes_diff(CURRENT, {"alice": {"admin": "approved"}, "bob": {"builder": "approved"}})
    assert diff == {"before": {"alice": {"admin": "request"}, "bob": {"builder": "nothing"}},
                    "after": {"alice": {"admin": "approved"}, "bob": {"builder": "approved"}}}


def test_set_body_puts_the_caller_last():
    changes = {"alice": {"admin": "nothing", "builder": "approved"}, "bob": {"builder": "approved"}}
    body = _permissions.set_body(changes, caller="alice")
    assert list(body) == ["bob", "alice"]
    assert list(body["alice"]) == ["builder", "admin"]
    assert _permissions.set_body(changes) == changes


# -- the calls, with the recorded answers ------------------------------------------------------------------------
def test_get_keeps_database_order():
    client, session = client_with(recorded("get: users in database order"))
    rows = _permissions.get_permissions(client, "jdoe", "ex-perms")
    assert rows == {"alice": {"admin": "request", "builder": "approved"},
                    "admin": {"admin": "approved", "builder": "nothing"}}
    assert list(rows) == ["alice", "admin"]
    assert session.sent() == [("GET", "/project/permissions/get/jdoe/ex-perms", None, None)]
    assert session.calls[0]["prepared"].headers["Authorization"].startswith("Basic ")


def test_get_no_permissions_is_empty():
    client, session = client_with(recorded("get: nothing set yet -> 404, also for a site admin (surprise)"))
    assert _permissions.get_permissions(client, "jdoe", "ex-perms") == {}
    assert len(session.calls) == 1


def test_get_final_state_rows_with_nothing():
    client, _session = client_with(recorded("get: final state"))
    rows = _permissions.get_permissions(client, "jdoe", "ex-perms")
    assert _permissions.visible(rows) == {"admin": {"admin": "nothing", "builder": "request"}}


def test_get_missing_project_fails():
    client, session = client_with(make_response(404, {"error": "Project jdoe/nope does not exist."}))
    with pytest.raises(ValueError) as info:
        _permissions.get_permissions(client, "jdoe", "nope")
    assert not isinstance(info.value, _permissions.NoAdminRights)
    assert str(info.value).startswith("Project jdoe/nope does not exist: create it first (fedora.copr.copr_project)")
    assert "Copr answered HTTP 404 to GET /api_3/project/permissions/get/jdoe/nope" in str(info.value)
    assert len(session.calls) == 1


def test_get_without_admin_rights():
    # the recorded 403 of set; get answers with the same text (copr-api-v3.md section 15)
    client, session = client_with(recorded("set: by a user with only a requested admin role -> 403"))
    with pytest.raises(_permissions.NoAdminRights) as info:
        _permissions.get_permissions(client, "jdoe", "ex-perms")
    text = str(info.value)
    assert text.startswith("Reading or changing the permissions of jdoe/ex-perms needs admin rights on the project")
    assert "the API login's user 'alice' lacks them" in text
    assert "Nothing was changed" in text
    assert info.value.error.status == 403
    assert len(session.calls) == 1


def test_get_token_expired_is_a_copr_error():
    client, _session = client_with(recorded("get: no credentials -> 401"))
    with pytest.raises(CoprError) as info:
        _permissions.get_permissions(client, "jdoe", "ex-perms")
    assert info.value.status == 401


def test_get_odd_answer():
    client, _session = client_with(make_response(200, {"permissions": ["alice"]}))
    with pytest.raises(CoprError) as info:
        _permissions.get_permissions(client, "jdoe", "ex-perms")
    assert "unexpected answer" in str(info.value)


def test_set_sends_json_with_put():
    client, session = client_with(recorded("set: both roles of one user"))
    body = {"alice": {"admin": "request", "builder": "approved"}}
    assert _permissions.set_permissions(client, "jdoe", "ex-perms", body) == ["alice"]
    assert session.sent() == [("PUT", "/project/permissions/set/jdoe/ex-perms", None, body)]


def test_set_unknown_user():
    client, _session = client_with(recorded("set: unknown user -> 400"))
    with pytest.raises(ValueError) as info:
        _permissions.set_permissions(client, "jdoe", "ex-perms", {"ex-ghost": {"builder": "approved"}})
    assert str(info.value).startswith("permissions: user 'ex-ghost' does not exist in Copr.")
    assert "Nothing was changed" in str(info.value)
    assert "user 'ex-ghost' doesn't exist in database" in str(info.value)


def test_set_owner_of_a_group_project():
    client, _session = client_with(make_response(400, {"error": "user 'jdoe' is owner of the '@testers/x' project"}))
    with pytest.raises(ValueError) as info:
        _permissions.set_permissions(client, "@testers", "x", {"jdoe": {"builder": "approved"}})
    assert "permissions: user 'jdoe' is the owner of @testers/x" in str(info.value)
    assert "remove jdoe from permissions" in str(info.value)


def test_set_forbidden():
    client, _session = client_with(recorded("set: by a user with only a requested admin role -> 403"))
    with pytest.raises(_permissions.NoAdminRights):
        _permissions.set_permissions(client, "jdoe", "ex-perms", {"alice": {"builder": "nothing"}})


def test_set_other_errors_pass_through():
    client, _session = client_with(recorded("set: a user's value not an object -> 500 (surprise)"))
    with pytest.raises(CoprError) as info:
        _permissions.set_permissions(client, "jdoe", "ex-perms", {"admin": "request"})
    assert info.value.status == 500


@pytest.mark.parametrize(("step", "expected"), [
    ("can_build_in: site admin", True),
    ("can_build_in: group project, non-member; ownername without @ (surprise)", False),
    ("can_build_in: approved builder", True),
])
def test_can_build_in(step, expected):
    client, session = client_with(recorded(step))
    assert _permissions.can_build_in(client, "alice", "@testers", "ex-perms-grp") is expected
    assert session.sent() == [("GET", "/project/permissions/can_build_in/alice/@testers/ex-perms-grp", None, None)]
    assert "Authorization" not in session.calls[0]["prepared"].headers


def test_can_build_in_unknown_user_is_not_retried():
    client, session = client_with(recorded("can_build_in: a group as who -> 500 (surprise)"))
    with pytest.raises(ValueError) as info:
        _permissions.can_build_in(client, "ghost", "jdoe", "ex-perms")
    assert str(info.value).startswith("user 'ghost' is not known to Copr: check the user option")
    assert len(session.calls) == 1


def test_can_build_in_missing_project():
    client, _session = client_with(make_response(404, {"error": "Project jdoe/nope does not exist."}))
    with pytest.raises(ValueError) as info:
        _permissions.can_build_in(client, "alice", "jdoe", "nope")
    assert str(info.value).startswith("Project jdoe/nope does not exist")


def test_can_build_in_transient_failure_is_retried():
    client, session = client_with(make_response(502, text="<html>Bad Gateway</html>"),
                                  recorded("can_build_in: approved builder"))
    assert _permissions.can_build_in(client, "alice", "jdoe", "ex-perms") is True
    assert len(session.calls) == 2
