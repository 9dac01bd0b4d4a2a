# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_package, run in-process on a real CoprClient whose session answers with the recorded answers
of the genuine Copr frontend (fixtures/recording_packages.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import re

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient
from ansible_collections.fedora.copr.plugins.modules import copr_package
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    DEMO_TOKEN,
    FIXTURES,
    FakeSession,
    install_client,
    make_response,
    run_module,
)

GUIDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "docs", "guides",
                     "define-packages.md")
GUIDE_TASKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "integration", "targets",
                           "copr_package", "tasks", "guide.yml")
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "integration", "targets",
                      "copr_package", "tasks", "examples.yml")
GET = "/package"
DELETE = "/package/delete"

with open(os.path.join(FIXTURES, "recording_packages.json"), encoding="utf-8") as _handle:
    STEPS = dict((step["name"], step) for step in json.load(_handle))

TOOL = "get: with_latest_succeeded_build, no builds"     # ex-tool: scm, every field, auto_rebuild true
MISSING = "get: missing package -> 404"
ADD_TOOL = "add: scm with every field"
EDIT_TOOL = 'edit: partial, kept keys survive, "" clears'
NOSPEC = "add: scm without spec"
NOSPEC_EDITED = 'edit: with spec "" it works'


def answer(name):
    return copy.deepcopy(STEPS[name]["response"]["body"])


def recorded(name):
    response = STEPS[name]["response"]
    return make_response(response["status"], response["body"])


def package(step, **changes):
    return make_response(200, dict(answer(step), **changes))


def query(name):
    return {"ownername": "jdoe", "projectname": "ex-pkgs", "packagename": name}


@pytest.fixture
def warnings(monkeypatch):
    """The warnings the module gives (AnsibleModule.warn)."""
    from ansible.module_utils.basic import AnsibleModule

    seen = []
    monkeypatch.setattr(AnsibleModule, "warn", lambda self, warning: seen.append(warning))
    return seen


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    """run(answers, **args) -> (result, session): the module with a CoprClient over a FakeSession."""

    def _run(answers, **args):
        session = FakeSession(*answers)
        client = CoprClient(CREDENTIALS["api_url"], login=CREDENTIALS["api_login"], token=CREDENTIALS["api_token"],
                            session=session)
        client.sleep = lambda seconds: None
        install_client(monkeypatch, client)
        module_args = dict(CREDENTIALS)
        module_args.update(ownername="jdoe", project="ex-pkgs", name="ex-tool")
        module_args.update(args)
        module_args["_ansible_check_mode"] = module_args.pop("_check_mode", False)
        module_args["_ansible_diff"] = module_args.pop("_diff", True)
        return run_module(copr_package.main, module_args), session

    return _run


TOOL_SOURCE = dict(clone_url="https://git.example.org/ex/tool.git", committish="v1.0", spec="tool.spec",
                   source_build_method="tito")


# -- present -----------------------------------------------------------------------------------------------------
def test_unchanged_costs_one_read(run):
    result, session = run([recorded(TOOL)], source_type="scm", source=dict(TOOL_SOURCE, type="git", subdirectory=""),
                          webhook_rebuild=True)
    assert result["changed"] is False
    assert session.sent() == [("GET", GET, query("ex-tool"), None)]
    assert result["package"] == answer(TOOL)
    assert result["diff"] == {"before": {}, "after": {}}
    assert DEMO_TOKEN not in json.dumps(result)


def test_create_is_a_read_and_an_add(run, warnings):
    result, session = run([recorded(MISSING), recorded(ADD_TOOL)], source_type="scm", source=TOOL_SOURCE,
                          webhook_rebuild=True, max_builds=3, chroot_denylist=["fedora-40-*"])
    assert result["changed"] is True
    assert session.sent() == [("GET", GET, query("ex-tool"), None),
                              ("POST", "/package/add/jdoe/ex-pkgs/ex-tool/scm", None,
                               STEPS[ADD_TOOL]["request"]["json"])]
    assert result["package"] == answer(ADD_TOOL)
    assert result["diff"] == {"before": {}, "after": answer(ADD_TOOL)}
    assert warnings == []


def test_create_in_check_mode_predicts_copr_s_answer(run):
    result, session = run([recorded(MISSING)], _check_mode=True, source_type="scm", source=TOOL_SOURCE,
                          webhook_rebuild=True)
    assert result["changed"] is True
    assert len(session.calls) == 1
    assert result["package"] == dict(answer(ADD_TOOL), id=None)


