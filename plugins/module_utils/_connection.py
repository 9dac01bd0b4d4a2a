# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Connection options shared by every module and lookup, and how their values are found (internal).

``OPTIONS`` is the one table of the connection options. It feeds the modules' argument spec
(``connection_argument_spec``, with ``env_fallback``), the unit test that checks the doc fragment
``plugins/doc_fragments/connection.py`` against it (types, ``E(...)``, ``C(...)``, ``V(...)`` and the lookups'
``env:``/``vars:``), and ``resolve_connection``.

Precedence, per option: task option (or ``module_defaults``) > environment variable > the ``[copr-cli]`` section
of the config file (the one ``copr-cli`` and python-copr read) > built-in default. Ansible fills the options from
the environment (``env_fallback`` for modules, ``env:`` for lookups); the resolver reads the environment in one
place, ``_layer_environment``, for what is still blank (an option given as ``""`` counts as not given).

The config file describes an account on one Copr server (its ``copr_url``, Fedora's when the key is absent).
Its ``login``, ``token`` and ``username`` are only used when the API URL in use is that server, so a task
pointed at another server never sends it the token of the user's Fedora account (a warning says so).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import os
from collections import namedtuple
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.validation import check_type_bool, check_type_float, check_type_int

from ansible_collections.fedora.copr.plugins.module_utils._client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_RETRIES,
    CoprClient,
    is_loopback_host,
    normalize_api_url,
)

CONFIG_SECTION = "copr-cli"
DEFAULT_CONFIG_FILE = "~/.config/copr"

# name, AnsibleModule type, environment variable, key in the [copr-cli] section, default, no_log
ConnectionOption = namedtuple("ConnectionOption", ["name", "type", "env", "config_key", "default", "no_log"])

OPTIONS = (
    ConnectionOption("api_url", "str", "COPR_URL", "copr_url", DEFAULT_API_URL, False),
    ConnectionOption("api_login", "str", "COPR_LOGIN", "login", None, False),
    ConnectionOption("api_token", "str", "COPR_TOKEN", "token", None, True),
    ConnectionOption("username", "str", "COPR_USERNAME", "username", None, False),
    # default: DEFAULT_CONFIG_FILE, when that file exists (see _config_file_path)
    ConnectionOption("config_file", "path", "COPR_CONFIG", None, None, False),
    ConnectionOption("validate_certs", "bool", "COPR_VALIDATE_CERTS", None, True, False),
    ConnectionOption("ca_path", "path", "COPR_CA_PATH", None, None, False),
    ConnectionOption("timeout", "float", "COPR_TIMEOUT", None, DEFAULT_TIMEOUT, False),
    ConnectionOption("retries", "int", "COPR_RETRIES", None, DEFAULT_RETRIES, False),
)

# Views of the table, by option name.
CONNECTION_OPTIONS = tuple(option.name for option in OPTIONS)
ENV_VARS = dict((option.name, option.env) for option in OPTIONS)
CONFIG_KEYS = dict((option.name, option.config_key) for option in OPTIONS if option.config_key)
DEFAULTS = dict((option.name, option.default) for option in OPTIONS if option.default is not None)

# The [copr-cli] account keys, used only on the file's own server.
_ACCOUNT = tuple(name for name in CONFIG_KEYS if name != "api_url")


class CoprConfigError(Exception):
    """A connection setting is wrong; the message names the option and the fix."""


def connection_argument_spec():
    """The AnsibleModule argument spec of the connection options (no defaults: see resolve_connection)."""
    return dict(
        (option.name, {"type": option.type, "no_log": option.no_log, "fallback": (env_fallback, [option.env])})
        for option in OPTIONS
    )


def _given(value):
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def _text(value):
    return str(value).strip() if _given(value) else None


# -- the layers, in precedence order ------------------------------------------------------------------------
def _layer_options(options):
    return dict((name, options[name]) for name in CONNECTION_OPTIONS if _given(options.get(name)))


