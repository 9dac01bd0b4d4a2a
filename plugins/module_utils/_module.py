# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""``CoprModule``: the base every fedora.copr module runs on (internal).

It merges the connection options into the module's argument spec, resolves them (task > environment >
``[copr-cli]`` config file > default), builds the Copr client on first use, and is the one place a module
ends: ``run(work)`` calls ``work()``, exits with its result (adding ``retries_used``), and turns any
``CoprError``, ``CoprConfigError`` or ``ValueError`` raised on the way into one ``fail_json`` with advice.

A module sees ``params``, ``check_mode``, ``diff_mode``, ``warn``, ``username``, ``client``, ``owner()``,
``require_credentials()``, ``run()``, ``exit()`` and ``fail()``; the AnsibleModule itself stays private.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.fedora.copr.plugins.module_utils import _connection
from ansible_collections.fedora.copr.plugins.module_utils._client import (
    REQUESTS_IMPORT_ERROR,
    CoprError,
    describe_error,
)
from ansible_collections.fedora.copr.plugins.module_utils._connection import DEFAULT_CONFIG_FILE, CoprConfigError

# What a module's work may raise; run() turns each into a failure with advice, never a traceback.
MODULE_ERRORS = (CoprError, CoprConfigError, ValueError)

CREDENTIALS_HELP = (
    "Give them in one of three ways: the api_login and api_token options (or module_defaults for "
    "group/fedora.copr.copr); the COPR_LOGIN and COPR_TOKEN environment variables (on the host the module runs "
    "on); or the login and token keys of the [copr-cli] section of the config file %s (or config_file / "
    "COPR_CONFIG), as printed on <api_url>/api." % DEFAULT_CONFIG_FILE
)


class CoprModule:
    """An AnsibleModule with the Copr connection, which ends in one place."""

    # None in a module process: its client makes its own Session. The controller-side path
    # (plugin_utils/_in_process.py) sets _client.controller_session() here, so a loop's items share one.
    session = None

    def __init__(self, argument_spec, **kwargs):
        spec = _connection.connection_argument_spec()
        spec.update(argument_spec or {})
        kwargs.setdefault("supports_check_mode", True)
        self._module = AnsibleModule(argument_spec=spec, **kwargs)
        self._client = None
        self._connection = None
        if REQUESTS_IMPORT_ERROR is not None:
            self.fail(missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        try:
            self._connection = _connection.resolve_connection(dict((k, self.params.get(k)) for k in spec))
        except CoprConfigError as error:
            self.fail(error)
        for warning in self._connection["warnings"]:
            self.warn(warning)

    # -- what modules read ---------------------------------------------------------------------------------
    @property
    def params(self):
        return self._module.params

    @property
    def check_mode(self):
        return self._module.check_mode

    @property
    def diff_mode(self):
        return self._module._diff

    def warn(self, warning):
        self._module.warn(warning)

    @property
    def username(self):
        """The resolved ``username`` (option, COPR_USERNAME or the config file), or None."""
        return self._connection.get("username")

    @property
    def client(self):
        """The CoprClient, built on first use from the resolved connection settings."""
        if self._client is None:
            self._client = _connection.client_from_options(self._connection, log=self._debug, session=self.session)
        return self._client

    def _debug(self, line):
        self._module.debug(line)
        if getattr(self._module, "_verbosity", 0) >= 3:
            self._module.log(line)

    def owner(self):
        """``ownername``, else ``username`` (option, COPR_USERNAME or the config file); raises CoprConfigError."""
        owner = self.params.get("ownername") or self.username
        if owner:
            return owner
        raise CoprConfigError(
            "ownername is required: set ownername, or set username (the option, COPR_USERNAME, or username "
            "in the [copr-cli] section of %s) to use your own name as the default owner" % DEFAULT_CONFIG_FILE)

    def require_credentials(self):
        """Raise CoprConfigError (before any request) unless both the API login and the token are known."""
        login = self._connection.get("api_login")
        token = self._connection.get("api_token")
        if login and token:
            return
        if login:
            missing = "api_token is missing (api_login is set)"
        elif token:
            missing = "api_login is missing (api_token is set; the API login is the random 20-letter login " \
                      "shown on <api_url>/api, not the user name)"
        else:
            missing = "no API login and token were found"
        raise CoprConfigError("This task changes Copr and needs credentials: %s. %s" % (
            missing, CREDENTIALS_HELP.replace("<api_url>", self._connection["api_url"])))

    # -- the one way out --------------------------------------------------------------------------------------
    def run(self, work):
        """``work()`` returns the result (with ``changed``); exit with it, or fail once for what it raised."""
        try:
            result = work()
        except MODULE_ERRORS as error:
            self.fail(error)
        self.exit(**result)

    def _extra(self):
        if self._client is not None and self._client.retries_used:
            return {"retries_used": self._client.retries_used}
        return {}

    def error_message(self, error):
        """The failure text for an error, with advice."""
        if not isinstance(error, CoprError):
            return str(error)
        connection = self._connection or {}
        return describe_error(error, api_url=connection.get("api_url"),
                              owner=self.params.get("ownername") or connection.get("username"),
                              options=self.params, offered_chroots=self._offered_chroots(error))

    def _offered_chroots(self, error):
        """The chroots the server offers, read (one GET) only when it refused a chroot name; else None."""
        if error.status != 400 or "chroots: " not in (error.message or "") or "valid choice" not in error.message:
            return None
        try:
            offered = self.client.request("GET", ("mock-chroots", "list"))
        except CoprError:
            return None
        return sorted(offered) if isinstance(offered, dict) else None

    def fail(self, error, **result):
        """fail_json for an error (a CoprError also gives its ``status``) or a message; the only fail_json."""
        result.update(self._extra())
        if isinstance(error, CoprError):
            result["status"] = error.status
        self._module.fail_json(msg=self.error_message(error), **result)

    def exit(self, changed=False, **result):
        """exit_json, adding ``retries_used`` when the client had to retry."""
        for key, value in self._extra().items():
            result.setdefault(key, value)
        self._module.exit_json(changed=changed, **result)