def test_change_is_a_read_and_one_edit_of_what_differs(run):
    result, session = run([recorded(TOOL), recorded(EDIT_TOOL)], source=dict(committish="v2.0", subdirectory="",
                                                                             spec="tool.spec"))
    assert result["changed"] is True
    # subdirectory "" equals Copr's null, spec is unchanged: only committish is sent, with the scm type kept
    assert session.sent()[1] == ("POST", "/package/edit/jdoe/ex-pkgs/ex-tool/scm", None,
                                 {"package_name": "ex-tool", "committish": "v2.0", "scm_type": "git"})
    assert len(session.calls) == 2
    assert result["package"] == answer(EDIT_TOOL)
    assert result["diff"] == {"before": {"source_dict": {"subdirectory": None, "committish": "v1.0"}},
                              "after": {"source_dict": {"subdirectory": "", "committish": "v2.0"}}}


def test_change_in_check_mode_predicts_copr_s_answer(run):
    result, session = run([recorded(TOOL)], _check_mode=True, source=dict(committish="v2.0"))
    assert result["changed"] is True
    assert session.sent() == [("GET", GET, query("ex-tool"), None)]
    assert result["package"]["source_dict"] == dict(answer(TOOL)["source_dict"], committish="v2.0")
    assert result["diff"] == {"before": {"source_dict": {"committish": "v1.0"}},
                              "after": {"source_dict": {"committish": "v2.0"}}}


def test_a_stored_null_spec_is_sent_as_empty(run):
    result, session = run([recorded(NOSPEC), recorded(NOSPEC_EDITED)], name="ex-nospec", source=dict(
        subdirectory="pkg"))
    assert session.sent()[1][3] == {"package_name": "ex-nospec", "subdirectory": "pkg", "scm_type": "git",
                                    "spec": ""}
    assert result["package"] == answer(NOSPEC_EDITED)


def test_webhook_rebuild_alone(run):
    result, session = run([recorded(TOOL), package(TOOL, auto_rebuild=False)], webhook_rebuild=False)
    assert session.sent()[1][3] == {"package_name": "ex-tool", "webhook_rebuild": False, "scm_type": "git"}
    assert result["diff"] == {"before": {"auto_rebuild": True}, "after": {"auto_rebuild": False}}


def test_write_only_settings_on_an_existing_package_warn_and_are_not_sent(run, warnings):
    result, session = run([recorded(TOOL)], max_builds=5, chroot_denylist=[])
    assert result["changed"] is False
    assert len(session.calls) == 1
    assert warnings == [
        "max_builds and chroot_denylist not sent to the existing package ex-tool in jdoe/ex-pkgs: Copr never reports "
        "these settings, so they cannot be compared. They are sent when the task creates the package; set "
        "update_write_only=always to send them on every run (the task then reports a change)."]


def test_write_only_settings_always(run):
    result, session = run([recorded(TOOL), recorded(TOOL)], max_builds=0, build_timeout=7200,
                          chroot_denylist=["epel-*", "fedora-40-*"], update_write_only="always")
    assert result["changed"] is True
    assert session.sent()[1][3] == {"package_name": "ex-tool", "scm_type": "git", "max_builds": 0, "timeout": 7200,
                                    "chroot_denylist": "epel-*,fedora-40-*"}


def test_a_type_switch_sends_the_new_type_s_defaults_for_shared_keys(run):
    distgit = "add: distgit with namespace"
    result, session = run([recorded(distgit), package(TOOL, name="ex-dg")], name="ex-dg", source_type="scm",
                          source=dict(clone_url="https://git.example.org/ex/tool.git"))
    assert session.sent()[1] == ("POST", "/package/edit/jdoe/ex-pkgs/ex-dg/scm", None, {
        "package_name": "ex-dg", "clone_url": "https://git.example.org/ex/tool.git", "committish": ""})
    assert result["changed"] is True


def test_a_type_switch_without_the_new_type_s_keys_is_refused(run):
    result, session = run([recorded(TOOL)], source_type="pypi", source=dict(pypi_package_version="2.1"))
    assert result["failed"]
    assert result["msg"] == ("source.pypi_package_name is required to change source_type from scm to pypi: give the "
                             "name of the package on PyPI in source (a pypi source needs pypi_package_name).")
    assert len(session.calls) == 1


def test_a_key_of_another_type_than_the_package_s_is_refused_after_the_read(run):
    result, session = run([recorded(TOOL)], source=dict(gem_name="tool"))
    assert result["failed"]
    assert result["msg"].startswith("source.gem_name does not belong to source_type=scm")
    assert len(session.calls) == 1