def _layer_environment(environ, values):
    """The one place the resolver reads the environment: the options that are still blank."""
    return dict((option.name, environ[option.env]) for option in OPTIONS
                if option.name not in values and _given(environ.get(option.env)))


def _config_file_path(values):
    """(path or None, explicit): the file named by config_file/COPR_CONFIG, else the default when it exists."""
    if "config_file" not in values:
        candidate = os.path.expanduser(DEFAULT_CONFIG_FILE)
        return (candidate if os.path.isfile(candidate) else None), False
    path = os.path.expanduser(str(values["config_file"]))
    if not os.path.isfile(path):
        raise CoprConfigError(
            "config_file %s does not exist (set by the config_file option or COPR_CONFIG): fix the path, or "
            "leave config_file unset to use %s when it exists" % (path, DEFAULT_CONFIG_FILE))
    return path, True


def _read_config_file(path, explicit):
    """{option: value} from the [copr-cli] section, plus warnings. Raises CoprConfigError."""
    import configparser

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


def _layer_config_file(path, explicit):
    """({option: value}, warnings) of the file; a broken default file is only a warning."""
    if path is None:
        return {}, []
    try:
        return _read_config_file(path, explicit)
    except CoprConfigError as error:
        if explicit:
            raise
        # A broken default file must not stop tasks that give everything they need otherwise.
        return {}, ["%s; the file is ignored" % error]


def _api_url(values, sources, config_file):
    try:
        return normalize_api_url(str(values["api_url"]))
    except ValueError as error:
        where = " (from copr_url in %s)" % config_file if sources["api_url"] == "config_file" else ""
        raise CoprConfigError("%s%s; set api_url (or COPR_URL) to the Copr web root, for example %s"
                              % (error, where, DEFAULT_API_URL))


def _account_from_file(file_values, api_url, config_file):
    """The file's login, token and username when api_url is the file's own server; else ({}, [warning])."""
    account = dict((name, file_values[name]) for name in _ACCOUNT if name in file_values)
    if not account:
        return {}, []
    try:
        file_url = normalize_api_url(file_values.get("api_url", DEFAULT_API_URL))
    except ValueError as error:
        raise CoprConfigError("copr_url in config_file %s: %s" % (config_file, error))
    if file_url.lower() == api_url.lower():
        return account, []
    return {}, [
        "The [copr-cli] account in %s is for %s, not %s: its login, token and username are not used. "
        "Give api_login and api_token (and username) for %s, or set copr_url in the file."
        % (config_file, file_url, api_url, api_url)]


# -- types and checks -----------------------------------------------------------------------------------------
def _validate_certs(value):
    try:
        return check_type_bool(value)
    except TypeError:
        raise CoprConfigError("validate_certs must be true or false, got %r (set the option or COPR_VALIDATE_CERTS "
                              "to true or false)" % (value,))


def _timeout(value):
    try:
        timeout = check_type_float(value)
    except TypeError:
        raise CoprConfigError("timeout must be a number of seconds, got %r: set timeout (or COPR_TIMEOUT) to "
                              "a number greater than 0, for example 30" % (value,))
    if math.isnan(timeout) or math.isinf(timeout) or timeout <= 0:
        raise CoprConfigError("timeout must be greater than 0 seconds, got %r: set timeout (or COPR_TIMEOUT) "
                              "to a number greater than 0, for example 30" % (value,))
    return timeout


def _retries(value):
    try:
        if isinstance(value, bool):  # check_type_int takes a bool for an int
            raise TypeError(value)
        retries = check_type_int(value.strip() if isinstance(value, str) else value)
    except TypeError:
        raise CoprConfigError("retries must be a whole number from 0 to %d, got %r: set retries (or "
                              "COPR_RETRIES)" % (MAX_RETRIES, value))
    if not 0 <= retries <= MAX_RETRIES:
        raise CoprConfigError("retries must be from 0 to %d, got %d: set retries (or COPR_RETRIES) within "
                              "that range" % (MAX_RETRIES, retries))
    return retries


