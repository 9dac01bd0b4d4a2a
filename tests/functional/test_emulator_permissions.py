# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's ``/api_3/project/permissions`` endpoints, over raw HTTP and through python-copr
(copr-api-v3.md §15, §18.7-8; ``../shared/copr-examples/permissions.json`` is replayed elsewhere)."""

import pytest
import requests
from support.seed import ADMIN, ALICE, DEMO

copr_v3 = pytest.importorskip("copr.v3")
from copr.v3 import CoprAuthException, CoprNoResultException, CoprRequestException  # noqa: E402

F40 = "fedora-40-x86_64"
PERMS = "/api_3/project/permissions/"
WARNING = "This method is deprecated: Use PUT method instead of POST"
LOGIN_TEXT = ("Login invalid/expired. Please visit https://copr.fedorainfracloud.org/api to get or renew your "
              "API token.")
CRASH = "Request wasn't successful, there is probably a bug in the Copr code."
NOT_JSON = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."


def http(emu, method, path, creds=DEMO, **kwargs):
    return requests.request(method, emu.url + path, auth=creds, timeout=30, **kwargs)


def add_project(emu, name="team", owner="demo", creds=DEMO):
    response = http(emu, "POST", "/api_3/project/add/" + owner, creds, json={"name": name, "chroots": [F40]})
    assert response.status_code == 200, response.text
    return response.json()


def client(emu, creds=DEMO):
    return copr_v3.Client({"copr_url": emu.url, "login": creds[0], "token": creds[1]})


def plain(munch):
    """A python-copr answer without the ``__response__``/``__proxy__`` entries it carries."""
    return {key: value for key, value in munch.items() if not key.startswith("__")}


def raw_permissions(emu, owner="demo", project="team", creds=DEMO):
    response = http(emu, "GET", PERMS + "get/{}/{}".format(owner, project), creds)
    return response.status_code, response.json()


def put_set(emu, body, owner="demo", project="team", creds=DEMO, method="PUT", **kwargs):
    return http(emu, method, PERMS + "set/{}/{}".format(owner, project), creds, json=body, **kwargs)


def put_request(emu, body, owner="demo", project="team", creds=ALICE, method="PUT"):
    return http(emu, method, PERMS + "request/{}/{}".format(owner, project), creds, json=body)


# ------------------------------------------------------------------------------------------ python-copr
def test_python_copr_get_set_request_agree_with_raw_get(emulator):
    add_project(emulator)
    owner_client, alice_client = client(emulator), client(emulator, ALICE)
    with pytest.raises(CoprNoResultException) as info:
        owner_client.project_proxy.get_permissions("demo", "team")
    assert str(info.value) == "No permissions set on demo/team project"

    assert owner_client.project_proxy.set_permissions("demo", "team", {"alice": {"builder": "approved"}}) is None
    got = plain(owner_client.project_proxy.get_permissions("demo", "team"))
    assert got == {"permissions": {"alice": {"admin": "nothing", "builder": "approved"}}}
    assert raw_permissions(emulator) == (200, got)
    assert owner_client.project_proxy.can_build_in("alice", "demo", "team") is True

    alice_client.project_proxy.request_permissions("demo", "team", {"admin": True})
    assert raw_permissions(emulator)[1] == {"permissions": {"alice": {"admin": "request", "builder": "approved"}}}
    with pytest.raises(CoprRequestException) as info:
        alice_client.project_proxy.request_permissions("demo", "team", {"builder": True})
    assert str(info.value) == "You already are 'builder' in 'demo/team'"

    # an approved builder may neither read nor set permissions
    with pytest.raises(CoprAuthException) as info:
        alice_client.project_proxy.get_permissions("demo", "team")
    assert str(info.value) == ("User 'alice' can not see permissions for project 'demo/team' "
                               "(missing admin rights)")
    owner_client.project_proxy.set_permissions("demo", "team", {"alice": {"admin": "approved"}})
    assert plain(alice_client.project_proxy.get_permissions("demo", "team")) == {
        "permissions": {"alice": {"admin": "approved", "builder": "approved"}}}

    # resigning: False drops approved and requested roles alike
    alice_client.project_proxy.request_permissions("demo", "team", {"admin": False, "builder": False})
    assert plain(owner_client.project_proxy.get_permissions("demo", "team")) == {
        "permissions": {"alice": {"admin": "nothing", "builder": "nothing"}}}
    assert owner_client.project_proxy.can_build_in("alice", "demo", "team") is False


def test_python_copr_set_is_all_or_nothing(emulator):
    add_project(emulator)
    proxy = client(emulator).project_proxy
    with pytest.raises(CoprRequestException) as info:
        proxy.set_permissions("demo", "team", {"alice": {"builder": "approved"}, "ghost": {"builder": "approved"}})
    assert str(info.value) == "user 'ghost' doesn't exist in database"
    with pytest.raises(CoprNoResultException):
        proxy.get_permissions("demo", "team")  # alice's row was rolled back with the rest


# ------------------------------------------------------------------------------------------ can_build_in
def test_can_build_in(emulator):
    add_project(emulator)
    add_project(emulator, "grp", owner="@demo-team")
    cases = [("demo", "demo", "team", True), ("admin", "demo", "team", True), ("alice", "demo", "team", False),
             ("demo", "@demo-team", "grp", True), ("alice", "@demo-team", "grp", False)]
    for who, owner, project, expected in cases:
        response = http(emulator, "GET", PERMS + "can_build_in/{}/{}/{}".format(who, owner, project), None)
        assert response.status_code == 200
        assert list(response.json()) == ["ownername", "projectname", "who", "can_build_in"]
        assert response.json() == {"ownername": owner.lstrip("@"), "projectname": project, "who": who,
                                   "can_build_in": expected}
    # an approved admin (without the builder role) can build too
    assert put_set(emulator, {"alice": {"admin": "approved"}}).json() == {"updated": ["alice"]}
    assert http(emulator, "GET", PERMS + "can_build_in/alice/demo/team", None).json()["can_build_in"] is True
    # the user is looked up first: an unknown one (or a group) is a database error, even for a missing project
    for who, project in (("@demo-team", "team"), ("ghost", "team"), ("ghost", "missing")):
        response = http(emulator, "GET", PERMS + "can_build_in/{}/demo/{}".format(who, project), None)
        assert (response.status_code, response.json()) == (500, {"error": "Database error, contact admin"})
    missing = http(emulator, "GET", PERMS + "can_build_in/alice/demo/missing", None)
    assert (missing.status_code, missing.json()) == (404, {"error": "Project demo/missing does not exist."})


# ------------------------------------------------------------------------------------------ get
def test_get_errors_and_order(emulator):
    add_project(emulator)
    for creds in (None, (DEMO[0], "wrong")):
        response = http(emulator, "GET", PERMS + "get/demo/team", creds)
        assert (response.status_code, response.json()) == (401, {"output": "notok", "error": LOGIN_TEXT})
    assert raw_permissions(emulator, project="nope") == (404, {"error": "Project demo/nope does not exist."})
    assert raw_permissions(emulator, creds=ALICE) == (403, {
        "error": "User 'alice' can not see permissions for project 'demo/team' (missing admin rights)"})
    for creds in (DEMO, ADMIN):
        assert raw_permissions(emulator, creds=creds) == (404, {"error": "No permissions set on demo/team project"})
    # rows in insertion order, not sorted; a set that changes nothing still creates the row
    assert put_set(emulator, {"admin": {"builder": "request"}}).json() == {"updated": ["admin"]}
    assert put_set(emulator, {"alice": {"builder": "nothing"}}).json() == {"updated": []}
    status, body = raw_permissions(emulator)
    assert status == 200 and list(body["permissions"]) == ["admin", "alice"]
    assert body == {"permissions": {"admin": {"admin": "nothing", "builder": "request"},
                                    "alice": {"admin": "nothing", "builder": "nothing"}}}
    text = http(emulator, "GET", PERMS + "get/demo/team").text
    assert text.startswith('{"permissions": {"admin": {"admin": "nothing", ') and text.endswith("}\n")


# ------------------------------------------------------------------------------------------ set
def test_set_answers(emulator):
    add_project(emulator)
    both = put_set(emulator, {"alice": {"admin": "request", "builder": "approved"}, "admin": {"admin": "approved"}})
    expected = (200, {"updated": ["alice", "admin"]}, None)
    assert (both.status_code, both.json(), both.headers.get("Warning")) == expected
    assert put_set(emulator, {"alice": {"builder": "approved"}}).json() == {"updated": []}
    posted = put_set(emulator, {"alice": {"builder": "nothing"}}, method="POST")
    assert (posted.status_code, posted.json(), posted.headers.get("Warning")) == (200, {"updated": ["alice"]}, None)
    assert raw_permissions(emulator)[1]["permissions"]["alice"] == {"admin": "request", "builder": "nothing"}


@pytest.mark.parametrize("body, status, error", [
    ([{"alice": {}}], 400, "request is not a dictionary, expected format: "
                           "{'username': {'admin': 'nothing', 'builder': 'request'} ...}"),
    ("alice", 400, "request is not a dictionary, expected format: "
                   "{'username': {'admin': 'nothing', 'builder': 'request'} ...}"),
    ({}, 400, "no permission change requested"),
    ({"ghost": {"builder": "approved"}}, 400, "user 'ghost' doesn't exist in database"),
    ({"ghost": "approved"}, 400, "user 'ghost' doesn't exist in database"),
    ({"alice": {"owner": "approved"}}, 400, "invalid permission 'owner', allowed admin|builder"),
    ({"alice": {"builder": "yes"}}, 400, "invalid 'builder' permission state 'yes', use nothing|request|approved"),
    ({"alice": {"builder": True}}, 400, "invalid 'builder' permission state 'True', use nothing|request|approved"),
    ({"alice": {"admin": None}}, 400, "invalid 'admin' permission state 'None', use nothing|request|approved"),
    ({"demo": {"builder": "approved"}}, 400, "user 'demo' is owner of the 'demo/team' project"),
    ({"alice": "approved"}, 500, CRASH),
    ({"alice": ["builder"]}, 500, CRASH),
    ({"alice": {"builder": ["approved"]}}, 500, CRASH),
])
def test_set_body_errors_change_nothing(emulator, body, status, error):
    add_project(emulator)
    assert put_set(emulator, {"admin": {"builder": "request"}}).status_code == 200
    response = put_set(emulator, {"admin": {"builder": "approved"}, **body} if isinstance(body, dict) and body
                       else body)
    assert (response.status_code, response.json()) == (status, {"error": error})
    assert raw_permissions(emulator)[1] == {"permissions": {"admin": {"admin": "nothing", "builder": "request"}}}


def test_set_request_errors(emulator):
    add_project(emulator)
    form = http(emulator, "PUT", PERMS + "set/demo/team", data={"alice": "approved"})
    assert (form.status_code, form.json()) == (415, {"error": NOT_JSON})
    bad = http(emulator, "PUT", PERMS + "set/demo/team", data="{nope",
               headers={"Content-Type": "application/json"})
    assert (bad.status_code, bad.json()) == (400, {
        "error": "The browser (or proxy) sent a request that this server could not understand."})
    # order: 401, project 404, rights 403, then the body
    assert put_set(emulator, "x", creds=None).status_code == 401
    assert put_set(emulator, "x", project="nope").json() == {"error": "Project demo/nope does not exist."}
    denied = put_set(emulator, {"alice": {"builder": "approved"}}, creds=ALICE)
    assert (denied.status_code, denied.json()) == (403, {
        "error": "User 'alice' can not see permissions for project 'demo/team' (missing admin rights)"})
    requested = put_request(emulator, {"admin": True})
    assert requested.json() == {"updated": True}
    assert put_set(emulator, {"alice": {"builder": "approved"}}, creds=ALICE).status_code == 403


def test_approved_admin_rights(emulator):
    add_project(emulator)
    assert put_set(emulator, {"alice": {"admin": "approved"}}).status_code == 200
    # an approved project admin sets other users' permissions, edits the project, but cannot delete it
    assert put_set(emulator, {"admin": {"builder": "approved"}}, creds=ALICE).json() == {"updated": ["admin"]}
    edit = http(emulator, "PUT", "/api_3/project/edit/demo/team", ALICE, json={"description": "by alice"})
    assert (edit.status_code, edit.json()["description"]) == (200, "by alice")
    delete = http(emulator, "DELETE", "/api_3/project/delete/demo/team", ALICE, json={"verify": True})
    assert delete.status_code == 403
    # read from the code (CoprPermissionsLogic.set_permissions re-checks the caller's rights before every role,
    # on the session's row): an admin dropping their own admin role cannot change anything after it
    dropped = put_set(emulator, {"alice": {"admin": "nothing", "builder": "approved"}}, creds=ALICE)
    assert (dropped.status_code, dropped.json()) == (403, {
        "error": "only owners and admins may update their projects permissions."})
    assert raw_permissions(emulator)[1]["permissions"]["alice"] == {"admin": "approved", "builder": "nothing"}
    assert put_set(emulator, {"alice": {"builder": "approved", "admin": "nothing"}}, creds=ALICE).json() == {
        "updated": ["alice"]}
    assert raw_permissions(emulator, creds=ALICE)[0] == 403
    # a builder may not edit the project
    assert http(emulator, "PUT", "/api_3/project/edit/demo/team", ALICE, json={"description": "x"}).status_code \
        == 403


def test_group_project(emulator):
    add_project(emulator, "grp", owner="@demo-team")
    # the member who created the group project is its "owner" for the permission logic (copr.user)
    owner = put_set(emulator, {"demo": {"builder": "approved"}}, owner="@demo-team", project="grp")
    assert (owner.status_code, owner.json()) == (400, {"error": "user 'demo' is owner of the '@demo-team/grp' "
                                                                "project"})
    assert put_set(emulator, {"alice": {"builder": "approved"}}, owner="@demo-team", project="grp").json() == {
        "updated": ["alice"]}
    assert raw_permissions(emulator, "@demo-team", "grp") == (200, {
        "permissions": {"alice": {"admin": "nothing", "builder": "approved"}}})
    assert raw_permissions(emulator, "@demo-team", "grp", creds=ALICE) == (403, {
        "error": "User 'alice' can not see permissions for project '@demo-team/grp' (missing admin rights)"})


# ------------------------------------------------------------------------------------------ request
def test_request_answers(emulator):
    add_project(emulator)
    first = put_request(emulator, {"builder": True})
    assert (first.status_code, first.json(), first.headers.get("Warning")) == (200, {"updated": True}, None)
    assert put_request(emulator, {"builder": True}).json() == {"updated": False}
    posted = put_request(emulator, {"admin": True}, method="POST")
    assert (posted.status_code, posted.json(), posted.headers.get("Warning")) == (200, {"updated": True}, WARNING)
    # a site admin requests like anyone else; a request for a new user creates the row (here: no change)
    assert put_request(emulator, {"admin": False}, creds=ADMIN).json() == {"updated": False}
    assert raw_permissions(emulator)[1] == {"permissions": {
        "alice": {"admin": "request", "builder": "request"}, "admin": {"admin": "nothing", "builder": "nothing"}}}


@pytest.mark.parametrize("body, status, error", [
    ([True], 400, "invalid 'roles' dict format, expected: {'admin': True, 'builder': False}"),
    ({}, 400, "no permission requested"),
    ({"builder": 1}, 400, "invalid 'builder' permission request '1', expected True or False"),
    ({"builder": "yes"}, 400, "invalid 'builder' permission request 'yes', expected True or False"),
    ({"owner": True}, 400, "invalid permission 'owner', allowed admin|builder"),
    ({"admin": True, "builder": True}, 400, "You already are 'builder' in 'demo/team'"),
])
def test_request_body_errors_change_nothing(emulator, body, status, error):
    add_project(emulator)
    put_set(emulator, {"alice": {"builder": "approved"}})
    response = put_request(emulator, body, method="POST")
    expected = (status, {"error": error}, None)
    assert (response.status_code, response.json(), response.headers.get("Warning")) == expected
    assert raw_permissions(emulator)[1] == {"permissions": {"alice": {"admin": "nothing", "builder": "approved"}}}


def test_request_errors(emulator):
    add_project(emulator)
    unauthorized = put_request(emulator, {"builder": True}, creds=None, method="POST")
    # api_login_required *returns* its 401, inside the deprecation wrapper: the 401 carries the Warning
    assert (unauthorized.status_code, unauthorized.headers.get("Warning")) == (401, WARNING)
    assert put_request(emulator, {"builder": True}, creds=None).headers.get("Warning") is None
    assert put_set(emulator, {"alice": {"builder": "request"}}, creds=None, method="POST").headers.get(
        "Warning") is None
    assert put_request(emulator, "x", project="nope").json() == {"error": "Project demo/nope does not exist."}
    form = http(emulator, "PUT", PERMS + "request/demo/team", ALICE, data={"builder": "true"})
    assert (form.status_code, form.json()) == (415, {"error": NOT_JSON})
    owner = put_request(emulator, {"builder": True}, creds=DEMO)
    assert (owner.status_code, owner.json()) == (400, {"error": "user 'demo' is owner of the 'demo/team' project"})
    assert http(emulator, "GET", PERMS + "request/demo/team", ALICE).status_code == 405
