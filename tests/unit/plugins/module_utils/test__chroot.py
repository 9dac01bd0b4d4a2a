# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_chroot.py: settings as Copr stores them, input checks, and the endpoint calls over a fake
session answering with the answers recorded from the genuine frontend (fixtures/recording_*.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import requests

from ansible_collections.fedora.copr.plugins.module_utils import _chroot, _names
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError
from ansible_collections.fedora.copr.tests.unit.plugins.utils import FIXTURES, FakeSession, make_response

COMPS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<comps>\n  <group>\n    <id>ex-tools</id>\n'
         b'    <packagelist><packagereq>make</packagereq></packagelist>\n  </group>\n</comps>\n')


def recorded(name, path="recording_project-chroots.json"):
    """The response of the recorded step ``name``."""
    with open(os.path.join(FIXTURES, path), encoding="utf-8") as handle:
        for step in json.load(handle):
            if step["name"] == name:
                return step["response"]
    raise KeyError(name)


def answer(name, path="recording_project-chroots.json"):
    response = recorded(name, path)
    if isinstance(response["body"], str):
        return make_response(response["status"], text=response["body"],
                             headers={"Content-Type": response["content_type"]})
    return make_response(response["status"], response["body"])


def client_over(*answers):
    session = FakeSession(*answers)
    client = CoprClient("https://copr.example.org", login="l" * 20, token="t" * 30, retries=1, session=session)
    client.sleep = lambda seconds: None
    return client, session


# -- settings ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("option", "value", "stored"), [
    ("additional_packages", ["rpm-build python3-devel", "make"], ["rpm-build", "python3-devel", "make"]),
    ("additional_repos", ["https://a/ copr://o/p"], ["https://a/", "copr://o/p"]),
    ("with_opts", [], []),
    ("additional_modules", ["postgresql:16, !perl:5.32"], ["postgresql:16", "!perl:5.32"]),
    ("additional_modules", ["nodejs:20", " ruby:3.3 "], ["nodejs:20", "ruby:3.3"]),
    ("isolation", "simple", "simple"),
])
def test_normalize_splits_as_copr_stores(option, value, stored):
    assert _chroot.normalize(option, value) == stored


def test_order_matters_only_for_repositories():
    assert _chroot.same("additional_packages", ["b", "a", "a"], ["a", "b"])
    assert _chroot.same("with_opts", ["x", "y"], ["y", "x"])
    assert _chroot.same("additional_modules", ["a:1", "!b:2"], ["!b:2", "a:1"])
    assert not _chroot.same("additional_repos", ["https://a/", "https://b/"], ["https://b/", "https://a/"])
    assert _chroot.same("additional_repos", ["https://a/", "https://b/"], ["https://a/", "https://b/"])
    assert not _chroot.same("additional_packages", ["a"], ["a", "b"])
    assert _chroot.same("additional_packages", None, [])


def test_recorded_object_compares_equal_to_what_was_sent():
    """The edit of the recording sent lists as arrays and strings; what came back compares equal to both."""
    body = recorded("edit: lists as JSON arrays and strings")["body"]
    assert _chroot.same("additional_modules", body["additional_modules"],
                        _chroot.normalize("additional_modules", ["postgresql:16, !perl:5.32"]))
    assert _chroot.same("without_opts", body["without_opts"], _chroot.normalize("without_opts", ["docs"]))


