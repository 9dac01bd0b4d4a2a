# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

import pytest

requests = pytest.importorskip("requests")

from ansible_collections.fedora.copr.plugins.module_utils import _client  # noqa: E402
from ansible_collections.fedora.copr.plugins.module_utils._client import CoprClient, CoprError  # noqa: E402
from ansible_collections.fedora.copr.tests.unit.plugins.utils import (  # noqa: E402
    DEMO_LOGIN as LOGIN,
    DEMO_TOKEN as TOKEN,
    FakeSession,
    make_response,
)

BASIC = base64.b64encode(("%s:%s" % (LOGIN, TOKEN)).encode()).decode()

PROJECT = {
    "name": "hello", "ownername": "demo", "full_name": "demo/hello", "id": 1,
    "chroot_repos": {"fedora-40-x86_64": "https://download.example/results/demo/hello/fedora-40-x86_64/"},
}


def client(*answers, **kwargs):
    kwargs.setdefault("login", LOGIN)
    kwargs.setdefault("token", TOKEN)
    lines = kwargs.pop("lines", None)
    session = FakeSession(*answers)
    result = CoprClient(kwargs.pop("api_url", "https://copr.example"), session=session,
                        log=(lines.append if lines is not None else None), **kwargs)
    result.slept = []
    result.sleep = result.slept.append
    result.random = lambda: 0.5
    return result, session


# -- URLs -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("api_url", [
    "https://copr.example", "https://copr.example/", "https://copr.example/api_3", "https://copr.example/api_3/",
    " https://copr.example// ",
])
def test_base_url_normalised(api_url):
    c, session = client(make_response(body={"version": 3}), api_url=api_url)
    assert c.api_url == "https://copr.example"
    assert c.base_url == "https://copr.example/api_3"
    c.request("GET", ())
    assert session.calls[0]["url"] == "https://copr.example/api_3/"


def test_base_url_with_a_path_prefix():
    c, _session = client(api_url="https://example.org/copr/")
    assert c.url_for(("project", "list")) == "https://example.org/copr/api_3/project/list"


@pytest.mark.parametrize("bad", ["copr.example", "ftp://copr.example", "https://", "https://u:p@copr.example",
                                 "https://copr.example/?x=1", "", None])
def test_bad_api_url(bad):
    with pytest.raises(ValueError):
        CoprClient(bad, session=FakeSession())


def test_api_url_with_credentials_is_refused_without_echoing_them():
    with pytest.raises(ValueError) as info:
        CoprClient("https://user:%s@copr.example" % TOKEN, session=FakeSession())
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize("segment, encoded", [
    ("@group", "@group"),
    ("a/b", "a%2Fb"),
    ("a?b", "a%3Fb"),
    ("a#b", "a%23b"),
    ("a%2Fb", "a%252Fb"),
    ("a b", "a%20b"),
    ("..x", "..x"),
    ("ünï", "%C3%BCn%C3%AF"),
])
def test_path_segments_are_encoded(segment, encoded):
    c, session = client(make_response(body=PROJECT))
    c.edit_project(segment, "p", {})
    assert session.calls[0]["url"] == "https://copr.example/api_3/project/edit/%s/p" % encoded


@pytest.mark.parametrize("segment", [".", "..", ""])
def test_dot_segments_are_refused(segment):
    c, session = client()
    with pytest.raises(ValueError):
        c.edit_project("demo", segment, {})
    assert session.calls == []


def test_query_values_are_encoded_by_requests():
    c, session = client(make_response(body=PROJECT))
    c.get_project("@g", "a&b=c")
    prepared = session.calls[0]["prepared"]
    assert prepared.url == "https://copr.example/api_3/project?ownername=%40g&projectname=a%26b%3Dc"


# -- auth, TLS, timeout, headers ---------------------------------------------------------------------------

