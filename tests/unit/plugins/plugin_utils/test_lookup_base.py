# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.fedora.copr.plugins.module_utils import _connection
from ansible_collections.fedora.copr.plugins.plugin_utils import _lookup_base
from ansible_collections.fedora.copr.tests.unit.plugins.utils import DEMO_LOGIN, DEMO_TOKEN, FakeClient

PROJECT = {"name": "hello", "ownername": "demo", "chroot_repos": {}}
API = "https://copr.example.org"
CONFIG = "[copr-cli]\nlogin = %s\nusername = demo\ntoken = %s\ncopr_url = https://file.example.org\n" % (
    DEMO_LOGIN, DEMO_TOKEN)


@pytest.fixture(autouse=True)
def isolated(no_copr_environment, private_lookup_cache):  # pylint: disable=unused-argument
    """No user config file, no COPR_* environment, a private cache directory and an empty memory cache."""


@pytest.fixture
def lookup():
    return lookup_loader.get("fedora.copr.copr_repo_url")


# options ------------------------------------------------------------------------------------------------


def test_defaults(lookup):
    lookup.copr_set_options(variables={})
    assert lookup.api_url.rstrip("/") == "https://copr.fedorainfracloud.org"
    options = lookup.connection_options()
    assert set(options) == set(_connection.CONNECTION_OPTIONS)


def test_environment_is_read_through_get_option(lookup, monkeypatch):
    monkeypatch.setenv("COPR_URL", "http://env.example.org")
    lookup.copr_set_options(variables={})
    assert lookup.get_option("api_url") == "http://env.example.org"
    assert lookup.api_url.rstrip("/") == "http://env.example.org"


def test_direct_option_beats_environment(lookup, monkeypatch):
    monkeypatch.setenv("COPR_URL", "http://env.example.org")
    lookup.copr_set_options(variables={}, api_url="http://task.example.org")
    assert lookup.api_url.rstrip("/") == "http://task.example.org"


def test_variables_are_read_through_get_option(lookup, monkeypatch):
    monkeypatch.setenv("COPR_URL", "http://env.example.org")
    lookup.copr_set_options(variables={"copr_api_url": "http://vars.example.org"})
    assert lookup.api_url.rstrip("/") == "http://vars.example.org"


def test_config_warnings_are_shown(lookup, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(_lookup_base.display, "warning", lambda message, *args, **kwargs: shown.append(message))
    config = tmp_path / "copr.conf"
    config.write_text(CONFIG)
    lookup.copr_set_options(variables={}, config_file=str(config), api_url="https://other.example.org")
    assert lookup.api_url == "https://other.example.org"
    assert len(shown) == 1 and "not used" in shown[0]
    assert DEMO_TOKEN not in shown[0]
    assert lookup.connection["api_token"] is None


def test_config_file_is_used(lookup, tmp_path):
    config = tmp_path / "copr.conf"
    config.write_text(CONFIG)
    lookup.copr_set_options(variables={}, config_file=str(config))
    assert lookup.api_url.rstrip("/") == "https://file.example.org"


def test_config_error_becomes_lookup_error(lookup, monkeypatch):
    def broken(options):
        raise _connection.CoprConfigError("config_file: /nowhere cannot be read")

    monkeypatch.setattr(_connection, "resolve_connection", broken)
    lookup.copr_set_options(variables={})
    with pytest.raises(AnsibleLookupError, match="cannot be read"):
        lookup.api_url  # pylint: disable=pointless-statement


def test_client_is_built_lazily_from_resolved_options(lookup, monkeypatch):
    built = []

    def factory(options, log=None, session=None):  # pylint: disable=unused-argument
        built.append(options)
        return FakeClient([PROJECT])

    monkeypatch.setattr(_connection, "client_from_options", factory)
    lookup.copr_set_options(variables={}, api_url=API)
    assert built == []
    assert lookup.get_project("demo", "hello") == PROJECT
    assert len(built) == 1 and built[0]["api_url"].rstrip("/") == API
    # answered from the cache: no new client, no request
    lookup.copr_set_options(variables={}, api_url=API)
    assert lookup.get_project("demo", "hello") == PROJECT
    assert len(built) == 1


def test_bad_cache_ttl(lookup):
    with pytest.raises(AnsibleError, match="cache_ttl"):
        lookup.copr_set_options(variables={}, cache_ttl="soon")


def test_templated_variables_are_rendered():
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar

    try:
        from ansible.template import trust_as_template
    except ImportError:  # ansible-core < 2.19: every string is a template
        def trust_as_template(value):
            return value

    variables = {"my_url": "http://templated.example.org", "copr_api_url": trust_as_template("{{ my_url }}")}
    loader = DataLoader()
    plugin = lookup_loader.get("fedora.copr.copr_repo_url", loader=loader,
                               templar=Templar(loader=loader, variables=variables))
    plugin.copr_set_options(variables=variables)
    assert plugin.api_url == "http://templated.example.org"
