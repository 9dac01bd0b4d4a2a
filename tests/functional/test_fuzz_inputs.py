# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile owner/project/chroot strings never turn into another request.

Unit level (hypothesis): for any owner/project text, either ``_names`` refuses it with a ValueError naming the
option, or every request the client sends targets exactly the intended endpoint: the same scheme/host/port,
``/api_3/`` followed by exactly the intended segments, each percent-encoded (nothing but unreserved characters,
``@`` and ``%XX`` escapes on the wire), no fragment, and a query string holding exactly the intended parameters.
The requests are captured by a transport adapter mounted on the client's session; nothing leaves the process.

Module level (ansible-playbook): a table of bad inputs is refused before any request (the emulator's request
log stays empty) with a message naming the option.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from support.emulator import copr_emu, copr_emu_server  # noqa: F401 pylint: disable=unused-import
from support.playbook import copr_defaults, import_collection, play, run_playbook

import_collection()

# pylint: disable=wrong-import-position,wrong-import-order
from ansible_collections.fedora.copr.plugins.module_utils import _names  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError  # noqa: E402

# pylint: disable=redefined-outer-name

API_URL = "https://copr.example.invalid:8443/prefix"
BASE_PATH = "/prefix/api_3"
# What a percent-encoded path segment may hold on the wire: RFC 3986 unreserved characters, "@" (sub-delims
# kept raw by the client, as python-copr does for group owners) and %XX escapes.
WIRE_SEGMENT = re.compile(r"^(?:[A-Za-z0-9\-._~@]|%[0-9A-F]{2})+$")

FRAGMENTS = ["../", "..", ".", "/", "?", "#", "%2F", "%2f", "%00", "%", " ", "\t", "\n", "\r\n", "\x00", "\x7f",
             "&", "=", ";", "+", "@", "@@", "\\", "é", "ß", "İ", "ǅ", "٣", "😀", "\u200b", "\ufeff", "\u202e", "x",
             "demo", "a.b-c_d", "~", "*", "'", '"', "<", ">", "{", "}", "|", "^", "`", "[", "]", "$", ",", ":",
             "\U0001d7d8", "a" * 101, "1" * 5]

hostile = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join),
    st.from_regex(r"\A@?[\w.-]{1,30}\Z"),
    st.from_regex(r"\A[\w.-]{1,30}\Z"),
    st.text(min_size=95, max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
)
owners = st.one_of(hostile, st.from_regex(r"\A@?[A-Za-z0-9_.-]{1,100}\Z"))
names = st.one_of(hostile, st.from_regex(r"\A[\w.-]{1,100}\Z"))

PROJECT = {"name": "x", "ownername": "o", "full_name": "o/x", "chroot_repos": {}}


