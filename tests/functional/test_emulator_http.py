# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator over plain HTTP: status codes, error texts, JSON shapes (copr-api-v3.md)."""

import json

import pytest
import requests
from conftest import ADMIN, ALICE, DEMO, EXPIRED

F40, EPEL9, F39 = "fedora-40-x86_64", "epel-9-x86_64", "fedora-39-x86_64"
KEYS = ["name", "persistent", "additional_repos", "storage", "homepage", "contact", "description", "instructions",
        "devel_mode", "unlisted_on_hp", "auto_prune", "enable_net", "bootstrap", "isolation", "module_hotfixes",
        "appstream", "packit_forge_projects_allowed", "follow_fedora_branching", "repo_priority", "id",
        "ownername", "full_name", "chroot_repos"]
LOGIN_TEXT = ("Login invalid/expired. Please visit https://copr.fedorainfracloud.org/api to get or renew your "
              "API token.")


def api(emu, method, path, creds=DEMO, **kwargs):
    return requests.request(method, emu.url + "/api_3/" + path, auth=creds, timeout=30, **kwargs)


def add(emu, name, owner="demo", creds=DEMO, **body):
    body.setdefault("chroots", [F40])
    return api(emu, "POST", "project/add/" + owner, creds, json=dict(body, name=name))


def test_home_and_unknown_endpoint_are_compact(emulator):
    home = api(emulator, "GET", "")
    assert home.status_code == 200 and home.text == '{"version":3}\n'
    missing = api(emulator, "GET", "no/such/thing")
    assert missing.status_code == 404 and missing.text == '{"error":"Such API endpoint doesn\'t exist"}\n'


def test_project_object_keys_in_order_and_defaults(emulator):
    response = add(emulator, "keys", chroots=[EPEL9, F40])
    assert response.status_code == 200
    assert response.text.startswith('{"name": "keys", "persistent": false, ')  # non-compact, like flask-restx
    project = response.json()
    assert list(project) == KEYS
    assert project["chroot_repos"] == {
        c: "https://download.copr.fedorainfracloud.org/results/demo/keys/%s/" % c for c in (EPEL9, F40)}
    assert (project["description"], project["instructions"], project["enable_net"], project["auto_prune"],
            project["follow_fedora_branching"], project["bootstrap"]) == ("", "", False, True, True, "default")


def test_get_errors(emulator):
    assert api(emulator, "GET", "project", params={"ownername": "demo"}).json() == {
        "error": "Missing argument projectname"}
    gone = api(emulator, "GET", "project", params={"ownername": "demo", "projectname": "x"})
    assert (gone.status_code, gone.json()) == (404, {"error": "Project demo/x does not exist."})
    group = api(emulator, "GET", "project", params={"ownername": "@nope", "projectname": "x"})
    assert (group.status_code, group.json()) == (404, {"error": "Group nope does not exist."})


def test_auth_errors(emulator):
    for creds in (EXPIRED, None, (DEMO[0], "wrong")):
        response = add(emulator, "x", creds=creds)
        assert response.status_code == 401
        assert response.json() == {"output": "notok", "error": LOGIN_TEXT}
        assert "WWW-Authenticate" not in response.headers
    check = api(emulator, "GET", "auth-check")
    assert check.status_code == 200 and check.json() == {"id": 1, "name": "demo"}