def _ca_path(value, validate_certs):
    if not _given(value):
        return None
    path = os.path.expanduser(str(value))
    if validate_certs and not os.path.exists(path):
        raise CoprConfigError("ca_path %s does not exist: point ca_path (or COPR_CA_PATH) at a PEM CA bundle "
                              "file or a directory of CA certificates, or leave it unset" % path)
    return path


def _security_warnings(resolved):
    """Warnings about settings that expose the token or skip certificate checks."""
    parts = urlsplit(resolved["api_url"])
    scheme = parts.scheme.lower()
    validate_certs = resolved["validate_certs"]
    warnings = []
    if resolved["api_login"] and resolved["api_token"] and scheme == "http" and not is_loopback_host(parts.hostname):
        warnings.append(
            "api_url %s uses plain http:// to a host that is not this machine: the API token travels "
            "unencrypted; use https://" % resolved["api_url"])
    if not validate_certs and scheme == "https":
        warnings.append(
            "validate_certs is false: the TLS certificate of %s is not checked, so anyone in between can read "
            "the API token; prefer ca_path for a private CA" % parts.hostname)
    if resolved["ca_path"] and not validate_certs:
        warnings.append("ca_path is ignored because validate_certs is false")
    return warnings


# -- the resolver ---------------------------------------------------------------------------------------------
def _layered(options, environ):
    """(values, sources, config_file, warnings): every layer applied, values still raw."""
    values = _layer_options(options)
    values.update(_layer_environment(environ, values))
    sources = dict.fromkeys(values, "option")
    config_file, explicit = _config_file_path(values)
    file_values, warnings = _layer_config_file(config_file, explicit)
    if "api_url" not in values and "api_url" in file_values:
        values["api_url"] = file_values["api_url"]
        sources["api_url"] = "config_file"
    if "api_url" not in values:
        values["api_url"] = DEFAULTS["api_url"]
        sources["api_url"] = "default"
    api_url = _api_url(values, sources, config_file)
    account, account_warnings = _account_from_file(file_values, api_url, config_file)
    warnings.extend(account_warnings)
    for name, value in account.items():
        if name not in values:
            values[name] = value
            sources[name] = "config_file"
    for name, default in DEFAULTS.items():
        if name not in values:
            values[name] = default
            sources[name] = "default"
    values["api_url"] = api_url
    return values, sources, config_file, warnings


def resolve_connection(options, environ=None):
    """Resolve the connection settings.

    ``options``: {option: value or None} as given to the task (AnsibleModule params, where ``env_fallback``
    already applied the environment) or a lookup's ``get_option`` values. ``environ`` (default ``os.environ``)
    fills the options that are still blank.

    Returns a dict with every name of CONNECTION_OPTIONS (``api_url`` normalised to the Copr web root without a
    trailing slash, ``config_file`` = the file read or None), plus ``warnings`` (list of str), ``sources``
    ({option: "option"|"config_file"|"default"|None}) and ``resolved`` (True). Raises CoprConfigError.
    """
    values, sources, config_file, warnings = _layered(options or {}, os.environ if environ is None else environ)
    validate_certs = _validate_certs(values["validate_certs"])
    timeout = _timeout(values["timeout"])
    retries = _retries(values["retries"])
    resolved = {
        "api_url": values["api_url"],
        "api_login": _text(values.get("api_login")),
        "api_token": _text(values.get("api_token")),
        "username": _text(values.get("username")),
        "config_file": config_file,
        "validate_certs": validate_certs,
        "ca_path": _ca_path(values.get("ca_path"), validate_certs),
        "timeout": timeout,
        "retries": retries,
    }
    resolved.update(
        warnings=warnings + _security_warnings(resolved),
        sources=dict((name, sources.get(name)) for name in CONNECTION_OPTIONS),
        resolved=True,
    )
    return resolved


def client_from_options(options, log=None, session=None):
    """A CoprClient for the options (resolved here unless they come from resolve_connection).

    ``session``: a ``requests.Session`` to share (``_client.controller_session()``); None makes a new one.
    """
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
        session=session,
    )
