# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""The controller-side fast path of the fedora.copr modules (internal).

Every module has an action plugin of its name (``plugins/action/``) built on ``InProcessAction``. When the task
runs on the controller, it runs the module's own ``main()`` in Ansible's worker process instead of starting a
module process: the real ``AnsibleModule`` reads the same arguments (``_update_module_args`` adds the same
``_ansible_*`` keys), so validation, ``no_log`` scrubbing, check mode, diff and warnings are the module's own,
and its printed result goes through the same ``_parse_returned_data`` as a module process's answer. The items
of a loop share one ``requests.Session`` (``_client.controller_session()``).

Otherwise, or when the switch is off, the module runs as usual (``ansible.builtin.normal``). ``fallback_reason``
is the one list of what the in-process path cannot honour exactly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import configparser
import importlib
import io
import json
import os
import sys

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils import basic
from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

try:  # ansible-core 2.19+: module arguments and results travel in a serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder
except ImportError:
    PROFILE = None
else:
    PROFILE = "legacy"  # what ansible-core gives a module without METADATA, as ours are

from ansible_collections.fedora.copr.plugins.module_utils import _client
from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule

display = Display()

SWITCH_VAR = "fedora_copr_in_process"
SWITCH_ENV = "FEDORA_COPR_IN_PROCESS"
SWITCH_SECTION = "fedora.copr"
SWITCH_KEY = "in_process"
LOCAL_CONNECTIONS = ("local", "ansible.builtin.local")


def switch(variables=None, environ=None, config_file=None):
    """``(on, where)``: the switch from the variable, else the environment, else ``ansible.cfg``, else on.

    ``variables``: the task's variables, ``fedora_copr_in_process`` in them already templated.
    """
    if variables and variables.get(SWITCH_VAR) is not None:
        value = variables[SWITCH_VAR]
        return _boolean(value, "the variable %s" % SWITCH_VAR), "%s=%s" % (SWITCH_VAR, value)
    environ = os.environ if environ is None else environ
    if SWITCH_ENV in environ:
        value = environ[SWITCH_ENV]
        return _boolean(value, "the environment variable %s" % SWITCH_ENV), "%s=%s" % (SWITCH_ENV, value)
    if config_file is None:
        config_file = C.config.get_config_value("CONFIG_FILE")
    value = _config_value(config_file) if config_file else None
    if value is not None:
        where = "%s in the [%s] section of %s" % (SWITCH_KEY, SWITCH_SECTION, config_file)
        return _boolean(value, where), "%s = %s in the [%s] section of %s" % (
            SWITCH_KEY, value, SWITCH_SECTION, config_file)
    return True, "the default"


def _config_value(path):
    """``in_process`` of ``[fedora.copr]`` in the ``ansible.cfg`` at path, read as Ansible reads that file."""
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";",))
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeError, configparser.Error) as error:
        raise AnsibleActionFail("fedora.copr could not read %s for [%s] %s: %s" % (
            path, SWITCH_SECTION, SWITCH_KEY, error)) from None
    return parser.get(SWITCH_SECTION, SWITCH_KEY, fallback=None)


def _boolean(value, where):
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise AnsibleActionFail("%s must be true or false (or yes/no, 1/0), got %r: set it to false to run the "
                                "fedora.copr modules as module processes, or to true (the default) to run them "
                                "in the controller's worker process." % (where, value)) from None