def test_add_validation_and_permissions(emulator):
    assert add(emulator, "ok").status_code == 200
    dup = add(emulator, "ok")
    assert (dup.status_code, dup.json()["error"]) == (400, "name: You already have a project named 'ok'.")
    assert api(emulator, "POST", "project/add/demo", params={"exist_ok": "True"},
               json={"name": "ok", "chroots": [F40], "homepage": "bad"}).json()["name"] == "ok"
    assert api(emulator, "POST", "project/add/demo", params={"exist_ok": "true"},
               json={"name": "ok", "chroots": [F40]}).status_code == 400
    several = add(emulator, "123", homepage="nope", repo_priority="x", chroots=["foo"])
    assert several.json()["error"] == ("homepage: Invalid URL.\nrepo_priority: Not a valid integer value.\n"
                                       "repo_priority: Number must be at least 1.\n"
                                       "name: Project's name can not be just number.\n"
                                       "chroots: 'foo' is not a valid choice for this field.")
    empty = add(emulator, "e", chroots=[])
    assert empty.json()["error"] == "chroots: '[]' is not a valid choice for this field."
    assert api(emulator, "POST", "project/add/demo", json={"projectname": "p", "chroots": [F40]}).json()[
        "error"] == "name: This field is required."
    assert add(emulator, "x", owner="alice").json()["error"] == (
        "You were authorized as 'demo' user without permissions to access projects of user 'alice'")
    assert add(emulator, "x", owner="nobody").json()["error"] == "No such user `nobody'"
    assert add(emulator, "x", persistent=True).json()["error"] == "Non-admin cannot create persistent project."
    assert add(emulator, "x", auto_prune=False).json()["error"] == "Non-admin cannot disable auto-prunning."
    group = add(emulator, "x", owner="@alice-team")
    assert (group.status_code, group.json()["error"]) == (
        403, "User 'demo' doesn't have access to the copr group 'alice-team' (fas_name='alice-team')")
    assert add(emulator, "x", owner="@demo-team").json()["full_name"] == "@demo-team/x"
    assert add(emulator, "x", owner="@demo-team").json()["error"] == (
        "name: Group demo-team (fas: demo-team) already has a project named 'x'.")
    assert add(emulator, "adm", owner="demo", creds=ADMIN, persistent=True).json()["persistent"] is True


def test_booleans_and_form_bodies(emulator):
    strings = add(emulator, "b1", enable_net="False", unlisted_on_hp="0", appstream=0, module_hotfixes="")
    project = strings.json()
    assert (project["enable_net"], project["unlisted_on_hp"], project["appstream"],
            project["module_hotfixes"]) == (True, True, False, False)
    form = api(emulator, "POST", "project/add/demo", data={"name": "f", "chroots": F40})
    assert form.status_code == 400 and form.json()["error"].startswith("Unexpected chroot: ")
    edit = api(emulator, "PUT", "project/edit/demo/b1", data=[("description", "one"), ("description", "two"),
                                                              ("enable_net", "false")])
    assert (edit.json()["description"], edit.json()["enable_net"]) == ("one", False)


def test_edit_semantics(emulator):
    add(emulator, "e", chroots=[F40, EPEL9], homepage="https://a.example.com", repo_priority=5)
    unchanged = api(emulator, "PUT", "project/edit/demo/e",
                    json={"chroots": [], "homepage": "", "repo_priority": None})
    project = unchanged.json()
    assert sorted(project["chroot_repos"]) == [EPEL9, F40]
    assert (project["homepage"], project["repo_priority"]) == ("https://a.example.com", 5)
    replaced = api(emulator, "PUT", "project/edit/demo/e", json={"chroots": [F39], "additional_repos": []})
    assert list(replaced.json()["chroot_repos"]) == [F39]
    other = api(emulator, "PUT", "project/edit/demo/e", ALICE, json={"description": "x"})
    assert (other.status_code, other.json()["error"]) == (403, "Only owners and admins may update their projects.")
    old = api(emulator, "POST", "project/edit/demo/e", json={"description": "y"})
    assert old.headers["Warning"] == "This method is deprecated: Use PUT method instead of POST"
    assert "Warning" not in api(emulator, "POST", "project/edit/demo/none", json={}).headers
    assert api(emulator, "GET", "project/edit/demo/e").json() == {
        "error": "The method is not allowed for the requested URL."}


