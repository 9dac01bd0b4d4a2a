# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the unit tests share: fixtures, one exit/fail harness for modules, one fake client and one fake session.

* ``load_project("demo/hello")``: a project as Copr returns it, from ``fixtures/project_<owner>_<name>.json``.
* ``set_module_args(args)``, ``run_module(main, args)``: run a module's ``main()`` in-process (the ``module_exits``
  fixture of ``conftest.py`` turns exit_json/fail_json into ``AnsibleExitJson``/``AnsibleFailJson``) on every
  supported ansible-core: 2.19 and later read the arguments through ``ansible.module_utils.testing``.
* ``FakeClient``: an in-memory Copr at the level of ``CoprClient``'s methods (``install_client`` makes modules and
  lookups use it); ``FakeSession`` + ``make_response``: a ``requests.Session`` answering from a queue, under a
  real ``CoprClient``.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os

from ansible.module_utils import basic

from ansible_collections.fedora.copr.plugins.module_utils import _connection
from ansible_collections.fedora.copr.plugins.module_utils._client import REASON_JSON, CoprError

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
BACKEND = "https://download.copr.fedorainfracloud.org/results"

# The emulator's documented demo account (tests/emulator/default-seed.json): not a secret.
DEMO_LOGIN = "odxydaummlrwbhxldupg"
DEMO_TOKEN = "pilwtbqdhunnntkfzcvkthgnaefmmi"
CREDENTIALS = dict(api_url="https://copr.example.org", api_login=DEMO_LOGIN, api_token=DEMO_TOKEN, username="demo")


def load_project(full_name):
    """The fixture of a project, ``owner/name`` (``@group/name`` for a group)."""
    owner, name = full_name.split("/")
    with open(os.path.join(FIXTURES, "project_%s_%s.json" % (owner.lstrip("@"), name)), encoding="utf-8") as handle:
        return json.load(handle)


# -- modules: one exit/fail harness -----------------------------------------------------------------------------
class AnsibleExitJson(Exception):
    """exit_json was called; ``args[0]`` is the result."""


class AnsibleFailJson(Exception):
    """fail_json was called; ``args[0]`` is the result (with ``msg`` and ``failed``)."""


def exit_json(self, **result):  # pylint: disable=unused-argument
    result.setdefault("changed", False)
    raise AnsibleExitJson(result)


def fail_json(self, msg, **result):  # pylint: disable=unused-argument
    result.update(msg=msg, failed=True)
    raise AnsibleFailJson(result)


def set_module_args(args):
    """A context manager that gives ``args`` to the AnsibleModule created inside it."""
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core < 2.19
        return _patch_ansible_args(args)
    return patch_module_args(args)


@contextlib.contextmanager
def _patch_ansible_args(args):
    original = basic._ANSIBLE_ARGS  # pylint: disable=protected-access
    basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")  # pylint: disable=protected-access
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = original  # pylint: disable=protected-access


def run_module(main, args):
    """Run ``main()`` with ``args``; the result of its exit_json, or of its fail_json (then ``failed`` is true)."""
    with set_module_args(args):
        try:
            main()
        except (AnsibleExitJson, AnsibleFailJson) as exc:
            return exc.args[0]
    raise AssertionError("the module neither exited nor failed")


# -- one fake client --------------------------------------------------------------------------------------------
WRITES = ("add_project", "edit_project", "delete_project", "fork_project", "regenerate_repos")


def _repos(owner, name, chroots):
    return dict((c, "%s/%s/%s/%s/" % (BACKEND, owner, name, c)) for c in sorted(chroots))


def install_client(monkeypatch, client):
    """Make every module and lookup use ``client`` instead of building a CoprClient."""
    monkeypatch.setattr(_connection, "client_from_options", lambda options, log=None, session=None: client)
    return client