def test_python_versions_cannot_be_cleared(run):
    pypi = "add: pypi, python_versions defaults to [] (surprise)"
    result, session = run([package(pypi, source_dict=dict(answer(pypi)["source_dict"], python_versions=["3"]))],
                          name="python-exlib", source=dict(python_versions=[]))
    assert result["failed"]
    assert result["msg"] == ("source.python_versions cannot be cleared: Copr keeps the stored versions (3) when an "
                             "edit sends an empty list. Give the versions to build for (for example [\"3\"]), or "
                             "leave the key out.")
    assert len(session.calls) == 1


def test_a_reset_package_needs_a_source_type(run):
    reset = "reset: deprecated POST -> Warning"
    result, session = run([recorded(reset)], name="rubygem-exgem", webhook_rebuild=True)
    assert result["failed"]
    assert result["msg"] == ("the package rubygem-exgem in jdoe/ex-pkgs has source_type unset, which Copr cannot "
                             "edit: give source_type (one of scm, pypi, rubygems, custom, distgit) and its source to "
                             "replace it.")
    assert len(session.calls) == 1
    result, session = run([recorded(reset), recorded("add: rubygems")], name="rubygem-exgem",
                          source_type="rubygems", source=dict(gem_name="exgem"))
    assert result["changed"] is True
    assert session.sent()[1][:2] == ("POST", "/package/edit/jdoe/ex-pkgs/rubygem-exgem/rubygems")


def test_a_missing_package_without_source_type(run):
    result, session = run([recorded(MISSING)], source=dict(committish="v1"))
    assert result["failed"]
    assert result["msg"] == ("source_type is required to create the package ex-tool in jdoe/ex-pkgs: give "
                             "source_type (one of scm, pypi, rubygems, custom, distgit) and its source.")
    assert len(session.calls) == 1


def test_a_missing_project_fails_clearly(run):
    result, session = run([make_response(404, {"error": "Project jdoe/ex-pkgs does not exist."})],
                          source_type="rubygems", source=dict(gem_name="x"))
    assert result["failed"]
    assert result["msg"] == ("project jdoe/ex-pkgs does not exist (Copr: Project jdoe/ex-pkgs does not exist.): create "
                             "it first with fedora.copr.copr_project, then define its packages with this module.")
    assert len(session.calls) == 1


def test_no_rights(run):
    result, _session = run([recorded(MISSING), recorded("add: by a user without rights -> 403")],
                           source_type="rubygems", source=dict(gem_name="x"))
    assert result["failed"]
    assert result["msg"].startswith("You are not allowed to add or edit packages in this copr. (Copr answered HTTP 403 "
                                    "to POST /api_3/package/add/jdoe/ex-pkgs/ex-tool/rubygems")


# -- absent ------------------------------------------------------------------------------------------------------
def test_absent_is_one_delete(run):
    deleted = "delete: a form body with all three keys works"
    result, session = run([recorded(deleted)], name="ex-dg", state="absent")
    assert result["changed"] is True
    assert session.sent() == [("DELETE", DELETE, None, {"ownername": "jdoe", "projectname": "ex-pkgs",
                                                        "package_name": "ex-dg"})]
    assert result["package"] == {}
    assert result["diff"] == {"before": answer(deleted), "after": {}}


def test_absent_when_missing_is_ok(run):
    result, session = run([recorded(MISSING)], name="ex-none", state="absent")
    assert result["changed"] is False
    assert len(session.calls) == 1
    assert result["package"] == {}


def test_absent_in_check_mode_reads(run):
    result, session = run([recorded(TOOL)], state="absent", _check_mode=True)
    assert result["changed"] is True
    assert session.sent() == [("GET", GET, query("ex-tool"), None)]
    assert result["diff"]["before"] == answer(TOOL)


def test_absent_in_a_missing_project_fails(run):
    result, _session = run([make_response(404, {"error": "Project jdoe/ex-pkgs does not exist."})], state="absent")
    assert result["failed"]
    assert "create it first with fedora.copr.copr_project" in result["msg"]