def test_fork_rules(emulator):
    add(emulator, "s", contact="x@example.com")
    self_fork = api(emulator, "POST", "project/fork/demo/s", json={"ownername": "demo", "name": "s"})
    assert self_fork.json()["error"] == ("You are about to fork into existing project: s\n"
                                         "Please use --confirm if you really want to do this")
    confirmed = api(emulator, "POST", "project/fork/demo/s", json={"ownername": "demo", "name": "s", "confirm": True})
    assert confirmed.json()["error"] == "Source project should not be same as destination"
    assert api(emulator, "POST", "project/fork/demo/s", json={"name": "t"}).json()["error"] == (
        "owner: Not a valid choice.")
    forked = api(emulator, "POST", "project/fork/demo/s", ALICE, json={"ownername": "alice"}).json()
    assert (forked["full_name"], forked["contact"], forked["auto_prune"]) == ("alice/s", None, True)


def test_delete(emulator):
    add(emulator, "d")
    assert api(emulator, "DELETE", "project/delete/demo/d", ALICE).json()["error"] == (
        "Only owners may delete their projects.")
    before = api(emulator, "DELETE", "project/delete/demo/d", json={"verify": True})
    assert before.status_code == 200 and list(before.json()) == KEYS
    assert api(emulator, "GET", "project", params={"ownername": "demo", "projectname": "d"}).status_code == 404
    assert api(emulator, "DELETE", "project/delete/demo/d").status_code == 404
    add(emulator, "keep", owner="demo", creds=ADMIN, persistent=True)
    assert api(emulator, "DELETE", "project/delete/demo/keep").json()["error"] == (
        "This project is protected against deletion.")


def test_pagination_errors_and_limit_zero(emulator):
    for name in ("a1", "a2"):
        add(emulator, name)
    everything = api(emulator, "GET", "project/list", params={"limit": 0}).json()
    assert len(everything["items"]) == 2 and everything["meta"]["limit"] is None
    desc = api(emulator, "GET", "project/list", params={"order_type": "DESC"}).json()
    assert [p["name"] for p in desc["items"]] == ["a2", "a1"]
    bad = api(emulator, "GET", "project/list", params={"limit": "x"})
    assert (bad.status_code, bad.json()["error"]) == (500, "{'limit': ['Not a valid integer value.']}")
    assert api(emulator, "GET", "project/list", params={"order": "full_name"}).json()["error"] == (
        "Cannot order by full_name")
    assert api(emulator, "GET", "project/list", params={"order": "bogus"}).json()["error"] == (
        "Cannot order by bogus, copr doesn't have such property")


def test_request_log_has_no_credentials(emulator):
    add(emulator, "log")
    api(emulator, "GET", "project/list", params={"ownername": "demo"})
    log = emulator.requests()
    assert log == [{"method": "POST", "path": "/api_3/project/add/demo", "query": "", "status": 200},
                   {"method": "GET", "path": "/api_3/project/list", "query": "ownername=demo", "status": 200}]
    assert DEMO[1] not in json.dumps(log)
    emulator.clear_requests()
    assert emulator.requests() == []


def _run_with_faults(emu, seed):
    emu.reset()
    emu.set_faults({"rate": 0.5, "kinds": ["500", "502_html", "503_html", "in_progress"], "seed": seed})
    return [api(emu, "GET", "project/list").status_code for _attempt in range(30)]


def test_faults_are_deterministic(emulator):
    first = _run_with_faults(emulator, 7)
    assert first == _run_with_faults(emulator, 7)
    assert set(first) - {200} and 200 in first
    assert [e["status"] for e in emulator.requests()] == first


