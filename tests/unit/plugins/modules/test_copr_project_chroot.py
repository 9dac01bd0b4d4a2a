# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""fedora.copr.copr_project_chroot over a real CoprClient and a fake session: the requests of each operation
(the counts the integration target measures on the emulator), the bodies, check mode, diff and refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest
import yaml

from ansible_collections.fedora.copr.plugins.modules import copr_project_chroot
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (
    CREDENTIALS,
    FIXTURES,
    FakeSession,
    load_project,
    make_response,
    run_module,
)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
RAWHIDE = "fedora-rawhide-x86_64"
COMPS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<comps>\n  <group>\n    <id>ex-tools</id>\n'
         b'    <packagelist><packagereq>make</packagereq></packagelist>\n  </group>\n</comps>\n')


def recorded(name):
    with open(os.path.join(FIXTURES, "recording_project-chroots.json"), encoding="utf-8") as handle:
        for step in json.load(handle):
            if step["name"] == name:
                return copy.deepcopy(step["response"]["body"])
    raise KeyError(name)


def chroot(name=RAWHIDE, **settings):
    """A recorded fresh chroot of demo/hello, with ``settings``."""
    obj = recorded("get: fresh chroot")
    obj.update(mock_chroot=name, ownername="demo", projectname="hello")
    obj.update(settings)
    return obj


def ok(body):
    return make_response(200, body)


def not_in_project(name):
    return make_response(404, {"error": "Chroot name %s does not exist in Copr demo/hello." % name})


def sent(session):
    """``[(method, path, params, json, files)]``; paths relative to the host."""
    return [(c["method"], c["url"].split("copr.example.org", 1)[1], c["kwargs"].get("params"), c["kwargs"].get("json"),
             c["kwargs"].get("files")) for c in session.calls]


def methods(session):
    return [(c[0], c[1]) for c in sent(session)]


@pytest.fixture
def run(monkeypatch, module_exits, no_copr_environment):  # pylint: disable=unused-argument
    """run(session, **args) -> result: the module with a real CoprClient over a FakeSession."""
    import requests

    def _run(session, **args):
        monkeypatch.setattr(requests, "Session", lambda: session)
        module_args = dict(CREDENTIALS, retries=0, project="hello", chroot=RAWHIDE)
        module_args.update(args)
        module_args["_ansible_check_mode"] = module_args.pop("_check_mode", False)
        module_args["_ansible_diff"] = module_args.pop("_diff", True)
        return run_module(copr_project_chroot.main, module_args)

    return _run


@pytest.fixture
def comps_file(tmp_path):
    path = tmp_path / "ex-comps.xml"
    path.write_bytes(COMPS)
    return str(path)


# -- enabled chroot --------------------------------------------------------------------------------------------
def test_unchanged_is_one_get(run):
    http = FakeSession(ok(chroot(additional_packages=["rpm-build", "python3-devel"], with_opts=["tests"],
                                 additional_modules=["postgresql:16", "!perl:5.32"])))
    result = run(http, additional_packages=["python3-devel", "rpm-build"], with_opts=["tests"],
                 additional_modules=["!perl:5.32, postgresql:16"])
    assert result["changed"] is False
    assert sent(http) == [("GET", "/api_3/project-chroot",
                           {"ownername": "demo", "projectname": "hello", "chrootname": RAWHIDE}, None, None)]
    assert result["diff"] == {"before": {}, "after": {}}
    assert result["chroot"]["mock_chroot"] == RAWHIDE


def test_change_one_setting_is_get_and_put_of_that_setting(run):
    after = chroot(with_opts=["tests"], without_opts=["docs"])
    http = FakeSession(ok(chroot(with_opts=["tests"])), ok(after))
    result = run(http, with_opts=["tests"], without_opts=["docs"])
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project-chroot"),
                             ("PUT", "/api_3/project-chroot/edit/demo/hello/fedora-rawhide-x86_64")]
    assert sent(http)[1][3] == {"without_opts": ["docs"]}
    assert result["chroot"] == after
    assert result["diff"] == {"before": {"without_opts": []}, "after": {"without_opts": ["docs"]}}


