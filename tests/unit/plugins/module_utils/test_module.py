# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import os

import pytest

pytest.importorskip("requests")

from ansible.module_utils import basic  # noqa: E402

from ansible_collections.fedora.copr.plugins.module_utils import _connection  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._connection import CoprConfigError  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule  # noqa: E402

TOKEN = "pilwtbqdhunnntkfzcvkthgnaefmmi"
LOGIN = "odxydaummlrwbhxldupg"

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19

    @contextlib.contextmanager
    def patch_module_args(args):
        original = basic._ANSIBLE_ARGS  # pylint: disable=protected-access
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = original


class Exited(Exception):
    def __init__(self, kind, result):
        super(Exited, self).__init__(kind)
        self.kind = kind
        self.result = result


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    for name in _connection.ENV_VARS.values():
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))

    def exit_json(self, **result):
        raise Exited("exit", result)

    def fail_json(self, msg, **result):
        result["msg"] = msg
        raise Exited("fail", result)

    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, w: warnings.append(w))
    return warnings


SPEC = dict(name=dict(type="str"), ownername=dict(type="str"))


def make(args=None, **kwargs):
    with patch_module_args(args or {}):
        return CoprModule(dict(SPEC), **kwargs)


def test_argument_spec_is_merged_and_check_mode_supported():
    module = make({"name": "x", "_ansible_check_mode": True, "_ansible_diff": True})
    assert module.check_mode is True and module.diff_mode is True
    assert module.params["name"] == "x"
    for option in _connection.CONNECTION_OPTIONS:
        assert option in module.params
    assert module.module.supports_check_mode is True


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
    with pytest.raises(Exited) as info:
        make({"retries": 50})
    assert info.value.kind == "fail" and "retries" in info.value.result["msg"]


def test_owner():
    assert make({"ownername": "@team"}).owner() == "@team"
    assert make({"username": "demo"}).owner() == "demo"
    with pytest.raises(Exited) as info:
        make().owner()
    assert "ownername" in info.value.result["msg"] and "username" in info.value.result["msg"]


def test_owner_from_config_file(tmp_path):
    path = tmp_path / "home" / ".config" / "copr"
    path.parent.mkdir(parents=True)
    path.write_text("[copr-cli]\nusername = fileuser\nlogin = l\ntoken = t\n")
    module = make()
    assert module.owner() == "fileuser"
    module.require_credentials()


def test_require_credentials_names_the_three_ways():
    with pytest.raises(Exited) as info:
        make().require_credentials()
    msg = info.value.result["msg"]
    for word in ("api_login", "api_token", "module_defaults", "COPR_LOGIN", "COPR_TOKEN", "[copr-cli]",
                 "~/.config/copr"):
        assert word in msg
    with pytest.raises(Exited) as info:
        make({"api_token": TOKEN}).require_credentials()
    assert "api_login is missing" in info.value.result["msg"]
    assert TOKEN not in info.value.result["msg"]
    make({"api_token": TOKEN, "api_login": LOGIN}).require_credentials()


@pytest.mark.parametrize("error, words, status", [
    (CoprError(401, "PUT", "/api_3/project/edit/demo/x", "Login invalid/expired."),
     ["token invalid or expired", "https://copr.example/api"], 401),
    (CoprError(403, "DELETE", "/api_3/project/delete/@t/x", "Only owners may delete their projects.", owner="@t"),
     ["Only owners may delete their projects.", "the API login may lack rights on @t"], 403),
    (CoprError(404, "POST", "/api_3/project/fork/demo/x", "Project demo/x does not exist.", reason="json"),
     ["Project demo/x does not exist."], 404),
    (CoprError(400, "POST", "/api_3/project/add/demo", "homepage: Invalid URL.\nname: bad", reason="json"),
     ["homepage: Invalid URL.\nname: bad"], 400),
    (CoprError(None, "GET", "/api_3/project", "connection failed: refused", attempts=4),
     ["could not reach https://copr.example after 4 attempts: connection failed: refused"], None),
    (CoprError(503, "GET", "/api_3/project", "HTTP 503 with a non-JSON body (HTML page, probably from a proxy)",
               attempts=4), ["HTTP 503", "after 4 attempts", "try again later"], 503),
])
def test_fail_from_copr_error(error, words, status):
    module = make({"api_url": "https://copr.example/"})
    with pytest.raises(Exited) as info:
        module.fail_from(error)
    assert info.value.kind == "fail"
    for word in words:
        assert word in info.value.result["msg"]
    assert info.value.result["status"] == status


def test_fail_from_wrong_url_404_gives_advice():
    module = make({"api_url": "https://copr.example/"})
    with pytest.raises(Exited) as info:
        module.fail_from(CoprError(404, "GET", "/api_3/project", "Such API endpoint doesn't exist", reason="json"))
    assert "api_url" in info.value.result["msg"]


@pytest.mark.parametrize("error", [ValueError("name 'x' is bad"), CoprConfigError("timeout must be > 0")])
def test_fail_from_other_errors(error):
    with pytest.raises(Exited) as info:
        make().fail_from(error)
    assert info.value.result["msg"] == str(error)
    assert "status" not in info.value.result


def test_exit_adds_retries_used():
    module = make({"api_url": "https://copr.example"})
    with pytest.raises(Exited) as info:
        module.exit(False, projects=[])
    assert info.value.result == {"changed": False, "projects": []}
    module.client.retries_used = 2
    with pytest.raises(Exited) as info:
        module.exit(True, project={})
    assert info.value.result == {"changed": True, "project": {}, "retries_used": 2}


def test_passthrough_to_ansible_module():
    module = make()
    assert module.fail_json.__name__ == "fail_json"
    assert callable(module.warn) and callable(module.exit_json)


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


@pytest.mark.parametrize("name", ["_client.py", "_names.py", "_project.py"])
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
    with pytest.raises(Exited) as info:
        make()
    assert info.value.kind == "fail"
    assert "requests" in info.value.result["msg"] and "Python library" in info.value.result["msg"]
