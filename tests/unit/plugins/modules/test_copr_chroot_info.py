# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_chroot_info over a real CoprClient answering with the recorded mock-chroots list."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.modules import copr_chroot_info
from ansible_collections.fedora.copr.tests.unit.plugins.utils import FIXTURES, FakeSession, make_response, run_module

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def recorded_list():
    with open(os.path.join(FIXTURES, "recording_mock-chroots.json"), encoding="utf-8") as handle:
        steps = json.load(handle)
    return [s for s in steps if s["request"]["method"] == "GET" and s["response"]["status"] == 200][0]["response"]["body"]


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    import requests

    def _run(session, **args):
        monkeypatch.setattr(requests, "Session", lambda: session)
        module_args = dict(api_url="https://copr.example.org", retries=0)
        module_args.update(args)
        return run_module(copr_chroot_info.main, module_args)

    return _run


def test_every_chroot_sorted_in_one_anonymous_request(run):
    http = FakeSession(make_response(200, recorded_list()))
    result = run(http)
    assert result["changed"] is False
    assert result["chroots"] == [{"name": n, "comment": ""} for n in
                                 ["epel-9-x86_64", "fedora-39-x86_64", "fedora-40-aarch64", "fedora-40-x86_64",
                                  "fedora-rawhide-x86_64"]]
    assert len(http.calls) == 1
    assert http.calls[0]["url"] == "https://copr.example.org/api_3/mock-chroots/list"
    assert "Authorization" not in http.calls[0]["prepared"].headers


def test_match_searches_the_name(run):
    body = dict(recorded_list(), **{"centos-stream-9-x86_64": "EOL soon"})
    http = FakeSession(make_response(200, body), make_response(200, body))
    found = run(http, match="^fedora-[0-9]+-x86_64$")["chroots"]
    assert [c["name"] for c in found] == ["fedora-39-x86_64", "fedora-40-x86_64"]
    assert run(http, match="centos")["chroots"] == [{"name": "centos-stream-9-x86_64", "comment": "EOL soon"}]


def test_bad_match_is_refused_before_any_request(run):
    http = FakeSession()
    result = run(http, match="fedora-(40")
    assert result["failed"]
    assert result["msg"].startswith("match 'fedora-(40' is not a valid regular expression (missing ), unterminated "
                                    "subpattern at position 7): give a Python regular expression")
    assert http.calls == []


def test_server_error_is_described(run):
    http = FakeSession(make_response(404, {"error": "Such API endpoint doesn't exist"}))
    result = run(http)
    assert result["failed"] and result["status"] == 404
    assert "api_url" in result["msg"]


def test_examples_are_the_integration_target_examples():
    examples = yaml.safe_load(copr_chroot_info.EXAMPLES)
    path = os.path.join(REPO, "tests", "integration", "targets", "copr_chroot_info", "tasks", "examples.yml")
    with open(path, encoding="utf-8") as handle:
        assert yaml.safe_load(handle)[0]["block"] == examples
