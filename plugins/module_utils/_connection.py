# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Connection options shared by every module and lookup, and how their values are found.

Precedence, per option: task option (or ``module_defaults``) > environment variable > the ``[copr-cli]`` section
of the config file (the one ``copr-cli`` and python-copr read) > built-in default.

The config file describes an account on one Copr server (its ``copr_url``, Fedora's when the key is absent).
Its ``login``, ``token`` and ``username`` are only used when the API URL in use is that server, so a task
pointed at another server never sends it the token of the user's Fedora account (a warning says so).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import os

try:
    from ansible.module_utils.basic import env_fallback
except ImportError:  # pragma: no cover - only outside Ansible
    env_fallback = None

from ansible_collections.fedora.copr.plugins.module_utils._client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_RETRIES,
    CoprClient,
    _is_loopback_host,
    normalize_api_url,
)

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

CONNECTION_OPTIONS = ("api_url", "api_login", "api_token", "username", "config_file",
                      "validate_certs", "ca_path", "timeout", "retries")

# option -> environment variable
ENV_VARS = {
    "api_url": "COPR_URL",
    "api_login": "COPR_LOGIN",
    "api_token": "COPR_TOKEN",
    "username": "COPR_USERNAME",
    "config_file": "COPR_CONFIG",
    "validate_certs": "COPR_VALIDATE_CERTS",
    "ca_path": "COPR_CA_PATH",
    "timeout": "COPR_TIMEOUT",
    "retries": "COPR_RETRIES",
}

# option -> key in the [copr-cli] section of the config file
CONFIG_KEYS = {
    "api_url": "copr_url",
    "api_login": "login",
    "api_token": "token",
    "username": "username",
}
CONFIG_SECTION = "copr-cli"
DEFAULT_CONFIG_FILE = "~/.config/copr"

DEFAULTS = {
    "api_url": DEFAULT_API_URL,
    "validate_certs": True,
    "timeout": DEFAULT_TIMEOUT,
    "retries": DEFAULT_RETRIES,
}

_TYPES = {
    "api_url": "str",
    "api_login": "str",
    "api_token": "str",
    "username": "str",
    "config_file": "path",
    "validate_certs": "bool",
    "ca_path": "path",
    "timeout": "float",
    "retries": "int",
}

_TRUE = ("1", "true", "yes", "on", "y", "t")
_FALSE = ("0", "false", "no", "off", "n", "f")


class CoprConfigError(Exception):
    """A connection setting is wrong; the message names the option and the fix."""


def connection_argument_spec():
    """The AnsibleModule argument spec of the connection options (no defaults: see resolve_connection)."""
    spec = {}
    for option in CONNECTION_OPTIONS:
        entry = {"type": _TYPES[option]}
        if env_fallback is not None:
            entry["fallback"] = (env_fallback, [ENV_VARS[option]])
        if option == "api_token":
            entry["no_log"] = True
        elif option == "api_login":
            entry["no_log"] = False
        spec[option] = entry
    return spec


