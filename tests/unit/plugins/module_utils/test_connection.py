# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

pytest.importorskip("requests")

import yaml  # noqa: E402

from ansible_collections.fedora.copr.plugins.doc_fragments.connection import ModuleDocFragment  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils import _connection  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._connection import (  # noqa: E402
    CONNECTION_OPTIONS,
    CoprConfigError,
    client_from_options,
    connection_argument_spec,
    resolve_connection,
)
from ansible_collections.fedora.copr.tests.unit.plugins.utils import DEMO_TOKEN as TOKEN  # noqa: E402

FEDORA = "https://copr.fedorainfracloud.org"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in _connection.ENV_VARS.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    os.makedirs(str(tmp_path / "home"))


def write_config(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def home_config(tmp_path, text):
    return write_config(tmp_path / "home" / ".config" / "copr", text)


CONFIG = """[copr-cli]
login = filelogin
username = fileuser
token = filetoken
copr_url = https://copr.example.org/
# expiration date: 2030-01-01
"""


def test_argument_spec():
    spec = connection_argument_spec()
    assert tuple(spec) == CONNECTION_OPTIONS
    assert spec["api_token"]["no_log"] is True
    types = dict((k, v["type"]) for k, v in spec.items())
    assert types == {"api_url": "str", "api_login": "str", "api_token": "str", "username": "str",
                     "config_file": "path", "validate_certs": "bool", "ca_path": "path", "timeout": "float",
                     "retries": "int"}
    for option, entry in spec.items():
        assert "default" not in entry
        assert entry["fallback"][1] == [_connection.ENV_VARS[option]]


def _shown(value):
    """A default as the docs write it: V(true), V(30), V(https://...)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "%g" % value
    return str(value)


def test_doc_fragment_agrees_with_the_table():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    plugins = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    assert list(documented) == list(CONNECTION_OPTIONS) == list(plugins)
    for option in _connection.OPTIONS:
        doc = documented[option.name]
        text = " ".join(doc["description"])
        assert doc["type"] == option.type, option.name
        assert "default" not in doc, option.name  # the config file sits between environment and default
        assert "E(%s)" % option.env in text, option.name
        if option.config_key:
            assert "C(%s)" % option.config_key in text, option.name
        if option.default is not None:
            assert "V(%s)" % _shown(option.default) in text, option.name
        assert plugins[option.name]["env"] == [{"name": option.env}], option.name
        assert plugins[option.name]["vars"] == [{"name": "copr_" + option.name}], option.name
    assert "C(%s)" % _connection.DEFAULT_CONFIG_FILE in " ".join(documented["config_file"]["description"])


def test_environment_is_read_from_the_given_mapping_only(monkeypatch):
    monkeypatch.setenv("COPR_URL", "https://env.example")
    assert resolve_connection({}, environ={})["api_url"] == FEDORA
    assert resolve_connection({}, environ={"COPR_URL": "https://given.example"})["api_url"] == "https://given.example"
    assert resolve_connection({})["api_url"] == "https://env.example"


def test_defaults():
    resolved = resolve_connection({})
    assert resolved["api_url"] == FEDORA
    assert resolved["validate_certs"] is True
    assert resolved["timeout"] == 30.0
    assert resolved["retries"] == 3
    assert resolved["api_login"] is None and resolved["api_token"] is None and resolved["username"] is None
    assert resolved["config_file"] is None
    assert resolved["warnings"] == []


def test_precedence_task_env_file_default(tmp_path, monkeypatch):
    home_config(tmp_path, CONFIG)
    # file only
    resolved = resolve_connection({})
    assert resolved["api_url"] == "https://copr.example.org"
    account = (resolved["api_login"], resolved["api_token"], resolved["username"])
    assert account == ("filelogin", "filetoken", "fileuser")
    assert resolved["sources"]["api_token"] == "config_file"
    # environment beats the file
    monkeypatch.setenv("COPR_LOGIN", "envlogin")
    monkeypatch.setenv("COPR_TIMEOUT", "12.5")
    monkeypatch.setenv("COPR_RETRIES", "5")
    monkeypatch.setenv("COPR_VALIDATE_CERTS", "no")
    resolved = resolve_connection({})
    assert resolved["api_login"] == "envlogin" and resolved["api_token"] == "filetoken"
    assert resolved["timeout"] == 12.5 and resolved["retries"] == 5 and resolved["validate_certs"] is False
    # task beats the environment
    resolved = resolve_connection({"api_login": "tasklogin", "timeout": 3, "retries": 0, "validate_certs": True})
    assert resolved["api_login"] == "tasklogin"
    assert resolved["timeout"] == 3.0 and resolved["retries"] == 0 and resolved["validate_certs"] is True


def test_empty_values_count_as_unset(tmp_path, monkeypatch):
    home_config(tmp_path, CONFIG)
    monkeypatch.setenv("COPR_TOKEN", "")
    assert resolve_connection({"api_token": ""})["api_token"] == "filetoken"


def test_file_account_not_sent_to_another_server(tmp_path):
    home_config(tmp_path, CONFIG)
    resolved = resolve_connection({"api_url": "https://evil.example"})
    assert resolved["api_token"] is None and resolved["api_login"] is None and resolved["username"] is None
    assert any("not used" in w for w in resolved["warnings"])


def test_file_without_copr_url_is_for_fedora(tmp_path):
    home_config(tmp_path, "[copr-cli]\nlogin = l\ntoken = t\nusername = u\n")
    assert resolve_connection({})["api_token"] == "t"
    assert resolve_connection({"api_url": FEDORA + "/api_3/"})["api_token"] == "t"
    assert resolve_connection({"api_url": "http://127.0.0.1:5000"})["api_token"] is None


def test_explicit_config_file(tmp_path, monkeypatch):
    path = write_config(tmp_path / "elsewhere" / "copr.conf", CONFIG.replace("filetoken", "other"))
    assert resolve_connection({"config_file": path})["api_token"] == "other"
    monkeypatch.setenv("COPR_CONFIG", path)
    resolved = resolve_connection({})
    assert resolved["api_token"] == "other" and resolved["config_file"] == path


def test_missing_explicit_config_file_is_an_error(tmp_path, monkeypatch):
    with pytest.raises(CoprConfigError) as info:
        resolve_connection({"config_file": str(tmp_path / "nope")})
    assert "config_file" in str(info.value) and "COPR_CONFIG" in str(info.value)
    monkeypatch.setenv("COPR_CONFIG", str(tmp_path / "nope"))
    with pytest.raises(CoprConfigError):
        resolve_connection({})


def test_missing_default_config_file_is_fine():
    assert resolve_connection({})["config_file"] is None


def test_config_file_without_section(tmp_path):
    path = write_config(tmp_path / "c", "[other]\nlogin = x\n")
    with pytest.raises(CoprConfigError) as info:
        resolve_connection({"config_file": path})
    assert "[copr-cli]" in str(info.value)
    home_config(tmp_path, "[other]\nlogin = x\n")
    resolved = resolve_connection({})
    assert resolved["api_login"] is None and resolved["warnings"]


def test_config_file_not_ini(tmp_path):
    path = write_config(tmp_path / "c", "login = x\n")
    with pytest.raises(CoprConfigError) as info:
        resolve_connection({"config_file": path})
    assert path in str(info.value)


def test_broken_default_config_file_is_a_warning(tmp_path):
    home_config(tmp_path, "login = x\n")
    resolved = resolve_connection({"api_login": "l", "api_token": "t"})
    assert resolved["api_token"] == "t"
    assert len(resolved["warnings"]) == 1 and "ignored" in resolved["warnings"][0]


def test_config_file_values_with_percent_and_spaces(tmp_path):
    path = write_config(tmp_path / "c", "[copr-cli]\ntoken =  a%b  \nlogin = l\n")
    assert resolve_connection({"config_file": path})["api_token"] == "a%b"


@pytest.mark.parametrize("options, word", [
    ({"timeout": 0}, "timeout"),
    ({"timeout": -1}, "timeout"),
    ({"timeout": "abc"}, "timeout"),
    ({"retries": -1}, "retries"),
    ({"retries": 11}, "retries"),
    ({"retries": "many"}, "retries"),
    ({"api_url": "copr.example"}, "api_url"),
    ({"api_url": "ftp://copr.example"}, "api_url"),
    ({"api_url": "https://u:%s@copr.example" % TOKEN}, "api_url"),
    ({"validate_certs": "maybe"}, "validate_certs"),
    ({"ca_path": "/does/not/exist.pem"}, "ca_path"),
])
def test_validation(options, word):
    with pytest.raises(CoprConfigError) as info:
        resolve_connection(options)
    assert word in str(info.value)
    assert TOKEN not in str(info.value)


def test_retries_bounds_accepted():
    assert resolve_connection({"retries": 0})["retries"] == 0
    assert resolve_connection({"retries": 10})["retries"] == 10
    assert resolve_connection({"retries": "4"})["retries"] == 4


def test_bad_url_in_the_file_names_the_file(tmp_path):
    home_config(tmp_path, "[copr-cli]\ncopr_url = copr.example\n")
    with pytest.raises(CoprConfigError) as info:
        resolve_connection({})
    assert "copr_url" in str(info.value)


def test_warning_plain_http_with_credentials():
    resolved = resolve_connection({"api_url": "http://copr.example", "api_login": "l", "api_token": "t"})
    assert any("http://" in w for w in resolved["warnings"])
    assert not resolve_connection({"api_url": "http://copr.example"})["warnings"]
    for loopback in ("http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:5"):
        assert not resolve_connection({"api_url": loopback, "api_login": "l", "api_token": "t"})["warnings"]


def test_warning_validate_certs_false():
    resolved = resolve_connection({"validate_certs": False})
    assert any("validate_certs" in w for w in resolved["warnings"])


def test_warnings_never_hold_the_token(tmp_path):
    resolved = resolve_connection({"api_url": "http://copr.example", "api_login": "l", "api_token": TOKEN,
                                   "validate_certs": False})
    assert resolved["warnings"]
    assert all(TOKEN not in w for w in resolved["warnings"])


def test_ca_path(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    resolved = resolve_connection({"ca_path": str(bundle)})
    assert resolved["ca_path"] == str(bundle)
    assert client_from_options(resolved).verify == str(bundle)
    resolved = resolve_connection({"ca_path": str(bundle), "validate_certs": False})
    assert client_from_options(resolved).verify is False


def test_client_from_options():
    client = client_from_options({"api_url": "https://copr.example/", "api_login": "l", "api_token": "t",
                                  "timeout": 5, "retries": 1})
    assert client.api_url == "https://copr.example"
    assert client.has_credentials and client.timeout == 5.0 and client.retries == 1
    assert repr(client).count("t") < 10 and "'t'" not in repr(client)
    resolved = resolve_connection({"api_url": "https://copr.example"})
    assert client_from_options(resolved).api_url == "https://copr.example"


def test_client_from_options_rejects_bad_options():
    with pytest.raises(CoprConfigError):
        client_from_options({"retries": 99})