@pytest.mark.parametrize(("params", "message"), [
    ({"bootstrap": "custom_image"}, "bootstrap=custom_image needs bootstrap_image"),
    ({"bootstrap": "custom_image", "bootstrap_image": ""}, "bootstrap=custom_image needs bootstrap_image"),
    ({"bootstrap": "on", "bootstrap_image": "fedora:40"}, "bootstrap_image is used only with bootstrap=custom_image"),
    ({"bootstrap_image": "fedora 40"}, "bootstrap_image 'fedora 40' is not a container image name"),
    ({"additional_modules": ["nodejs"]}, "additional_modules: 'nodejs' is not name:stream"),
    ({"additional_modules": ["a:b:c"]}, "additional_modules: 'a:b:c' is not name:stream"),
    ({"additional_modules": ["!:1"]}, "additional_modules: '!:1' is not name:stream"),
    ({"additional_modules": ["nodejs:20", "nodejs:22"]}, "additional_modules names nodejs more than once"),
    ({"additional_repos": ["ftp://x/y"]}, "additional_repos: 'ftp://x/y' is not a repository URL"),
    ({"additional_repos": ["copr://owner-only"]}, "additional_repos: 'copr://owner-only' is not a repository URL"),
])
def test_check_settings_refuses(params, message):
    with pytest.raises(ValueError) as error:
        _chroot.check_settings(params)
    assert message in str(error.value)


def test_check_settings_accepts():
    _chroot.check_settings({"bootstrap": "custom_image", "bootstrap_image": "registry.fedoraproject.org/fedora:40",
                            "additional_modules": ["nodejs:20", "!perl:5.32", "nodejs-x:1, ruby:3"],
                            "additional_repos": ["https://example.org/r/", "copr://@g/p", "http://h:8080/x"]})
    _chroot.check_settings({"bootstrap_image": "fedora:40"})
    _chroot.check_settings({})


def test_chroot_names_with_surrounding_spaces_are_refused():
    assert _names.check_chroot("fedora-40-x86_64", "chroot") == "fedora-40-x86_64"
    with pytest.raises(ValueError, match="chroot 'fedora-40-x86_64 ' has leading or trailing white space"):
        _names.check_chroot("fedora-40-x86_64 ", "chroot")


# -- comps files -------------------------------------------------------------------------------------------------
def test_read_comps(tmp_path):
    path = tmp_path / "my-comps.xml"
    path.write_bytes(COMPS)
    assert _chroot.read_comps(str(path)) == ("my-comps.xml", COMPS)


def test_read_comps_with_a_namespace(tmp_path):
    path = tmp_path / "comps.xml"
    path.write_bytes(b'<comps xmlns="http://example.org/ns"><group><id>x</id></group></comps>')
    assert _chroot.read_comps(str(path))[0] == "comps.xml"


@pytest.mark.parametrize(("content", "message"), [
    (None, "does not exist on the host the module runs on"),
    ("dir", "is a directory"),
    (b"not <xml", "is not XML (syntax error: line 1, column 0)"),
    (b"", "is not XML"),
    (b"<project/>", "is XML but not a comps file: its root element is <project>, not <comps>"),
])
def test_read_comps_refuses(tmp_path, content, message):
    path = tmp_path / "comps.xml"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError) as error:
        _chroot.read_comps(str(path))
    assert str(error.value).startswith("comps: %s " % path)
    assert message in str(error.value)


def test_read_comps_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "comps.xml"
    path.write_bytes(COMPS)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(ValueError) as error:
        _chroot.read_comps(str(path))
    assert str(error.value) == ("comps: cannot read %s (Permission denied): make it readable by the user the "
                                "module runs as." % path)


# -- bodies and predictions --------------------------------------------------------------------------------------
def test_edit_body():
    body, comps = _chroot.edit_body({"with_opts": ["a"], "additional_modules": [], "comps": "",
                                     "bootstrap_image": ""})
    assert body == {"with_opts": ["a"], "additional_modules": "", "delete_comps": True,
                    "reset_fields": ["bootstrap_image"]}
    assert comps is None
    body, comps = _chroot.edit_body({"comps": ("c.xml", COMPS), "bootstrap": "on"})
    assert body == {"bootstrap": "on"}
    assert comps == ("c.xml", COMPS)


def test_predict():
    current = recorded("get: disabled chroot still answers, delete_after_days 6")["body"]
    predicted = _chroot.predict(current, {"with_opts": ["x"], "comps": ("c.xml", COMPS), "bootstrap": "on"})
    assert predicted["with_opts"] == ["x"]
    assert predicted["comps_name"] == "c.xml"
    assert predicted["delete_after_days"] is None
    assert "bootstrap" not in predicted
    assert list(predicted) == list(_chroot.CHROOT_KEYS)
    assert _chroot.predict(dict(predicted), {"comps": ""})["comps_name"] is None