# -- refused before any request ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (dict(source_type="scm", source=dict(gem_name="x")),
     "source.gem_name does not belong to source_type=scm (it is a key of a rubygems source): remove it, or set "
     "source_type to rubygems. The keys of an scm source are: type, clone_url, subdirectory, committish, spec, "
     "source_build_method."),
    (dict(source_type="scm", source=dict(clone_url="git@github.com:a/b.git")),
     "source.clone_url 'git@github.com:a/b.git' is not a URL: give the repository as <scheme>://<host>/<path>, for "
     "example https://github.com/owner/project.git."),
    (dict(source_type="scm", source=dict(clone_url="https://a.org/r.git", spec="r")),
     "source.spec 'r' must be the path of a file ending in .spec inside the repository (or \"\" for Copr to find it)."),
    (dict(source=dict(clone_url=" https://a.org/r.git")),
     "source.clone_url ' https://a.org/r.git' has leading or trailing white space: remove it (the value is used "
     "exactly as given, never trimmed)"),
    (dict(source_type="pypi", source=dict(pypi_package_name="")),
     "source.pypi_package_name must not be empty: give the name of the package on PyPI, or leave the key out to keep "
     "Copr's value."),
    (dict(max_builds=101), "max_builds must be between 0 and 100 (Copr's limit; 0 keeps every build), got 101."),
    (dict(build_timeout=200000), "build_timeout must be between 0 and 108000 seconds (Copr's limit, 30 hours; 0 "
                                 "means Copr's default of 18000), got 200000."),
    (dict(chroot_denylist=["fedora 40"]), "chroot_denylist: 'fedora 40' is not a chroot pattern: use chroot names "
                                          "with the shell wildcards * (for example fedora-rawhide-* or epel-*-aarch64), "
                                          "one per list item, made of lower case letters, digits and - _ . + *."),
    (dict(name="ex tool"), "name 'ex tool' is not a valid package name: use only letters, digits and the characters "
                           "- + _ ."),
    (dict(name="ex-tool "), "name 'ex-tool ' has leading or trailing white space: remove it (the value is used exactly "
                            "as given, never trimmed)"),
    (dict(project="ex-pkgs "), "project 'ex-pkgs ' has leading or trailing white space"),
    (dict(ownername=" jdoe"), "ownername ' jdoe' has leading or trailing white space"),
    (dict(state="absent", source_type="scm", webhook_rebuild=True),
     "source_type, webhook_rebuild cannot be used with state=absent: the package is deleted. Leave them out, or use "
     "state=present."),
    (dict(api_token=None), "This task changes Copr and needs credentials"),
])
def test_bad_input_is_refused_before_any_request(run, args, message):
    result, session = run([], **args)
    assert result["failed"]
    assert message in result["msg"]
    assert session.calls == []


def test_an_unknown_source_key_is_refused_by_ansible(run):
    result, session = run([], source_type="scm", source=dict(clone_uri="https://a.org/r.git"))
    assert result["failed"]
    assert "source.clone_uri" in result["msg"]
    assert session.calls == []


def test_nothing_ever_builds(run):
    result, session = run([recorded(MISSING), recorded(ADD_TOOL)], source_type="scm", source=TOOL_SOURCE)
    assert not result.get("failed")
    for call in session.calls:
        assert "/build" not in call["url"]
        assert "build" not in json.dumps(call["kwargs"].get("json") or {}).replace("source_build_method", "")


def test_examples_run_in_the_integration_target():
    """Every task of EXAMPLES is in tasks/examples.yml of the integration target, in the same order."""
    examples = yaml.safe_load(copr_package.EXAMPLES)
    with open(TARGET, encoding="utf-8") as handle:
        target = yaml.safe_load(handle)
    position = 0
    for task in examples:
        assert task in target[position:], "EXAMPLES task %r is not in %s" % (task["name"], TARGET)
        position = target.index(task, position) + 1


def test_the_guide_s_snippets_run_in_the_integration_target():
    """Every task of docs/guides/define-packages.md (task lists, and the tasks of its playbooks) is in
    tasks/guide.yml of the integration target, in the same order."""
    with open(GUIDE, encoding="utf-8") as handle:
        blocks = re.findall(r"^```ya?ml[^\n]*\n(.*?)^```", handle.read(), re.MULTILINE | re.DOTALL)
    tasks = []
    for block in blocks:
        for item in yaml.safe_load(block):
            tasks.extend(item["tasks"] if "hosts" in item else [item])
    assert len(tasks) >= 6
    with open(GUIDE_TASKS, encoding="utf-8") as handle:
        target = yaml.safe_load(handle)
    position = 0
    for task in tasks:
        assert task in target[position:], "guide task %r is not in %s" % (task["name"], GUIDE_TASKS)
        position = target.index(task, position) + 1
