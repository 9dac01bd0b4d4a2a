# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_package_info, run in-process on a real CoprClient whose session answers with the recorded
answers of the genuine Copr frontend (fixtures/recording_packages.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.module_utils import _package
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient
from ansible_collections.fedora.copr.plugins.modules import copr_package_info
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    FIXTURES,
    FakeSession,
    install_client,
    make_response,
    run_module,
)

TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "integration", "targets",
                      "copr_package_info", "tasks", "examples.yml")

with open(os.path.join(FIXTURES, "recording_packages.json"), encoding="utf-8") as _handle:
    STEPS = dict((step["name"], step) for step in json.load(_handle))

TOOL = "get: with_latest_succeeded_build, no builds"
LIST = "list: newest first, two items"


def recorded(name):
    response = STEPS[name]["response"]
    return make_response(response["status"], response["body"])


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    """run(answers, **args) -> (result, session): the module with an anonymous CoprClient over a FakeSession."""

    def _run(answers, **args):
        session = FakeSession(*answers)
        client = CoprClient(CREDENTIALS["api_url"], session=session)
        client.sleep = lambda seconds: None
        install_client(monkeypatch, client)
        module_args = dict(api_url=CREDENTIALS["api_url"], ownername="jdoe", project="ex-pkgs")
        module_args.update(args)
        return run_module(copr_package_info.main, module_args), session

    return _run


def test_one_package(run):
    result, session = run([recorded(TOOL)], name="ex-tool", with_latest_build=True)
    assert result["changed"] is False
    assert result["packages"] == [STEPS[TOOL]["response"]["body"]]
    params = {"ownername": "jdoe", "projectname": "ex-pkgs", "packagename": "ex-tool", "with_latest_build": "true"}
    assert session.sent() == [("GET", "/package", params, None)]
    assert "Authorization" not in session.calls[0]["prepared"].headers


@pytest.mark.parametrize("answer", [
    recorded("get: missing package -> 404"),
    make_response(404, {"error": "Project jdoe/ex-pkgs does not exist."}),
    make_response(404, {"error": "Group nogroup does not exist."}),
])
def test_a_missing_package_or_project_is_an_empty_list(run, answer):
    result, session = run([answer], name="ex-none")
    assert result["packages"] == []
    assert len(session.calls) == 1


def test_every_package_in_one_request(run):
    result, session = run([recorded(LIST)])
    assert [p["name"] for p in result["packages"]] == ["ex-nowhere", "ex-body-name"]
    assert session.sent() == [("GET", "/package/list", {
        "ownername": "jdoe", "projectname": "ex-pkgs", "limit": _package.PAGE_SIZE, "offset": 0, "order": "id",
        "order_type": "ASC"}, None)]


def test_every_page(run, monkeypatch):
    monkeypatch.setattr(_package, "PAGE_SIZE", 2)
    full = recorded(LIST)
    result, session = run([full, recorded(LIST), make_response(200, {"items": [], "meta": {}})],
                          with_latest_build=True)
    assert len(result["packages"]) == 4
    assert [call[2]["offset"] for call in session.sent()] == [0, 2, 4]
    assert all(call[2]["with_latest_build"] == "true" for call in session.sent())


def test_a_missing_project_lists_nothing(run):
    result, _session = run([make_response(404, {"error": "Project jdoe/ex-pkgs does not exist."})])
    assert result["packages"] == []


def test_other_errors_fail(run):
    # a GET answered 500 is retried (3 retries by default), then fails with Copr's message
    result, session = run([make_response(500, {"error": "Cannot order by x"}) for _attempt in range(4)])
    assert result["failed"]
    assert "Cannot order by x" in result["msg"]
    assert len(session.calls) == 4


@pytest.mark.parametrize(("args", "words"), [
    (dict(name="ex tool"), "name 'ex tool' is not a valid package name"),
    (dict(name=" ex-tool"), "name ' ex-tool' has leading or trailing white space"),
    (dict(project="ex-pkgs "), "project 'ex-pkgs ' has leading or trailing white space"),
])
def test_bad_input_is_refused_before_any_request(run, args, words):
    result, session = run([], **args)
    assert result["failed"]
    assert words in result["msg"]
    assert session.calls == []


def test_examples_run_in_the_integration_target():
    """Every task of EXAMPLES is in tasks/examples.yml of the integration target, in the same order."""
    examples = yaml.safe_load(copr_package_info.EXAMPLES)
    with open(TARGET, encoding="utf-8") as handle:
        target = yaml.safe_load(handle)
    position = 0
    for task in examples:
        assert task in target[position:], "EXAMPLES task %r is not in %s" % (task["name"], TARGET)
        position = target.index(task, position) + 1