def test_clearing_modules_sends_an_empty_string(run):
    http = FakeSession(ok(chroot(additional_modules=["nodejs:20"], with_opts=["x"])), ok(chroot()))
    result = run(http, additional_modules=[], with_opts=[])
    assert result["changed"] is True
    assert sent(http)[1][3] == {"additional_modules": "", "with_opts": []}


def test_repository_order_is_a_change(run):
    http = FakeSession(ok(chroot(additional_repos=["https://a/", "https://b/"])),
                       ok(chroot(additional_repos=["https://b/", "https://a/"])))
    result = run(http, additional_repos=["https://b/", "https://a/"])
    assert result["changed"] is True
    assert sent(http)[1][3] == {"additional_repos": ["https://b/", "https://a/"]}


def test_check_mode_predicts_without_writing(run):
    http = FakeSession(ok(chroot()))
    result = run(http, with_opts=["a"], isolation="nspawn", _check_mode=True)
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project-chroot")]
    assert result["chroot"] == chroot(with_opts=["a"], isolation="nspawn")
    assert result["diff"] == {"before": {"with_opts": [], "isolation": "unchanged"},
                              "after": {"with_opts": ["a"], "isolation": "nspawn"}}


def test_check_mode_checks_new_copr_repositories(run):
    http = FakeSession(ok(chroot(additional_repos=["copr://demo/known"])),
                       make_response(404, {"error": "Project demo/nothing does not exist."}))
    result = run(http, additional_repos=["copr://demo/known", "copr://demo/nothing"], _check_mode=True)
    assert result["failed"]
    assert result["msg"] == ("additional_repos: copr://demo/nothing does not exist: create that project first, or "
                             "fix the URL.")
    assert methods(http) == [("GET", "/api_3/project-chroot"), ("GET", "/api_3/project")]
    assert sent(http)[1][2] == {"ownername": "demo", "projectname": "nothing"}


def test_copr_error_names_the_option(run):
    http = FakeSession(ok(chroot()), make_response(400, {"error": "repos: copr://demo/ex-absent does not exist."}))
    result = run(http, additional_repos=["copr://demo/ex-absent"])
    assert result["failed"] and result["status"] == 400
    assert result["msg"].startswith("additional_repos: copr://demo/ex-absent does not exist. (Copr answered HTTP 400")


def test_no_rights(run):
    http = FakeSession(ok(chroot()), make_response(403, {"error": "Only owners and admins may update their projects."}))
    result = run(http, ownername="alice", with_opts=["x"])
    assert result["failed"] and result["status"] == 403
    assert "Only owners and admins may update their projects." in result["msg"]
    assert "alice" in result["msg"]


# -- enabling ---------------------------------------------------------------------------------------------------
def test_enable_new_chroot_with_settings(run, warnings):
    hello = load_project("demo/hello")
    after = chroot("epel-9-x86_64", additional_packages=["cmake"])
    http = FakeSession(not_in_project("epel-9-x86_64"), ok(hello), ok(hello), ok(after))
    result = run(http, chroot="epel-9-x86_64", additional_packages=["cmake"], bootstrap="on")
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project-chroot"), ("GET", "/api_3/project"),
                             ("PUT", "/api_3/project/edit/demo/hello"),
                             ("PUT", "/api_3/project-chroot/edit/demo/hello/epel-9-x86_64")]
    assert sent(http)[2][3] == {"chroots": list(hello["chroot_repos"]) + ["epel-9-x86_64"]}
    # the write-only bootstrap goes out with the chroot it enables
    assert sent(http)[3][3] == {"additional_packages": ["cmake"], "bootstrap": "on"}
    assert result["chroot"] == after
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"] == after
    assert warnings == []


