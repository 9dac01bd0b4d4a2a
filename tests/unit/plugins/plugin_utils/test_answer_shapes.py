# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every answer the client reads is shape-checked (issue 14, item 4).

A property test puts arbitrary JSON at every key of the project object the collection reads (and as the items of a
list, and at the rpmrepo keys), and runs every module and the lookup over a real CoprClient on a fake session.
Each run either succeeds or fails with a message naming the endpoint and the key, never with Python's own words.
"""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.fedora.copr.plugins.module_utils import _connection
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError
from ansible_collections.fedora.copr.plugins.modules import copr_project, copr_project_info
from ansible_collections.fedora.copr.tests.unit.plugins import utils
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    FakeSession,
    load_project,
    make_response,
    run_module,
)

PYTHON_WORDS = re.compile(r"object is not|indices must be|has no attribute|Traceback|KeyError|TypeError|"
                          r"AttributeError|ValueError|not subscriptable|unhashable|NoneType|'int'|'str'|'list'|"
                          r"'dict'|'bool'|'float'")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=5,
)
# every key of Copr's project object (all of them are read by a module, the lookup or a comparison)
PROJECT_KEYS = sorted(load_project("demo/hello"))
keys = st.sampled_from(PROJECT_KEYS)
RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def isolated(no_copr_environment, module_exits, private_lookup_cache):  # pylint: disable=unused-argument
    """No config file or COPR_* variables; exit_json/fail_json raise; a private lookup cache."""


def _client(session):
    client = CoprClient(CREDENTIALS["api_url"], login=utils.DEMO_LOGIN, token=utils.DEMO_TOKEN, retries=0,
                        session=session)
    client.sleep = lambda seconds: None
    return client


def _broken(key, value):
    project = load_project("demo/hello")
    project[key] = value
    return project


def _install(monkeypatch, *bodies):
    fake = FakeSession(*[make_response(200, copy.deepcopy(body)) for body in bodies])
    monkeypatch.setattr(_connection, "client_from_options", lambda options, log=None, session=None: _client(fake))
    return fake


def _check_failure(message, key):
    assert not PYTHON_WORDS.search(message), message
    if "unexpected answer" in message:
        assert "/api_3/" in message, message
        assert key.split(".")[0].split("[")[0] in message or "the answer" in message, message


def _module(main, args, key):
    result = run_module(main, dict(CREDENTIALS, retries=0, **args))
    if result.get("failed"):
        _check_failure(result["msg"], key)
    return result


@RELAXED
@given(key=keys, value=json_values)
@example(key="additional_repos", value=5)
@example(key="chroot_repos", value=["fedora-40-x86_64"])
@example(key="chroot_repos", value="x")
def test_copr_project_survives_any_value_at_any_key(monkeypatch, key, value):
    broken = _broken(key, value)
    _install(monkeypatch, broken, broken, broken)
    _module(copr_project.main, dict(name="hello", chroots=["fedora-40-x86_64"], additional_repos=["https://x/"],
                                    description="d", packit_forge_projects_allowed=["github.com/a/b"]), key)


@RELAXED
@given(key=keys, value=json_values)
def test_copr_project_info_survives_any_value_at_any_key(monkeypatch, key, value):
    broken = _broken(key, value)
    _install(monkeypatch, broken)
    _module(copr_project_info.main, dict(ownername="demo", name="hello"), key)
    _install(monkeypatch, {"items": [load_project("demo/bare"), broken], "meta": {}})
    _module(copr_project_info.main, dict(ownername="demo"), "items[1]." + key)


@RELAXED
@given(items=json_values)
@example(items=[1, "x"])
def test_list_answers_of_any_shape(monkeypatch, items):
    _install(monkeypatch, {"items": items, "meta": {}})
    result = _module(copr_project_info.main, dict(ownername="demo"), "items")
    if not isinstance(items, list) or items:
        assert result.get("failed") and "unexpected answer: items" in result["msg"], result


def test_list_item_of_another_shape_names_it(monkeypatch):
    _install(monkeypatch, {"items": [1, "x"], "meta": {}})
    result = _module(copr_project_info.main, dict(ownername="demo"), "items")
    assert result["msg"] == ("unexpected answer: items[0] should be a project object, got a number; is api_url a "
                             "Copr server of a supported version? (Copr answered HTTP 200 to GET /api_3/project/list)")


def test_additional_repos_of_another_shape_names_it(monkeypatch):
    _install(monkeypatch, _broken("additional_repos", 5))
    result = _module(copr_project.main, dict(name="hello", additional_repos=["https://x/"]), "additional_repos")
    assert result["msg"] == ("unexpected answer: additional_repos should be a list of strings, got a number; is "
                             "api_url a Copr server of a supported version? (Copr answered HTTP 200 to GET "
                             "/api_3/project)")


@RELAXED
@given(key=keys, value=json_values, output=st.sampled_from(["url", "repo"]),
       chroot=st.sampled_from([None, "fedora-40-x86_64"]))
@example(key="chroot_repos", value=["fedora-40-x86_64"], output="url", chroot="fedora-40-x86_64")
@example(key="chroot_repos", value="fedora-40-x86_64", output="repo", chroot=None)
def test_lookup_survives_any_value_at_any_key(monkeypatch, key, value, output, chroot):
    from ansible_collections.fedora.copr.plugins.plugin_utils import _lookup_cache

    monkeypatch.setattr(_lookup_cache, "_MEMORY", {})
    _install(monkeypatch, _broken(key, value))
    lookup = lookup_loader.get("fedora.copr.copr_repo_url")
    options = dict(output=output, cache_ttl=0, api_url=CREDENTIALS["api_url"], retries=0)
    if chroot:
        options["chroot"] = chroot
    try:
        lookup.run(["demo/hello"], {}, **options)
    except AnsibleLookupError as error:
        _check_failure(str(error), key)


@RELAXED
@given(key=st.sampled_from(["delete_after_days", "dependencies", "answer"]), value=json_values)
@example(key="dependencies", value=[{"type": "copr", "data": 5}])
@example(key="dependencies", value=[{"type": "copr", "data": {"owner": 1}}])
def test_rpmrepo_answers_of_any_shape(monkeypatch, key, value):
    body = value if key == "answer" else {"dependencies": [], key: value}
    hello = load_project("demo/hello")
    _install(monkeypatch, hello, body, hello)
    _module(copr_project.main, dict(name="hello", delete_after_days=5, runtime_dependencies=["https://x/"]),
            key if key != "answer" else "the answer")


def test_client_shape_error_is_a_copr_error():
    client = _client(FakeSession(make_response(200, {"name": "x", "chroot_repos": {"fedora-40-x86_64": 3}})))
    with pytest.raises(CoprError) as caught:
        client.get_project("demo", "x")
    assert caught.value.status == 200
    assert "chroot_repos.fedora-40-x86_64 should be a URL string, got a number" in caught.value.message


def test_every_project_key_has_a_shape():
    from ansible_collections.fedora.copr.plugins.module_utils._client import PROJECT_SHAPE

    assert sorted(PROJECT_SHAPE) == PROJECT_KEYS