def test_fault_kinds(emulator):
    emulator.set_faults({"rate": 1.0, "kinds": ["502_html"], "seed": 1})
    proxy = api(emulator, "GET", "project/list")
    assert proxy.status_code == 502 and proxy.text.startswith("<html>")
    emulator.set_faults({"rate": 1.0, "kinds": ["in_progress"], "seed": 1})
    assert "in progress" in api(emulator, "DELETE", "project/delete/demo/x").json()["error"]
    emulator.set_faults({"rate": 1.0, "kinds": ["drop"], "seed": 1})
    with pytest.raises(requests.ConnectionError):
        add(emulator, "dropped")
    emulator.set_faults({"rate": 1.0, "kinds": ["drop_after_commit"], "seed": 1})
    with pytest.raises(requests.ConnectionError):
        add(emulator, "committed")
    emulator.clear_faults()
    names = [p["name"] for p in api(emulator, "GET", "project/list").json()["items"]]
    assert names == ["committed"]


def test_private_endpoints_over_http(emulator):
    url = emulator.url + "/_emulator/"
    assert requests.put(url + "faults", json={"rate": 1.0, "kinds": ["500"], "seed": 3}, timeout=10).ok
    assert api(emulator, "GET", "project/list").status_code == 500
    assert requests.delete(url + "faults", timeout=10).ok
    add(emulator, "r")
    assert requests.post(url + "reset", timeout=10).ok
    assert requests.get(url + "requests", timeout=10).json() == []
    assert api(emulator, "GET", "project/list").json()["items"] == []


def test_fault_filters_and_latency(emulator):
    import time  # pylint: disable=import-outside-toplevel
    emulator.set_faults({"rate": 1.0, "kinds": ["500"], "seed": 1, "methods": ["POST"],
                         "paths": ["/api_3/project/add/"]})
    assert api(emulator, "GET", "project/list").status_code == 200
    assert add(emulator, "f").status_code == 500
    assert api(emulator, "PUT", "project/edit/demo/f", json={}).status_code == 404
    emulator.set_faults({"rate": 1.0, "kinds": ["latency"], "latency_seconds": 0.3, "seed": 1})
    started = time.monotonic()
    assert add(emulator, "slow").status_code == 200
    assert time.monotonic() - started >= 0.3
    assert emulator.requests()[-1]["fault"] == "latency"
    bad = requests.put(emulator.url + "/_emulator/faults", json={"kinds": ["nope"]}, timeout=10)
    assert bad.status_code == 400


def test_deprecated_methods_warn_only_on_success(emulator):
    add(emulator, "w")
    regen = api(emulator, "POST", "project/regenerate-repos/demo/w")
    assert regen.headers["Warning"] == "This method is deprecated: Use PUT method instead of POST"
    fork = api(emulator, "PUT", "project/fork/demo/w", json={"ownername": "demo", "name": "w2"})
    assert fork.headers["Warning"] == "This method is deprecated: Use POST method instead of PUT"
    delete = api(emulator, "POST", "project/delete/demo/w2")
    assert delete.headers["Warning"] == "This method is deprecated: Use DELETE method instead of POST"
    assert "Warning" not in api(emulator, "POST", "project/delete/demo/w2").headers  # now 404
    assert "Warning" not in api(emulator, "PUT", "project/regenerate-repos/demo/w").headers


def test_request_log_read_and_clear_in_one_get(emulator):
    requests.delete(emulator.url + "/_emulator/requests", timeout=30)
    api(emulator, "GET", "project/list", params={"ownername": "demo"})
    api(emulator, "GET", "project/get/demo/nothing")
    taken = requests.get(emulator.url + "/_emulator/requests", params={"clear": "true"}, timeout=30).json()
    assert [(e["method"], e["path"], e["status"]) for e in taken] == [
        ("GET", "/api_3/project/list", 200), ("GET", "/api_3/project/get/demo/nothing", 404)]
    assert requests.get(emulator.url + "/_emulator/requests", timeout=30).json() == []
    api(emulator, "GET", "")
    plain = requests.get(emulator.url + "/_emulator/requests", timeout=30).json()
    assert [e["path"] for e in plain] == ["/api_3/"]
    assert [e["path"] for e in requests.get(emulator.url + "/_emulator/requests", timeout=30).json()] == ["/api_3/"]
