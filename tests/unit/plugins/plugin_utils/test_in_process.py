# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The controller-side path (``plugins/plugin_utils/_in_process.py``, issue 18): the decision and the mechanics.

The tasks are real: a ``Play`` is loaded, its task post-validated and its ``PlayContext`` derived as the
TaskExecutor does, the connection is a real plugin from ``connection_loader`` (never connected) and the action
comes from ``action_loader``. ``run_main`` runs a small module built on a real ``AnsibleModule``, with the
``_ansible_*`` arguments of the action's own ``_update_module_args``, and its answer is compared with the same
module run as a real module process (a subprocess reading the bytes of ``encode_arguments``).

On ansible-core 2.19 and later a module's warnings do not reach its printed answer when it runs on the
controller: ``module.warn()`` goes to ``Display.warning``, which the TaskExecutor collects per task (and per loop
item) in a ``DeferredWarningContext`` and puts in the task result. The helpers below read them from there, as the
TaskExecutor does; on 2.17 and 2.18 they are in the printed answer.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import secrets
import subprocess
import sys

import pytest

import ansible
from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play import Play
from ansible.playbook.play_context import PlayContext
from ansible.plugins.loader import action_loader, connection_loader
from ansible.template import Templar
from ansible.vars.manager import VariableManager

from ansible_collections.fedora.copr.plugins.module_utils import _client, _connection
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
from ansible_collections.fedora.copr.plugins.plugin_utils import _in_process
from ansible_collections.fedora.copr.plugins.plugin_utils._in_process import (
    SWITCH_ENV,
    SWITCH_VAR,
    InProcessAction,
    encode_arguments,
    run_main,
    switch,
)
from ansible_collections.fedora.copr.tests.unit.plugins.utils import FakeClient, load_project

try:  # ansible-core 2.19+: only strings marked trusted (every string of a playbook is) are templated
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19: every string is

    def trust_as_template(value):
        return value


try:  # ansible-core 2.19+: the TaskExecutor collects the warnings of each task (and loop item) here
    from ansible._internal._display_utils import DeferredWarningContext
except ImportError:
    DeferredWarningContext = None

try:  # ansible-core 2.22+: no_log values are masked by the controller, which the module tells of them
    from ansible.module_utils.secrets import mask_secrets
except ImportError:
    mask_secrets = None

LOADER = DataLoader()
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
IN_PROCESS_LINE = ("fedora.copr: running %s in the controller's worker process (FEDORA_COPR_IN_PROCESS=false turns "
                   "this off)")
MODULE_LINE = "fedora.copr: running %s as a module: %s"
MODULE_GLOBALS = [name for name in ("_ANSIBLE_ARGS", "_ANSIBLE_PROFILE", "_PARSED_MODULE_ARGS") if hasattr(basic, name)]

# A module as small as can show what run_main must keep: validation, no_log, check and diff mode, warnings,
# exit_json and fail_json. It imports nothing but ansible.module_utils, so it also runs as a module process.
FAKE_MODULE = '''
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            token=dict(type="str", no_log=True),
            count=dict(type="int", default=1),
            fail=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.warn("warning of %s" % module.params["name"])
    if module.params["fail"]:
        module.fail_json(msg="%s failed" % module.params["name"], seen="token=%s" % module.params["token"])
    module.exit_json(changed=True, name=module.params["name"], count=module.params["count"],
                     check_mode=module.check_mode, diff_mode=module._diff, seen="token=%s" % module.params["token"])


if __name__ == "__main__":
    main()
'''


@pytest.fixture(autouse=True)
def no_switch(monkeypatch):
    """No FEDORA_COPR_IN_PROCESS and no ansible.cfg: only what a test sets decides the switch."""
    monkeypatch.delenv(SWITCH_ENV, raising=False)
    monkeypatch.setattr(C.config, "_config_file", None)


