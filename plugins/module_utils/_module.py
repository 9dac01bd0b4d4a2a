# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""``CoprModule``: the AnsibleModule wrapper every fedora.copr module uses.

It merges the connection options into the module's argument spec, resolves them (task > environment >
``[copr-cli]`` config file > default), builds the Copr client on first use, and turns errors into
``fail_json`` results with advice. Anything it does not define is passed to the wrapped AnsibleModule
(``fail_json``, ``warn``, ``exit_json``, ...).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.fedora.copr.plugins.module_utils._client import REQUESTS_IMPORT_ERROR, CoprError
from ansible_collections.fedora.copr.plugins.module_utils._connection import (
    DEFAULT_CONFIG_FILE,
    CoprConfigError,
    client_from_options,
    connection_argument_spec,
    resolve_connection,
)

CREDENTIALS_HELP = (
    "Give them in one of three ways: the api_login and api_token options (or module_defaults for "
    "group/fedora.copr.copr); the COPR_LOGIN and COPR_TOKEN environment variables (on the host the module runs "
    "on); or the login and token keys of the [copr-cli] section of the config file %s (or config_file / "
    "COPR_CONFIG), as printed on <api_url>/api." % DEFAULT_CONFIG_FILE
)


class CoprModule:
    """AnsibleModule plus the Copr connection."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec or {})
        kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        if REQUESTS_IMPORT_ERROR is not None:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        self._client = None
        try:
            self.connection = resolve_connection(dict((k, self.module.params.get(k)) for k in spec))
        except CoprConfigError as error:
            self.connection = None
            self.module.fail_json(msg=str(error))
        for warning in self.connection.get("warnings") or ():
            self.module.warn(warning)

    # -- AnsibleModule pass-through ------------------------------------------------------------------------
    def __getattr__(self, name):
        # Only called for attributes not found normally: fail_json, warn, exit_json, debug, log, ...
        if name == "module":
            raise AttributeError(name)
        return getattr(self.module, name)

    @property
    def params(self):
        return self.module.params

    @property
    def check_mode(self):
        return self.module.check_mode

    @property
    def diff_mode(self):
        return self.module._diff

    @property
    def api_url(self):
        return self.connection["api_url"]

    # -- client ----------------------------------------------------------------------------------------------
    def _debug(self, line):
        self.module.debug(line)
        if getattr(self.module, "_verbosity", 0) >= 3:
            self.module.log(line)

    @property
    def client(self):
        """The CoprClient, built on first use from the resolved connection settings."""
        if self._client is None:
            self._client = client_from_options(self.connection, log=self._debug)
        return self._client

    def owner(self):
        """``ownername``, else ``username`` (option, COPR_USERNAME or the config file), else fail."""
        owner = self.params.get("ownername")
        if owner:
            return owner
        username = self.connection.get("username")
        if username:
            return username
        self.module.fail_json(
            msg="ownername is required: set ownername, or set username (the option, COPR_USERNAME, or username "
                "in the [copr-cli] section of %s) to use your own name as the default owner"
                % DEFAULT_CONFIG_FILE)

    def require_credentials(self):
        """Fail (before any request) unless both the API login and the token are known."""
        login = self.connection.get("api_login")
        token = self.connection.get("api_token")
        if login and token:
            return
        if login and not token:
            missing = "api_token is missing (api_login is set)"
        elif token and not login:
            missing = "api_login is missing (api_token is set; the API login is the random 20-letter login " \
                      "shown on <api_url>/api, not the user name)"
        else:
            missing = "no API login and token were found"
        self.module.fail_json(
            msg="This task changes Copr and needs credentials: %s. %s" % (
                missing, CREDENTIALS_HELP.replace("<api_url>", self.connection["api_url"])))

    # -- results ---------------------------------------------------------------------------------------------
    def _extra(self):
        extra = {}
        if self._client is not None and self._client.retries_used:
            extra["retries_used"] = self._client.retries_used
        return extra

    def error_message(self, error):
        """The failure text for an error, with advice."""
        if isinstance(error, CoprError):
            return self._copr_error_message(error)
        return str(error)

    def _copr_error_message(self, error):
        api_url = self.connection["api_url"] if self.connection else "the Copr server"
        where = "%s %s" % (error.method, error.path)
        status = error.status
        message = error.message or ""
        if status is None:
            if error.attempts == 0:
                return "%s: %s" % (where, message)
            if getattr(error, "reason", None) == "tls":
                return "could not reach %s: %s" % (api_url, message)
            return "could not reach %s after %d attempt%s: %s" % (
                api_url, error.attempts, "" if error.attempts == 1 else "s", message)
        if status == 401:
            return "token invalid or expired: get a new one at %s/api (Copr answered HTTP 401 to %s: %s)" % (
                api_url, where, message)
        if status == 403:
            owner = error.owner or self.params.get("ownername") or self.connection.get("username") or "the owner"
            return "%s (Copr answered HTTP 403 to %s; the API login may lack rights on %s)" % (message, where, owner)
        if status == 404:
            text = "%s (Copr answered HTTP 404 to %s)" % (message, where)
            if getattr(error, "reason", None) != "json" or "endpoint" in message.lower():
                text += "; check that api_url (%s) is the Copr web root" % api_url
            return text
        if status == 400:
            if "\n" in message:
                return "%s\n(Copr answered HTTP 400 to %s)" % (message, where)
            return "%s (Copr answered HTTP 400 to %s)" % (message, where)
        if status >= 500:
            tries = " after %d attempts" % error.attempts if error.attempts > 1 else ""
            return "%s (Copr answered HTTP %d to %s%s; the server failed, try again later)" % (
                message, status, where, tries)
        return "%s (Copr answered HTTP %d to %s)" % (message, status, where)

    def fail_from(self, error, **result):
        """fail_json for a CoprError, CoprConfigError or ValueError, with advice; never a traceback."""
        result.update(self._extra())
        if isinstance(error, CoprError):
            result["status"] = error.status
        self.module.fail_json(msg=self.error_message(error), **result)

    def exit(self, changed, **result):
        """exit_json, adding ``retries_used`` when the client had to retry."""
        for key, value in self._extra().items():
            result.setdefault(key, value)
        self.module.exit_json(changed=changed, **result)