def test_reads_are_anonymous_writes_authenticated():
    c, session = client(make_response(body=PROJECT), make_response(body=PROJECT))
    c.get_project("demo", "hello")
    c.edit_project("demo", "hello", {"description": "x"})
    read, write = session.calls
    assert "Authorization" not in read["prepared"].headers
    assert write["prepared"].headers["Authorization"] == "Basic " + BASIC


def test_anonymous_requests_do_not_use_netrc():
    c, session = client(make_response(body={"items": [], "meta": {}}))
    c.list_projects("demo")
    # an explicit no-op auth object stops requests from reading ~/.netrc
    assert session.calls[0]["kwargs"]["auth"] is not None
    assert "Authorization" not in session.calls[0]["prepared"].headers


def test_write_without_credentials_sends_nothing():
    c, session = client(login=None, token=None)
    assert not c.has_credentials
    with pytest.raises(CoprError) as info:
        c.add_project("demo", {"name": "x"})
    assert session.calls == []
    assert info.value.attempts == 0 and info.value.status is None


def test_half_credentials_are_no_credentials():
    assert not client(login=LOGIN, token=None)[0].has_credentials
    assert not client(login=None, token=TOKEN)[0].has_credentials
    assert client()[0].has_credentials


@pytest.mark.parametrize("kwargs, expected", [
    ({}, "certifi"),
    ({"validate_certs": False}, False),
    ({"validate_certs": False, "ca_path": "/ca.pem"}, False),
    ({"ca_path": "/ca.pem"}, "/ca.pem"),
])
def test_verify_on_every_request(kwargs, expected, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/env/bundle.pem")
    answers = [make_response(body=PROJECT), make_response(body={"items": [], "meta": {}}),
               make_response(body=PROJECT), make_response(body=PROJECT)]
    c, session = client(*answers, **kwargs)
    c.get_project("demo", "hello")
    c.list_projects()
    c.add_project("demo", {"name": "hello"})
    c.delete_project("demo", "hello")
    if expected == "certifi":
        expected = requests.certs.where()
        assert expected != "/env/bundle.pem"
    for call in session.calls:
        assert call["kwargs"]["verify"] == expected
        assert call["kwargs"]["verify"] is not True


def test_timeout_user_agent_and_json_on_every_request():
    c, session = client(make_response(body=PROJECT), make_response(body=PROJECT), timeout=7)
    c.get_project("demo", "hello")
    c.add_project("demo", {"name": "hello", "chroots": ["fedora-40-x86_64"]})
    for call in session.calls:
        assert call["kwargs"]["timeout"] == 7.0
        assert call["kwargs"]["headers"]["User-Agent"].startswith("fedora.copr/")
    assert "json" not in session.calls[0]["kwargs"]
    assert session.calls[1]["kwargs"]["json"] == {"name": "hello", "chroots": ["fedora-40-x86_64"]}
    assert session.calls[1]["prepared"].headers["Content-Type"] == "application/json"


def test_one_session_for_all_requests():
    c, session = client(make_response(body=PROJECT), make_response(body=PROJECT))
    c.get_project("demo", "hello")
    c.get_project("demo", "hello")
    assert c.session is session and len(session.calls) == 2
    assert isinstance(CoprClient("https://copr.example").session, requests.Session)


# -- endpoints -----------------------------------------------------------------------------------------------

def test_endpoints_methods_and_params():
    items = {"items": [PROJECT], "meta": {"limit": None, "offset": 0, "order": "id", "order_type": "ASC"}}
    c, session = client(*[make_response(body=PROJECT)] * 6 + [make_response(body=items)] * 2)
    c.get_project("demo", "hello")
    c.add_project("@team", {"name": "hello"})
    c.edit_project("demo", "hello", {"description": "d"})
    c.delete_project("demo", "hello")
    c.fork_project("demo", "hello", "@team", "copy")
    c.regenerate_repos("demo", "hello")
    assert c.list_projects("demo") == [PROJECT]
    assert c.search_projects("hello", limit=5, offset=10, order="name", order_type="DESC") == [PROJECT]
    seen = [(x["method"], x["prepared"].url) for x in session.calls]
    base = "https://copr.example/api_3/project"
    assert seen == [
        ("GET", base + "?ownername=demo&projectname=hello"),
        ("POST", base + "/add/@team?exist_ok=True"),
        ("PUT", base + "/edit/demo/hello"),
        ("DELETE", base + "/delete/demo/hello"),
        ("POST", base + "/fork/demo/hello"),
        ("PUT", base + "/regenerate-repos/demo/hello"),
        ("GET", base + "/list?ownername=demo"),
        ("GET", base + "/search?limit=5&offset=10&order=name&order_type=DESC&query=hello"),
    ]
    assert session.calls[4]["kwargs"]["json"] == {"ownername": "@team", "name": "copy", "confirm": False}


def test_list_without_limit_is_one_request_without_limit():
    c, session = client(make_response(body={"items": [PROJECT] * 250, "meta": {"limit": None}}))
    assert len(c.list_projects()) == 250
    assert len(session.calls) == 1
    assert session.calls[0]["prepared"].url == "https://copr.example/api_3/project/list"


def test_limit_zero_passes_through():
    c, session = client(make_response(body={"items": [], "meta": {}}))
    c.list_projects("demo", limit=0)
    assert "limit=0" in session.calls[0]["prepared"].url


def test_get_missing_project_is_none():
    c, _session = client(make_response(404, {"error": "Project demo/nope does not exist."}))
    assert c.get_project("demo", "nope") is None


@pytest.mark.parametrize("response", [
    make_response(404, {"error": "Such API endpoint doesn't exist"}),
    make_response(404, text="<html><body>Not Found</body></html>", headers={"Content-Type": "text/html"}),
])
def test_wrong_base_url_404_is_an_error_not_a_missing_project(response):
    c, _session = client(response)
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert info.value.status == 404
    assert not info.value.missing
    assert info.value.reason in (_client.REASON_NO_ENDPOINT, _client.REASON_NON_JSON)


def test_missing_is_a_json_404_of_copr():
    assert CoprError(404, "GET", "/api_3/project", "Project demo/x does not exist.", reason=_client.REASON_JSON).missing
    assert not CoprError(404, "GET", "/api_3/project", "x", reason=_client.REASON_NO_ENDPOINT).missing
    assert not CoprError(404, "GET", "/api_3/project", "x", reason=_client.REASON_NON_JSON).missing
    assert not CoprError(403, "GET", "/api_3/project", "x", reason=_client.REASON_JSON).missing


@pytest.mark.parametrize("host, loopback", [
    ("localhost", True), ("a.localhost", True), ("127.0.0.1", True), ("127.1.2.3", True), ("[::1]", True),
    ("::1", True), ("copr.example.org", False), ("10.0.0.1", False), ("", False), (None, False),
])
def test_is_loopback_host(host, loopback):
    assert _client.is_loopback_host(host) is loopback


def test_delete_of_missing_project_is_none():
    c, _session = client(make_response(404, {"error": "Project demo/hello does not exist."}))
    assert c.delete_project("demo", "hello", last_known=PROJECT) is None


# -- errors --------------------------------------------------------------------------------------------------

def test_json_error():
    c, _session = client(make_response(400, {"error": "name: You already have a project named 'x'.\nchroots: bad"}))
    with pytest.raises(CoprError) as info:
        c.add_project("demo", {"name": "x"})
    error = info.value
    assert (error.status, error.method, error.path) == (400, "POST", "/api_3/project/add/demo")
    assert error.message == "name: You already have a project named 'x'.\nchroots: bad"
    assert str(error) == "POST /api_3/project/add/demo failed: HTTP 400: " + error.message
    assert error.owner == "demo"


def test_html_502_is_described_not_dumped():
    html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" + "x" * 5000 + "</body></html>"
    c, _session = client(*[make_response(502, text=html, headers={"Content-Type": "text/html"})] * 4, retries=3)
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert info.value.status == 502
    assert info.value.message == "HTTP 502 with a non-JSON body (HTML page, probably from a proxy)"
    assert info.value.attempts == 4


def test_non_json_200_is_an_error():
    c, _session = client(make_response(200, text="<html>welcome</html>", headers={"Content-Type": "text/html"}))
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert info.value.status == 200
    assert "non-JSON" in info.value.message


def test_200_without_items_is_an_error():
    c, _session = client(make_response(200, {"version": 3}))
    with pytest.raises(CoprError):
        c.list_projects()


def test_redirect_of_a_write_is_an_error():
    c, session = client(make_response(301, text="", headers={"Location": "https://other.example/api_3/x"}))
    with pytest.raises(CoprError) as info:
        c.edit_project("demo", "hello", {})
    assert info.value.status == 301 and "other.example" in info.value.message
    assert session.calls[0]["kwargs"]["allow_redirects"] is False


def test_tls_error_is_not_retried():
    c, session = client(requests.exceptions.SSLError("certificate verify failed"))
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert len(session.calls) == 1 and info.value.status is None
    assert "ca_path" in info.value.message


# -- retries -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("failure", [
    make_response(429, {"error": "slow down"}),
    make_response(502, text="bad gateway", headers={"Content-Type": "text/plain"}),
    make_response(503, text="<html>unavailable</html>", headers={"Content-Type": "text/html"}),
    make_response(504, {"error": "The API request timeouted"}),
    make_response(500, {"error": "Can't delete this project, another operation is in progress: delete"}),
    make_response(500, {"error": "Request wasn't successful, there is probably a bug in the Copr code."}),
    requests.exceptions.ConnectionError("connection reset"),
    requests.exceptions.ReadTimeout("read timed out"),
    requests.exceptions.ConnectTimeout("connect timed out"),
])
def test_retried_failures(failure):
    c, session = client(failure, make_response(body=PROJECT))
    assert c.get_project("demo", "hello") == PROJECT
    assert len(session.calls) == 2
    assert c.requests_sent == 2 and c.retries_used == 1
    assert len(c.slept) == 1


