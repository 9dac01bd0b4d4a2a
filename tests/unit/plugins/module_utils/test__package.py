# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_package.py: checks, comparison, request bodies and check-mode predictions, the latter
checked against the answers the genuine Copr frontend recorded (fixtures/recording_packages.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import requests

from ansible_collections.fedora.copr.plugins.module_utils import _package
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    FIXTURES,
    FakeSession,
    make_response,
)


def steps():
    with open(os.path.join(FIXTURES, "recording_packages.json"), encoding="utf-8") as handle:
        return dict((step["name"], step) for step in json.load(handle))


STEPS = steps()


def answer(name):
    return STEPS[name]["response"]["body"]


def body(name):
    return STEPS[name]["request"]["json"]


def without_id(package):
    return dict((k, v) for k, v in package.items() if k != "id")


# -- checks ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("source_type", "given", "words"), [
    ("scm", {"gem_name": "x"}, "source.gem_name does not belong to source_type=scm (it is a key of a rubygems "
                               "source): remove it, or set source_type to rubygems."),
    ("distgit", {"clone_url": "https://x.org/a"}, "source.clone_url does not belong to source_type=distgit"),
    ("pypi", {"committish": "main"}, "set source_type to scm or distgit"),
    ("scm", {"clone_url": " https://x.org/a"}, "source.clone_url ' https://x.org/a' has leading or trailing"),
    ("scm", {"clone_url": "git@github.com:a/b.git"}, "source.clone_url 'git@github.com:a/b.git' is not a URL"),
    ("scm", {"clone_url": ""}, "source.clone_url must not be empty"),
    ("scm", {"spec": "hello.txt"}, "source.spec 'hello.txt' must be the path of a file ending in .spec"),
    ("scm", {"committish": "main\n"}, "source.committish 'main\\n' has leading or trailing white space"),
    ("rubygems", {"gem_name": "g" * 93}, "source.gem_name must be at most 92 characters (Copr's limit), got 93."),
    ("pypi", {"pypi_package_name": "p" * 94}, "source.pypi_package_name must be at most 93 characters"),
    ("custom", {"script": "x" * 4096}, "source.script must be at most 4096 characters (Copr's limit), got 4097."),
    ("custom", {"script": ""}, "source.script must not be empty"),
    ("custom", {"chroot": ""}, "source.chroot must not be empty"),
    ("custom", {"repos": ["https://a.org/ x"]}, "source.repos: 'https://a.org/ x' is not a repository URL"),
    ("custom", {"repos": ["ftp://a.org/"]}, "source.repos: 'ftp://a.org/' is not a repository URL"),
    ("distgit", {"distgit": ""}, "source.distgit must not be empty"),
])
def test_check_keys_refuses(source_type, given, words):
    with pytest.raises(ValueError) as error:
        _package.check_keys(source_type, given)
    assert words in str(error.value)


@pytest.mark.parametrize(("source_type", "given"), [
    ("scm", {"clone_url": "https://git.example.org/ex/tool.git", "spec": "", "subdirectory": "", "type": "svn"}),
    ("pypi", {"pypi_package_name": "exlib", "spec_template": "", "python_versions": []}),
    ("custom", {"script": "x" * 4095, "repos": ["copr://demo/hello", "https://a.org/r/"]}),
    ("custom", {"script": "#!/bin/sh\r\nmake\r\n"}),
    ("distgit", {"namespace": "", "committish": ""}),
])
def test_check_keys_accepts(source_type, given):
    _package.check_keys(source_type, given)


@pytest.mark.parametrize(("source_type", "given", "words"), [
    ("scm", {}, "source.clone_url is required to create x: give the URL of the Git or SVN repository in source "
                "(an scm source needs clone_url)."),
    ("pypi", {"pypi_package_version": "1"}, "source.pypi_package_name is required to create x"),
    ("rubygems", {}, "source.gem_name is required"),
    ("custom", {"chroot": "fedora-latest-x86_64"}, "source.script is required"),
])
def test_check_required(source_type, given, words):
    with pytest.raises(ValueError) as error:
        _package.check_required(source_type, given, "to create x")
    assert words in str(error.value)


def test_distgit_needs_nothing():
    _package.check_required("distgit", {}, "to create x")