def test_default_object_is_the_recorded_fresh_chroot():
    fresh = recorded("get: fresh chroot")["body"]
    assert _chroot.default_object("jdoe", "ex-chroots", "fedora-rawhide-x86_64") == fresh
    assert list(_chroot.default_object("jdoe", "ex-chroots", "fedora-rawhide-x86_64")) == list(fresh)


def test_is_enabled():
    assert _chroot.is_enabled(recorded("get: fresh chroot")["body"])
    assert not _chroot.is_enabled(recorded("get: disabled chroot still answers, delete_after_days 6")["body"])
    assert not _chroot.is_enabled(None)


def test_copr_repos():
    assert _chroot.copr_repos(["https://x/", "copr://demo/a", "copr://@g/b", "copr://demo/a"]) == [
        ("demo", "a"), ("@g", "b")]


def test_option_names():
    assert _chroot.option_names("repos: copr://jdoe/ex-absent does not exist.\nmodule_toggle: bad") == (
        "additional_repos: copr://jdoe/ex-absent does not exist.\nadditional_modules: bad")


def test_comps_url():
    client = CoprClient("https://c.example")
    url = client.url_for(_chroot.comps_segments("demo", "hello", "fedora-40-x86_64"), trailing_slash=True)
    assert client.api_url + url[len(client.base_url):] == (
        "https://c.example/coprs/demo/hello/chroot/fedora-40-x86_64/comps/")
    url = client.url_for(_chroot.comps_segments("@team", "tools", "epel-9-x86_64"), trailing_slash=True)
    assert client.api_url + url[len(client.base_url):] == (
        "https://c.example/coprs/g/team/tools/chroot/epel-9-x86_64/comps/")


def test_view_orders_keys():
    obj = dict(reversed(list(recorded("get: fresh chroot")["body"].items())))
    assert list(_chroot.view(obj)) == list(_chroot.CHROOT_KEYS)
    assert _chroot.view(None) == {}


# -- endpoint calls ----------------------------------------------------------------------------------------------
def test_get_project_chroot():
    client, session = client_over(answer("get: fresh chroot"))
    found = _chroot.get_project_chroot(client, "jdoe", "ex-chroots", "fedora-rawhide-x86_64")
    assert found == recorded("get: fresh chroot")["body"]
    call = session.calls[0]
    assert call["url"] == "https://copr.example.org/api_3/project-chroot"
    assert call["kwargs"]["params"] == {"ownername": "jdoe", "projectname": "ex-chroots",
                                        "chrootname": "fedora-rawhide-x86_64"}
    assert "Authorization" not in call["prepared"].headers


def test_get_project_chroot_not_in_project():
    client, session = client_over(answer("get: active chroot not enabled in the project -> 404"))
    assert _chroot.get_project_chroot(client, "jdoe", "ex-chroots", "fedora-39-x86_64") is None
    assert len(session.calls) == 1


def test_get_project_chroot_of_a_missing_project():
    client, _session = client_over(make_response(404, {"error": "Project jdoe/nothing does not exist."}))
    with pytest.raises(CoprError) as error:
        _chroot.get_project_chroot(client, "jdoe", "nothing", "fedora-39-x86_64")
    assert _chroot.project_missing(error.value)
    assert not _chroot.chroot_missing(error.value)


def test_edit_json():
    client, session = client_over(answer("edit: additional_modules \"\" clears"))
    edited = _chroot.edit_project_chroot(client, "jdoe", "ex-chroots", "fedora-rawhide-x86_64",
                                         {"additional_modules": ""})
    assert edited["additional_modules"] == []
    call = session.calls[0]
    assert call["method"] == "PUT"
    assert call["url"] == "https://copr.example.org/api_3/project-chroot/edit/jdoe/ex-chroots/fedora-rawhide-x86_64"
    assert call["kwargs"]["json"] == {"additional_modules": ""}
    assert "files" not in call["kwargs"]
    assert call["prepared"].headers["Authorization"].startswith("Basic ")