@pytest.fixture
def fake_module(tmp_path):
    """FAKE_MODULE written to a file (for the module process) and imported (for run_main)."""
    path = tmp_path / "fake_copr_module.py"
    path.write_text(FAKE_MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("fake_copr_module_%s" % secrets.token_hex(4), str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.path = str(path)
    return module


# -- real tasks, connections and actions ------------------------------------------------------------------------
def _templar(variables):
    return Templar(loader=LOADER, variables=variables)


def make_action(keywords=None, connection="local", variables=None, action="fedora.copr.copr_project_info",
                args=None, play_keywords=None):
    """The action of a task ``{action: args, **keywords}`` in a play on localhost, as the TaskExecutor builds it:
    the task post-validated, its PlayContext, the connection plugin (not connected), the plugin's templar."""
    variables = dict(variables or {})
    task = {action: dict(args if args is not None else {"ownername": "demo", "name": "hello"})}
    task.update(keywords or {})
    play = dict(hosts="localhost", gather_facts=False, tasks=[task])
    play.update(play_keywords or {})
    play = Play.load(play, variable_manager=VariableManager(loader=LOADER), loader=LOADER)
    task = play.tasks[0].block[0]
    templar = _templar(variables)
    # ansible-core 2.19+ post-validates with the templar's engine, as the TaskExecutor does
    task.post_validate(templar=getattr(templar, "_engine", templar))  # pylint: disable=protected-access
    play_context = PlayContext(play=play)
    play_context = play_context.set_task_and_variable_override(task=task, variables=variables, templar=templar)
    loaded = connection_loader.get(connection, play_context)
    if loaded is None:
        pytest.skip("ansible-core %s has no %s connection plugin" % (ansible.__version__, connection))
    return action_loader.get(task.action, task=task, connection=loaded, play_context=play_context, loader=LOADER,
                             templar=templar, shared_loader_obj=None)


def module_args(action, args, task_vars=None):
    """``args`` with the ``_ansible_*`` keys the action's own ``_update_module_args`` adds (and the invocation
    asked for, on the ansible-core 2.21+ that makes it optional)."""
    result = dict(args)
    action._update_module_args(action._task.action, result, task_vars or {})  # pylint: disable=protected-access
    if "_ansible_inject_invocation" in result:
        result["_ansible_inject_invocation"] = True
    return result


# -- running a module both ways ---------------------------------------------------------------------------------
def _messages(warnings):
    """The texts of a result's warnings: strings on ansible-core < 2.19, serialized WarningSummary after."""
    return [w["event"]["msg"] if isinstance(w, dict) else w for w in warnings]


def in_process(main, args):
    """``run_main(main, args)`` as the TaskExecutor runs an action: (what it printed, that as a dict, the texts of
    the run's warnings)."""
    if DeferredWarningContext is None:
        printed = run_main(main, args)
        answer = json.loads(printed)
        return printed, answer, _messages(answer.get("warnings", []))
    with DeferredWarningContext(variables={}) as context:
        printed = run_main(main, args)
    return printed, json.loads(printed), [w.event.msg for w in context.get_warnings()]


def module_process(path, args, tmp_path):
    """The same module run as a module process reading ``encode_arguments(args)``: (answer, warnings' texts)."""
    args_file = tmp_path / ("args-%s.json" % secrets.token_hex(4))
    args_file.write_bytes(encode_arguments(args))
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(ansible.__file__))))
    done = subprocess.run([sys.executable, path, str(args_file)], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path), timeout=120, check=False)
    assert done.stdout.strip(), done.stderr
    answer = json.loads(done.stdout)
    answer.pop("deprecations", None)
    return answer, _messages(answer.pop("warnings", []))


def both_ways(fake_module, tmp_path, args, keywords=None):
    """Run the fake module in-process and as a module process with the same arguments; both answers and warnings,
    the in-process answer also as printed."""
    action = make_action(keywords)
    full = module_args(action, args)
    printed, answer, warned = in_process(fake_module.main, full)
    expected, expected_warned = module_process(fake_module.path, full, tmp_path)
    answer.pop("warnings", None)
    answer.pop("deprecations", None)
    return printed, answer, warned, expected, expected_warned


