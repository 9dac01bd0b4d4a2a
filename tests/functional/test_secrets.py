# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API token never shows: not at -vvvv, not in diffs, results or failure messages.

Every scenario (create, edit, check mode, diff, fork, info, lookup, delete, a wrong token's 401, a 403) runs at
``-vvvv --diff`` with the demo credentials; the whole output (stdout + stderr) and every recorded task result
are searched for the token, for ``base64("login:token")`` and for the raw ``Authorization`` header. The
credential warnings (plain http:// to another host, ``validate_certs: false``) are checked too; the plain-http
one at the ``_connection.resolve_connection`` level only, since no test may send traffic off this machine.

Also here (issue 7, token expiry): a 401 says the token is invalid or expired and points to ``<api_url>/api``;
successful runs never call ``auth-check``.

Every test that runs a playbook runs on both paths (issue 18): in the controller's worker process
(``FEDORA_COPR_IN_PROCESS=true``) and as module processes (``=false``), and checks from the ``-vvv`` output that
each copr task took that path (``support.scenarios.assert_path_taken``). When the caller sets
``FEDORA_COPR_IN_PROCESS`` (``make functional`` and ``make functional-module``), only that path runs.
"""

from __future__ import annotations

import base64
import json
import socket

import pytest
from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import (
    ALICE_LOGIN,
    ALICE_TOKEN,
    DEMO_LOGIN,
    DEMO_TOKEN,
    EXPIRED_LOGIN,
    EXPIRED_TOKEN,
    copr_defaults,
    import_collection,
    play,
    run_playbook,
)
from support.scenarios import assert_path_taken, path_env, paths_to_run

import_collection()

# pylint: disable=wrong-import-position,wrong-import-order,redefined-outer-name
from ansible_collections.fedora.copr.plugins.module_utils import _connection  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError  # noqa: E402

WRONG_TOKEN = "zzzzzzzzzzwrongwrongwrongzzzzz"
CHROOTS = ["fedora-40-x86_64"]


def basic(login, token):
    return base64.b64encode(("%s:%s" % (login, token)).encode()).decode()


def secrets_of(login, token):
    encoded = basic(login, token)
    return {
        "token": token,
        "base64(login:token)": encoded,
        "Authorization header": "Basic " + encoded,
        "base64 without padding": encoded.rstrip("="),
        "urlsafe base64": base64.urlsafe_b64encode(("%s:%s" % (login, token)).encode()).decode(),
    }


# The paths: the controller's worker process and a module process per task; only the one
# FEDORA_COPR_IN_PROCESS names when it is set (each of make functional / functional-module runs its half).
BOTH_PATHS = pytest.mark.parametrize("in_process", paths_to_run(),
                                     ids=lambda in_process: "in-process" if in_process else "module")


ALL_SECRETS = {}
for _who, (_login, _token) in {"demo": (DEMO_LOGIN, DEMO_TOKEN), "alice": (ALICE_LOGIN, ALICE_TOKEN),
                               "wrong": (DEMO_LOGIN, WRONG_TOKEN),
                               "expired": (EXPIRED_LOGIN, EXPIRED_TOKEN)}.items():
    for _what, _value in secrets_of(_login, _token).items():
        ALL_SECRETS["%s %s" % (_who, _what)] = _value


# The credentials reach the playbook as extra vars (from a file): the playbook source, which Ansible quotes
# around a failing task, holds only these expressions, as a real playbook using vault or vars would.
SECRET_VARS = {"demo_login": DEMO_LOGIN, "demo_token": DEMO_TOKEN, "alice_login": ALICE_LOGIN,
               "alice_token": ALICE_TOKEN, "expired_login": EXPIRED_LOGIN, "expired_token": EXPIRED_TOKEN,
               "wrong_token": WRONG_TOKEN}


def defaults(url):
    return copr_defaults(url, login="{{ demo_login }}", token="{{ demo_token }}")


def assert_no_secret(text, where):
    lowered = text.lower()
    for what, value in ALL_SECRETS.items():
        assert value not in text, "%s found in %s" % (what, where)
    assert "authorization: basic" not in lowered and "'authorization': 'basic" not in lowered, \
        "an Authorization header shows in %s" % where


def assert_run_leaks_nothing(run):
    assert_no_secret(run.stdout, "stdout")
    assert_no_secret(run.stderr, "stderr")
    assert_no_secret(json.dumps(run.records), "the task results")


# ------------------------------------------------------------------------------------------- playbooks
def scenario_tasks(url):
    """Every scenario; failures are expected where named so, and recorded."""
    project = {"name": "secret-test", "chroots": CHROOTS}
    return [
        {"name": "create", "fedora.copr.copr_project": dict(project, description="one"), "register": "r_create"},
        {"name": "edit", "fedora.copr.copr_project": dict(project, description="two", enable_net=True)},
        {"name": "check mode", "fedora.copr.copr_project": dict(project, description="three"),
         "check_mode": True},
        {"name": "diff no change", "fedora.copr.copr_project": dict(project, description="two")},
        {"name": "fork", "fedora.copr.copr_project": {"name": "secret-fork", "state": "forked",
                                                      "source": "demo/secret-test", "description": "forked"}},
        {"name": "info", "fedora.copr.copr_project_info": {"name": "secret-test"}},
        {"name": "info list", "fedora.copr.copr_project_info": {}},
        {"name": "lookup", "ansible.builtin.set_fact": {
            "repos": "{{ lookup('fedora.copr.copr_repo_url', 'demo/secret-test', api_url='%s', api_login=demo_login, "
                     "api_token=demo_token, output='repo') }}" % url}},
        {"name": "lookup missing", "ansible.builtin.set_fact": {
            "nothing": "{{ lookup('fedora.copr.copr_repo_url', 'demo/none-such', api_url='%s', api_login=demo_login, "
                       "api_token=demo_token) }}" % url},
         "ignore_errors": True},
        {"name": "wrong token", "fedora.copr.copr_project": dict(project, description="x", api_token="{{ wrong_token }}"),
         "ignore_errors": True},
        {"name": "expired token", "fedora.copr.copr_project": dict(
            project, description="x", api_login="{{ expired_login }}", api_token="{{ expired_token }}",
            ownername="expired"),
         "ignore_errors": True},
        {"name": "alice creates", "fedora.copr.copr_project": dict(
            project, name="alice-own", api_login="{{ alice_login }}", api_token="{{ alice_token }}",
            ownername="alice")},
        {"name": "forbidden edit", "fedora.copr.copr_project": dict(
            project, name="alice-own", ownername="alice", description="mine now"),
         "ignore_errors": True},
        {"name": "forbidden delete", "fedora.copr.copr_project": {
            "name": "alice-own", "ownername": "alice", "state": "absent"}, "ignore_errors": True},
        {"name": "delete fork", "fedora.copr.copr_project": {"name": "secret-fork", "state": "absent"}},
        {"name": "delete", "fedora.copr.copr_project": {"name": "secret-test", "state": "absent"}},
        {"name": "delete again", "fedora.copr.copr_project": {"name": "secret-test", "state": "absent"}},
    ]


@BOTH_PATHS
def test_every_scenario_at_vvvv_with_diff_leaks_nothing(copr_emu, tmp_path, in_process):
    run = run_playbook(play(scenario_tasks(copr_emu.url), module_defaults=defaults(copr_emu.url)),
                       tmp_path, verbosity=4, diff=True, extra_vars=SECRET_VARS, env=path_env(in_process))
    assert run.rc == 0, run.describe()
    statuses = {r["task"]: r["status"] for r in run.records}
    for task in ("create", "edit", "check mode", "diff no change", "fork", "info", "info list", "lookup",
                 "alice creates", "delete fork", "delete", "delete again"):
        assert statuses.get(task) == "ok", (task, statuses, run.describe())
    for task in ("wrong token", "expired token", "forbidden edit", "forbidden delete", "lookup missing"):
        assert statuses.get(task) == "failed", (task, statuses)
    assert run.result("forbidden edit")["result"].get("status") == 403
    assert run.result("wrong token")["result"].get("status") == 401
    # -vvvv really was verbose on the path asked for, and the diff really was shown: the search covered them.
    assert_path_taken(run, in_process)
    assert "+++ after" in run.output or "after" in run.output
    assert_run_leaks_nothing(run)


@BOTH_PATHS
def test_token_from_the_environment_and_a_failed_run_leak_nothing(copr_emu, tmp_path, in_process):
    """A playbook that fails (no ignore_errors) with a wrong token from COPR_TOKEN: the failure says why."""
    tasks = [{"name": "wrong token from env", "fedora.copr.copr_project": {
        "name": "env-test", "chroots": CHROOTS, "api_url": copr_emu.url, "username": "demo"}}]
    env = dict(path_env(in_process), COPR_LOGIN=DEMO_LOGIN, COPR_TOKEN=WRONG_TOKEN)
    run = run_playbook(play(tasks), tmp_path, verbosity=4, env=env)
    assert run.rc != 0
    message = run.result("wrong token from env")["result"]["msg"]
    assert "invalid or expired" in message and copr_emu.url + "/api" in message, message
    assert_path_taken(run, in_process)
    assert_run_leaks_nothing(run)

    env = dict(path_env(in_process), COPR_LOGIN=DEMO_LOGIN, COPR_TOKEN=DEMO_TOKEN)
    tasks[0]["name"] = "good token from env"
    run = run_playbook(play(tasks), tmp_path, verbosity=4, env=env, diff=True)
    assert run.rc == 0, run.describe()
    assert_path_taken(run, in_process)
    assert_run_leaks_nothing(run)


@BOTH_PATHS
def test_token_from_the_config_file_leaks_nothing(copr_emu, tmp_path, in_process):
    config = tmp_path / "copr.conf"
    config.write_text("[copr-cli]\nlogin = %s\nusername = demo\ntoken = %s\ncopr_url = %s\n"
                      "# expiration date: 2099-01-01\n" % (DEMO_LOGIN, DEMO_TOKEN, copr_emu.url))
    tasks = [
        {"name": "create",
         "fedora.copr.copr_project": {"name": "cfg", "chroots": CHROOTS, "config_file": str(config)}},
        {"name": "fail",
         "fedora.copr.copr_project": {"name": "cfg", "chroots": ["fedora-40-x86_64"], "config_file": str(config),
                                      "ownername": "alice", "description": "no"},
         "ignore_errors": True},
    ]
    run = run_playbook(play(tasks), tmp_path, verbosity=4, diff=True, env=path_env(in_process))
    assert run.rc == 0, run.describe()
    assert run.result("fail")["status"] == "failed"
    assert_path_taken(run, in_process)
    assert_run_leaks_nothing(run)


# ------------------------------------------------------------------------------------- token expiry (4)
@BOTH_PATHS
@pytest.mark.parametrize("who", ["expired", "wrong"])
def test_401_says_invalid_or_expired_and_points_to_the_api_page(copr_emu, tmp_path, who, in_process):
    login, token, owner = {"expired": ("{{ expired_login }}", "{{ expired_token }}", "expired"),
                           "wrong": ("{{ demo_login }}", "{{ wrong_token }}", "demo")}[who]
    conn = {"api_url": copr_emu.url, "api_login": login, "api_token": token, "username": owner}
    tasks = [
        {"name": "create", "fedora.copr.copr_project": dict(conn, name="p", chroots=CHROOTS),
         "ignore_errors": True},
        {"name": "fork", "fedora.copr.copr_project": dict(conn, name="p2", state="forked", source="demo/none"),
         "ignore_errors": True},
    ]
    copr_emu.add_project("demo", {"name": "none", "chroots": CHROOTS}, DEMO_LOGIN, DEMO_TOKEN)
    run = run_playbook(play(tasks), tmp_path, verbosity=3, extra_vars=SECRET_VARS, env=path_env(in_process))
    assert_path_taken(run, in_process)
    for task in ("create", "fork"):
        record = run.result(task)
        assert record["status"] == "failed", run.describe()
        message = record["result"]["msg"]
        assert "invalid or expired" in message, message
        assert copr_emu.url + "/api" in message, message
        assert "401" in message
    assert_run_leaks_nothing(run)


@BOTH_PATHS
def test_successful_runs_never_call_auth_check(copr_emu, tmp_path, in_process):
    tasks = [
        {"name": "create", "fedora.copr.copr_project": {"name": "ac", "chroots": CHROOTS}},
        {"name": "edit", "fedora.copr.copr_project": {"name": "ac", "chroots": CHROOTS, "description": "d"}},
        {"name": "unchanged", "fedora.copr.copr_project": {"name": "ac", "chroots": CHROOTS}},
        {"name": "fork", "fedora.copr.copr_project": {"name": "ac2", "state": "forked", "source": "demo/ac"}},
        {"name": "info", "fedora.copr.copr_project_info": {"name": "ac"}},
        {"name": "lookup", "ansible.builtin.set_fact": {
            "x": "{{ lookup('fedora.copr.copr_repo_url', 'demo/ac', api_url='%s') }}" % copr_emu.url}},
        {"name": "delete", "fedora.copr.copr_project": {"name": "ac2", "state": "absent"}},
    ]
    copr_emu.clear_requests()
    run = run_playbook(play(tasks, module_defaults=copr_defaults(copr_emu.url)), tmp_path, verbosity=3,
                       env=path_env(in_process))
    assert run.rc == 0, run.describe()
    assert_path_taken(run, in_process)
    paths = [entry["path"] for entry in copr_emu.requests()]
    assert paths, "the request log is empty"
    assert not [p for p in paths if "auth-check" in p], paths


# ------------------------------------------------------------------------------------- warnings (unit)
@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to open a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted: %r %r" % (args, kwargs))

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def resolve(tmp_path, monkeypatch, **options):
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.config/copr
    for name in _connection.ENV_VARS.values():
        monkeypatch.delenv(name, raising=False)
    return _connection.resolve_connection(options, environ={})


def http_warnings(resolved):
    return [w for w in resolved["warnings"] if "http://" in w or "unencrypted" in w]


@pytest.mark.parametrize("url", ["http://copr.example.org", "http://10.255.255.1:1", "http://[2001:db8::1]:8080",
                                 "http://copr.example.org/api_3/", "HTTP://Copr.Example.Org"])
def test_plain_http_to_another_host_with_credentials_warns(tmp_path, monkeypatch, no_network, url):
    resolved = resolve(tmp_path, monkeypatch, api_url=url, api_login=DEMO_LOGIN, api_token=DEMO_TOKEN)
    found = http_warnings(resolved)
    assert len(found) == 1, resolved["warnings"]
    assert "https://" in found[0]
    assert_no_secret(" ".join(resolved["warnings"]), "the warnings")
    # Building the client sends nothing either.
    client = _connection.client_from_options(resolved)
    assert DEMO_TOKEN not in repr(client)


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000", "http://localhost:8080", "http://[::1]:1",
                                 "http://127.1.2.3", "https://copr.example.org"])
def test_loopback_or_https_does_not_warn_about_plain_http(tmp_path, monkeypatch, no_network, url):
    resolved = resolve(tmp_path, monkeypatch, api_url=url, api_login=DEMO_LOGIN, api_token=DEMO_TOKEN)
    assert not http_warnings(resolved), resolved["warnings"]


def test_plain_http_without_credentials_does_not_warn(tmp_path, monkeypatch, no_network):
    resolved = resolve(tmp_path, monkeypatch, api_url="http://copr.example.org")
    assert not http_warnings(resolved), resolved["warnings"]


def test_validate_certs_false_warns_once(tmp_path, monkeypatch, no_network):
    resolved = resolve(tmp_path, monkeypatch, api_url="https://copr.example.org", api_login=DEMO_LOGIN,
                       api_token=DEMO_TOKEN, validate_certs=False)
    found = [w for w in resolved["warnings"] if "validate_certs" in w]
    assert len(found) == 1, resolved["warnings"]
    resolved = resolve(tmp_path, monkeypatch, api_url="https://copr.example.org", validate_certs="no")
    assert len([w for w in resolved["warnings"] if "validate_certs" in w]) == 1
    resolved = resolve(tmp_path, monkeypatch, api_url="https://copr.example.org", validate_certs=True)
    assert not [w for w in resolved["warnings"] if "validate_certs" in w]


def closed_loopback_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@BOTH_PATHS
def test_validate_certs_false_warns_once_per_task_in_a_playbook(tmp_path, in_process):
    """Through ansible-playbook: one warning (a closed loopback port: nothing else is reached)."""
    url = "https://127.0.0.1:%d" % closed_loopback_port()
    conn = {"api_url": url, "api_login": "{{ demo_login }}", "api_token": "{{ demo_token }}", "username": "demo",
            "validate_certs": False, "retries": 0, "timeout": 2}
    tasks = [
        {"name": "info", "fedora.copr.copr_project_info": dict(conn, name="x"), "ignore_errors": True},
        {"name": "lookup", "ansible.builtin.set_fact": {
            "x": "{{ lookup('fedora.copr.copr_repo_url', 'demo/a', 'demo/b', api_url='%s', validate_certs=False, "
                 "retries=0) }}" % url}, "ignore_errors": True},
    ]
    run = run_playbook(play(tasks), tmp_path, verbosity=4, extra_vars=SECRET_VARS, env=path_env(in_process))
    assert_path_taken(run, in_process)
    assert run.result("info")["status"] == "failed"
    assert "could not reach" in run.result("info")["result"]["msg"]
    flat = " ".join(run.output.split())
    # Once: the module and the lookup (two terms) give the same text, which Ansible shows once per run.
    assert flat.count("validate_certs is false") == 1, run.output
    assert_run_leaks_nothing(run)


# ------------------------------------------------------------------------------------- client (unit)
class EchoAdapter:
    """A transport whose server echoes the Authorization header back in its error (a worst case)."""

    def __init__(self, status):
        self.status = status

    def send(self, request, **kwargs):
        import requests  # pylint: disable=import-outside-toplevel

        response = requests.Response()
        response.status_code = self.status
        header = request.headers.get("Authorization", "")
        response._content = json.dumps(  # pylint: disable=protected-access
            {"error": "you sent %s, token %s" % (header, DEMO_TOKEN)}).encode()
        response.headers["Content-Type"] = "application/json"
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.mark.parametrize("status", [400, 401, 403, 500, 503])
def test_client_errors_and_logs_never_carry_the_token(status):
    import requests  # pylint: disable=import-outside-toplevel

    session = requests.Session()
    session.mount("https://", EchoAdapter(status))
    lines = []
    client = CoprClient("https://copr.example.invalid", login=DEMO_LOGIN, token=DEMO_TOKEN, retries=1,
                        session=session, log=lines.append)
    client.sleep = lambda seconds: None
    with pytest.raises(CoprError) as caught:
        client.edit_project("demo", "x", {"description": "d"})
    text = "%s %r %s %s" % (caught.value, caught.value, caught.value.message, "\n".join(lines))
    assert_no_secret(text, "the error and log lines")
    assert_no_secret(repr(client), "repr(client)")


def new_module_tasks():
    """The chroot, permission and package modules: writes, check mode, reads, and a 403 each."""
    return [
        {"name": "project for the new modules", "fedora.copr.copr_project": {
            "name": "secret-new", "chroots": CHROOTS + ["fedora-39-x86_64"]}},
        {"name": "chroot settings", "fedora.copr.copr_project_chroot": {
            "project": "secret-new", "chroot": CHROOTS[0], "with_opts": ["tests"]}},
        {"name": "chroot check mode", "fedora.copr.copr_project_chroot": {
            "project": "secret-new", "chroot": CHROOTS[0], "with_opts": ["docs"]}, "check_mode": True},
        {"name": "chroot info", "fedora.copr.copr_project_chroot_info": {"project": "secret-new"}},
        {"name": "mock chroots", "fedora.copr.copr_chroot_info": {}},
        {"name": "permissions", "fedora.copr.copr_project_permissions": {
            "project": "secret-new", "permissions": [{"user": "alice", "builder": True}]}},
        {"name": "permissions info", "fedora.copr.copr_project_permissions_info": {
            "project": "secret-new", "user": "alice"}},
        {"name": "package", "fedora.copr.copr_package": {
            "project": "secret-new", "name": "tool", "source_type": "pypi", "source": {"pypi_package_name": "tool"}}},
        {"name": "package info", "fedora.copr.copr_package_info": {"project": "secret-new"}},
        {"name": "forbidden permissions", "fedora.copr.copr_project_permissions": {
            "project": "secret-new", "ownername": "demo", "api_login": "{{ alice_login }}",
            "api_token": "{{ alice_token }}", "permissions": [{"user": "alice", "admin": True}]},
         "ignore_errors": True},
        {"name": "wrong token package", "fedora.copr.copr_package": {
            "project": "secret-new", "name": "other", "source_type": "pypi", "api_token": "{{ wrong_token }}",
            "source": {"pypi_package_name": "other"}}, "ignore_errors": True},
        {"name": "package absent", "fedora.copr.copr_package": {
            "project": "secret-new", "name": "tool", "state": "absent"}},
        {"name": "chroot absent", "fedora.copr.copr_project_chroot": {
            "project": "secret-new", "chroot": "fedora-39-x86_64", "state": "absent"}},
    ]


@BOTH_PATHS
def test_new_modules_at_vvvv_with_diff_leak_nothing(copr_emu, tmp_path, in_process):
    run = run_playbook(play(new_module_tasks(), module_defaults=defaults(copr_emu.url)),
                       tmp_path, verbosity=4, diff=True, extra_vars=SECRET_VARS, env=path_env(in_process))
    assert run.rc == 0, run.describe()
    statuses = {r["task"]: r["status"] for r in run.records}
    for task in ("forbidden permissions", "wrong token package"):
        assert statuses.get(task) == "failed", (task, statuses)
    assert [task for task, status in statuses.items() if status != "ok"] == [
        "forbidden permissions", "wrong token package"], statuses
    assert_path_taken(run, in_process)
    assert_run_leaks_nothing(run)
