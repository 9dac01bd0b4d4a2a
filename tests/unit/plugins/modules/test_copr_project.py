# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest

from ansible.module_utils import basic

from ansible_collections.fedora.copr.plugins.module_utils import _module
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.plugins.modules import copr_project

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
BACKEND = "https://download.copr.fedorainfracloud.org/results"
CREDENTIALS = dict(
    api_url="https://copr.example.org",
    api_login="odxydaummlrwbhxldupg",
    api_token="pilwtbqdhunnntkfzcvkthgnaefmmi",
    username="demo",
)
WRITES = ("add_project", "edit_project", "delete_project", "fork_project", "regenerate_repos")


def load(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


class ExitJson(Exception):
    pass


class FailJson(Exception):
    pass


def exit_json(self, **kwargs):
    kwargs.setdefault("changed", False)
    raise ExitJson(kwargs)


def fail_json(self, msg, **kwargs):
    kwargs["msg"] = msg
    kwargs["failed"] = True
    raise FailJson(kwargs)


def _repos(owner, name, chroots):
    return dict((c, "%s/%s/%s/%s/" % (BACKEND, owner, name, c)) for c in sorted(chroots))


def _error(method, path, status, message):
    return CoprError(status, method, path, message)


class FakeClient:
    """Enough of CoprClient, with Copr's semantics for add (defaults), edit (partial, chroots replace the
    set), fork (settings copied but persistent/auto_prune/contact) and delete (returns the old project)."""

    READABLE = ("description", "instructions", "homepage", "contact", "additional_repos", "devel_mode",
                "unlisted_on_hp", "auto_prune", "enable_net", "bootstrap", "isolation", "module_hotfixes",
                "appstream", "follow_fedora_branching", "repo_priority", "packit_forge_projects_allowed")

    def __init__(self, projects=()):
        self.projects = {}
        self.calls = []
        self.write_only = {}
        self.has_credentials = True
        self.retries_used = 0
        self.api_url = CREDENTIALS["api_url"]
        self._next_id = 500
        for project in projects:
            self.projects[(project["ownername"], project["name"])] = copy.deepcopy(project)

    @property
    def requests_sent(self):
        return len(self.calls)

    def writes(self):
        return [c for c in self.calls if c[0] in WRITES]

    def get_project(self, owner, name):
        self.calls.append(("get_project", owner, name))
        project = self.projects.get((owner, name))
        return copy.deepcopy(project) if project else None

    def add_project(self, owner, body):
        self.calls.append(("add_project", owner, copy.deepcopy(body)))
        name = body["name"]
        if (owner, name) in self.projects:
            return copy.deepcopy(self.projects[(owner, name)])
        self._next_id += 1
        project = load("project_demo_hello.json")
        project.update(name=name, ownername=owner, full_name="%s/%s" % (owner, name), id=self._next_id,
                       description="", instructions="", enable_net=False)
        for key in self.READABLE:
            if body.get(key) is not None:
                project[key] = body[key]
        project["chroot_repos"] = _repos(owner, name, body["chroots"])
        self.projects[(owner, name)] = project
        return copy.deepcopy(project)

    def edit_project(self, owner, name, body):
        self.calls.append(("edit_project", owner, name, copy.deepcopy(body)))
        project = self.projects[(owner, name)]
        for key, value in body.items():
            if key == "chroots":
                project["chroot_repos"] = _repos(owner, name, value)
            elif key in self.READABLE:
                project[key] = value
            else:
                self.write_only[key] = value
        return copy.deepcopy(project)

    def delete_project(self, owner, name, last_known=None):
        self.calls.append(("delete_project", owner, name))
        return self.projects.pop((owner, name), None)

    def fork_project(self, src_owner, src_name, dst_owner, dst_name, confirm=False, before_retry=None):
        self.calls.append(("fork_project", src_owner, src_name, dst_owner, dst_name, confirm))
        source = self.projects.get((src_owner, src_name))
        if source is None:
            raise _error("POST", "/api_3/project/fork/%s/%s" % (src_owner, src_name), 404,
                         "Project %s/%s does not exist." % (src_owner, src_name))
        if (dst_owner, dst_name) in self.projects:
            return copy.deepcopy(self.projects[(dst_owner, dst_name)])
        self._next_id += 1
        project = copy.deepcopy(source)
        project.update(name=dst_name, ownername=dst_owner, full_name="%s/%s" % (dst_owner, dst_name),
                       id=self._next_id, persistent=False, auto_prune=True, contact=None,
                       chroot_repos=_repos(dst_owner, dst_name, source["chroot_repos"]))
        self.projects[(dst_owner, dst_name)] = project
        return copy.deepcopy(project)

    def regenerate_repos(self, owner, name):
        self.calls.append(("regenerate_repos", owner, name))
        return copy.deepcopy(self.projects[(owner, name)])


@pytest.fixture
def hello():
    return load("project_demo_hello.json")


@pytest.fixture
def team():
    return load("project_team_tools.json")


@pytest.fixture
def run(monkeypatch):
    """run(client, **args) -> (result, failed): runs the module with a fake client."""
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    for name in ("COPR_URL", "COPR_LOGIN", "COPR_TOKEN", "COPR_USERNAME", "COPR_CONFIG"):
        monkeypatch.delenv(name, raising=False)

    def _run(client, **args):
        monkeypatch.setattr(_module.CoprModule, "client", property(lambda self: client), raising=False)
        module_args = dict(CREDENTIALS)
        module_args.update(args)
        check_mode = module_args.pop("_check_mode", False)
        diff = module_args.pop("_diff", True)
        module_args["_ansible_check_mode"] = check_mode
        module_args["_ansible_diff"] = diff
        with patch_args(module_args):
            try:
                copr_project.main()
            except ExitJson as exc:
                return exc.args[0]
            except FailJson as exc:
                return exc.args[0]
        raise AssertionError("the module neither exited nor failed")

    return _run


def patch_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core < 2.19
        from ansible.module_utils.common.text.converters import to_bytes
        from unittest import mock

        return mock.patch.object(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    return patch_module_args(args)


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


def test_create_race_edits_difference(run, hello):
    class RacingClient(FakeClient):
        def get_project(self, owner, name):
            self.calls.append(("get_project", owner, name))
            return None  # someone else creates it between our GET and our POST

    client = RacingClient([hello])
    result = run(client, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"], description="mine")
    assert result["changed"] is True
    assert [c[0] for c in client.calls] == ["get_project", "add_project", "edit_project"]
    assert client.calls[2][3] == {"description": "mine"}
    assert result["project"]["description"] == "mine"


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


def test_write_only_never_changes_existing(run, hello):
    client = FakeClient([hello])
    result = run(client, name="hello", multilib=True, fedora_review=True, delete_after_days=10,
                 runtime_dependencies=["https://example.org/r/"])
    assert result["changed"] is False
    assert len(client.calls) == 1


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
    assert "msg" not in result


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
class FakeHTTP:
    """Stands in for requests.Session.request: records each call, answers from a list of (status, body)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def __call__(self, session, method, url, **kwargs):
        import requests

        self.sent.append((method, url.split("/api_3", 1)[1], kwargs.get("params"), kwargs.get("json")))
        status, body = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = url
        response.request = requests.Request(method, url).prepare()
        return response


@pytest.fixture
def run_http(monkeypatch):
    import requests

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    for name in ("COPR_URL", "COPR_LOGIN", "COPR_TOKEN", "COPR_USERNAME", "COPR_CONFIG"):
        monkeypatch.delenv(name, raising=False)

    def _run(http, **args):
        def fake_request(session, method, url, **kwargs):
            return http(session, method, url, **kwargs)

        monkeypatch.setattr(requests.Session, "request", fake_request)
        module_args = dict(CREDENTIALS, retries=0)
        module_args.update(args)
        with patch_args(module_args):
            try:
                copr_project.main()
            except (ExitJson, FailJson) as exc:
                return exc.args[0]
        raise AssertionError("the module neither exited nor failed")

    return _run


def test_http_unchanged_is_one_get(run_http, hello):
    http = FakeHTTP([(200, hello)])
    result = run_http(http, name="hello", description="A friendly greeting")
    assert result["changed"] is False
    assert http.sent == [("GET", "/project", {"ownername": "demo", "projectname": "hello"}, None)]


def test_http_create_is_get_then_post(run_http, hello):
    http = FakeHTTP([(404, {"error": "Project demo/hello does not exist."}), (200, hello)])
    result = run_http(http, name="hello", chroots=["fedora-40-x86_64", "fedora-rawhide-x86_64"],
                      description="A friendly greeting")
    assert result["changed"] is True
    assert [sent[:2] for sent in http.sent] == [("GET", "/project"), ("POST", "/project/add/demo")]
    assert http.sent[1][2] == {"exist_ok": "True"}
    assert http.sent[1][3] == {"name": "hello", "chroots": ["fedora-40-x86_64", "fedora-rawhide-x86_64"],
                               "description": "A friendly greeting"}


def test_http_fork_of_missing_source(run_http):
    http = FakeHTTP([(404, {"error": "Project demo/hello does not exist."}),
                     (404, {"error": "Project demo/nothing does not exist."})])
    result = run_http(http, name="hello", state="forked", source="demo/nothing")
    assert result["failed"]
    assert "source project demo/nothing does not exist" in result["msg"]
    assert [sent[:2] for sent in http.sent] == [("GET", "/project"), ("POST", "/project/fork/demo/nothing")]
    assert http.sent[1][3] == {"ownername": "demo", "name": "hello", "confirm": True}


def test_http_delete(run_http, hello):
    http = FakeHTTP([(200, hello)])
    result = run_http(http, name="hello", state="absent")
    assert result["changed"] is True
    assert [sent[:2] for sent in http.sent] == [("DELETE", "/project/delete/demo/hello")]
