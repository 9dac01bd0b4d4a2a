# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_project_chroot_info over a real CoprClient and recorded project-chroot answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.modules import copr_project_chroot_info
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    FIXTURES,
    FakeSession,
    load_project,
    make_response,
    run_module,
)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def recorded(name):
    with open(os.path.join(FIXTURES, "recording_project-chroots.json"), encoding="utf-8") as handle:
        for step in json.load(handle):
            if step["name"] == name:
                return copy.deepcopy(step["response"]["body"])
    raise KeyError(name)


def chroot(name, **settings):
    obj = recorded("get: fresh chroot")
    obj.update(mock_chroot=name, ownername="demo", projectname="hello", **settings)
    return obj


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    import requests

    def _run(session, **args):
        monkeypatch.setattr(requests, "Session", lambda: session)
        module_args = dict(api_url="https://copr.example.org", username="demo", retries=0, project="hello")
        module_args.update(args)
        return run_module(copr_project_chroot_info.main, module_args)

    return _run


def test_one_chroot_is_one_request(run):
    body = chroot("fedora-rawhide-x86_64", with_opts=["tests"])
    http = FakeSession(make_response(200, body))
    result = run(http, chroot="fedora-rawhide-x86_64")
    assert result == {"changed": False, "chroots": [body]}
    assert len(http.calls) == 1
    assert http.calls[0]["kwargs"]["params"] == {"ownername": "demo", "projectname": "hello",
                                                 "chrootname": "fedora-rawhide-x86_64"}


def test_every_enabled_chroot_sorted(run):
    hello = load_project("demo/hello")
    names = sorted(hello["chroot_repos"])
    http = FakeSession(make_response(200, hello), *[make_response(200, chroot(n)) for n in names])
    result = run(http)
    assert [c["mock_chroot"] for c in result["chroots"]] == names
    assert len(http.calls) == 1 + len(names)


@pytest.mark.parametrize("answer", [
    make_response(404, {"error": "Chroot name fedora-39-x86_64 does not exist in Copr demo/hello."}),
    make_response(404, {"error": "Project demo/hello does not exist."}),
    make_response(404, {"error": "Group nobody does not exist."}),
    make_response(200, recorded("get: disabled chroot still answers, delete_after_days 6")),
])
def test_missing_or_disabled_is_an_empty_list(run, answer):
    http = FakeSession(answer)
    result = run(http, chroot="fedora-39-x86_64")
    assert result == {"changed": False, "chroots": []}


def test_missing_project_without_chroot(run):
    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}))
    assert run(http)["chroots"] == []
    assert len(http.calls) == 1


def test_wrong_api_url_is_a_failure_not_an_empty_list(run):
    http = FakeSession(make_response(404, {"error": "Such API endpoint doesn't exist"}))
    result = run(http, chroot="fedora-39-x86_64")
    assert result["failed"]


def test_whitespace_is_refused(run):
    http = FakeSession()
    result = run(http, chroot=" fedora-39-x86_64")
    assert result["failed"]
    assert result["msg"].startswith("chroot ' fedora-39-x86_64' has leading or trailing white space")
    assert http.calls == []


def test_examples_are_the_integration_target_examples():
    examples = yaml.safe_load(copr_project_chroot_info.EXAMPLES)
    path = os.path.join(REPO, "tests", "integration", "targets", "copr_project_chroot_info", "tasks", "examples.yml")
    with open(path, encoding="utf-8") as handle:
        assert yaml.safe_load(handle)[0]["block"] == examples