def _given(value):
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def _to_bool(option, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CoprConfigError("%s must be true or false, got %r (set the option or %s to true or false)"
                          % (option, value, ENV_VARS[option]))


def _read_config_file(path, explicit):
    """{option: value} from the [copr-cli] section, plus warnings. Raises CoprConfigError."""
    try:
        import configparser
    except ImportError:  # pragma: no cover
        import ConfigParser as configparser  # type: ignore

    parser = configparser.RawConfigParser()
    try:
        with open(path, "r") as handle:
            parser.read_file(handle, source=path)
    except (OSError, IOError) as error:
        raise CoprConfigError(
            "config_file %s cannot be read (%s): fix its permissions or point config_file (or COPR_CONFIG) "
            "at another file" % (path, getattr(error, "strerror", None) or error))
    except configparser.Error as error:
        first = str(error).splitlines()[0] if str(error) else error.__class__.__name__
        raise CoprConfigError(
            "config_file %s is not a valid INI file (%s): it needs a [copr-cli] section with login, token, "
            "username and copr_url, as printed on <copr_url>/api" % (path, first))
    if not parser.has_section(CONFIG_SECTION):
        message = ("config_file %s has no [copr-cli] section: copy the section printed on <copr_url>/api into it"
                   % path)
        if explicit:
            raise CoprConfigError(message)
        return {}, [message + "; the file is ignored"]
    values = {}
    for option, key in CONFIG_KEYS.items():
        if parser.has_option(CONFIG_SECTION, key):
            value = parser.get(CONFIG_SECTION, key).strip()
            if value:
                values[option] = value
    return values, []


def resolve_connection(options, environ=None):
    """Resolve the connection settings.

    ``options``: {option: value or None} as given to the task (AnsibleModule params, where ``env_fallback``
    already applied the environment) or a lookup's ``get_option`` values. Environment variables are read here
    too for options still unset (``environ``, default ``os.environ``), so both callers behave the same.

    Returns a dict with every name of CONNECTION_OPTIONS (``api_url`` normalised to the Copr web root without a
    trailing slash, ``config_file`` = the file read or None), plus ``warnings`` (list of str), ``sources``
    ({option: "option"|"config_file"|"default"}) and ``resolved`` (True). Raises CoprConfigError.
    """
    if environ is None:
        environ = os.environ
    options = options or {}
    values = {}
    sources = {}
    warnings = []
    for option in CONNECTION_OPTIONS:
        value = options.get(option)
        if _given(value):
            values[option] = value
            sources[option] = "option"
            continue
        env_value = environ.get(ENV_VARS[option])
        if _given(env_value):
            values[option] = env_value
            sources[option] = "option"

    # The config file layer.
    config_file = values.get("config_file")
    explicit = config_file is not None
    if explicit:
        config_file = os.path.expanduser(str(config_file))
        if not os.path.isfile(config_file):
            raise CoprConfigError(
                "config_file %s does not exist (set by the config_file option or COPR_CONFIG): fix the path, or "
                "leave config_file unset to use %s when it exists" % (config_file, DEFAULT_CONFIG_FILE))
    else:
        candidate = os.path.expanduser(DEFAULT_CONFIG_FILE)
        config_file = candidate if os.path.isfile(candidate) else None
    file_values = {}
    if config_file is not None:
        try:
            file_values, file_warnings = _read_config_file(config_file, explicit)
        except CoprConfigError as error:
            if explicit:
                raise
            # A broken default file must not stop tasks that give everything they need otherwise.
            file_values, file_warnings = {}, ["%s; the file is ignored" % error]
        warnings.extend(file_warnings)
        if "api_url" not in values and "api_url" in file_values:
            values["api_url"] = file_values["api_url"]
            sources["api_url"] = "config_file"

    # API URL
    if "api_url" not in values:
        values["api_url"] = DEFAULTS["api_url"]
        sources["api_url"] = "default"
    try:
        api_url = normalize_api_url(str(values["api_url"]))
    except ValueError as error:
        where = " (from copr_url in %s)" % config_file if sources["api_url"] == "config_file" else ""
        raise CoprConfigError("%s%s; set api_url (or COPR_URL) to the Copr web root, for example %s"
                              % (error, where, DEFAULT_API_URL))

    # The file's account applies to its own server only.
    account = dict((k, v) for k, v in file_values.items() if k != "api_url")
    if account:
        try:
            file_url = normalize_api_url(file_values.get("api_url", DEFAULT_API_URL))
        except ValueError as error:
            raise CoprConfigError("copr_url in config_file %s: %s" % (config_file, error))
        if file_url.lower() != api_url.lower():
            warnings.append(
                "The [copr-cli] account in %s is for %s, not %s: its login, token and username are not used. "
                "Give api_login and api_token (and username) for %s, or set copr_url in the file."
                % (config_file, file_url, api_url, api_url))
        else:
            for option, value in account.items():
                if option not in values:
                    values[option] = value
                    sources[option] = "config_file"

    # Defaults and types.
    for option, default in DEFAULTS.items():
        if option not in values:
            values[option] = default
            sources[option] = "default"
    for option in CONNECTION_OPTIONS:
        values.setdefault(option, None)
        sources.setdefault(option, None)

    validate_certs = _to_bool("validate_certs", values["validate_certs"])
    try:
        timeout = float(values["timeout"])
    except (TypeError, ValueError):
        raise CoprConfigError("timeout must be a number of seconds, got %r: set timeout (or COPR_TIMEOUT) to "
                              "a number greater than 0, for example 30" % (values["timeout"],))
    if math.isnan(timeout) or math.isinf(timeout) or timeout <= 0:
        raise CoprConfigError("timeout must be greater than 0 seconds, got %r: set timeout (or COPR_TIMEOUT) "
                              "to a number greater than 0, for example 30" % (values["timeout"],))
    try:
        retries_value = values["retries"]
        if isinstance(retries_value, bool):
            raise ValueError
        if isinstance(retries_value, float) and retries_value != int(retries_value):
            raise ValueError
        retries = int(str(retries_value).strip()) if not isinstance(retries_value, (int, float)) \
            else int(retries_value)
    except (TypeError, ValueError):
        raise CoprConfigError("retries must be a whole number from 0 to %d, got %r: set retries (or "
                              "COPR_RETRIES)" % (MAX_RETRIES, values["retries"]))
    if not 0 <= retries <= MAX_RETRIES:
        raise CoprConfigError("retries must be from 0 to %d, got %d: set retries (or COPR_RETRIES) within "
                              "that range" % (MAX_RETRIES, retries))

    ca_path = values["ca_path"]
    if _given(ca_path):
        ca_path = os.path.expanduser(str(ca_path))
        if validate_certs and not os.path.exists(ca_path):
            raise CoprConfigError("ca_path %s does not exist: point ca_path (or COPR_CA_PATH) at a PEM CA bundle "
                                  "file or a directory of CA certificates, or leave it unset" % ca_path)
    else:
        ca_path = None

    login = values["api_login"]
    token = values["api_token"]
    login = str(login).strip() if _given(login) else None
    token = str(token).strip() if _given(token) else None
    username = str(values["username"]).strip() if _given(values["username"]) else None

    parts = urlsplit(api_url)
    if login and token and parts.scheme.lower() == "http" and not _is_loopback_host(parts.hostname):
        warnings.append(
            "api_url %s uses plain http:// to a host that is not this machine: the API token travels "
            "unencrypted; use https://" % api_url)
    if not validate_certs and parts.scheme.lower() == "https":
        warnings.append(
            "validate_certs is false: the TLS certificate of %s is not checked, so anyone in between can read "
            "the API token; prefer ca_path for a private CA" % parts.hostname)
    if ca_path and not validate_certs:
        warnings.append("ca_path is ignored because validate_certs is false")

    return {
        "api_url": api_url,
        "api_login": login,
        "api_token": token,
        "username": username,
        "config_file": config_file,
        "validate_certs": validate_certs,
        "ca_path": ca_path,
        "timeout": timeout,
        "retries": retries,
        "warnings": warnings,
        "sources": sources,
        "resolved": True,
    }


def client_from_options(options, log=None):
    """A CoprClient for the options (resolved here unless they come from resolve_connection)."""
    resolved = options if options.get("resolved") else resolve_connection(options)
    return CoprClient(
        resolved["api_url"],
        login=resolved["api_login"],
        token=resolved["api_token"],
        timeout=resolved["timeout"],
        retries=resolved["retries"],
        validate_certs=resolved["validate_certs"],
        ca_path=resolved["ca_path"] if resolved["validate_certs"] else None,
        log=log,
    )