# -- fallback_reason: which tasks run in-process ----------------------------------------------------------------
@pytest.mark.parametrize("connection", ["local", "ansible.builtin.local"])
def test_a_local_task_runs_in_process(connection):
    assert make_action(connection=connection).fallback_reason({}) is None


def test_delegate_to_localhost_runs_in_process():
    assert make_action({"delegate_to": "localhost"}).fallback_reason({}) is None


@pytest.mark.parametrize("connection, transport", [("ssh", "ssh"), ("paramiko", "paramiko"), ("winrm", "winrm"),
                                                   ("psrp", "psrp")])
def test_a_task_on_another_host_runs_as_a_module(connection, transport):
    # what delegate_to: <a remote host> gives: that host's connection plugin
    action = make_action({"delegate_to": "build.example.org"}, connection=connection)
    reason = action.fallback_reason({})
    assert reason == "the task runs through the %s connection, not on the controller" % transport


@pytest.mark.parametrize("keywords, reason", [
    ({"become": True}, "become is set (the module must run as the become user)"),
    ({"become": True, "become_user": "copr"}, "become is set (the module must run as the become user)"),
    ({"async": 60, "poll": 0}, "async is set"),
    ({"async": 60, "poll": 5}, "async is set"),
])
def test_become_and_async_run_as_a_module(keywords, reason):
    assert make_action(keywords).fallback_reason({}) == reason


ENVIRONMENT_REASON = "the environment keyword is set (the module must run with that environment)"


@pytest.mark.parametrize("environment", [
    {"HTTPS_PROXY": "http://proxy.example.org:3128"},
    [{"HTTPS_PROXY": "http://proxy.example.org:3128"}],
    [{}, {"LANG": "C"}],
])
def test_the_environment_keyword_runs_as_a_module(environment):
    assert make_action({"environment": environment}).fallback_reason({}) == ENVIRONMENT_REASON


def test_an_environment_from_a_variable_runs_as_a_module():
    variables = {"proxy_env": {"HTTPS_PROXY": "http://proxy.example.org:3128"}}
    action = make_action({"environment": [trust_as_template("{{ proxy_env }}")]}, variables=variables)
    assert action.fallback_reason(variables) == ENVIRONMENT_REASON


def test_an_environment_set_on_the_play_runs_as_a_module():
    action = make_action(play_keywords={"environment": {"LANG": "C"}})
    assert action.fallback_reason({}) == ENVIRONMENT_REASON


@pytest.mark.parametrize("environment", [{}, [], [{}], [{}, {}]])
def test_an_empty_environment_runs_in_process(environment):
    # An environment that sets no variable gives the module process exactly the worker's environment
    # (ActionBase._compute_environment_string skips empty entries), so nothing is lost in-process.
    action = make_action({"environment": environment})
    assert not any(action._task.environment or ())  # pylint: disable=protected-access
    assert action.fallback_reason({}) is None


def test_an_environment_variable_that_templates_to_nothing_runs_in_process():
    variables = {"no_env": {}}
    action = make_action({"environment": [trust_as_template("{{ no_env }}")]}, variables=variables)
    assert action.fallback_reason(variables) is None


def test_no_requests_on_the_controller_runs_as_a_module(monkeypatch):
    monkeypatch.setattr(_client, "REQUESTS_IMPORT_ERROR", ImportError("No module named 'requests'"))
    assert make_action().fallback_reason({}) == "the controller's Python has no requests library"


def test_the_switch_off_comes_first():
    # switched off, the task runs as a module whatever else holds
    action = make_action({"delegate_to": "build.example.org"}, connection="ssh")
    assert action.fallback_reason({SWITCH_VAR: False}) == "fedora_copr_in_process=False turns the in-process path off"


def test_the_switch_variable_is_templated():
    variables = {SWITCH_VAR: trust_as_template("{{ copr_fast }}"), "copr_fast": "no"}
    action = make_action(variables=variables)
    assert action.fallback_reason(variables) == "fedora_copr_in_process=no turns the in-process path off"
    variables["copr_fast"] = "yes"
    action = make_action(variables=variables)
    assert action.fallback_reason(variables) is None


