# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

pytest.importorskip("requests")

from ansible.module_utils import basic  # noqa: E402

from ansible_collections.fedora.copr.plugins.module_utils import _connection  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._client import REASON_JSON, REASON_NO_ENDPOINT  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._connection import CoprConfigError  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule  # noqa: E402
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (  # noqa: E402
    DEMO_LOGIN as LOGIN,
    DEMO_TOKEN as TOKEN,
    AnsibleExitJson,
    AnsibleFailJson,
    set_module_args,
)


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path, module_exits):  # pylint: disable=unused-argument
    for name in _connection.ENV_VARS.values():
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, w: warnings.append(w))
    return warnings


SPEC = dict(name=dict(type="str"), ownername=dict(type="str"))


def make(args=None, **kwargs):
    with set_module_args(args or {}):
        return CoprModule(dict(SPEC), **kwargs)


def test_argument_spec_is_merged_and_check_mode_supported():
    module = make({"name": "x", "_ansible_check_mode": True, "_ansible_diff": True})
    assert module.check_mode is True and module.diff_mode is True
    assert module.params["name"] == "x"
    for option in _connection.CONNECTION_OPTIONS:
        assert option in module.params
    assert module._module.supports_check_mode is True  # pylint: disable=protected-access


def test_environment_fallback(monkeypatch):
    monkeypatch.setenv("COPR_URL", "https://copr.example/")
    monkeypatch.setenv("COPR_TOKEN", TOKEN)
    monkeypatch.setenv("COPR_LOGIN", LOGIN)
    monkeypatch.setenv("COPR_RETRIES", "1")
    module = make()
    assert module.params["api_token"] == TOKEN
    client = module.client
    assert client.api_url == "https://copr.example" and client.has_credentials and client.retries == 1
    assert module.client is client


def test_task_beats_environment(monkeypatch):
    monkeypatch.setenv("COPR_URL", "https://env.example")
    module = make({"api_url": "https://task.example"})
    assert module.client.api_url == "https://task.example"


def test_warnings_are_passed_once(isolated):
    make({"api_url": "http://copr.example", "api_login": "l", "api_token": "t", "validate_certs": False})
    assert len(isolated) == 1 and "http://" in isolated[0]


def test_config_error_fails():
    with pytest.raises(AnsibleFailJson) as info:
        make({"retries": 50})
    assert "retries" in info.value.args[0]["msg"]


def test_owner():
    assert make({"ownername": "@team"}).owner() == "@team"
    assert make({"username": "demo"}).owner() == "demo"
    assert make({"username": " demo "}).username == "demo" and make().username is None
    with pytest.raises(CoprConfigError) as info:
        make().owner()
    assert "ownername" in str(info.value) and "username" in str(info.value)


def test_owner_and_credentials_fail_through_run():
    module = make()
    with pytest.raises(AnsibleFailJson) as info:
        module.run(module.owner)
    assert "ownername" in info.value.args[0]["msg"] and "status" not in info.value.args[0]
    with pytest.raises(AnsibleFailJson) as info:
        module.run(module.require_credentials)
    assert "needs credentials" in info.value.args[0]["msg"]


def test_owner_from_config_file(tmp_path):
    path = tmp_path / "home" / ".config" / "copr"
    path.parent.mkdir(parents=True)
    path.write_text("[copr-cli]\nusername = fileuser\nlogin = l\ntoken = t\n")
    module = make()
    assert module.owner() == "fileuser"
    module.require_credentials()


def test_require_credentials_names_the_three_ways():
    with pytest.raises(CoprConfigError) as info:
        make().require_credentials()
    msg = str(info.value)
    for word in ("api_login", "api_token", "module_defaults", "COPR_LOGIN", "COPR_TOKEN", "[copr-cli]",
                 "~/.config/copr"):
        assert word in msg
    with pytest.raises(CoprConfigError) as info:
        make({"api_token": TOKEN}).require_credentials()
    assert "api_login is missing" in str(info.value)
    assert TOKEN not in str(info.value)
    make({"api_token": TOKEN, "api_login": LOGIN}).require_credentials()