@pytest.mark.parametrize("failure", [
    make_response(500, {"error": "Request wasn't successful, there is probably a bug in the Copr code."}),
    make_response(400, {"error": "bad"}),
    make_response(401, {"error": "Login invalid/expired."}),
    make_response(403, {"error": "no"}),
    make_response(409, {"error": "conflict"}),
])
def test_not_retried_failures_of_writes(failure):
    c, session = client(failure, make_response(body=PROJECT))
    with pytest.raises(CoprError):
        c.edit_project("demo", "hello", {})
    assert len(session.calls) == 1 and c.retries_used == 0


def test_attempts_are_bounded_and_backoff_grows_to_the_cap():
    c, session = client(*[make_response(503, {"error": "down"})] * 11, retries=10)
    c.random = lambda: 1.0
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert len(session.calls) == 11 and info.value.attempts == 11
    assert c.slept == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0]


def test_backoff_has_jitter():
    c, _session = client(*[make_response(503, {"error": "down"})] * 4, retries=3)
    c.random = lambda: 0.0
    with pytest.raises(CoprError):
        c.get_project("demo", "hello")
    assert c.slept == [0.25, 0.5, 1.0]


def test_zero_retries():
    c, session = client(make_response(503, {"error": "down"}), retries=0)
    with pytest.raises(CoprError):
        c.get_project("demo", "hello")
    assert len(session.calls) == 1 and c.slept == []


