# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import sys

import pytest

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprError
from ansible_collections.fedora.copr.tests.unit.plugins.utils import DEMO_LOGIN, DEMO_TOKEN as TOKEN
from ansible_collections.fedora.copr.tests.unit.plugins.utils import install_client, load_project

HELLO_RESULTS = "https://download.copr.fedorainfracloud.org/results/demo/hello/"
TOOLS_RESULTS = "https://download.copr.fedorainfracloud.org/results/@demo-team/tools/"


@pytest.fixture(autouse=True)
def isolated(no_copr_environment, private_lookup_cache):  # pylint: disable=unused-argument
    """No user config file, no COPR_* environment, a private cache directory and an empty memory cache."""


@pytest.fixture
def client(fake_client):
    projects = [load_project("demo/hello"), load_project("@demo-team/tools"), load_project("demo/bare")]
    return fake_client(projects, read_only=True)


@pytest.fixture
def lookup():
    plugin = lookup_loader.get("fedora.copr.copr_repo_url")
    assert plugin is not None
    return plugin


@pytest.fixture
def warnings(monkeypatch, lookup):
    seen = []
    module = sys.modules[type(lookup).__module__]
    monkeypatch.setattr(module.display, "warning", lambda message, *args, **kwargs: seen.append(message))
    return seen


def test_chroot_url(lookup, client):
    result = lookup.run(["demo/hello"], {}, chroot="fedora-40-x86_64")
    assert result == [HELLO_RESULTS + "fedora-40-x86_64/"]
    assert client.calls == [("get_project", "demo", "hello")]


def test_mapping_without_chroot(lookup, client):
    result = lookup.run(["demo/hello", "@demo-team/tools"], {})
    assert result == [
        {
            "fedora-40-x86_64": HELLO_RESULTS + "fedora-40-x86_64/",
            "fedora-rawhide-x86_64": HELLO_RESULTS + "fedora-rawhide-x86_64/",
        },
        {
            "epel-9-x86_64": TOOLS_RESULTS + "epel-9-x86_64/",
            "fedora-40-aarch64": TOOLS_RESULTS + "fedora-40-aarch64/",
            "fedora-40-x86_64": TOOLS_RESULTS + "fedora-40-x86_64/",
        },
    ]


def test_project_without_chroots_gives_empty_mapping(lookup, client):
    assert lookup.run(["demo/bare"], {}) == [{}]


def test_repo_output_user_project(lookup, client):
    result = lookup.run(["demo/hello"], {}, chroot="fedora-40-x86_64", output="repo")
    assert result == [
        {
            "name": "copr:copr.fedorainfracloud.org:demo:hello",
            # the file dnf copr enable writes (dnf4: "_copr:{host}:{sanitized owner}:{project}.repo"; dnf5:
            # repo_id_to_filename, "/" -> ":" and "@" -> "group_")
            "file": "_copr:copr.fedorainfracloud.org:demo:hello",
            "description": "Copr repo for hello owned by demo",
            "baseurl": HELLO_RESULTS + "fedora-40-x86_64/",
            "gpgkey": HELLO_RESULTS + "pubkey.gpg",
            "gpgcheck": True,
            "repo_gpgcheck": False,
            "enabled": True,
            "skip_if_unavailable": True,
        }
    ]


def test_repo_output_group_project_with_hotfixes_and_priority(lookup, client):
    result = lookup.run(["@demo-team/tools"], {}, chroot="epel-9-x86_64", output="repo")
    assert result == [
        {
            "name": "copr:copr.fedorainfracloud.org:group_demo-team:tools",
            "file": "_copr:copr.fedorainfracloud.org:group_demo-team:tools",
            "description": "Copr repo for tools owned by @demo-team",
            "baseurl": TOOLS_RESULTS + "epel-9-x86_64/",
            "gpgkey": TOOLS_RESULTS + "pubkey.gpg",
            "gpgcheck": True,
            "repo_gpgcheck": False,
            "enabled": True,
            "skip_if_unavailable": True,
            "module_hotfixes": True,
            "priority": "10",
        }
    ]