def test_a_templated_switch_variable_that_is_not_a_boolean_fails():
    variables = {SWITCH_VAR: trust_as_template("{{ copr_fast }}"), "copr_fast": "sometimes"}
    with pytest.raises(AnsibleActionFail) as failure:
        make_action(variables=variables).fallback_reason(variables)
    assert "the variable fedora_copr_in_process must be true or false" in str(failure.value)
    assert "'sometimes'" in str(failure.value)


def test_the_environment_variable_turns_it_off(monkeypatch):
    monkeypatch.setenv(SWITCH_ENV, "false")
    assert make_action().fallback_reason({}) == "FEDORA_COPR_IN_PROCESS=false turns the in-process path off"


# -- switch(): variable > environment > ansible.cfg > on --------------------------------------------------------
def _ini(tmp_path, text, name="ansible.cfg"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


TRUE_VALUES = [True, "true", "True", "yes", "1", 1]
FALSE_VALUES = [False, "false", "False", "no", "0", 0]


@pytest.mark.parametrize("value, on", [(v, True) for v in TRUE_VALUES] + [(v, False) for v in FALSE_VALUES])
def test_switch_from_the_variable(value, on):
    assert switch({SWITCH_VAR: value}, environ={}, config_file=None) == (on, "%s=%s" % (SWITCH_VAR, value))


@pytest.mark.parametrize("value, on", [(v, True) for v in TRUE_VALUES if isinstance(v, str)]
                         + [(v, False) for v in FALSE_VALUES if isinstance(v, str)])
def test_switch_from_the_environment_and_the_config_file(value, on, tmp_path):
    assert switch({}, environ={SWITCH_ENV: value}) == (on, "%s=%s" % (SWITCH_ENV, value))
    config = _ini(tmp_path, "[defaults]\nforks = 5\n\n[fedora.copr]\nin_process = %s\n" % value)
    assert switch({}, environ={}, config_file=config) == (
        on, "in_process = %s in the [fedora.copr] section of %s" % (value, config))


def test_switch_precedence(tmp_path):
    config = _ini(tmp_path, "[fedora.copr]\nin_process = false\n")
    assert switch({SWITCH_VAR: True}, environ={SWITCH_ENV: "false"}, config_file=config)[0] is True
    assert switch({SWITCH_VAR: False}, environ={SWITCH_ENV: "true"}, config_file=config)[0] is False
    assert switch({}, environ={SWITCH_ENV: "true"}, config_file=config)[0] is True
    assert switch({}, environ={SWITCH_ENV: "false"}, config_file=_ini(tmp_path, "[fedora.copr]\nin_process = 1\n",
                                                                      "on.cfg"))[0] is False
    assert switch({}, environ={}, config_file=config)[0] is False
    # a variable that is not set (None, as from an undefined default) does not decide
    assert switch({SWITCH_VAR: None}, environ={SWITCH_ENV: "false"}, config_file=None)[0] is False


def test_switch_default_is_on(tmp_path):
    assert switch({}, environ={}, config_file=None) == (True, "the default")
    missing = str(tmp_path / "nowhere.cfg")
    assert switch({}, environ={}, config_file=missing) == (True, "the default")
    no_section = _ini(tmp_path, "[defaults]\nin_process = false\n")
    assert switch({}, environ={}, config_file=no_section) == (True, "the default")
    no_key = _ini(tmp_path, "[fedora.copr]\nother = false\n", "no-key.cfg")
    assert switch({}, environ={}, config_file=no_key) == (True, "the default")


def test_switch_reads_the_ansible_cfg_ansible_uses(monkeypatch, tmp_path):
    config = _ini(tmp_path, "[fedora.copr]\nin_process = no\n")
    monkeypatch.setattr(C.config, "_config_file", config)
    assert C.config.get_config_value("CONFIG_FILE") == config
    assert switch({}, environ={}) == (False, "in_process = no in the [fedora.copr] section of %s" % config)
    assert make_action().fallback_reason({}) == (
        "in_process = no in the [fedora.copr] section of %s turns the in-process path off" % config)


def test_switch_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.setenv(SWITCH_ENV, "no")
    assert switch({}) == (False, "FEDORA_COPR_IN_PROCESS=no")


ACCEPTED = "must be true or false (or yes/no, 1/0)"


@pytest.mark.parametrize("value", ["maybe", "", "2", "truthy", [True], {"on": True}])
def test_an_invalid_variable_fails_naming_it(value):
    with pytest.raises(AnsibleActionFail) as failure:
        switch({SWITCH_VAR: value}, environ={}, config_file=None)
    message = str(failure.value)
    assert message.startswith("the variable fedora_copr_in_process %s, got %r" % (ACCEPTED, value))
    assert "set it to false to run the fedora.copr modules as module processes" in message


@pytest.mark.parametrize("value", ["maybe", "", "off-ish"])
def test_an_invalid_environment_variable_fails_naming_it(value):
    with pytest.raises(AnsibleActionFail) as failure:
        switch({}, environ={SWITCH_ENV: value}, config_file=None)
    assert str(failure.value).startswith("the environment variable FEDORA_COPR_IN_PROCESS %s, got %r"
                                         % (ACCEPTED, value))


def test_an_invalid_config_value_fails_naming_the_file_section_and_key(tmp_path):
    config = _ini(tmp_path, "[fedora.copr]\nin_process = sometimes\n")
    with pytest.raises(AnsibleActionFail) as failure:
        switch({}, environ={}, config_file=config)
    assert str(failure.value).startswith("in_process in the [fedora.copr] section of %s %s, got 'sometimes'"
                                         % (config, ACCEPTED))


@pytest.mark.parametrize("text, error", [
    ("this is no ini file\n", "File contains no section headers"),
    ("[fedora.copr]\nin_process = false\nin_process = true\n", "already exists"),
    ("[fedora.copr]\n[fedora.copr]\n", "already exists"),
])
def test_a_broken_config_file_fails_clearly(tmp_path, text, error):
    config = _ini(tmp_path, text)
    with pytest.raises(AnsibleActionFail) as failure:
        switch({}, environ={}, config_file=config)
    message = str(failure.value)
    assert message.startswith("fedora.copr could not read %s for [fedora.copr] in_process: " % config)
    assert error in message


@pytest.mark.parametrize("case", ["not utf-8", "unreadable"])
def test_a_config_file_that_cannot_be_read_fails_clearly(tmp_path, monkeypatch, case):
    path = tmp_path / "ansible.cfg"
    path.write_bytes(b"# caf\xe9\n[fedora.copr]\nin_process = false\n")
    if case == "unreadable":  # the tests may run as root, who reads any file: refuse it as the kernel would
        path.write_text("[fedora.copr]\nin_process = false\n", encoding="utf-8")
        real_open = open

        def refusing_open(name, *args, **kwargs):
            if str(name) == str(path):
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr("builtins.open", refusing_open)
    with pytest.raises(AnsibleActionFail) as failure:
        switch({}, environ={}, config_file=str(path))
    assert str(path) in str(failure.value)


def test_an_inline_comment_in_the_config_file_is_a_comment(tmp_path):
    config = _ini(tmp_path, "[fedora.copr]\nin_process = false ; module processes, for the target's Python\n")
    assert switch({}, environ={}, config_file=config)[0] is False


# -- module_name, and the action each module resolves to --------------------------------------------------------
MODULES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "plugins", "modules")
MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py") and not name.startswith("_"))