@pytest.mark.parametrize("header, expected", [("3", 3.0), ("120", 8.0), ("0", 0.5), ("soon", 0.5)])
def test_retry_after(header, expected):
    c, _session = client(make_response(429, {"error": "x"}, headers={"Retry-After": header}), make_response(body=PROJECT))
    c.random = lambda: 1.0
    c.get_project("demo", "hello")
    assert c.slept == [expected]


def test_add_is_retried_with_exist_ok():
    c, session = client(requests.exceptions.ReadTimeout("lost"), make_response(body=PROJECT))
    assert c.add_project("demo", {"name": "hello"}) == PROJECT
    assert len(session.calls) == 2
    for call in session.calls:
        assert call["kwargs"]["params"] == {"exist_ok": "True"}


def test_fork_without_check_is_not_retried_after_a_lost_answer():
    c, session = client(requests.exceptions.ReadTimeout("lost"), make_response(body=PROJECT))
    with pytest.raises(CoprError):
        c.fork_project("demo", "hello", "demo", "copy")
    assert len(session.calls) == 1


def test_fork_is_retried_when_it_never_reached_the_server():
    c, session = client(requests.exceptions.ConnectTimeout("connect"), make_response(body=PROJECT))
    assert c.fork_project("demo", "hello", "demo", "copy") == PROJECT
    assert len(session.calls) == 2


