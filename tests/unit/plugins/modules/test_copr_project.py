# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.fedora.copr.plugins.module_utils._client import REASON_JSON, CoprError
from ansible_collections.fedora.copr.plugins.modules import copr_project
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    BACKEND,
    CREDENTIALS,
    FakeClient,
    FakeSession,
    install_client,
    load_project,
    make_response,
    run_module,
)


def _error(method, path, status, message):
    return CoprError(status, method, path, message, reason=REASON_JSON)


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    """run(client, **args) -> result (``failed`` when it failed): runs the module with a fake client."""

    def _run(client, **args):
        install_client(monkeypatch, client)
        module_args = dict(CREDENTIALS)
        module_args.update(args)
        module_args["_ansible_check_mode"] = module_args.pop("_check_mode", False)
        module_args["_ansible_diff"] = module_args.pop("_diff", True)
        return run_module(copr_project.main, module_args)

    return _run


# ----------------------------------------------------------------------------------------------- present
def test_create(run):
    client = FakeClient()
    result = run(client, name="new", chroots=["fedora-rawhide-x86_64", "epel-9-x86_64"], description="d",
                 multilib=True, enable_net=True)
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "add_project"]
    body = client.calls[1][2]
    assert body == {"name": "new", "chroots": ["fedora-rawhide-x86_64", "epel-9-x86_64"], "description": "d",
                    "multilib": True, "enable_net": True}
    assert result["project"]["chroots"] == ["epel-9-x86_64", "fedora-rawhide-x86_64"]
    assert result["project"]["full_name"] == "demo/new"
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["description"] == "d"


def test_create_without_chroots_fails(run):
    client = FakeClient()
    result = run(client, name="new", description="d")
    assert result["failed"]
    assert "chroots is required to create a project" in result["msg"]
    assert client.writes() == []


def test_create_check_mode(run):
    client = FakeClient()
    result = run(client, name="new", chroots=["fedora-40-x86_64"], _check_mode=True)
    assert result["changed"] is True
    assert client.writes() == []
    assert result["project"]["chroots"] == ["fedora-40-x86_64"]
    assert result["project"]["auto_prune"] is True
    assert result["project"]["enable_net"] is False
    assert result["project"]["id"] is None


class RacingClient(FakeClient):
    """Someone else creates the project between our first GET and our POST."""

    def get_project(self, owner, name):
        if not any(call[0] == "get_project" for call in self.calls):
            self.calls.append(("get_project", owner, name))
            return None
        return super().get_project(owner, name)


def test_create_race_edits_difference(run, hello):
    client = RacingClient([hello])
    result = run(client, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"], description="mine")
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "add_project", "get_project", "edit_project"]
    assert client.calls[3][3] == {"description": "mine"}
    assert result["project"]["description"] == "mine"
    assert result["diff"] == {"before": {"description": "A friendly greeting"}, "after": {"description": "mine"}}


def test_create_race_lost_with_nothing_to_change_reports_no_change(run, hello):
    """Only the task whose add created the project reports changed (Copr's 400 "already have a project" tells)."""
    client = RacingClient([hello])
    result = run(client, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"],
                 description=hello["description"])
    assert result["changed"] is False
    assert [c[0] for c in client.calls] == ["get_project", "add_project", "get_project"]
    assert result["project"]["full_name"] == "demo/hello"


def test_unchanged_one_request(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", chroots=["fedora-rawhide-x86_64", "fedora-40-x86_64"],
                 description="A friendly greeting", enable_net=False, bootstrap="default")
    assert result["changed"] is False
    assert client.calls == [("get_project", "demo", "hello")]
    assert result["diff"] == {"before": {}, "after": {}}
    assert result["project"]["chroots"] == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]