def test_enable_new_chroot_without_settings_predicts_the_fresh_chroot(run):
    hello = load_project("demo/hello")
    http = FakeSession(not_in_project("epel-9-x86_64"), ok(hello), ok(hello))
    result = run(http, chroot="epel-9-x86_64")
    assert result["changed"] is True
    assert [call[0] for call in methods(http)] == ["GET", "GET", "PUT"]
    assert result["chroot"] == chroot("epel-9-x86_64")


def test_enable_disabled_chroot_keeps_its_settings(run):
    hello = load_project("demo/hello")
    kept = chroot("epel-9-x86_64", additional_packages=["ex-keep"], isolation="nspawn", delete_after_days=6)
    http = FakeSession(ok(kept), ok(hello), ok(hello))
    result = run(http, chroot="epel-9-x86_64", additional_packages=["ex-keep"])
    assert result["changed"] is True
    assert [call[0] for call in methods(http)] == ["GET", "GET", "PUT"]
    assert result["chroot"] == dict(kept, delete_after_days=None)


def test_enable_disabled_chroot_in_check_mode(run):
    hello = load_project("demo/hello")
    kept = chroot("epel-9-x86_64", additional_packages=["ex-keep"], delete_after_days=6)
    http = FakeSession(ok(kept), ok(hello))
    result = run(http, chroot="epel-9-x86_64", with_opts=["x"], _check_mode=True)
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project-chroot"), ("GET", "/api_3/project")]
    assert result["chroot"] == dict(kept, with_opts=["x"], delete_after_days=None)
    assert result["diff"]["before"] == {}


def test_enable_in_check_mode_reads_the_offered_chroots(run):
    hello = load_project("demo/hello")
    offered = {"fedora-40-x86_64": "", "epel-9-x86_64": "", RAWHIDE: ""}
    http = FakeSession(not_in_project("epel-9-x86_64"), ok(hello), ok(offered))
    result = run(http, chroot="epel-9-x86_64", with_opts=["x"], _check_mode=True)
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project-chroot"), ("GET", "/api_3/project"),
                             ("GET", "/api_3/mock-chroots/list")]
    assert result["chroot"] == chroot("epel-9-x86_64", with_opts=["x"])


def test_unknown_chroot_lists_the_offered_ones(run):
    hello = load_project("demo/hello")
    offered = {"fedora-40-x86_64": "", "fedora-39-x86_64": "", RAWHIDE: "", "epel-9-x86_64": ""}
    http = FakeSession(not_in_project("fedora-41-x86_64"), ok(hello),
                       make_response(400, {"error": "chroots: 'fedora-41-x86_64' is not a valid choice for this field."}),
                       ok(offered))
    result = run(http, chroot="fedora-41-x86_64")
    assert result["failed"]
    assert result["msg"] == ("chroot fedora-41-x86_64 is not offered by https://copr.example.org: pick one of "
                             "epel-9-x86_64, fedora-39-x86_64, fedora-40-x86_64, fedora-rawhide-x86_64 "
                             "(fedora.copr.copr_chroot_info lists them).")
    assert methods(http)[-1] == ("GET", "/api_3/mock-chroots/list")


def test_unknown_chroot_in_check_mode(run):
    hello = load_project("demo/hello")
    http = FakeSession(not_in_project("fedora-41-x86_64"), ok(hello), ok({"fedora-40-x86_64": ""}))
    result = run(http, chroot="fedora-41-x86_64", _check_mode=True)
    assert result["failed"]
    assert "chroot fedora-41-x86_64 is not offered" in result["msg"]
    assert all(call[0] == "GET" for call in methods(http))


def test_missing_project(run):
    http = FakeSession(make_response(404, {"error": "Project demo/hello does not exist."}))
    result = run(http, with_opts=["x"])
    assert result["failed"]
    assert result["msg"] == ("project demo/hello does not exist: create it first with fedora.copr.copr_project (with "
                             "this chroot in its chroots), then manage the chroot's settings with this module.")
    assert len(http.calls) == 1