def test_fork_before_retry_finds_the_destination():
    forked = dict(PROJECT, name="copy", full_name="demo/copy")
    checks = []

    def destination():
        checks.append(1)
        return forked

    c, session = client(make_response(504, text="<html>gateway timeout</html>"))
    assert c.fork_project("demo", "hello", "demo", "copy", before_retry=destination) == forked
    assert len(session.calls) == 1 and checks == [1]


def test_fork_before_retry_nothing_found_forks_again():
    c, session = client(requests.exceptions.ReadTimeout("lost"), make_response(body=PROJECT))
    assert c.fork_project("demo", "hello", "demo", "copy", before_retry=lambda: None) == PROJECT
    assert [x["method"] for x in session.calls] == ["POST", "POST"]


def test_delete_404_after_a_retry_returns_the_last_known_project():
    c, session = client(requests.exceptions.ReadTimeout("lost"),
                        make_response(404, {"error": "Project demo/hello does not exist."}))
    assert c.delete_project("demo", "hello", last_known=PROJECT) == PROJECT
    c2, _session = client(requests.exceptions.ReadTimeout("lost"),
                          make_response(404, {"error": "Project demo/hello does not exist."}))
    assert c2.delete_project("demo", "hello") is None


def test_network_failure_after_all_attempts():
    c, session = client(*[requests.exceptions.ConnectionError("Connection refused")] * 3, retries=2)
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert info.value.status is None and info.value.attempts == 3
    assert "Connection refused" in info.value.message
    assert c.requests_sent == 3 and c.retries_used == 2


# -- secrets -------------------------------------------------------------------------------------------------

def test_token_never_in_errors_or_logs():
    lines = []
    echo = "Authorization: Basic %s token=%s login=%s" % (BASIC, TOKEN, LOGIN)
    answers = [
        make_response(503, text="<pre>%s</pre>" % echo, headers={"Content-Type": "text/plain"}),
        make_response(500, {"error": echo}),
    ]
    c, session = client(*answers, lines=lines)
    with pytest.raises(CoprError) as info:
        c.edit_project("demo", "hello", {})
    texts = [str(info.value), info.value.message, repr(info.value), repr(c)] + lines
    assert len(lines) >= 3
    for text in texts:
        assert TOKEN not in text and BASIC not in text and LOGIN not in text
    c2, _session = client(requests.exceptions.ConnectionError("failed with %s" % TOKEN), lines=lines, retries=0)
    with pytest.raises(CoprError) as info:
        c2.edit_project("demo", "hello", {})
    assert TOKEN not in str(info.value)
    assert all(TOKEN not in line for line in lines)


def test_log_lines_per_request_and_retry():
    lines = []
    c, _session = client(make_response(503, {"error": "down"}, headers={"Retry-After": "2"}),
                         make_response(body=PROJECT), lines=lines)
    c.get_project("demo", "hello")
    assert len(lines) == 3
    assert "GET /api_3/project?ownername=demo&projectname=hello" in lines[0] and "503" in lines[0]
    assert "retry 1 of 3" in lines[1] and "2.00 s" in lines[1] and "503" in lines[1]
    assert "200" in lines[2]