@pytest.mark.parametrize(("params", "words"), [
    ({"max_builds": 101}, "max_builds must be between 0 and 100 (Copr's limit; 0 keeps every build), got 101."),
    ({"max_builds": -1}, "got -1"),
    ({"build_timeout": 108001}, "build_timeout must be between 0 and 108000 seconds (Copr's limit, 30 hours; 0 "
                                "means Copr's default of 18000), got 108001."),
    ({"chroot_denylist": ["fedora-40-*", "Fedora 40"]}, "chroot_denylist: 'Fedora 40' is not a chroot pattern"),
    ({"chroot_denylist": ["epel-* "]}, "chroot_denylist 'epel-* ' has leading or trailing white space"),
])
def test_check_settings(params, words):
    with pytest.raises(ValueError) as error:
        _package.check_settings(params)
    assert words in str(error.value)


def test_settings_at_the_limits_are_accepted():
    _package.check_settings({"max_builds": 0, "build_timeout": 108000, "chroot_denylist": ["*", "epel-9-x86_64"]})
    _package.check_settings({"max_builds": 100, "build_timeout": 0, "chroot_denylist": []})


@pytest.mark.parametrize(("value", "words"), [
    ("", "name must not be empty"),
    (" hello", "name ' hello' has leading or trailing white space"),
    ("hello world", "'hello world' is not a valid package name"),
    ("h" * 101, "name must be at most 100 characters, got 101"),
])
def test_check_package_name(value, words):
    with pytest.raises(ValueError) as error:
        _package.check_package_name(value)
    assert words in str(error.value)


# -- comparison ------------------------------------------------------------------------------------------------
def test_defaults_and_null_compare_equal_to_what_copr_reports():
    current = answer("add: scm without spec")["source_dict"]
    assert _package.source_changes("scm", current, {
        "type": "git", "subdirectory": "", "committish": "", "spec": "", "source_build_method": "rpkg",
        "clone_url": "https://git.example.org/ex/nospec.git"}) == {}
    assert _package.source_changes("scm", current, {"type": "svn", "spec": "a.spec"}) == {
        "type": "svn", "spec": "a.spec"}


def test_custom_script_repos_and_pypi_versions_compare_as_copr_stores_them():
    current = answer("add: custom")["source_dict"]
    given = {"script": "#!/bin/bash\nmake srpm", "builddeps": "make rpm-build", "chroot": "fedora-rawhide-x86_64",
             "repos": ["https://repo.example.org/extra/", "https://repo.example.org/more/"], "resultdir": ""}
    assert _package.source_changes("custom", current, given) == {}
    assert _package.source_changes("custom", current, {"script": "#!/bin/bash\r\nmake srpm\r\n"}) == {}
    reordered = {"repos": ["https://repo.example.org/more/", "https://repo.example.org/extra/"]}
    assert _package.source_changes("custom", current, reordered) == reordered
    pypi = {"python_versions": ["3", "2"]}
    assert _package.source_changes("pypi", {"python_versions": ["2", "3"]}, pypi) == {}
    assert _package.source_changes("pypi", answer("add: pypi, python_versions defaults to [] (surprise)")[
        "source_dict"], {"python_versions": [], "spec_template": ""}) == {}


def test_distgit_namespace_compares_normalised():
    current = answer("add: distgit with namespace")["source_dict"]
    assert _package.source_changes("distgit", current, {"namespace": "forks/jdoe/", "distgit": "fedora"}) == {}
    assert _package.source_changes("distgit", {"clone_url": "x", "distgit": "fedora"}, {"namespace": ""}) == {}


# -- bodies ----------------------------------------------------------------------------------------------------
def test_add_body_sends_only_what_is_given():
    params = {"webhook_rebuild": True, "max_builds": 3, "build_timeout": None, "chroot_denylist": ["fedora-40-*"]}
    assert _package.add_body("ex-tool", "scm", {
        "clone_url": "https://git.example.org/ex/tool.git", "committish": "v1.0", "spec": "tool.spec",
        "source_build_method": "tito"}, params) == body("add: scm with every field")


def test_add_body_maps_type_and_joins_repos():
    assert _package.add_body("p", "scm", {"type": "svn", "clone_url": "https://a.org/r"}, {}) == {
        "package_name": "p", "scm_type": "svn", "clone_url": "https://a.org/r"}
    assert _package.add_body("ex-script", "custom", {
        "script": "#!/bin/bash\nmake srpm", "chroot": "fedora-rawhide-x86_64", "builddeps": "make rpm-build",
        "repos": ["https://repo.example.org/extra/", "https://repo.example.org/more/"]}, {}) == body("add: custom")