def test_there_are_modules():
    assert "copr_project" in MODULES and len(MODULES) >= 9, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_name_maps_the_action_to_its_module(name):
    action = make_action(action="fedora.copr." + name, args={})
    assert isinstance(action, InProcessAction)
    assert type(action).__module__ == "ansible_collections.fedora.copr.plugins.action." + name
    assert action.module_name == "ansible_collections.fedora.copr.plugins.modules." + name
    assert callable(importlib.import_module(action.module_name).main)


# -- run(): which path, and what the in-process one gives -------------------------------------------------------
@pytest.fixture
def server(monkeypatch, no_copr_environment):  # pylint: disable=unused-argument
    """A read-only fake Copr behind every module; ``server.sessions`` records the Session each client was given."""
    monkeypatch.setattr(CoprModule, "session", None)
    client = FakeClient([load_project("demo/hello")], read_only=True)
    client.sessions = []

    def client_from_options(options, log=None, session=None):  # pylint: disable=unused-argument
        client.sessions.append(session)
        return client

    monkeypatch.setattr(_connection, "client_from_options", client_from_options)
    return client


@pytest.fixture
def vvv(monkeypatch):
    """The lines the action prints at -vvv."""
    lines = []
    monkeypatch.setattr(_in_process.display, "vvv", lambda message, host=None: lines.append(message))
    return lines