def test_requests_import_error_is_exposed():
    assert _client.REQUESTS_IMPORT_ERROR is None


@pytest.mark.parametrize("error, api_url, owner, expected", [
    (CoprError(401, "PUT", "/api_3/p", "Login invalid/expired."), "https://c.example", None,
     "token invalid or expired: get a new one at https://c.example/api (Copr answered HTTP 401 to PUT /api_3/p: "
     "Login invalid/expired.)"),
    (CoprError(403, "PUT", "/api_3/p", "no"), "https://c.example", "@team",
     "no (Copr answered HTTP 403 to PUT /api_3/p; the API login may lack rights on @team)"),
    (CoprError(403, "PUT", "/api_3/p", "no", owner="demo"), None, "@team",
     "no (Copr answered HTTP 403 to PUT /api_3/p; the API login may lack rights on demo)"),
    (CoprError(404, "GET", "/api_3/p", "Project demo/x does not exist.", reason=_client.REASON_JSON), None, None,
     "Project demo/x does not exist. (Copr answered HTTP 404 to GET /api_3/p)"),
    (CoprError(404, "GET", "/api_3/p", "Such API endpoint doesn't exist", reason=_client.REASON_NO_ENDPOINT),
     "https://c.example", None, "Such API endpoint doesn't exist (Copr answered HTTP 404 to GET /api_3/p); check "
     "that api_url (https://c.example) is the Copr web root"),
    (CoprError(400, "POST", "/api_3/p", "a: bad\nb: bad"), None, None,
     "a: bad\nb: bad\n(Copr answered HTTP 400 to POST /api_3/p)"),
    (CoprError(400, "POST", "/api_3/p", "a: bad"), None, None, "a: bad (Copr answered HTTP 400 to POST /api_3/p)"),
    (CoprError(502, "GET", "/api_3/p", "down", attempts=4), None, None,
     "down (Copr answered HTTP 502 to GET /api_3/p after 4 attempts; the server failed, try again later)"),
    (CoprError(500, "PUT", "/api_3/p", "crash"), None, None,
     "crash (Copr answered HTTP 500 to PUT /api_3/p; the server failed, try again later)"),
    (CoprError(409, "POST", "/api_3/p", "exists"), None, None, "exists (Copr answered HTTP 409 to POST /api_3/p)"),
    (CoprError(None, "GET", "/api_3/p", "refused", attempts=1, reason=_client.REASON_NETWORK), "https://c.example",
     None, "could not reach https://c.example after 1 attempt: refused"),
    (CoprError(None, "GET", "/api_3/p", "bad cert", reason=_client.REASON_TLS), "https://c.example", None,
     "could not reach https://c.example: bad cert"),
    (CoprError(None, "POST", "/api_3/p", "needs credentials", attempts=0, reason=_client.REASON_NOT_SENT), None,
     None, "POST /api_3/p: needs credentials"),
    (CoprError(None, "GET", "/api_3/p", "refused", attempts=3), None, None,
     "could not reach the Copr server after 3 attempts: refused"),
])
def test_describe_error(error, api_url, owner, expected):
    assert _client.describe_error(error, api_url=api_url, owner=owner) == expected


def test_error_text_without_status():
    error = CoprError(None, "GET", "/api_3/project", "timed out after 30 s waiting for the answer")
    assert str(error) == "GET /api_3/project failed: timed out after 30 s waiting for the answer"


def test_any_segment_stays_one_segment():
    hypothesis = pytest.importorskip("hypothesis")
    strategies = pytest.importorskip("hypothesis.strategies")
    from urllib.parse import unquote, urlsplit

    c = client()[0]

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(strategies.lists(strategies.text(min_size=1, max_size=20), min_size=1, max_size=4))
    def check(segments):
        hypothesis.assume(all(s not in (".", "..") for s in segments))
        url = c.url_for(["project", "edit"] + segments)
        parts = urlsplit(url)
        assert parts.query == "" and parts.fragment == ""
        assert url.startswith("https://copr.example/api_3/project/edit/")
        tail = parts.path[len("/api_3/project/edit/"):].split("/")
        assert [unquote(x) for x in tail] == segments

    check()