class FakeClient:
    """Stands in for CoprClient: an in-memory Copr with its semantics for add (defaults), edit (partial, chroots
    replace the set), fork (settings copied but persistent/auto_prune/contact) and delete (returns the old
    project). Records every call as ``(method, arguments...)``; ``error`` is raised by every call when set;
    ``read_only`` makes every write an AssertionError."""

    READABLE = ("description", "instructions", "homepage", "contact", "additional_repos", "devel_mode",
                "unlisted_on_hp", "auto_prune", "enable_net", "bootstrap", "isolation", "module_hotfixes",
                "appstream", "follow_fedora_branching", "repo_priority", "packit_forge_projects_allowed")

    def __init__(self, projects=(), error=None, read_only=False):
        self.projects = {}
        self.calls = []
        self.write_only = {}
        self.error = error
        self.read_only = read_only
        self.has_credentials = True
        self.retries_used = 0
        self.api_url = CREDENTIALS["api_url"]
        self._next_id = 500
        for each in projects:
            self.projects[(each["ownername"], each["name"])] = copy.deepcopy(each)

    @property
    def requests_sent(self):
        return len(self.calls)

    def writes(self):
        return [c for c in self.calls if c[0] in WRITES]

    def _call(self, *call):
        self.calls.append(call)
        if self.read_only and call[0] in WRITES:
            raise AssertionError("%s: this module must not write" % call[0])
        if self.error is not None:
            raise self.error

    def _copy(self, owner, name):
        found = self.projects.get((owner, name))
        return copy.deepcopy(found) if found else None

    def get_project(self, owner, name):
        self._call("get_project", owner, name)
        return self._copy(owner, name)

    def list_projects(self, owner=None, limit=None, offset=None, order=None, order_type=None):
        self._call("list_projects", owner, dict(limit=limit, offset=offset, order=order, order_type=order_type))
        found = sorted((p for p in self.projects.values() if owner is None or p["ownername"] == owner),
                       key=lambda p: p["id"])
        return copy.deepcopy(found[offset or 0:(offset or 0) + limit if limit else None])

    def search_projects(self, query, limit=None, offset=None, order=None, order_type=None):
        self._call("search_projects", query, dict(limit=limit, offset=offset, order=order, order_type=order_type))
        return copy.deepcopy([p for p in self.projects.values() if query in p["name"]])

    def add_project(self, owner, body):
        self._call("add_project", owner, copy.deepcopy(body))
        name = body["name"]
        if (owner, name) in self.projects:
            return self._copy(owner, name)
        self._next_id += 1
        new = load_project("demo/hello")
        new.update(name=name, ownername=owner, full_name="%s/%s" % (owner, name), id=self._next_id,
                   description="", instructions="", enable_net=False)
        for key in self.READABLE:
            if body.get(key) is not None:
                new[key] = body[key]
        new["chroot_repos"] = _repos(owner, name, body["chroots"])
        self.projects[(owner, name)] = new
        return copy.deepcopy(new)

    def create_project(self, owner, body):
        """``CoprClient.create_project``: (project, True), or (None, False) when it exists (recorded as an add)."""
        if (owner, body["name"]) in self.projects:
            self._call("add_project", owner, copy.deepcopy(body))
            return None, False
        return self.add_project(owner, body), True

    def edit_project(self, owner, name, body):
        self._call("edit_project", owner, name, copy.deepcopy(body))
        stored = self.projects[(owner, name)]
        for key, value in body.items():
            if key == "chroots":
                stored["chroot_repos"] = _repos(owner, name, value)
            elif key in self.READABLE:
                stored[key] = value
            else:
                self.write_only[key] = value
        return copy.deepcopy(stored)

    def delete_project(self, owner, name, last_known=None):
        self._call("delete_project", owner, name)
        return self.projects.pop((owner, name), None)

    def fork_project(self, src_owner, src_name, dst_owner, dst_name, confirm=False, before_retry=None):
        self._call("fork_project", src_owner, src_name, dst_owner, dst_name, confirm)
        source = self.projects.get((src_owner, src_name))
        if source is None:
            raise CoprError(404, "POST", "/api_3/project/fork/%s/%s" % (src_owner, src_name),
                            "Project %s/%s does not exist." % (src_owner, src_name), reason=REASON_JSON)
        if (dst_owner, dst_name) in self.projects:
            return self._copy(dst_owner, dst_name)
        self._next_id += 1
        fork = copy.deepcopy(source)
        fork.update(name=dst_name, ownername=dst_owner, full_name="%s/%s" % (dst_owner, dst_name),
                    id=self._next_id, persistent=False, auto_prune=True, contact=None,
                    chroot_repos=_repos(dst_owner, dst_name, source["chroot_repos"]))
        self.projects[(dst_owner, dst_name)] = fork
        return copy.deepcopy(fork)

    def regenerate_repos(self, owner, name):
        self._call("regenerate_repos", owner, name)
        return self._copy(owner, name)

    def get_rpmrepo(self, owner, name, name_release="fedora-rawhide"):
        """The rpmrepo data set in ``self.rpmrepo[(owner, name)]`` (default: no deletion, no dependencies);
        None for a missing project. Like Copr's cache, it is not updated by edits."""
        self._call("get_rpmrepo", owner, name)
        if (owner, name) not in self.projects:
            return None
        return copy.deepcopy(getattr(self, "rpmrepo", {}).get((owner, name), {"dependencies": []}))


# -- one fake session -------------------------------------------------------------------------------------------
def make_response(status=200, body=None, text=None, headers=None, url="https://copr.example/api_3/x"):
    """A requests.Response with a JSON body (``body``) or a text one (``text``)."""
    import requests

    response = requests.Response()
    response.status_code = status
    if text is None:
        text = json.dumps(body if body is not None else {})
    response._content = text.encode("utf-8")  # pylint: disable=protected-access
    response.headers.update(headers or {})
    if "Content-Type" not in response.headers:
        response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    response.url = url
    return response


class FakeSession:
    """Stands in for requests.Session: records every call, answers from a queue (responses or exceptions)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def queue(self, *answers):
        self.answers.extend(answers)

    def request(self, method, url, **kwargs):
        import requests

        # Let requests prepare the request as it would be sent, so auth and params are visible.
        prepared = requests.Request(method, url, params=kwargs.get("params"), json=kwargs.get("json"),
                                    headers=kwargs.get("headers"), auth=kwargs.get("auth")).prepare()
        self.calls.append({"method": method, "url": url, "kwargs": kwargs, "prepared": prepared})
        if not self.answers:
            raise AssertionError("unexpected request %s %s" % (method, url))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def sent(self):
        """``[(method, path after /api_3, params, json body)]`` of every call."""
        return [(c["method"], c["url"].split("/api_3", 1)[1], c["kwargs"].get("params"), c["kwargs"].get("json"))
                for c in self.calls]

    def close(self):
        pass