def test_edit_multipart_with_comps():
    client, session = client_over(answer("edit: multipart json part + comps upload"))
    original = client.session
    edited = _chroot.edit_project_chroot(client, "jdoe", "ex-chroots", "fedora-rawhide-x86_64",
                                         {"with_opts": ["gui"]}, comps=("ex-comps.xml", COMPS))
    assert edited["comps_name"] == "ex-comps.xml"
    assert client.session is original
    kwargs = session.calls[0]["kwargs"]
    assert "json" not in kwargs
    files = dict(kwargs["files"])
    assert files["json"] == ("json", json.dumps({"with_opts": ["gui"]}), "application/json")
    assert files["upload_comps"] == ("ex-comps.xml", COMPS, "text/xml")
    # what requests would send: one multipart body with both parts
    prepared = requests.Request("PUT", session.calls[0]["url"], files=kwargs["files"]).prepare()
    assert b'name="upload_comps"; filename="ex-comps.xml"' in prepared.body
    assert b'name="json"; filename="json"' in prepared.body


def test_edit_error_names_the_option():
    client, _session = client_over(answer("edit: copr:// repo that does not exist -> 400"))
    with pytest.raises(CoprError) as error:
        _chroot.edit_project_chroot(client, "jdoe", "ex-chroots", "fedora-rawhide-x86_64",
                                    {"additional_repos": ["copr://jdoe/ex-absent"]})
    assert error.value.message == "additional_repos: copr://jdoe/ex-absent does not exist."


def test_edit_restores_the_session_after_an_error():
    client, session = client_over(make_response(403, {"error": "Only owners and admins may update their projects."}))
    with pytest.raises(CoprError):
        _chroot.edit_project_chroot(client, "alice", "p", "fedora-40-x86_64", {}, comps=("c.xml", COMPS))
    assert client.session is session


def test_list_mock_chroots():
    client, session = client_over(answer("list as a logged-in user; unknown query keys are ignored",
                                         "recording_mock-chroots.json"))
    offered = _chroot.list_mock_chroots(client)
    assert list(offered) == ["fedora-40-x86_64", "fedora-39-x86_64", "fedora-rawhide-x86_64", "epel-9-x86_64",
                             "fedora-40-aarch64"]
    assert session.calls[0]["url"] == "https://copr.example.org/api_3/mock-chroots/list"


def test_get_comps():
    client, session = client_over(answer("comps view: charset twice in Content-Type (surprise)"))
    assert _chroot.get_comps(client, "jdoe", "ex-chroots", "fedora-rawhide-x86_64") == COMPS
    assert session.calls[0]["url"] == "https://copr.example.org/coprs/jdoe/ex-chroots/chroot/fedora-rawhide-x86_64/comps/"
    assert client.requests_sent == 1


def test_get_comps_missing_page_and_retries():
    client, session = client_over(make_response(404, text="<html>404</html>", headers={"Content-Type": "text/html"}))
    assert _chroot.get_comps(client, "@g", "p", "fedora-40-x86_64") is None
    assert "/coprs/g/g/p/" in session.calls[0]["url"]
    client, session = client_over(make_response(503, text="down"), make_response(200, text=""))
    assert _chroot.get_comps(client, "demo", "p", "fedora-40-x86_64") == b""
    assert len(session.calls) == 2 and client.retries_used == 1
    client, session = client_over(requests.exceptions.ConnectionError("refused"),
                                  requests.exceptions.ConnectionError("refused"))
    with pytest.raises(CoprError) as error:
        _chroot.get_comps(client, "demo", "p", "fedora-40-x86_64")
    assert error.value.status is None and error.value.attempts == 2
    client, session = client_over(make_response(403, text="no"))
    with pytest.raises(CoprError) as error:
        _chroot.get_comps(client, "demo", "p", "fedora-40-x86_64")
    assert error.value.status == 403 and len(session.calls) == 1