def test_repo_output_mapping(lookup, client):
    (result,) = lookup.run(["demo/hello"], {}, output="repo")
    assert sorted(result) == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
    assert result["fedora-rawhide-x86_64"]["baseurl"] == HELLO_RESULTS + "fedora-rawhide-x86_64/"
    assert result["fedora-rawhide-x86_64"]["gpgkey"] == HELLO_RESULTS + "pubkey.gpg"
    assert {repo["name"] for repo in result.values()} == {"copr:copr.fedorainfracloud.org:demo:hello"}


def test_repo_id_uses_api_host_without_port(lookup, client):
    (result,) = lookup.run(["demo/hello"], {}, chroot="fedora-40-x86_64", output="repo",
                           api_url="http://127.0.0.1:8124/")
    assert result["name"] == "copr:127.0.0.1:demo:hello"
    assert result["file"] == "_copr:127.0.0.1:demo:hello"


def test_unknown_option_names_the_known_ones(lookup, client):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(["demo/hello"], {}, chrot="fedora-40-x86_64")
    message = str(caught.value)
    assert message.startswith("copr_repo_url has no option 'chrot' (did you mean chroot?); its options are: api_login, "
                              "api_token, api_url, ca_path, cache_ttl, chroot, config_file, on_missing, output, "), message
    assert client.calls == []


def test_one_request_per_distinct_project(lookup, client):
    terms = ["demo/hello", "@demo-team/tools", "demo/hello", "demo/hello", "@demo-team/tools"]
    result = lookup.run(terms, {}, chroot="fedora-40-x86_64")
    assert len(result) == 5
    assert sorted(client.calls) == [("get_project", "@demo-team", "tools"), ("get_project", "demo", "hello")]


def test_later_calls_reuse_the_cache(lookup, client):
    lookup.run(["demo/hello"], {}, chroot="fedora-40-x86_64")
    lookup.run(["demo/hello"], {})
    assert client.calls == [("get_project", "demo", "hello")]


def test_cache_ttl_zero_fetches_every_call(lookup, client):
    lookup.run(["demo/hello"], {}, cache_ttl=0)
    lookup.run(["demo/hello"], {}, cache_ttl=0)
    assert client.calls == [("get_project", "demo", "hello"), ("get_project", "demo", "hello")]


def test_missing_project_error(lookup, client):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(["demo/nope"], {}, chroot="fedora-40-x86_64")
    message = str(caught.value)
    assert "demo/nope does not exist" in message
    assert "owner" in message and "project name" in message


def test_missing_chroot_error_lists_enabled(lookup, client):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(["demo/hello"], {}, chroot="epel-9-x86_64")
    message = str(caught.value)
    assert "epel-9-x86_64" in message
    assert "fedora-40-x86_64, fedora-rawhide-x86_64" in message


def test_missing_chroot_in_project_without_chroots(lookup, client):
    with pytest.raises(AnsibleLookupError, match="Enabled chroots: none"):
        lookup.run(["demo/bare"], {}, chroot="fedora-40-x86_64")


def test_on_missing_warn(lookup, client, warnings):
    result = lookup.run(["demo/nope", "demo/hello", "@demo-team/tools"], {}, chroot="fedora-rawhide-x86_64",
                        on_missing="warn")
    assert result == [HELLO_RESULTS + "fedora-rawhide-x86_64/"]
    assert len(warnings) == 2
    assert "demo/nope does not exist" in warnings[0]
    assert "epel-9-x86_64, fedora-40-aarch64, fedora-40-x86_64" in warnings[1]


def test_on_missing_skip(lookup, client, warnings):
    result = lookup.run(["demo/nope", "demo/hello"], {}, chroot="fedora-40-x86_64", on_missing="skip")
    assert result == [HELLO_RESULTS + "fedora-40-x86_64/"]
    assert warnings == []


def test_missing_project_is_fetched_once(lookup, client):
    lookup.run(["demo/nope", "demo/nope"], {}, on_missing="skip")
    lookup.run(["demo/nope"], {}, on_missing="skip")
    assert client.calls == [("get_project", "demo", "nope")]