def test_edit_body_keeps_the_scm_type_and_sends_an_empty_spec_for_a_null_one():
    current = answer("add: scm without spec")
    assert _package.edit_body("ex-nospec", "scm", current, {"subdirectory": "pkg"}, {}) == {
        "package_name": "ex-nospec", "subdirectory": "pkg", "scm_type": "git", "spec": ""}
    svn = dict(current, source_dict=dict(current["source_dict"], type="svn", spec="a.spec"))
    assert _package.edit_body("ex-nospec", "scm", svn, {}, {"webhook_rebuild": True}) == {
        "package_name": "ex-nospec", "scm_type": "svn", "webhook_rebuild": True}


def test_edit_body_on_a_type_switch_resets_the_shared_keys():
    current = answer("add: distgit with namespace")
    assert _package.edit_body("ex-dg", "scm", current, {"clone_url": "https://a.org/r.git"}, {}) == {
        "package_name": "ex-dg", "clone_url": "https://a.org/r.git", "committish": ""}
    scm = answer("add: scm with every field")
    assert _package.edit_body("ex-tool", "distgit", scm, {}, {}) == {"package_name": "ex-tool", "committish": ""}
    assert _package.edit_body("ex-tool", "pypi", scm, {"pypi_package_name": "x"}, {}) == {
        "package_name": "ex-tool", "pypi_package_name": "x"}


def test_write_only_body():
    assert _package.write_only_body({"max_builds": 0, "build_timeout": 0, "chroot_denylist": []}) == {
        "max_builds": 0, "timeout": 0, "chroot_denylist": ""}
    assert _package.write_only_body({"chroot_denylist": ["a-*", "b-*"]}) == {"chroot_denylist": "a-*,b-*"}


# -- check mode: the predictions match what the genuine Copr answered -------------------------------------------
@pytest.mark.parametrize(("step", "source_type"), [
    ("add: scm with every field", "scm"),
    ("add: pypi, python_versions defaults to [] (surprise)", "pypi"),
    ("add: rubygems", "rubygems"),
    ("add: custom", "custom"),
    ("add: distgit with namespace", "distgit"),
    ("add: scm without spec", "scm"),
])
def test_predicted_add_is_the_recorded_answer(step, source_type):
    sent = body(step)
    expected = answer(step)
    predicted = _package.predict("jdoe", "ex-pkgs", sent["package_name"], source_type, sent)
    assert without_id(predicted) == without_id(expected)
    assert list(predicted["source_dict"]) == list(expected["source_dict"])


@pytest.mark.parametrize(("before", "step", "source_type"), [
    ("add: scm without spec", 'edit: with spec "" it works', "scm"),
    ("add: scm with every field", 'edit: partial, kept keys survive, "" clears', "scm"),
])
def test_predicted_edit_is_the_recorded_answer(before, step, source_type):
    predicted = _package.predict("jdoe", "ex-pkgs", body(step)["package_name"], source_type, body(step), answer(before))
    assert predicted == answer(step)


def test_predicted_type_switch_and_kept_versions():
    distgit = answer("add: distgit with namespace")
    sent = _package.edit_body("ex-dg", "scm", distgit, {"clone_url": "https://a.org/r.git"}, {})
    assert _package.predict("jdoe", "ex-pkgs", "ex-dg", "scm", sent, distgit)["source_dict"] == {
        "type": "git", "clone_url": "https://a.org/r.git", "subdirectory": None, "committish": "",
        "spec": None, "source_build_method": "rpkg"}
    pypi = dict(answer("add: rubygems"), source_type="pypi",
                source_dict={"pypi_package_name": "x", "pypi_package_version": None, "spec_generator": "pyp2spec",
                             "spec_template": "", "python_versions": ["3"]})
    assert _package.predict("jdoe", "ex-pkgs", "x", "pypi", {"package_name": "x", "python_versions": []},
                            pypi)["source_dict"]["python_versions"] == ["3"]


def test_diff_shows_only_the_source_keys_that_change():
    before = answer("add: scm with every field")
    after = answer('edit: partial, kept keys survive, "" clears')
    assert _package.diff(before, after) == {
        "before": {"source_dict": {"subdirectory": None, "committish": "v1.0"}},
        "after": {"source_dict": {"subdirectory": "", "committish": "v2.0"}}}
    assert _package.diff(before, before) == {"before": {}, "after": {}}
    assert _package.diff({}, after) == {"before": {}, "after": after}