class InProcessAction(NormalAction):
    """Runs the module of the same name in the worker process when the task runs on the controller."""

    @property
    def module_name(self):
        """The Python name of this action's module: ``...plugins.action.X`` -> ``...plugins.modules.X``."""
        package, _dot, name = type(self).__module__.rpartition(".")
        return package.rpartition(".")[0] + ".modules." + name

    def fallback_reason(self, task_vars):
        """Why this task runs as a module process, or None when it runs in-process."""
        variables = {}
        if SWITCH_VAR in task_vars:
            variables[SWITCH_VAR] = self._templar.template(task_vars[SWITCH_VAR])
        on, where = switch(variables)
        if not on:
            return "%s turns the in-process path off" % where
        transport = getattr(self._connection, "transport", None) or getattr(self._connection, "_load_name", "")
        if transport not in LOCAL_CONNECTIONS:
            return "the task runs through the %s connection, not on the controller" % transport
        if self._play_context.become:
            return "become is set (the module must run as the become user)"
        if self._task.async_val:
            return "async is set"
        if any(self._task.environment or ()):
            return "the environment keyword is set (the module must run with that environment)"
        if _client.REQUESTS_IMPORT_ERROR is not None:
            return "the controller's Python has no requests library"
        return None

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        reason = self.fallback_reason(task_vars)
        if reason is not None:
            display.vvv("fedora.copr: running %s as a module: %s" % (self._task.action, reason))
            return super(InProcessAction, self).run(tmp, task_vars)
        display.vvv("fedora.copr: running %s in the controller's worker process (%s=false turns this off)" % (
            self._task.action, SWITCH_ENV))
        result = ActionBase.run(self, tmp, task_vars)  # the checks every action makes (check mode, async)
        return merge_hash(result, self._run_in_process(task_vars))

    def _run_in_process(self, task_vars):
        module_args = dict(self._task.args)
        self._update_module_args(self._task.action, module_args, task_vars)
        main = importlib.import_module(self.module_name).main
        CoprModule.session = _client.controller_session()
        printed = run_main(main, module_args)
        return self._module_result(printed)

    def _module_result(self, printed):
        """The module's printed answer, parsed and cleaned as ``_execute_module`` does a module process's."""
        answer = dict(rc=0, stdout=printed, stderr="")
        if PROFILE is None:
            data = self._parse_returned_data(answer)
        else:
            data = self._parse_returned_data(answer, PROFILE)
        if hasattr(data, "as_result_dict"):  # ansible-core 2.21+: a UnifiedTaskResult
            data.remove_internal_keys()
            return data.as_result_dict(for_round_trip=True)
        from ansible.vars.clean import remove_internal_keys  # ansible-core 2.20 and older only

        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data


def encode_arguments(module_args):
    """The bytes a module process would read: ``{"ANSIBLE_MODULE_ARGS": ...}`` in the module's profile."""
    wrapped = dict(ANSIBLE_MODULE_ARGS=module_args)
    if PROFILE is None:
        return json.dumps(wrapped, cls=AnsibleJSONEncoder, vault_to_text=True).encode("utf-8")
    return json.dumps(wrapped, cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode("utf-8")


def mentions(value, secrets):
    """False only when no secret occurs in any string (key or value) of value; True when unsure."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return True
    # JSON escapes character by character, so a secret in a string is its escaped form in the text.
    return any(json.dumps(str(secret), ensure_ascii=False)[1:-1] in text for secret in secrets)


def scrub_only_when_needed(remove_values):
    """``remove_values`` that skips the walk when no secret occurs in the value: the result is then the same.

    ``exit_json`` scrubs every string of the result for the ``no_log`` values (ansible-core 2.17-2.21); for the
    10,000 projects of a list that walk costs more than reading them. One C-speed ``json.dumps`` and a
    substring search tell whether it can change anything.
    """
    def scrub(value, no_log_strings):
        if no_log_strings and mentions(value, no_log_strings):
            return remove_values(value, no_log_strings)
        return value
    return scrub


_MODULE_GLOBALS = ("_ANSIBLE_ARGS", "_ANSIBLE_PROFILE", "_PARSED_MODULE_ARGS", "remove_values")
_WARNING_STORES = ("_global_warnings", "_global_deprecations")


def run_main(main, module_args):
    """Run a module's ``main()`` here as a module process would run it; return what it printed.

    ``AnsibleModule`` reads its arguments from ``basic._ANSIBLE_ARGS`` and collects warnings in process-wide
    stores; both are set up for this one run and put back afterwards, so runs in one worker do not mix. Its
    ``remove_values`` scrub is skipped when it could not change anything (``scrub_only_when_needed``).
    """
    saved_globals = dict((name, getattr(basic, name)) for name in _MODULE_GLOBALS if hasattr(basic, name))
    stores = [getattr(module_warnings, name) for name in _WARNING_STORES]
    saved_stores = [store.copy() for store in stores]
    for store in stores:
        store.clear()
    basic._ANSIBLE_ARGS = encode_arguments(module_args)
    if hasattr(basic, "remove_values"):
        basic.remove_values = scrub_only_when_needed(saved_globals["remove_values"])
    if PROFILE is not None:
        basic._ANSIBLE_PROFILE = PROFILE
    printed = io.StringIO()
    stdout, sys.stdout = sys.stdout, printed
    try:
        main()
    except SystemExit:
        pass  # exit_json and fail_json end the run this way, as they end a module process
    finally:
        sys.stdout = stdout
        for name, value in saved_globals.items():
            setattr(basic, name, value)
        for store, saved in zip(stores, saved_stores):
            store.clear()
            if isinstance(store, dict):
                store.update(saved)
            else:
                store.extend(saved)
    return printed.getvalue()
