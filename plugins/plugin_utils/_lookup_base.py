# -*- coding: utf-8 -*-

# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""Base class of the collection's lookups (internal).

Options are read only through ``set_options(var_options=..., direct=...)`` and ``get_option()``, so defaults,
environment variables, ``vars:`` and ``ini:`` sources all resolve the way Ansible documents them; the
``[copr-cli]`` config file and the built-in defaults are then applied by ``_connection.resolve_connection``.
Projects are read through the run's shared cache (``_lookup_cache.ProjectCache``); a failed request becomes an
``AnsibleLookupError`` worded by ``_client.describe_error``, the same advice the modules give.
"""

from __future__ import annotations

from ansible.errors import AnsibleLookupError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.fedora.copr.plugins.module_utils import _connection
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError, controller_session, describe_error
from ansible_collections.fedora.copr.plugins.plugin_utils._lookup_cache import DEFAULT_CACHE_TTL, ProjectCache

display = Display()


class CoprLookupBase(LookupBase):
    """Connection handling shared by the collection's lookups."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._copr_connection = None
        self._copr_client = None
        self._copr_cache = None

    # options -------------------------------------------------------------------------------------------

    def copr_set_options(self, variables=None, **kwargs):
        """Read every option, from task keywords, ``vars:``, environment and defaults (in Ansible's order).

        An option name the lookup does not have (a typo such as ``chrot=``) fails, naming the known ones:
        Ansible itself would ignore it.
        """
        self._refuse_unknown_options(kwargs)
        self.set_options(var_options=variables, direct=kwargs)
        self._template_variable_options()
        self._copr_connection = None
        self._copr_client = None
        self._copr_cache = None

    def known_options(self):
        """The option names of this lookup's documentation (None when Ansible cannot tell)."""
        from ansible import constants as C

        name = getattr(self, "_load_name", None)
        try:
            definitions = C.config.get_configuration_definitions("lookup", name) if name else None
        except Exception:  # pylint: disable=broad-except
            definitions = None
        if not definitions:
            return None
        return set(definitions) - {"_terms"}

    def _refuse_unknown_options(self, given):
        known = self.known_options()
        if known is None:
            return
        unknown = sorted(option for option in given if option not in known)
        if not unknown:
            return
        import difflib

        hints = []
        for option in unknown:
            close = difflib.get_close_matches(option, sorted(known), n=1)
            hints.append("%r%s" % (option, " (did you mean %s?)" % close[0] if close else ""))
        plugin = (getattr(self, "_load_name", None) or "the lookup").rsplit(".", maxsplit=1)[-1]
        raise AnsibleLookupError("%s has no option %s; its options are: %s" % (
            plugin, ", ".join(hints), ", ".join(sorted(known))))

    def _template_variable_options(self):
        """Options taken from ``vars:`` arrive untemplated (``copr_api_url: "{{ my_url }}"``): template them."""
        templar = getattr(self, "_templar", None)
        if templar is None:
            return
        for name in _connection.CONNECTION_OPTIONS:
            try:
                value = self.get_option(name)
            except KeyError:
                continue
            if isinstance(value, str) and templar.is_template(value):
                try:
                    self.set_option(name, templar.template(value))
                except Exception as error:  # pylint: disable=broad-except
                    detail = "" if name == "api_token" else ": %s" % to_text(error)
                    raise AnsibleLookupError("Cannot template the %s option%s" % (name, detail)) from None

    def _option(self, name, default=None):
        try:
            value = self.get_option(name)
        except KeyError:
            return default
        return default if value is None else value

    def connection_options(self):
        """The connection options as given (None where not given), for ``_connection.resolve_connection``."""
        return dict((name, self._option(name)) for name in _connection.CONNECTION_OPTIONS)

    @property
    def connection(self):
        """The resolved connection settings (options, then environment, then ``[copr-cli]`` file, then defaults)."""
        if self._copr_connection is None:
            try:
                resolved = _connection.resolve_connection(self.connection_options())
            except (_connection.CoprConfigError, ValueError) as error:
                raise AnsibleLookupError("Copr connection settings: %s" % to_text(error)) from None
            for warning in resolved.get("warnings") or ():
                display.warning(to_text(warning))
            self._copr_connection = resolved
        return self._copr_connection

    @property
    def api_url(self):
        return self.connection["api_url"]

    @property
    def client(self):
        """A ``CoprClient`` built on first use, so a lookup answered from the cache makes no connection."""
        if self._copr_client is None:
            try:
                self._copr_client = _connection.client_from_options(
                    self.connection, log=display.vvv, session=controller_session())
            except _connection.CoprConfigError as error:
                raise AnsibleLookupError("Copr connection settings: %s" % to_text(error)) from None
            display.vvv("fedora.copr: using the Copr API at %s" % self.api_url)
        return self._copr_client

    @property
    def cache(self):
        if self._copr_cache is None:
            ttl = self._option("cache_ttl", DEFAULT_CACHE_TTL)
            try:
                ttl = float(ttl)
            except (TypeError, ValueError):
                raise AnsibleLookupError("cache_ttl must be a number of seconds, got %r" % (ttl,)) from None
            self._copr_cache = ProjectCache(ProjectCache.default_directory(), ttl, log=display.vvv)
        return self._copr_cache

    # requests ------------------------------------------------------------------------------------------

    def copr_error(self, error, what):
        """An AnsibleLookupError for a failed request; the message never contains credentials."""
        advice = describe_error(error, api_url=self.api_url)
        return AnsibleLookupError("Copr request for %s failed: %s" % (what, to_text(advice)))

    def get_project(self, owner, name):
        """The project as Copr reports it, or None when it does not exist; one request per run and task."""

        def fetch():
            display.vvv("fedora.copr: GET project %s/%s from %s" % (owner, name, self.api_url))
            try:
                return self.client.get_project(owner, name)
            except CoprError as error:
                raise self.copr_error(error, "project %s/%s" % (owner, name)) from None

        return self.cache.get(self.api_url, owner, name, fetch)