@pytest.mark.parametrize("term", ["hello", "demo/", "/hello", "demo/hello/x", "de mo/hello", "demo/123"])
def test_invalid_terms(lookup, client, term):
    with pytest.raises(AnsibleLookupError):
        lookup.run([term], {})
    assert client.calls == []


def test_non_string_term(lookup, client):
    with pytest.raises(AnsibleLookupError, match="owner/project"):
        lookup.run([{"owner": "demo"}], {})


@pytest.mark.parametrize("term", [" demo/hello", "demo/hello ", "demo/hello\n", "demo /hello"])
def test_terms_with_white_space_are_refused(lookup, client, term):
    with pytest.raises(AnsibleLookupError, match="has (leading or trailing white space|white space around its '/')"):
        lookup.run([term], {})
    assert client.calls == []


def test_chroot_with_white_space_is_refused(lookup, client):
    with pytest.raises(AnsibleLookupError, match="chroot ' fedora-40-x86_64 ' has leading or trailing white space"):
        lookup.run(["demo/hello"], {}, chroot=" fedora-40-x86_64 ")
    assert client.calls == []


def test_invalid_chroot(lookup, client):
    with pytest.raises(AnsibleLookupError):
        lookup.run(["demo/hello"], {}, chroot="Fedora 40")
    assert client.calls == []


def test_server_error_is_reported_without_token(lookup, fake_client):
    error = CoprError(500, "GET", "/api_3/project", "Request wasn't successful, there is probably a bug in the Copr code.")
    fake_client(error=error)
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(["demo/hello"], {}, api_login=DEMO_LOGIN, api_token=TOKEN)
    message = str(caught.value)
    assert "demo/hello" in message and "HTTP 500" in message
    assert "try again later" in message
    assert TOKEN not in message


def test_errors_have_the_modules_advice(lookup, fake_client):
    fake_client(error=CoprError(None, "GET", "/api_3/project", "connection refused", attempts=4))
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(["demo/hello"], {}, api_url="https://copr.example.org")
    assert str(caught.value) == ("Copr request for project demo/hello failed: could not reach "
                                 "https://copr.example.org after 4 attempts: connection refused")


def test_errors_are_not_cached(lookup, monkeypatch, fake_client, client):
    fake_client(error=CoprError(None, "GET", "/api_3/project", "connection refused"))
    with pytest.raises(AnsibleLookupError, match="connection refused"):
        lookup.run(["demo/hello"], {})
    install_client(monkeypatch, client)
    assert lookup.run(["demo/hello"], {}, chroot="fedora-40-x86_64") == [HELLO_RESULTS + "fedora-40-x86_64/"]


@pytest.mark.parametrize(
    "baseurl, chroot, expected",
    [
        (HELLO_RESULTS + "fedora-40-x86_64/", "fedora-40-x86_64", HELLO_RESULTS),
        (HELLO_RESULTS + "fedora-40-x86_64", "fedora-40-x86_64", HELLO_RESULTS),
        (HELLO_RESULTS + "fedora-40-x86_64/devel/", "fedora-40-x86_64", HELLO_RESULTS),
        ("https://pulp.example.org/demo/hello/fedora-40-x86_64/", "fedora-40-x86_64",
         "https://pulp.example.org/demo/hello/"),
    ],
)
def test_results_url(lookup, baseurl, chroot, expected):
    module = sys.modules[type(lookup).__module__]
    assert module.results_url(baseurl, chroot) == expected


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://copr.fedorainfracloud.org", "copr.fedorainfracloud.org"),
        ("http://127.0.0.1:8124/", "127.0.0.1"),
        ("https://Copr.Example.ORG:8443/sub/", "copr.example.org"),
        ("http://[::1]:8124", "::1"),
    ],
)
def test_api_host(lookup, url, host):
    module = sys.modules[type(lookup).__module__]
    assert module.api_host(url) == host


@pytest.mark.parametrize("option, value", [("output", "yaml"), ("on_missing", "ignore")])
def test_bad_choices(lookup, client, option, value):
    with pytest.raises(AnsibleError):
        lookup.run(["demo/hello"], {}, **{option: value})
    assert client.calls == []