def test_missing_group(run):
    http = FakeSession(make_response(404, {"error": "Group nobody does not exist."}))
    result = run(http, ownername="@nobody")
    assert result["failed"]
    assert result["msg"].startswith("project @nobody/hello does not exist: create it first with fedora.copr.copr_project")


# -- write-only bootstrap ------------------------------------------------------------------------------------
@pytest.fixture
def warnings(monkeypatch):
    """The warnings the module gives (the test harness's exit_json does not add them to the result)."""
    from ansible.module_utils import basic

    seen = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, warning: seen.append(warning))
    return seen


def test_bootstrap_on_an_enabled_chroot_warns(run, warnings):
    http = FakeSession(ok(chroot()))
    result = run(http, bootstrap="custom_image", bootstrap_image="fedora:40")
    assert result["changed"] is False
    assert len(http.calls) == 1
    assert warnings == [
        "bootstrap and bootstrap_image not sent to the enabled chroot fedora-rawhide-x86_64 of demo/hello: Copr never "
        "reports these settings, so they cannot be compared. They are sent when the task enables the chroot; set "
        "update_write_only=always to send them on every run (the task then reports a change)."]


def test_bootstrap_always(run, warnings):
    http = FakeSession(ok(chroot()), ok(chroot()))
    result = run(http, bootstrap_image="registry.fedoraproject.org/fedora:40", update_write_only="always")
    assert result["changed"] is True
    assert sent(http)[1][3] == {"bootstrap_image": "registry.fedoraproject.org/fedora:40"}
    assert warnings == []


# -- comps ----------------------------------------------------------------------------------------------------
def test_comps_upload_is_get_and_multipart_put(run, comps_file):
    http = FakeSession(ok(chroot()), ok(chroot(comps_name="ex-comps.xml")))
    result = run(http, comps=comps_file)
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project-chroot"),
                             ("PUT", "/api_3/project-chroot/edit/demo/hello/fedora-rawhide-x86_64")]
    files = dict(sent(http)[1][4])
    assert files["upload_comps"] == ("ex-comps.xml", COMPS, "text/xml")
    assert json.loads(files["json"][1]) == {}
    assert result["diff"] == {"before": {"comps_name": None}, "after": {"comps_name": "ex-comps.xml"}}


def test_comps_unchanged_reads_the_comps_page(run, comps_file):
    http = FakeSession(ok(chroot(comps_name="ex-comps.xml")),
                       make_response(200, text=COMPS.decode("utf-8"), headers={"Content-Type": "text/plain"}))
    result = run(http, comps=comps_file)
    assert result["changed"] is False
    assert methods(http) == [("GET", "/api_3/project-chroot"),
                             ("GET", "/coprs/demo/hello/chroot/fedora-rawhide-x86_64/comps/")]


def test_comps_same_name_other_content_is_uploaded(run, comps_file):
    http = FakeSession(ok(chroot(comps_name="ex-comps.xml")), make_response(200, text="<comps/>"),
                       ok(chroot(comps_name="ex-comps.xml")))
    result = run(http, comps=comps_file, with_opts=["x"])
    assert result["changed"] is True
    assert [call[0] for call in methods(http)] == ["GET", "GET", "PUT"]
    files = dict(sent(http)[2][4])
    assert json.loads(files["json"][1]) == {"with_opts": ["x"]}


def test_comps_other_name_is_uploaded_without_reading_the_page(run, comps_file):
    http = FakeSession(ok(chroot(comps_name="old.xml")), ok(chroot(comps_name="ex-comps.xml")))
    result = run(http, comps=comps_file)
    assert result["changed"] is True
    assert [call[0] for call in methods(http)] == ["GET", "PUT"]


def test_comps_removal(run):
    http = FakeSession(ok(chroot(comps_name="old.xml")), ok(chroot()))
    result = run(http, comps="")
    assert result["changed"] is True
    assert sent(http)[1][3] == {"delete_comps": True}
    http = FakeSession(ok(chroot()))
    assert run(http, comps="")["changed"] is False