# -- issue 14: advice in the user's words ---------------------------------------------------------------------------
URL_TEXT = ("A list of http[s] URLs separated by whitespace characters is needed ('ftp://x/y' doesn't seem to be a "
            "valid URL).")


@pytest.mark.parametrize("error, options, offered, expected", [
    (CoprError(400, "POST", "/api_3/project/add/demo", "repos: " + URL_TEXT, reason=_client.REASON_JSON),
     {"additional_repos": ["ftp://x/y"]}, None,
     "additional_repos: A list of http[s] URLs separated by whitespace characters is needed ('ftp://x/y' doesn't "
     "seem to be a valid URL); each item must be an http://, https:// or copr://owner/project URL (the project "
     "must exist) (Copr answered HTTP 400 to POST /api_3/project/add/demo)"),
    (CoprError(400, "PUT", "/api_3/project/edit/demo/x", "repos: " + URL_TEXT, reason=_client.REASON_JSON),
     {"runtime_dependencies": ["ftp://x/y"]}, None,
     "runtime_dependencies: A list of http[s] URLs separated by whitespace characters is needed ('ftp://x/y' "
     "doesn't seem to be a valid URL); each item must be an http://, https:// or copr://owner/project URL (the "
     "project must exist) (Copr answered HTTP 400 to PUT /api_3/project/edit/demo/x)"),
    (CoprError(400, "POST", "/api_3/project/add/demo", "chroots: 'fedora-99-x86_64' is not a valid choice for this "
               "field.", reason=_client.REASON_JSON), {}, ["fedora-40-x86_64", "epel-9-x86_64"],
     "chroots: 'fedora-99-x86_64' is not a valid choice for this field. Copr offers: epel-9-x86_64, "
     "fedora-40-x86_64. (Copr answered HTTP 400 to POST /api_3/project/add/demo)"),
    (CoprError(400, "POST", "/api_3/project/add/demo", "disable_createrepo: bad\nname: taken",
               reason=_client.REASON_JSON), {}, None,
     "devel_mode: bad\nname: taken\n(Copr answered HTTP 400 to POST /api_3/project/add/demo)"),
    (CoprError(404, "GET", "/api_3/project", "No such user `demo-team'", reason=_client.REASON_JSON), {}, None,
     "No such user `demo-team' (Copr answered HTTP 404 to GET /api_3/project); if demo-team is a group, write it "
     "with an @: ownername: '@demo-team'"),
    (CoprError(404, "GET", "/api_3/project", "HTTP 404 with a non-JSON body (HTML page, probably from a proxy)",
               reason=_client.REASON_NON_JSON), {}, None,
     "Copr answered HTTP 404 to GET /api_3/project with a non-JSON body (HTML page, probably from a proxy), not "
     "Copr's JSON: check that api_url (https://c.example) is the Copr web root (such as "
     "https://copr.fedorainfracloud.org), not a proxy or login page"),
    (CoprError(502, "GET", "/api_3/project", "HTTP 502 with a non-JSON body (HTML page, probably from a proxy)",
               reason=_client.REASON_NON_JSON), {}, None,
     "Copr answered HTTP 502 to GET /api_3/project with a non-JSON body (HTML page, probably from a proxy): the "
     "server or a proxy in front of it failed, try again later; if it persists, check that api_url "
     "(https://c.example) is the Copr web root"),
])
def test_describe_error_in_the_users_words(error, options, offered, expected):
    text = _client.describe_error(error, api_url="https://c.example", options=options, offered_chroots=offered)
    assert text == expected
    assert "see the message above" not in text and text.count("HTTP %d" % error.status) == 1