# -- endpoint calls --------------------------------------------------------------------------------------------
def client_with(*answers):
    session = FakeSession(*answers)
    client = CoprClient(CREDENTIALS["api_url"], login=CREDENTIALS["api_login"], token=CREDENTIALS["api_token"],
                        session=session)
    client.sleep = lambda seconds: None
    return client, session


def recorded(name):
    response = STEPS[name]["response"]
    return make_response(response["status"], response["body"])


def test_get_package_and_a_missing_one():
    client, session = client_with(recorded("get: with_latest_succeeded_build, no builds"),
                                  recorded("get: missing package -> 404"))
    assert _package.get_package(client, "jdoe", "ex-pkgs", "ex-tool", with_latest_build=True)["name"] == "ex-tool"
    assert _package.get_package(client, "jdoe", "ex-pkgs", "ex-none") is None
    assert session.sent() == [
        ("GET", "/package", {"ownername": "jdoe", "projectname": "ex-pkgs", "packagename": "ex-tool",
                             "with_latest_build": "true"}, None),
        ("GET", "/package", {"ownername": "jdoe", "projectname": "ex-pkgs", "packagename": "ex-none"}, None)]


def test_get_package_of_a_missing_project_raises():
    client, _session = client_with(make_response(404, {"error": "Project jdoe/nope does not exist."}))
    with pytest.raises(CoprError) as error:
        _package.get_package(client, "jdoe", "nope", "x")
    assert _package.project_missing(error.value)


def test_list_packages_reads_every_page():
    items = answer("list: newest first, two items")["items"]
    client, session = client_with(make_response(200, {"items": items, "meta": {}}),
                                  make_response(200, {"items": items[:1], "meta": {}}))
    assert [p["name"] for p in _package.list_packages(client, "jdoe", "ex-pkgs", page_size=2)] == [
        "ex-nowhere", "ex-body-name", "ex-nowhere"]
    assert [call[2]["offset"] for call in session.sent()] == [0, 2]
    assert session.sent()[0][2] == {"ownername": "jdoe", "projectname": "ex-pkgs", "limit": 2, "offset": 0,
                                    "order": "id", "order_type": "ASC"}


def test_add_edit_delete_requests():
    client, session = client_with(recorded("add: rubygems"), recorded('edit: partial, kept keys survive, "" clears'),
                                  recorded("delete: a form body with all three keys works"),
                                  recorded("get: missing package -> 404"))
    _package.add_package(client, "jdoe", "ex-pkgs", "rubygem-exgem", "rubygems", body("add: rubygems"))
    _package.edit_package(client, "jdoe", "ex-pkgs", "ex-tool", "scm", {"package_name": "ex-tool"})
    assert _package.delete_package(client, "jdoe", "ex-pkgs", "ex-dg")["name"] == "ex-dg"
    assert _package.delete_package(client, "jdoe", "ex-pkgs", "ex-none") is None
    sent = session.sent()
    assert [(method, path) for method, path, _params, _body in sent] == [
        ("POST", "/package/add/jdoe/ex-pkgs/rubygem-exgem/rubygems"),
        ("POST", "/package/edit/jdoe/ex-pkgs/ex-tool/scm"),
        ("DELETE", "/package/delete"), ("DELETE", "/package/delete")]
    assert sent[2][3] == {"ownername": "jdoe", "projectname": "ex-pkgs", "package_name": "ex-dg"}
    assert all(call["prepared"].headers.get("Authorization") for call in session.calls)
    assert "build" not in " ".join(path for _method, path, _params, _body in sent)


def test_a_lost_add_is_not_sent_again_when_the_package_exists():
    client, session = client_with(requests.exceptions.ReadTimeout("read timed out"), recorded("add: rubygems"))
    found = _package.add_package(client, "jdoe", "ex-pkgs", "rubygem-exgem", "rubygems", body("add: rubygems"))
    assert found["name"] == "rubygem-exgem"
    assert [call[0] for call in session.sent()] == ["POST", "GET"]


def test_a_retried_delete_that_gets_404_was_deleted():
    client, session = client_with(make_response(503, text="busy"), recorded("get: missing package -> 404"))
    assert _package.delete_package(client, "jdoe", "ex-pkgs", "ex-none") == {}
    assert len(session.calls) == 2


def test_a_non_package_answer_is_an_error():
    client, _session = client_with(make_response(200, {"items": []}))
    with pytest.raises(CoprError) as error:
        _package.get_package(client, "jdoe", "ex-pkgs", "x")
    assert "not a package object" in str(error.value)