class CapturingAdapter(requests.adapters.BaseAdapter):
    """Records every prepared request and answers 200 with a project (or an items list)."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):  # pylint: disable=arguments-differ
        self.sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/json"
        path = urlsplit(request.url).path
        if path.endswith("/project/list") or path.endswith("/project/search"):
            response._content = b'{"items": [], "meta": {}}'  # pylint: disable=protected-access
        else:
            response._content = (  # pylint: disable=protected-access
                b'{"name": "x", "ownername": "o", "full_name": "o/x", "chroot_repos": {}}')
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def capturing_client():
    session = requests.Session()
    adapter = CapturingAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    client = CoprClient(API_URL, login="l" * 20, token="t" * 30, retries=0, session=session)
    client.sleep = lambda seconds: None
    return client, adapter


def assert_targets(request, segments, params=None):
    """The prepared request goes to exactly BASE_PATH/<segments> with exactly ``params``."""
    parts = urlsplit(request.url)
    assert (parts.scheme, parts.hostname, parts.port) == ("https", "copr.example.invalid", 8443), request.url
    assert parts.fragment == "", request.url
    assert "#" not in request.url, request.url
    assert parts.path.startswith(BASE_PATH + "/"), request.url
    wire = parts.path[len(BASE_PATH) + 1:].split("/")
    assert len(wire) == len(segments), "extra or missing path segments: %r for %r" % (wire, segments)
    for raw, intended in zip(wire, segments):
        assert WIRE_SEGMENT.match(raw), "segment not fully percent-encoded on the wire: %r" % raw
        assert unquote(raw, errors="strict") == intended, (raw, intended)
    got = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    assert sorted(got) == sorted((params or {}).items()), "query %r, intended %r" % (parts.query, params)


def checked(owner, name):
    """The validated (owner, name) or None, asserting a refusal names the right option."""
    result = []
    for check, value, option in ((_names.check_owner, owner, "ownername"), (_names.check_project_name, name, "name")):
        try:
            result.append(check(value, option))
        except ValueError as error:
            assert str(error).startswith(option) or (" %s " % option) in str(error) or option + ":" in str(error), \
                "the refusal does not name the option %r: %s" % (option, error)
            return None
    return tuple(result)


def calls(owner, name):
    """(client call, intended segments, intended query parameters) for every project endpoint."""
    return [
        (lambda c: c.get_project(owner, name), ("project",), {"ownername": owner, "projectname": name}),
        (lambda c: c.list_projects(owner), ("project", "list"), {"ownername": owner}),
        (lambda c: c.add_project(owner, {"name": name, "chroots": ["fedora-40-x86_64"]}),
         ("project", "add", owner), {"exist_ok": "True"}),
        (lambda c: c.edit_project(owner, name, {"description": "d"}), ("project", "edit", owner, name), {}),
        (lambda c: c.delete_project(owner, name), ("project", "delete", owner, name), {}),
        (lambda c: c.fork_project(owner, name, "demo", "dst"), ("project", "fork", owner, name), {}),
        (lambda c: c.regenerate_repos(owner, name), ("project", "regenerate-repos", owner, name), {}),
    ]


SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SETTINGS
@given(owner=owners, name=names)
@example(owner="demo/../alice", name="x")
@example(owner="demo", name="../../admin")
@example(owner="demo", name="x?ownername=alice")
@example(owner="demo", name="x#frag")
@example(owner="demo%2F..", name="x")
@example(owner="@demo-team", name="hello")
@example(owner="demo", name="héllo-ñ.😀")
@example(owner="demo", name="12345")
@example(owner="demo", name="a" * 101)
@example(owner="de mo", name="x")
@example(owner="demo\n", name="x\x00y")
@example(owner="@", name=".")
def test_validated_names_target_exactly_the_intended_endpoint(owner, name):
    valid = checked(owner, name)
    event("refused by _names" if valid is None else "sent")
    if valid is None:
        return
    owner, name = valid
    # What validation lets through follows Copr's rules.
    assert re.fullmatch(r"@?[\w.-]+", owner) and re.fullmatch(r"[\w.-]+", name)
    assert not name.isdigit() and name not in (".", "..") and len(name) <= 100 and len(owner) <= 100
    for call, segments, params in calls(owner, name):
        client, adapter = capturing_client()
        call(client)
        assert len(adapter.sent) == 1
        assert_targets(adapter.sent[0], segments, params)


@SETTINGS
@given(owner=owners, name=names)
def test_client_alone_encodes_any_segment(owner, name):
    """Even without validation, the client cannot be steered to another endpoint."""
    assume(not any(0xD800 <= ord(ch) <= 0xDFFF for ch in owner + name))  # not encodable text at all
    for call, segments, params in calls(owner, name):
        client, adapter = capturing_client()
        try:
            call(client)
        except ValueError as error:
            # Only the segments that cannot be a path segment at all are refused.
            assert set(segments) & {"", ".", ".."}, error
            assert not adapter.sent
            continue
        assert len(adapter.sent) == 1
        assert_targets(adapter.sent[0], segments, params)


@SETTINGS
@given(query=st.one_of(hostile, st.just("a&ownername=alice#x")))
def test_search_query_is_one_parameter(query):
    client, adapter = capturing_client()
    client.search_projects(query, limit=5)
    assert_targets(adapter.sent[0], ("project", "search"), {"query": query, "limit": "5"})


@SETTINGS
@given(term=st.one_of(hostile, st.builds(lambda a, b: a + "/" + b, owners, names)))
@example(term="demo/x/y")
@example(term="demo")
@example(term="/x")
@example(term="demo/")
@example(term="@demo-team/hello")
@example(term="../demo/x")
def test_split_full_name_refuses_or_splits_cleanly(term):
    for option in ("source", "term"):
        try:
            owner, name = _names.split_full_name(term, option)
        except ValueError as error:
            assert option in str(error), error
            continue
        assert "/" not in owner and "/" not in name
        assert _names.check_owner(owner) == owner and _names.check_project_name(name) == name
        assert term.strip() == owner + "/" + name or [p.strip() for p in term.strip().split("/")] == [owner, name]


@SETTINGS
@given(value=st.one_of(hostile, st.from_regex(r"\A[a-z0-9_.]+(-[a-z0-9_.]+){2,}\Z")))
def test_check_chroot_refuses_with_the_option_name(value):
    try:
        result = _names.check_chroot(value, "chroots")
    except ValueError as error:
        assert str(error).startswith("chroots"), error
        return
    assert re.fullmatch(r"[a-z0-9_.]+(-[a-z0-9_.]+){2,}", result)
    assert "/" not in result and "?" not in result and "#" not in result


@pytest.mark.parametrize("value", [None, 5, ["x"], {"a": 1}, b"demo"])
def test_non_strings_are_refused_naming_the_option(value):
    for check, option in ((_names.check_owner, "ownername"), (_names.check_project_name, "name"),
                          (_names.check_chroot, "chroots"), (_names.split_full_name, "source")):
        with pytest.raises(ValueError, match=option):
            check(value, option)


def test_surrogates_are_refused_by_validation():
    for check, option in ((_names.check_owner, "ownername"), (_names.check_project_name, "name")):
        with pytest.raises(ValueError, match=option):
            check("ab\ud800c", option)


def test_client_refuses_an_unencodable_segment_without_sending():
    """A lone surrogate cannot be percent-encoded: the client raises before anything is sent."""
    client, adapter = capturing_client()
    with pytest.raises((ValueError, CoprError)):
        client.get_project("demo", "x\udcff")
    with pytest.raises((ValueError, CoprError)):
        client.edit_project("demo\udcff", "x", {})
    assert not adapter.sent


# ------------------------------------------------------------------------------------------ module level
# (task name, module, arguments, option the message must name). Every case is refused before any request.
BAD_INPUTS = [
    ("name with a slash", "copr_project", {"name": "a/b", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name with dot-dot", "copr_project", {"name": "../admin", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name with a query", "copr_project", {"name": "x?ownername=alice", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name with a space", "copr_project", {"name": "my project", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name all digits", "copr_project", {"name": "12345", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name too long", "copr_project", {"name": "a" * 101, "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name dot", "copr_project", {"name": ".", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name percent", "copr_project", {"name": "a%2Fb", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name empty", "copr_project", {"name": "", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("name control char", "copr_project", {"name": "a\u0007b", "chroots": ["fedora-40-x86_64"]}, "name"),
    ("owner with a slash", "copr_project", {"name": "ok", "ownername": "demo/../alice",
                                            "chroots": ["fedora-40-x86_64"]}, "ownername"),
    ("owner with a hash", "copr_project", {"name": "ok", "ownername": "demo#x", "chroots": ["fedora-40-x86_64"]},
     "ownername"),
    ("owner only @", "copr_project", {"name": "ok", "ownername": "@", "chroots": ["fedora-40-x86_64"]},
     "ownername"),
    ("chroots a mapping", "copr_project", {"name": "ok", "chroots": {"fedora-40-x86_64": True}}, "chroots"),
    ("chroots a number", "copr_project", {"name": "ok", "chroots": 40}, "chroots"),
    ("chroots upper case", "copr_project", {"name": "ok", "chroots": ["Fedora-40-x86_64"]}, "chroots"),
    ("chroots two parts", "copr_project", {"name": "ok", "chroots": ["fedora-40"]}, "chroots"),
    ("chroots with a slash", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64/../x"]}, "chroots"),
    ("chroots empty list", "copr_project", {"name": "ok", "chroots": []}, "chroots"),
    ("repo_priority zero", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64"], "repo_priority": 0},
     "repo_priority"),
    ("repo_priority negative", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64"],
                                                "repo_priority": -3}, "repo_priority"),
    ("repo_priority text", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64"],
                                            "repo_priority": "high"}, "repo_priority"),
    ("source without slash", "copr_project", {"name": "ok", "state": "forked", "source": "demo"}, "source"),
    ("source with two slashes", "copr_project", {"name": "ok", "state": "forked", "source": "demo/a/b"},
     "source"),
    ("source all digits", "copr_project", {"name": "ok", "state": "forked", "source": "demo/123"}, "source"),
    ("source with a query", "copr_project", {"name": "ok", "state": "forked", "source": "demo/x?y=1"}, "source"),
    ("source missing", "copr_project", {"name": "ok", "state": "forked"}, "source"),
    ("source without forked", "copr_project", {"name": "ok", "source": "demo/x",
                                               "chroots": ["fedora-40-x86_64"]}, "source"),
    ("bootstrap bad choice", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64"], "bootstrap": "yes"},
     "bootstrap"),
    ("delete_after_days too many", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64"],
                                                    "delete_after_days": 1000}, "delete_after_days"),
    ("homepage empty", "copr_project", {"name": "ok", "chroots": ["fedora-40-x86_64"], "homepage": ""},
     "homepage"),
    ("info name with slash", "copr_project_info", {"name": "x/y"}, "name"),
    ("info name all digits", "copr_project_info", {"name": "2024"}, "name"),
    ("info owner bad", "copr_project_info", {"ownername": "a b"}, "ownername"),
    ("info limit negative", "copr_project_info", {"limit": -1}, "limit"),
    ("retries too many", "copr_project_info", {"name": "x", "retries": 99}, "retries"),
    ("timeout zero", "copr_project_info", {"name": "x", "timeout": 0}, "timeout"),
    ("api_url not http", "copr_project_info", {"name": "x", "api_url": "ftp://127.0.0.1/"}, "api_url"),
]

BAD_LOOKUPS = [
    ("lookup term without slash", "'demo'", {}, "term"),
    ("lookup term with two slashes", "'demo/a/b'", {}, "term"),
    ("lookup term all digits", "'demo/123'", {}, "term"),
    ("lookup term with a query", "'demo/x?ownername=alice'", {}, "term"),
    ("lookup term not a string", "42", {}, "term"),
    ("lookup bad chroot", "'demo/x'", {"chroot": "'F40'"}, "chroot"),
    ("lookup bad output", "'demo/x'", {"output": "'yaml'"}, "output"),
]


def test_bad_inputs_are_refused_before_any_request(copr_emu, tmp_path):
    tasks = []
    for title, module, args, _option in BAD_INPUTS:
        tasks.append({"name": title, "fedora.copr." + module: args, "ignore_errors": True})
    for title, term, options, _option in BAD_LOOKUPS:
        extra = "".join(", %s=%s" % item for item in options.items())
        tasks.append({"name": title, "ansible.builtin.set_fact": {
            "x": "{{ lookup('fedora.copr.copr_repo_url', %s, api_url='%s'%s) }}" % (term, copr_emu.url, extra)},
            "ignore_errors": True})
    copr_emu.clear_requests()
    run = run_playbook(play(tasks, module_defaults=copr_defaults(copr_emu.url)), tmp_path)
    assert run.rc == 0, run.describe()
    problems = []
    for title, _module, _args, option in BAD_INPUTS + BAD_LOOKUPS:
        record = run.result(title)
        message = str(record["result"].get("msg", ""))
        if record["status"] != "failed":
            problems.append("%s: not refused (%s)" % (title, record["status"]))
        elif not re.search(r"\b%ss?\b" % re.escape(option), message):
            problems.append("%s: the message does not name %s: %s" % (title, option, message))
        elif "Traceback" in message or "MODULE FAILURE" in message:
            problems.append("%s: crashed: %s" % (title, message))
    requests_seen = copr_emu.requests()
    assert not problems, "\n".join(problems)
    assert requests_seen == [], "requests were sent for bad inputs: %s" % requests_seen