def test_edit_one_field(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", description="new", enable_net=False)
    assert result["changed"] is True
    assert client.calls[1] == ("edit_project", "demo", "hello", {"description": "new"})
    assert result["diff"] == {"before": {"description": "A friendly greeting"}, "after": {"description": "new"}}
    assert result["project"]["description"] == "new"


def test_edit_check_mode_sends_no_write(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", description="new", chroots=["epel-9-x86_64"], _check_mode=True)
    assert result["changed"] is True
    assert client.writes() == []
    assert result["project"]["description"] == "new"
    assert result["project"]["chroots"] == ["epel-9-x86_64"]
    assert result["project"]["chroot_repos"] == {"epel-9-x86_64": BACKEND + "/demo/hello/epel-9-x86_64/"}
    assert set(result["diff"]["before"]) == {"description", "chroot_repos", "chroots"}


def test_purge_chroots(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", chroots=["epel-9-x86_64", "fedora-40-x86_64"])
    assert client.calls[1][3] == {"chroots": ["epel-9-x86_64", "fedora-40-x86_64"]}
    assert result["project"]["chroots"] == ["epel-9-x86_64", "fedora-40-x86_64"]


def test_no_purge_chroots(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", chroots=["epel-9-x86_64"], purge_chroots=False)
    assert client.calls[1][3] == {"chroots": ["epel-9-x86_64", "fedora-40-x86_64", "fedora-rawhide-x86_64"]}
    assert result["changed"] is True
    client = FakeClient([hello])
    result = run(client, name="hello", chroots=["fedora-40-x86_64"], purge_chroots=False)
    assert result["changed"] is False
    assert len(client.calls) == 1


@pytest.fixture
def warnings(monkeypatch):
    """The warnings the module gives (AnsibleModule.warn)."""
    from ansible.module_utils.basic import AnsibleModule

    seen = []
    monkeypatch.setattr(AnsibleModule, "warn", lambda self, warning: seen.append(warning))
    return seen


def test_unreadable_write_only_settings_are_not_sent_and_named_in_a_warning(run, hello, warnings):
    client = FakeClient([hello])
    result = run(client, name="hello", multilib=True, fedora_review=True)
    assert result["changed"] is False
    assert client.calls == [("get_project", "demo", "hello")]
    assert warnings == [
        "Not sent to the existing project demo/hello: multilib, fedora_review. Copr never reports these settings, "
        "so they cannot be compared and are sent only when a project is created (update_write_only: on_create). "
        "Set update_write_only: always to send them on every run (the task then reports a change)."]


def test_update_write_only_always_sends_them(run, hello, warnings):
    client = FakeClient([hello])
    result = run(client, name="hello", multilib=True, fedora_review=False, delete_after_days=5,
                 update_write_only="always")
    assert result["changed"] is True
    assert client.calls[1:] == [("edit_project", "demo", "hello",
                                 {"multilib": True, "fedora_review": False, "delete_after_days": 5})]
    assert warnings == []


def test_delete_after_days_is_read_from_rpmrepo_and_compared(run, hello, warnings):
    client = FakeClient([hello])
    client.rpmrepo = {("demo", "hello"): {"delete_after_days": 5, "dependencies": []}}
    result = run(client, name="hello", delete_after_days=5)
    assert result["changed"] is False
    assert client.calls == [("get_project", "demo", "hello"), ("get_rpmrepo", "demo", "hello")]
    result = run(client, name="hello", delete_after_days=30)
    assert result["changed"] is True
    assert client.calls[-1] == ("edit_project", "demo", "hello", {"delete_after_days": 30})
    assert warnings == []


def test_delete_after_days_minus_one_matches_no_deadline(run, hello):
    client = FakeClient([hello])
    assert run(client, name="hello", delete_after_days=-1)["changed"] is False
    client.rpmrepo = {("demo", "hello"): {"delete_after_days": 3, "dependencies": []}}
    assert run(client, name="hello", delete_after_days=-1)["changed"] is True
    assert client.calls[-1] == ("edit_project", "demo", "hello", {"delete_after_days": -1})


def _copr_dep(owner, name):
    return {"type": "copr", "data": {"owner": owner, "projectname": name}, "opts": {}}


def _url_dep(url):
    return {"type": "external_baseurl", "data": {"pattern": url}, "opts": {}}


def test_runtime_dependencies_are_read_from_rpmrepo_transitively(run, hello, warnings):
    tools = load_project("@demo-team/tools")
    client = FakeClient([hello, tools])
    client.rpmrepo = {
        # rpmrepo lists the dependencies of dependencies too
        ("demo", "hello"): {"dependencies": [_copr_dep("@demo-team", "tools"), _url_dep("https://x.example/a/"),
                                             _url_dep("https://x.example/b/")]},
        ("@demo-team", "tools"): {"dependencies": [_url_dep("https://x.example/b/")]},
    }
    result = run(client, name="hello", runtime_dependencies=["copr://@demo-team/tools", "https://x.example/a/"])
    assert result["changed"] is False
    assert client.writes() == []
    result = run(client, name="hello", runtime_dependencies=["https://x.example/a/"])
    assert result["changed"] is True
    assert client.calls[-1] == ("edit_project", "demo", "hello", {"runtime_dependencies": ["https://x.example/a/"]})
    assert warnings == []


def test_rerun_inside_the_rpmrepo_cache_window_sends_again(run, hello):
    """Copr caches rpmrepo for 2 minutes: a re-run that still sees the old value sends it again (changed); the
    edit is repeatable, so nothing else happens. Once the cache shows the new value, nothing is sent."""
    client = FakeClient([hello])
    client.rpmrepo = {("demo", "hello"): {"delete_after_days": 5, "dependencies": []}}
    assert run(client, name="hello", delete_after_days=9)["changed"] is True
    # the cached answer still says 5
    assert run(client, name="hello", delete_after_days=9)["changed"] is True
    assert client.writes() == [("edit_project", "demo", "hello", {"delete_after_days": 9})] * 2
    client.rpmrepo = {("demo", "hello"): {"delete_after_days": 9, "dependencies": []}}  # cache expired
    assert run(client, name="hello", delete_after_days=9)["changed"] is False
    assert len(client.writes()) == 2


def test_storage_is_sent_at_creation(run):
    client = FakeClient()
    result = run(client, name="new", chroots=["fedora-40-x86_64"], storage="pulp")
    assert result["changed"] is True
    assert client.calls[1] == ("add_project", "demo", {"name": "new", "chroots": ["fedora-40-x86_64"],
                                                       "storage": "pulp"})


def test_storage_of_existing_project_cannot_change(run, hello):
    client = FakeClient([hello])
    assert run(client, name="hello", storage="backend")["changed"] is False
    result = run(client, name="hello", storage="pulp")
    assert result["failed"]
    assert result["msg"] == (
        "Copr cannot change storage of an existing project (it is 'backend' in demo/hello, the task asks for "
        "'pulp') (Copr cannot move a project's results to another storage); it is set only when the project is "
        "created. Leave the option out, or delete and re-create the project.")
    assert client.writes() == []


@pytest.mark.parametrize("args,text", [
    (dict(homepage=""), "Copr cannot clear homepage"),
    (dict(contact=""), "Copr cannot clear contact"),
    (dict(repo_priority=0), "cannot clear repo_priority"),
    (dict(chroots=[]), "at least one chroot"),
    (dict(name="bad name"), "name"),
    (dict(ownername="a/b"), "ownername"),
    (dict(chroots=["Fedora 40"]), "chroots"),
    (dict(regenerate_repos=True, state="absent"), "regenerate_repos"),
    (dict(source="demo/x"), "source is used only with state=forked"),
])
def test_fails_before_any_request(run, hello, args, text):
    client = FakeClient([hello])
    params = dict(name="hello")
    params.update(args)
    result = run(client, **params)
    assert result.get("failed"), result
    assert text in result["msg"]
    assert client.calls == []


def test_persistent_cannot_change(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", persistent=True)
    assert result["failed"]
    assert "cannot change persistent" in result["msg"]
    assert client.writes() == []


def test_server_error_is_surfaced(run):
    class Refusing(FakeClient):
        def add_project(self, owner, body):
            self.calls.append(("add_project", owner, body))
            raise _error("POST", "/api_3/project/add/alice", 403,
                         "You were authorized as 'demo' user without permissions to access projects of user "
                         "'alice'")

    client = Refusing()
    result = run(client, name="x", ownername="alice", chroots=["fedora-40-x86_64"])
    assert result["failed"]
    assert "without permissions" in result["msg"]


def test_regenerate_repos(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", regenerate_repos=True)
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "regenerate_repos"]
    client = FakeClient([hello])
    result = run(client, name="hello", regenerate_repos=True, _check_mode=True)
    assert result["changed"] is True
    assert client.writes() == []


@pytest.mark.parametrize("args, message", [
    (dict(name="trailing\n"), "name 'trailing\\n' has leading or trailing white space"),
    (dict(name=" padded "), "name ' padded ' has leading or trailing white space"),
    (dict(ownername=" demo"), "ownername ' demo' has leading or trailing white space"),
    (dict(chroots=[" fedora-40-x86_64 "]), "chroots ' fedora-40-x86_64 ' has leading or trailing white space"),
    (dict(state="forked", source="demo/hello "), "source 'demo/hello ' has leading or trailing white space"),
])
def test_white_space_is_refused_before_any_request(run, args, message):
    client = FakeClient()
    task = dict(name="padded", chroots=["fedora-40-x86_64"])
    task.update(args)
    result = run(client, **task)
    assert result["failed"]
    assert message in result["msg"]
    assert client.calls == []


# ------------------------------------------------------------------------------------------------ absent
def test_absent_twice(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", state="absent")
    assert result["changed"] is True
    # one request: DELETE answers with the project as it was before deletion
    assert [c[0] for c in client.calls] == ["delete_project"]
    assert result["project"]["full_name"] == "demo/hello"
    assert result["project"]["chroots"] == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
    assert result["diff"]["after"] == {}
    assert result["diff"]["before"]["full_name"] == "demo/hello"
    client.calls = []
    result = run(client, name="hello", state="absent")
    assert result["changed"] is False
    assert result["project"] == {}
    assert client.calls == [("delete_project", "demo", "hello")]


def test_absent_check_mode(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", state="absent", _check_mode=True)
    assert result["changed"] is True
    assert client.writes() == []
    assert ("demo", "hello") in client.projects


def test_absent_deleted_by_a_retry_whose_first_answer_was_lost(run, hello):
    class LostAnswer(FakeClient):
        def delete_project(self, owner, name, last_known=None):
            # what the client returns when a retried DELETE gets 404 after the first try went through
            self.calls.append(("delete_project", owner, name))
            self.projects.pop((owner, name), None)
            return last_known

    client = LostAnswer([hello])
    result = run(client, name="hello", state="absent")
    assert result["changed"] is True
    assert result["project"] == {}
    assert ("demo", "hello") not in client.projects


# ------------------------------------------------------------------------------------------------ forked
def test_fork_new(run, team):
    client = FakeClient([team])
    result = run(client, name="tools", state="forked", source="@demo-team/team-tools")
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "fork_project"]
    assert client.calls[1] == ("fork_project", "@demo-team", "team-tools", "demo", "tools", True)
    assert result["project"]["full_name"] == "demo/tools"
    assert result["project"]["contact"] is None
    assert "backend copies" in result["msg"]
    assert result["diff"]["before"] == {}


def test_fork_new_with_settings(run, team):
    client = FakeClient([team])
    result = run(client, name="tools", state="forked", source="@demo-team/team-tools", description="mine",
                 homepage="https://example.org/team-tools", multilib=True, chroots=["epel-9-x86_64"])
    assert [c[0] for c in client.calls] == ["get_project", "fork_project", "edit_project"]
    assert client.calls[2][3] == {"description": "mine", "multilib": True, "chroots": ["epel-9-x86_64"]}
    assert result["project"]["description"] == "mine"
    assert result["project"]["chroots"] == ["epel-9-x86_64"]


def test_fork_existing_is_idempotent(run, team, hello):
    client = FakeClient([team, hello])
    result = run(client, name="hello", state="forked", source="@demo-team/team-tools")
    assert result["changed"] is False
    assert client.calls == [("get_project", "demo", "hello")]
    assert result["msg"] == "demo/hello is up to date."


def test_fork_existing_applies_settings(run, team, hello):
    client = FakeClient([team, hello])
    result = run(client, name="hello", state="forked", source="@demo-team/team-tools", description="x",
                 multilib=True)
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "edit_project"]
    assert client.calls[1][3] == {"description": "x"}


def test_fork_force(run, team, hello):
    client = FakeClient([team, hello])
    result = run(client, name="hello", state="forked", source="@demo-team/team-tools", force=True)
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "fork_project"]
    assert client.calls[1][-1] is True
    assert "again" in result["msg"]


def test_fork_same_source_fails_before_request(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", state="forked", source="demo/hello")
    assert result["failed"]
    assert "cannot be forked into itself" in result["msg"]
    assert client.calls == []


def test_fork_requires_source(run):
    client = FakeClient()
    result = run(client, name="hello", state="forked")
    assert result["failed"]
    assert "source" in result["msg"]
    assert client.calls == []


def test_fork_missing_source(run):
    client = FakeClient()
    result = run(client, name="tools", state="forked", source="demo/nothing")
    assert result["failed"]
    assert "source project demo/nothing does not exist" in result["msg"]
    assert [c[0] for c in client.calls] == ["get_project", "fork_project"]


def test_fork_missing_source_check_mode(run):
    client = FakeClient()
    result = run(client, name="tools", state="forked", source="demo/nothing", _check_mode=True)
    assert result["failed"]
    assert "source project demo/nothing does not exist" in result["msg"]
    assert client.writes() == []


def test_fork_check_mode(run, team):
    client = FakeClient([team])
    result = run(client, name="tools", state="forked", source="@demo-team/team-tools", description="x",
                 _check_mode=True)
    assert result["changed"] is True
    assert client.writes() == []
    assert [c[0] for c in client.calls] == ["get_project", "get_project"]
    assert result["msg"].startswith("Would fork @demo-team/team-tools into demo/tools; ")
    project = result["project"]
    assert project["full_name"] == "demo/tools"
    assert project["description"] == "x"
    assert project["contact"] is None
    assert project["chroot_repos"]["epel-9-x86_64"] == BACKEND + "/demo/tools/epel-9-x86_64/"
    assert result["diff"]["before"] == {}


def test_fork_passes_a_before_retry_that_reads_the_destination(run, team):
    seen = {}

    class Recording(FakeClient):
        def fork_project(self, src_owner, src_name, dst_owner, dst_name, confirm=False, before_retry=None):
            seen["before_retry"] = before_retry
            return FakeClient.fork_project(self, src_owner, src_name, dst_owner, dst_name, confirm, before_retry)

    client = Recording([team])
    run(client, name="tools", state="forked", source="@demo-team/team-tools")
    assert callable(seen["before_retry"])
    found = seen["before_retry"]()
    assert found["full_name"] == "demo/tools"
    assert client.calls[-1] == ("get_project", "demo", "tools")


# ------------------------------------------------------------------------- through the real client (HTTP)
@pytest.fixture
def run_http(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    """run_http(session, **args) -> result: the module with a real CoprClient over a FakeSession."""
    import requests

    def _run(session, **args):
        monkeypatch.setattr(requests, "Session", lambda: session)
        module_args = dict(CREDENTIALS, retries=0)
        module_args.update(args)
        return run_module(copr_project.main, module_args)

    return _run


def test_http_unchanged_is_one_get(run_http, hello):
    http = FakeSession(make_response(200, hello))
    result = run_http(http, name="hello", description="A friendly greeting")
    assert result["changed"] is False
    assert http.sent() == [("GET", "/project", {"ownername": "demo", "projectname": "hello"}, None)]


def test_http_create_is_get_then_post(run_http, hello):
    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}), make_response(200, hello))
    result = run_http(http, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"],
                      description="A friendly greeting")
    assert result["changed"] is True
    assert [sent[:2] for sent in http.sent()] == [("GET", "/project"), ("POST", "/project/add/demo")]
    assert http.sent()[1][2] is None  # no exist_ok: an existing project must answer 400
    assert http.sent()[1][3] == {"name": "hello", "chroots": ["fedora-40-x86_64", "fedora-rawhide-x86_64"],
                                 "description": "A friendly greeting"}


def test_http_create_lost_race_is_not_a_change(run_http, hello):
    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}),
                       make_response(400, {"error": "name: You already have a project named 'hello'."}),
                       make_response(200, hello))
    result = run_http(http, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"])
    assert result["changed"] is False, result
    assert [sent[:2] for sent in http.sent()] == [("GET", "/project"), ("POST", "/project/add/demo"),
                                                  ("GET", "/project")]


def test_http_create_retried_after_a_lost_answer_uses_exist_ok(run_http, hello):
    import requests

    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}),
                       requests.exceptions.ConnectionError("Connection aborted."), make_response(200, hello))
    result = run_http(http, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"], retries=2)
    assert result["changed"] is True, result
    assert [sent[:3] for sent in http.sent()] == [
        ("GET", "/project", {"ownername": "demo", "projectname": "hello"}), ("POST", "/project/add/demo", None),
        ("POST", "/project/add/demo", {"exist_ok": "True"})]
    assert result["retries_used"] == 1


def test_http_fork_of_missing_source(run_http):
    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}),
                       make_response(404, {"error": "Project demo/nothing does not exist."}))
    result = run_http(http, name="hello", state="forked", source="demo/nothing")
    assert result["failed"]
    assert "source project demo/nothing does not exist" in result["msg"]
    assert [sent[:2] for sent in http.sent()] == [("GET", "/project"), ("POST", "/project/fork/demo/nothing")]
    assert http.sent()[1][3] == {"ownername": "demo", "name": "hello", "confirm": True}