@pytest.mark.parametrize("error, words, status", [
    (CoprError(401, "PUT", "/api_3/project/edit/demo/x", "Login invalid/expired."),
     ["token invalid or expired", "https://copr.example/api"], 401),
    (CoprError(403, "DELETE", "/api_3/project/delete/@t/x", "Only owners may delete their projects.", owner="@t"),
     ["Only owners may delete their projects.", "the API login may lack rights on @t"], 403),
    (CoprError(404, "POST", "/api_3/project/fork/demo/x", "Project demo/x does not exist.", reason=REASON_JSON),
     ["Project demo/x does not exist."], 404),
    (CoprError(400, "POST", "/api_3/project/add/demo", "homepage: Invalid URL.\nname: bad", reason=REASON_JSON),
     ["homepage: Invalid URL.\nname: bad"], 400),
    (CoprError(None, "GET", "/api_3/project", "connection failed: refused", attempts=4),
     ["could not reach https://copr.example after 4 attempts: connection failed: refused"], None),
    (CoprError(503, "GET", "/api_3/project", "HTTP 503 with a non-JSON body (HTML page, probably from a proxy)",
               attempts=4), ["HTTP 503", "after 4 attempts", "try again later"], 503),
])
def test_fail_copr_error(error, words, status):
    module = make({"api_url": "https://copr.example/"})
    with pytest.raises(AnsibleFailJson) as info:
        module.fail(error)
    for word in words:
        assert word in info.value.args[0]["msg"]
    assert info.value.args[0]["status"] == status


def test_run_fails_once_for_a_raised_copr_error():
    module = make({"api_url": "https://copr.example/"})
    module.client.retries_used = 1

    def work():
        raise CoprError(401, "PUT", "/api_3/project/edit/demo/x", "Login invalid/expired.")

    with pytest.raises(AnsibleFailJson) as info:
        module.run(work)
    result = info.value.args[0]
    assert "token invalid or expired" in result["msg"] and result["status"] == 401 and result["retries_used"] == 1


def test_fail_wrong_url_404_gives_advice():
    module = make({"api_url": "https://copr.example/"})
    with pytest.raises(AnsibleFailJson) as info:
        module.fail(CoprError(404, "GET", "/api_3/project", "Such API endpoint doesn't exist",
                              reason=REASON_NO_ENDPOINT))
    assert "api_url" in info.value.args[0]["msg"]
    with pytest.raises(AnsibleFailJson) as info:
        module.fail(CoprError(404, "GET", "/api_3/project", "<html>Not Found</html>", reason="non-json"))
    assert "api_url" in info.value.args[0]["msg"]


@pytest.mark.parametrize("error", [ValueError("name 'x' is bad"), CoprConfigError("timeout must be > 0")])
def test_fail_other_errors(error):
    with pytest.raises(AnsibleFailJson) as info:
        make().fail(error)
    assert info.value.args[0]["msg"] == str(error)
    assert "status" not in info.value.args[0]


def test_exit_adds_retries_used():
    module = make({"api_url": "https://copr.example"})
    with pytest.raises(AnsibleExitJson) as info:
        module.exit(False, projects=[])
    assert info.value.args[0] == {"changed": False, "projects": []}
    module.client.retries_used = 2
    with pytest.raises(AnsibleExitJson) as info:
        module.exit(True, project={})
    assert info.value.args[0] == {"changed": True, "project": {}, "retries_used": 2}
    with pytest.raises(AnsibleExitJson) as info:
        module.run(lambda: {"changed": False, "projects": []})
    assert info.value.args[0] == {"changed": False, "projects": [], "retries_used": 2}


def test_no_passthrough_to_ansible_module():
    module = make()
    # a module ends through run(), exit() or fail() only, so retries_used is never skipped
    for name in ("exit_json", "fail_json", "module", "debug", "log"):
        assert not hasattr(module, name), name
    assert callable(module.warn) and callable(module.exit) and callable(module.fail)


def test_debug_lines_only_at_high_verbosity(monkeypatch):
    logged = []
    monkeypatch.setattr(basic.AnsibleModule, "log", lambda self, msg, log_args=None: logged.append(msg))
    module = make({"_ansible_verbosity": 1})
    del logged[:]
    module._debug("GET /api_3/project -> HTTP 200")
    assert logged == []
    module = make({"_ansible_verbosity": 3})
    del logged[:]
    module._debug("GET /api_3/project -> HTTP 200")
    assert logged == ["GET /api_3/project -> HTTP 200"]


@pytest.mark.parametrize("name", ["_client.py", "_names.py", "_project.py", "_resource.py"])
def test_ansible_free_module_utils(name):
    # these files are used outside modules (lookups, tests) and must not pull Ansible in
    from ansible_collections.fedora.copr.plugins.module_utils import _module

    path = os.path.join(os.path.dirname(_module.__file__), name)
    with open(path) as handle:
        source = handle.read()
    assert "import ansible" not in source and "from ansible." not in source


def test_missing_requests_fails_with_missing_required_lib(monkeypatch):
    from ansible_collections.fedora.copr.plugins.module_utils import _module

    monkeypatch.setattr(_module, "REQUESTS_IMPORT_ERROR", ImportError("No module named 'requests'"))
    with pytest.raises(AnsibleFailJson) as info:
        make()
    assert "requests" in info.value.args[0]["msg"] and "Python library" in info.value.args[0]["msg"]