def test_run_in_process_runs_the_module_with_one_session(server, vvv):
    results = [make_action().run(task_vars={}) for _item in range(2)]  # two loop items
    for result in results:
        assert not result.get("failed"), result
        assert result["changed"] is False
        (project,) = result["projects"]
        assert project["full_name"] == "demo/hello"
        assert project["chroots"] == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
        assert not [key for key in result if key.startswith("_ansible_") and key != "_ansible_parsed"], result
    assert server.calls == [("get_project", "demo", "hello")] * 2
    assert len(server.sessions) == 2 and server.sessions[0] is server.sessions[1] is _client.controller_session()
    assert server.sessions[0] is not None
    assert vvv == [IN_PROCESS_LINE % "fedora.copr.copr_project_info"] * 2


def test_run_in_process_fails_as_the_module_does(server, vvv):
    result = make_action(args={"ownername": "demo", "name": "hello", "bogus": 1}).run(task_vars={})
    assert result["failed"] is True
    assert result["msg"].startswith("Unsupported parameters for (fedora.copr.copr_project_info) module: bogus.")
    assert server.calls == []
    assert vvv == [IN_PROCESS_LINE % "fedora.copr.copr_project_info"]


def test_run_falls_back_to_the_normal_action(server, vvv, monkeypatch):
    ran = []
    monkeypatch.setattr(_in_process.NormalAction, "run",
                        lambda self, tmp=None, task_vars=None: ran.append(task_vars) or {"from": "normal"})
    task_vars = {SWITCH_VAR: "false"}
    assert make_action(variables=task_vars).run(task_vars=task_vars) == {"from": "normal"}
    assert make_action({"become": True}).run(task_vars={}) == {"from": "normal"}
    assert ran == [task_vars, {}]
    assert server.calls == [] and server.sessions == []
    assert vvv == [MODULE_LINE % ("fedora.copr.copr_project_info", "fedora_copr_in_process=false turns the "
                                  "in-process path off"),
                   MODULE_LINE % ("fedora.copr.copr_project_info", "become is set (the module must run as the "
                                  "become user)")]


# -- run_main: the module's main() in this process --------------------------------------------------------------
def test_run_main_gives_what_a_module_process_gives(fake_module, tmp_path):
    token = "tok-" + secrets.token_hex(8)
    printed, answer, warned, expected, expected_warned = both_ways(
        fake_module, tmp_path, {"name": "first", "token": token, "count": "3"})
    assert answer == expected
    assert warned == expected_warned == ["warning of first"]
    assert answer["changed"] is True and answer["name"] == "first" and answer["count"] == 3
    assert answer["check_mode"] is False and not answer["diff_mode"]
    assert answer["invocation"]["module_args"]["name"] == "first"
    if mask_secrets is None:  # the module scrubs its no_log values from everything it prints
        assert token not in printed
        assert answer["invocation"]["module_args"]["token"] == NO_LOG_MASK
        assert answer["seen"] == "token=********"
    else:  # ansible-core 2.22+: it tells the controller, which masks them wherever they are shown
        assert answer["_ansible_new_secrets"] == [token]
        assert token not in mask_secrets(printed)