# -- disabling --------------------------------------------------------------------------------------------------
def test_disable_is_get_project_and_one_edit(run):
    hello = load_project("demo/hello")
    http = FakeSession(ok(hello), ok(hello))
    result = run(http, state="absent", _diff=False)
    assert result["changed"] is True
    assert result["chroot"] == {}
    assert methods(http) == [("GET", "/api_3/project"), ("PUT", "/api_3/project/edit/demo/hello")]
    assert sent(http)[1][3] == {"chroots": [c for c in hello["chroot_repos"] if c != RAWHIDE]}


def test_disable_with_diff_reads_the_chroot(run):
    hello = load_project("demo/hello")
    before = chroot(with_opts=["x"])
    http = FakeSession(ok(hello), ok(before), ok(hello))
    result = run(http, state="absent")
    assert result["diff"] == {"before": before, "after": {}}
    assert [call[0] for call in methods(http)] == ["GET", "GET", "PUT"]


def test_disable_in_check_mode(run):
    hello = load_project("demo/hello")
    http = FakeSession(ok(hello))
    result = run(http, state="absent", _check_mode=True, _diff=False)
    assert result["changed"] is True
    assert methods(http) == [("GET", "/api_3/project")]


def test_disable_a_disabled_chroot(run):
    hello = load_project("demo/hello")
    http = FakeSession(ok(hello))
    result = run(http, state="absent", chroot="epel-9-x86_64")
    assert result["changed"] is False
    assert result["chroot"] == {}
    assert len(http.calls) == 1


def test_disable_the_only_chroot(run):
    single = load_project("demo/hello")
    single["chroot_repos"] = {RAWHIDE: "https://x/"}
    http = FakeSession(ok(single))
    result = run(http, state="absent")
    assert result["failed"]
    assert result["msg"].startswith("fedora-rawhide-x86_64 is the only chroot enabled in demo/hello, and a Copr "
                                    "project has at least one")
    assert len(http.calls) == 1


# -- refused before any request --------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    ({"bootstrap": "custom_image"}, "bootstrap=custom_image needs bootstrap_image"),
    ({"comps": "/nonexistent/comps.xml"}, "comps: /nonexistent/comps.xml does not exist on the host the module runs on"),
    ({"chroot": "fedora-40-x86_64 "}, "chroot 'fedora-40-x86_64 ' has leading or trailing white space"),
    ({"project": " hello"}, "project ' hello' has leading or trailing white space"),
    ({"ownername": "demo "}, "ownername 'demo ' has leading or trailing white space"),
    ({"chroot": "Fedora-40"}, "chroot: 'Fedora-40' is not a chroot name"),
    ({"state": "absent", "comps": ""}, "comps cannot be used with state=absent"),
    ({"additional_modules": ["nodejs"]}, "additional_modules: 'nodejs' is not name:stream"),
    ({"api_login": "", "api_token": "", "with_opts": ["x"]}, "This task changes Copr and needs credentials"),
])
def test_refused_before_any_request(run, args, message):
    http = FakeSession()
    result = run(http, **args)
    assert result["failed"]
    assert message in result["msg"]
    assert http.calls == []
    assert CREDENTIALS["api_token"] not in json.dumps(result)


def test_comps_not_xml(run, tmp_path):
    path = tmp_path / "comps.xml"
    path.write_text("not xml", encoding="utf-8")
    http = FakeSession()
    result = run(http, comps=str(path))
    assert result["failed"]
    assert result["msg"].startswith("comps: %s is not XML" % path)
    assert http.calls == []


# -- the EXAMPLES run in the integration target ----------------------------------------------------------------
def test_examples_are_the_integration_target_examples():
    examples = yaml.safe_load(copr_project_chroot.EXAMPLES)
    path = os.path.join(REPO, "tests", "integration", "targets", "copr_project_chroot", "tasks", "examples.yml")
    with open(path, encoding="utf-8") as handle:
        target = yaml.safe_load(handle)
    assert target[0]["block"] == examples