def test_http_fork_to_a_wrong_api_url_is_not_a_missing_source(run_http):
    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}),
                       make_response(404, {"error": "Such API endpoint doesn't exist"}))
    result = run_http(http, name="hello", state="forked", source="demo/nothing")
    assert result["failed"] and result["status"] == 404
    assert "does not exist" not in result["msg"] and "api_url" in result["msg"]


def test_http_delete(run_http, hello):
    http = FakeSession(make_response(200, hello))
    result = run_http(http, name="hello", state="absent")
    assert result["changed"] is True
    assert [sent[:2] for sent in http.sent()] == [("DELETE", "/project/delete/demo/hello")]


# ---------------------------------------------------------------------------------- msg: what the task did
def test_msg_says_what_happened(run, hello):
    client = FakeClient([hello])
    assert run(client, name="new", chroots=["fedora-40-x86_64"])["msg"] == "Created demo/new."
    assert run(client, name="new", chroots=["fedora-40-x86_64"])["msg"] == "demo/new is up to date."
    result = run(client, name="new", chroots=["fedora-40-x86_64", "epel-9-x86_64"], description="d")
    assert result["msg"] == "Changed demo/new: chroots, description."
    assert run(client, name="new", description="e", _check_mode=True)["msg"] == "Would change demo/new: description."
    assert run(client, name="new", state="absent")["msg"] == "Deleted demo/new."
    assert run(client, name="new", state="absent")["msg"] == "demo/new does not exist; nothing to delete."
    assert run(client, name="hello", regenerate_repos=True)["msg"] == (
        "demo/hello is up to date. Asked Copr to regenerate its repositories.")


def test_storage_backend_is_not_sent_at_creation(run):
    """Copr's default; Copr refuses any storage value from a non-admin."""
    client = FakeClient()
    assert run(client, name="new", chroots=["fedora-40-x86_64"], storage="backend")["changed"] is True
    assert client.calls[1] == ("add_project", "demo", {"name": "new", "chroots": ["fedora-40-x86_64"]})