def test_run_main_check_and_diff_mode(fake_module, tmp_path):
    _printed, answer, _warned, expected, _expected_warned = both_ways(
        fake_module, tmp_path, {"name": "checked"}, keywords={"check_mode": True, "diff": True})
    assert answer == expected
    assert answer["check_mode"] is True and answer["diff_mode"] is True


def test_run_main_fail_json(fake_module, tmp_path):
    token = "tok-" + secrets.token_hex(8)
    printed, answer, warned, expected, expected_warned = both_ways(
        fake_module, tmp_path, {"name": "broken", "token": token, "fail": True})
    assert answer == expected
    assert answer["failed"] is True and answer["msg"] == "broken failed"
    assert warned == expected_warned == ["warning of broken"]
    if mask_secrets is None:
        assert token not in printed and answer["seen"] == "token=********"


@pytest.mark.parametrize("args, message", [
    ({"name": "x", "bogus": 1}, "Unsupported parameters for (fedora.copr.copr_project_info) module: bogus. "
                                "Supported parameters include: count, fail, name, token."),
    ({"name": "x", "count": "many"}, "argument 'count' is of type "),
    ({"count": 2}, "missing required arguments: name"),
])
def test_run_main_argument_errors_are_the_module_s(fake_module, tmp_path, args, message):
    _printed, answer, warned, expected, expected_warned = both_ways(fake_module, tmp_path, args)
    assert answer == expected
    assert answer["failed"] is True and answer["msg"].startswith(message), answer["msg"]
    assert warned == expected_warned == []


def test_run_main_warnings_belong_to_their_run(fake_module):
    # Loop items run one after another in one worker: each one's warnings are its own.
    action = make_action()
    _p1, first, first_warned = in_process(fake_module.main, module_args(action, {"name": "first"}))
    _p2, second, second_warned = in_process(fake_module.main, module_args(action, {"name": "second"}))
    assert (first["name"], second["name"]) == ("first", "second")
    assert first_warned == ["warning of first"]
    assert second_warned == ["warning of second"]


def test_run_main_empties_the_warning_stores_for_the_run_and_restores_them(fake_module):
    # Whatever the worker collected before (a store is a list up to 2.18, a dict after) is neither part of the
    # module's answer nor lost.
    stores = [getattr(module_warnings, name) for name in ("_global_warnings", "_global_deprecations")]
    for store, earlier in zip(stores, ("an earlier warning", {"msg": "an earlier deprecation"})):
        if isinstance(store, dict):
            store[json.dumps(earlier)] = None
        else:
            store.append(earlier)
    before = [store.copy() for store in stores]
    seen = []

    def main():
        seen.append([store.copy() for store in stores])
        fake_module.main()

    try:
        _printed, answer, warned = in_process(main, module_args(make_action(), {"name": "only"}))
        assert seen == [[type(store)() for store in stores]]
        assert warned == ["warning of only"]
        assert "an earlier warning" not in json.dumps(answer)
        assert [store.copy() for store in stores] == before
    finally:
        for store in stores:
            store.clear()


def test_run_main_restores_the_module_globals(fake_module, monkeypatch):
    sentinels = dict((name, "before-" + name) for name in MODULE_GLOBALS)
    for name, value in sentinels.items():
        monkeypatch.setattr(basic, name, value)
    stdout = sys.stdout
    printed, _answer, _warned = in_process(fake_module.main, module_args(make_action(), {"name": "x"}))
    assert json.loads(printed)["name"] == "x"
    assert dict((name, getattr(basic, name)) for name in MODULE_GLOBALS) == sentinels
    assert sys.stdout is stdout


def test_run_main_restores_them_when_main_raises(monkeypatch):
    sentinels = dict((name, "before-" + name) for name in MODULE_GLOBALS)
    for name, value in sentinels.items():
        monkeypatch.setattr(basic, name, value)
    stdout = sys.stdout

    def main():
        print("half an answer")
        raise RuntimeError("a bug in the module")

    with pytest.raises(RuntimeError, match="a bug in the module"):
        run_main(main, {"_ansible_check_mode": False})
    assert dict((name, getattr(basic, name)) for name in MODULE_GLOBALS) == sentinels
    assert sys.stdout is stdout


def test_run_main_gives_the_module_its_arguments_only_while_it_runs(monkeypatch):
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", None)
    read = []

    def main():
        read.append(basic._load_params())  # pylint: disable=protected-access
        print(json.dumps({"changed": False}))

    assert json.loads(run_main(main, {"name": "x", "_ansible_check_mode": True})) == {"changed": False}
    assert read == [{"name": "x", "_ansible_check_mode": True}]
    assert basic._ANSIBLE_ARGS is None  # pylint: disable=protected-access


# -- encode_arguments -------------------------------------------------------------------------------------------
def test_encode_arguments_round_trips_through_load_params(monkeypatch):
    args = {"name": "hello", "description": "caf\u00e9 \u2713 \"quoted\"\n", "count": 3, "ratio": 0.5,
            "flag": True, "nothing": None, "chroots": ["fedora-40-x86_64", "epel-9-x86_64"],
            "nested": {"a": [1, {"b": None}]}, "trusted": trust_as_template("{{ not templated here }}"),
            "_ansible_check_mode": False, "_ansible_selinux_special_fs": ["fuse", "nfs"]}
    encoded = encode_arguments(args)
    assert isinstance(encoded, bytes)
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", encoded)
    if _in_process.PROFILE is not None:
        monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", _in_process.PROFILE)
    loaded = basic._load_params()  # pylint: disable=protected-access
    assert loaded == args
    assert type(loaded["trusted"]) is str  # pylint: disable=unidiomatic-typecheck
    assert json.loads(encoded.decode("utf-8")) == {"ANSIBLE_MODULE_ARGS": args}


# -- the scrub, skipped only where it could change nothing ------------------------------------------------------
SECRETS = ["pilwtbq", 'a"quote', "back\\slash", "new\nline", "caf\u00e9", "2345"]


@pytest.mark.parametrize("secret", SECRETS)
@pytest.mark.parametrize("where", ["value", "nested", "key", "list", "int"])
def test_mentions_finds_a_secret_in_any_key_value_or_number(secret, where):
    inner = "x %s y" % secret
    value = {
        "value": {"description": inner},
        "nested": {"projects": [{"a": [{"b": inner}]}]},
        "key": {inner: 1},
        "list": {"chroots": ("f40", inner)},
        "int": {"id": int(secret) * 10 + 1 if secret.isdigit() else inner},
    }[where]
    assert _in_process.mentions(value, [secret]) is True


def test_mentions_is_false_only_when_no_secret_is_there():
    value = {"projects": [{"name": "hello", "id": 1, "ratio": 0.5, "on": True, "none": None}] * 3}
    assert _in_process.mentions(value, SECRETS) is False
    assert _in_process.mentions({"blob": b"bytes"}, ["zzz"]) is True  # json cannot write it: the real scrub looks


def test_the_guarded_scrub_gives_what_remove_values_gives():
    from ansible.module_utils.common.parameters import remove_values

    scrub = _in_process.scrub_only_when_needed(remove_values)
    clean = {"projects": [{"name": "hello", "chroots": ["f40"]}], "changed": False}
    assert scrub(clean, {"pilwtbq"}) is clean
    assert scrub(clean, set()) is clean
    dirty = {"projects": [{"name": "hello", "description": "token pilwtbq here"}], "n": 1}
    assert scrub(dirty, {"pilwtbq"}) == remove_values(dirty, {"pilwtbq"})
    assert "pilwtbq" not in json.dumps(scrub(dirty, {"pilwtbq"}))


def test_run_main_puts_remove_values_back():
    before = basic.remove_values
    run_main(lambda: None, {})
    assert basic.remove_values is before
