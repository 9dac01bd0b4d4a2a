# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This file is internal to the fedora.copr collection: not a public API, it may change at any time.

"""A small HTTP client for the Copr API v3 (``/api_3``), shared by the collection's modules and lookups (internal).

It knows HTTP, authentication, TLS, retries and Copr's error format, and nothing of Ansible.

Retry policy
============

``retries`` extra attempts (so at most ``retries + 1`` requests per call), waiting between them with
exponential backoff (0.5 s, 1 s, 2 s ... capped at 8 s) plus jitter, or the server's ``Retry-After`` (capped too).
Retried: connection errors, timeouts, HTTP 429, 502, 503, 504, HTTP 500 on a GET, and HTTP 500 whose error says an
action is in progress (Copr's ``ActionInProgressException``: "... another operation is in progress: ...").
Never retried: TLS errors, other 4xx/5xx answers.

Deadline: ``timeout`` bounds each attempt from connecting to the last byte of the answer (``_send_bounded``), also
when a server trickles its answer, so a call takes at most ``(retries + 1) * timeout`` plus the waits between
attempts (each at most ``BACKOFF_CAP``).

Shapes: every answer the collection reads is checked (``check_project``, ``check_shape``); another shape is a
``CoprError`` (``REASON_SHAPE``) naming the endpoint and the key, never a Python exception.

Safety by method:

* GET, PUT and DELETE are repeatable. A DELETE whose earlier attempt went through but whose answer was lost gets
  404 on the retry: ``delete_project`` then returns ``last_known`` (or None), as if the delete had answered.
* ``add_project`` always sends ``exist_ok=True``, so a retried add returns the project the first attempt made.
  ``create_project`` sends its first attempt without it, so that an existing project (made by another task) is
  told apart by Copr's 400 "already has a project named"; its retries go through ``add_project``.
* ``fork_project`` is a POST that is not repeatable: it is retried only through the caller's ``before_retry``
  callable, run before each retry; when it returns a project (the destination exists, so the lost attempt went
  through) that project is returned instead of forking again. Without ``before_retry``, a fork is retried only
  when the request certainly never reached the server (connection refused, connect timeout).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import math
import random
import re
import threading
import time
from http import HTTPStatus
from http import cookiejar as http_cookiejar

try:
    from urllib.parse import quote, urlsplit, urlencode
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for the import sanity test
    from urllib import quote, urlencode  # type: ignore
    from urlparse import urlsplit  # type: ignore

try:
    import requests
    from requests.auth import AuthBase
except ImportError as _import_error:  # pragma: no cover - exercised by the module base
    requests = None
    AuthBase = object
    REQUESTS_IMPORT_ERROR = _import_error
else:
    REQUESTS_IMPORT_ERROR = None

COLLECTION_VERSION = "0.2.0"
USER_AGENT = "fedora.copr/%s" % COLLECTION_VERSION

DEFAULT_API_URL = "https://copr.fedorainfracloud.org"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
MAX_RETRIES = 10

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0

RETRY_STATUSES = (429, 502, 503, 504)
# Copr answers HTTP 500 with these words when another action on the project is still queued.
IN_PROGRESS_MARKERS = ("in progress",)

_REDACTED = "********"

# CoprError.reason: how a failed call ended.
REASON_JSON = "json"                # Copr's own {"error": ...} answer
REASON_NO_ENDPOINT = "no-endpoint"  # Copr's 404 "Such API endpoint doesn't exist": api_url is not the web root
REASON_JSON_OTHER = "json-other"    # JSON without "error"
REASON_NON_JSON = "non-json"        # an HTML page or other text, usually from a proxy
REASON_NETWORK = "network"          # no answer: connection error or timeout
REASON_TLS = "tls"                  # TLS handshake or certificate failure
REASON_REDIRECT = "redirect"        # a 3xx to a request that does not follow redirects
REASON_NOT_SENT = "not-sent"        # refused before sending (a write without credentials)
REASON_SHAPE = "shape"              # a 200 whose JSON is not what the endpoint returns

# The words of Copr's answer to an unknown /api_3 URL.
_NO_ENDPOINT_MARKER = "endpoint"


class CoprError(Exception):
    """A Copr API call that failed.

    ``status`` is the HTTP status, or None when no answer came (connection error, timeout, or the request was
    not sent). ``message`` is the server's ``error`` text or a short description. ``attempts`` counts the
    requests sent for the call (0: nothing was sent). ``owner`` is the project owner the call was about, when
    known. ``reason`` is one of the ``REASON_*`` constants (None when unknown). The text never holds credentials.
    """

    def __init__(self, status, method, path, message, attempts=1, owner=None, reason=None):
        self.status = status
        self.method = method
        self.path = path
        self.message = message
        self.attempts = attempts
        self.owner = owner
        self.reason = reason
        super(CoprError, self).__init__(self.__str__())

    def __str__(self):
        if self.status is None:
            return "%s %s failed: %s" % (self.method, self.path, self.message)
        return "%s %s failed: HTTP %s: %s" % (self.method, self.path, self.status, self.message)

    @property
    def missing(self):
        """True when Copr said the object asked for does not exist (not a wrong URL or a proxy's page)."""
        return self.status == HTTPStatus.NOT_FOUND and self.reason == REASON_JSON


# Copr's form field names in 400 answers ("<field>: <text>") -> the option a task writes.
FORM_FIELD_OPTIONS = {"repos": "additional_repos", "disable_createrepo": "devel_mode"}
_URL_LIST_HINT = "each item must be an http://, https:// or copr://owner/project URL (the project must exist)"
_QUOTED = re.compile(r"'([^']*)'")


def describe_error(error, api_url=None, owner=None, options=None, offered_chroots=None):
    """What a user reads when a Copr call failed: the cause, where, and what to do. Used by modules and lookups;
    the one place that turns Copr's answers into advice in the user's words.

    ``api_url``: the Copr web root in use; ``owner``: the owner to name when the error does not say;
    ``options``: the task's options, to name the one a form error is about (Copr names its own form fields,
    such as ``repos`` for ``additional_repos``); ``offered_chroots``: the chroots the server offers, listed when
    it refused a chroot name.
    """
    api_url = api_url or "the Copr server"
    where = "%s %s" % (error.method, error.path)
    status = error.status
    message = error.message or ""
    if status is None:
        return _describe_no_answer(error, api_url, where, message)
    answered = "Copr answered HTTP %d to %s" % (status, where)
    if error.reason == REASON_NON_JSON:
        return _describe_non_json(answered, status, message, api_url)
    if status == HTTPStatus.UNAUTHORIZED:
        return "token invalid or expired: get a new one at %s/api (Copr answered HTTP 401 to %s: %s)" % (
            api_url, where, message)
    if status == HTTPStatus.FORBIDDEN:
        return "%s (%s; the API login may lack rights on %s)" % (message, answered, error.owner or owner or "the owner")
    if status == HTTPStatus.NOT_FOUND and not error.missing:
        return "%s (%s); check that api_url (%s) is the Copr web root" % (message, answered, api_url)
    if status == HTTPStatus.NOT_FOUND and message.startswith("No such user"):
        name = _QUOTED.search(message.replace("`", "'"))
        name = name.group(1) if name else (error.owner or owner or "")
        return ("%s (%s); if %s is a group, write it with an @: ownername: '@%s'"
                % (message, answered, name, name.lstrip("@")))
    if status == HTTPStatus.BAD_REQUEST:
        message = _user_words(message, options or {}, offered_chroots)
        if "\n" in message:
            return "%s\n(%s)" % (message, answered)
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        tries = " after %d attempts" % error.attempts if error.attempts > 1 else ""
        return "%s (%s%s; the server failed, try again later)" % (message, answered, tries)
    return "%s (%s)" % (message, answered)


def _describe_non_json(answered, status, message, api_url):
    body = message
    prefix = "HTTP %d with " % status
    if body.startswith(prefix):
        body = body[len(prefix):]
    if status == 200:
        return "%s with %s" % (answered, body)
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return ("%s with %s: the server or a proxy in front of it failed, try again later; if it persists, check "
                "that api_url (%s) is the Copr web root" % (answered, body, api_url))
    return ("%s with %s, not Copr's JSON: check that api_url (%s) is the Copr web root (such as %s), not a proxy "
            "or login page" % (answered, body, api_url, DEFAULT_API_URL))


def _user_words(message, options, offered_chroots):
    """A 400's form error lines with Copr's field names replaced by the task's options, and the fix."""
    lines = []
    for line in message.split("\n"):
        field, sep, text = line.partition(": ")
        if not sep:
            lines.append(line)
            continue
        option = FORM_FIELD_OPTIONS.get(field, field)
        if field == "repos":
            quoted = _QUOTED.search(text)
            if quoted and quoted.group(1) in (options.get("runtime_dependencies") or []) \
                    and quoted.group(1) not in (options.get("additional_repos") or []):
                option = "runtime_dependencies"
            text = "%s; %s" % (text.rstrip("."), _URL_LIST_HINT)
        if field == "chroots" and "valid choice" in text:
            if offered_chroots:
                text = "%s Copr offers: %s." % (text, ", ".join(sorted(offered_chroots)))
            else:
                text = "%s The module fedora.copr.copr_chroot_info lists the chroots Copr offers." % text
        lines.append("%s: %s" % (option, text))
    return "\n".join(lines)


def _describe_no_answer(error, api_url, where, message):
    if error.attempts == 0:
        return "%s: %s" % (where, message)
    if error.reason == REASON_TLS:
        return "could not reach %s: %s" % (api_url, message)
    return "could not reach %s after %d attempt%s: %s" % (
        api_url, error.attempts, "" if error.attempts == 1 else "s", message)


# Copr's 400 texts for an add whose project exists (copr-api-v3.md section 3).
_EXISTS_MARKERS = ("already have a project named", "already has a project named", "has not been created (race")


def _says_exists(message):
    return any(marker in (message or "") for marker in _EXISTS_MARKERS)


def _kind_of(value):
    """A short name of a JSON value's type, for shape errors."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return value.__class__.__name__


def shape_error(method, path, key, expected, value):
    """The CoprError of a 200 answer whose ``key`` is not ``expected`` (never Python's exception text)."""
    return CoprError(200, method, path, "unexpected answer: %s should be %s, got %s; is api_url a Copr server "
                     "of a supported version?" % (key, expected, _kind_of(value)), reason=REASON_SHAPE)


def _is(value, types):
    """Whether value is of types; a bool is not an int unless types names bool."""
    return isinstance(value, types) and not (isinstance(value, bool) and bool not in _as_tuple(types))


def check_shape(value, types, method, path, key, expected):
    """``value`` when it is of ``types`` (a bool is not an int), else raise ``shape_error``."""
    if _is(value, types):
        return value
    raise shape_error(method, path, key, expected, value)


def _as_tuple(types):
    return types if isinstance(types, tuple) else (types,)


# The keys of a project object the collection reads, and their shape (copr-api-v3.md section 4). A key that is
# absent is not checked (callers read with .get); "name" must be there.
_OPTIONAL_TEXT = ((str, type(None)), "a string or null")
_OPTIONAL_BOOL = ((bool, type(None)), "true, false or null")
_OPTIONAL_INT = ((int, type(None)), "a whole number or null")
PROJECT_SHAPE = {
    "name": (str, "a string"),
    "ownername": (str, "a string"),
    "full_name": (str, "a string"),
    "id": _OPTIONAL_INT,
    "persistent": _OPTIONAL_BOOL,
    "additional_repos": "strings",
    "storage": _OPTIONAL_TEXT,
    "homepage": _OPTIONAL_TEXT,
    "contact": _OPTIONAL_TEXT,
    "description": _OPTIONAL_TEXT,
    "instructions": _OPTIONAL_TEXT,
    "devel_mode": _OPTIONAL_BOOL,
    "unlisted_on_hp": _OPTIONAL_BOOL,
    "auto_prune": _OPTIONAL_BOOL,
    "enable_net": _OPTIONAL_BOOL,
    "bootstrap": _OPTIONAL_TEXT,
    "isolation": _OPTIONAL_TEXT,
    "module_hotfixes": _OPTIONAL_BOOL,
    "appstream": _OPTIONAL_BOOL,
    "packit_forge_projects_allowed": "strings",
    "follow_fedora_branching": _OPTIONAL_BOOL,
    "repo_priority": _OPTIONAL_INT,
    "chroot_repos": "repos",
}


def _fits(value, shape):
    """Whether value has the shape, without building the names an error needs (a list has 10,000 projects)."""
    if shape == "strings":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if shape == "repos":
        return isinstance(value, dict) and all(isinstance(url, str) for url in value.values())
    return _is(value, shape[0])


def check_project(data, method, path, where=None):
    """``data`` when it is a project object whose keys read by the collection have their shape (see
    ``PROJECT_SHAPE``), else raise a ``CoprError`` naming the endpoint and the key."""
    if isinstance(data, dict) and "name" in data and all(
            _fits(data[key], shape) for key, shape in PROJECT_SHAPE.items() if key in data):
        return data
    prefix = where + "." if where else ""
    check_shape(data, dict, method, path, where or "the answer", "a project object")
    if "name" not in data:
        raise shape_error(method, path, prefix + "name", "a string", None)
    for key, shape in PROJECT_SHAPE.items():
        if key not in data:
            continue
        value = data[key]
        if shape == "strings":
            check_shape(value, list, method, path, prefix + key, "a list of strings")
            for index, item in enumerate(value):
                check_shape(item, str, method, path, "%s%s[%d]" % (prefix, key, index), "a string")
        elif shape == "repos":
            check_shape(value, dict, method, path, prefix + key, "an object of chroot names and URLs")
            for chroot, url in value.items():
                check_shape(url, str, method, path, "%s%s.%s" % (prefix, key, chroot), "a URL string")
        else:
            types, expected = shape
            check_shape(value, types, method, path, prefix + key, expected)
    return data


class _AttemptTimeout(Exception):
    """An attempt that did not end within the client's timeout (the answer was not complete in time)."""


def _abort(response):
    """Shut down the connection of a response still being read, so that the reading thread stops."""
    if response is None:
        return
    try:
        raw = getattr(response, "raw", None)
        connection = getattr(raw, "_connection", None) or getattr(raw, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is not None:
            import socket

            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # pylint: disable=broad-except  # best effort; the worker ends by requests' own timeout
        pass
    try:
        response.close()
    except Exception:  # pylint: disable=broad-except
        pass


class _NoAuth(AuthBase):
    """Sends no credentials (and stops requests from taking some from ~/.netrc)."""

    def __call__(self, request):
        return request


def _describe_body(response):
    text = response.text or ""
    head = text.lstrip()[:200].lower()
    if not head:
        return "an empty body"
    if head.startswith("<!doctype html") or head.startswith("<html") or "<html" in head or "<body" in head:
        return "a non-JSON body (HTML page, probably from a proxy)"
    snippet = " ".join(text.split())[:120]
    return "a non-JSON body: %s" % snippet


def _innermost_reason(exc):
    """The deepest useful text of a requests/urllib3 exception, without the pool/URL boilerplate."""
    seen = set()
    current = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            current = reason
            continue
        if current.args and isinstance(current.args[0], BaseException):
            current = current.args[0]
            continue
        break
    text = str(current) if current is not None else str(exc)
    # urllib3 prefixes "<urllib3.connection.HTTPSConnection object at 0x...>: " to connection errors
    if ">: " in text:
        text = text.split(">: ", 1)[1]
    return text or exc.__class__.__name__


def _never_sent(exc):
    """True when the request certainly did not reach the server (safe to repeat whatever the method)."""
    if requests is None:
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    current = exc
    seen = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = current.__class__.__name__
        if name in ("NewConnectionError", "ConnectTimeoutError", "NameResolutionError"):
            return True
        nxt = getattr(current, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = nxt
    return False


def _retry_after(response):
    """Seconds asked by a Retry-After header, or None."""
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime
            import datetime

            when = parsedate_to_datetime(value)
            if when.tzinfo is None:
                when = when.replace(tzinfo=datetime.timezone.utc)
            seconds = (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def is_loopback_host(host):
    """True for ``localhost``, ``*.localhost`` and loopback addresses (brackets around IPv6 allowed)."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        import ipaddress

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_api_url(api_url):
    """``https://host/`` or ``https://host/api_3/`` -> ``https://host`` (the Copr web root, no trailing slash).

    Raises ValueError for anything that is not an http(s) URL with a host, or that carries credentials,
    a query or a fragment.
    """
    if not isinstance(api_url, str) or not api_url.strip():
        raise ValueError("api_url must be an http:// or https:// URL, got %r" % (api_url,))
    url = api_url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(
            "api_url must be an http:// or https:// URL such as %s, got %r" % (DEFAULT_API_URL, url)
        )
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "api_url must not contain a user name or password; give them as api_login and api_token"
        )
    if parts.query or parts.fragment:
        raise ValueError("api_url must not have a query string or fragment, got %r" % (url,))
    url = url.rstrip("/")
    if url.endswith("/api_3"):
        url = url[: -len("/api_3")].rstrip("/")
    return url


_CONTROLLER_SESSIONS = []


def controller_session():
    """The one ``requests.Session`` that controller-side code shares within a process (internal).

    The action plugins' in-process path and the lookup run in Ansible's worker process, one per task and host;
    sharing this Session lets the items of a loop, and a lookup in the same task, reuse kept-alive connections
    (and, against the real Copr, TLS sessions). Each request carries its own credentials, and the Session keeps no
    cookies, so nothing of one item's login reaches another.
    """
    if requests is None:
        return None  # CoprClient reports the missing library
    if not _CONTROLLER_SESSIONS:
        session = requests.Session()
        session.cookies.set_policy(http_cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        _CONTROLLER_SESSIONS.append(session)
    return _CONTROLLER_SESSIONS[0]


class CoprClient:
    """One Copr server, one ``requests.Session`` (kept-alive connections), one set of credentials."""

    def __init__(self, api_url, login=None, token=None, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES,
                 validate_certs=True, ca_path=None, log=None, session=None, user_agent=None):
        if requests is None:
            raise REQUESTS_IMPORT_ERROR  # pylint: disable=raising-bad-type
        self.api_url = normalize_api_url(api_url)
        self.base_url = self.api_url + "/api_3"
        self._base_path = urlsplit(self.base_url).path
        self._login = login or None
        self._token = token or None
        self.timeout = float(timeout if timeout is not None else DEFAULT_TIMEOUT)
        if math.isnan(self.timeout) or self.timeout <= 0:
            raise ValueError("timeout must be greater than 0 seconds, got %r" % (timeout,))
        self.retries = int(retries if retries is not None else DEFAULT_RETRIES)
        if not 0 <= self.retries <= MAX_RETRIES:
            raise ValueError("retries must be between 0 and %d, got %r" % (MAX_RETRIES, retries))
        if not validate_certs:
            self.verify = False
        elif ca_path:
            self.verify = ca_path
        else:
            # An explicit bundle path, so REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE cannot replace the default choice.
            self.verify = requests.certs.where()
        self.log = log
        self.session = session if session is not None else requests.Session()
        self.user_agent = user_agent or USER_AGENT
        self.requests_sent = 0
        self.retries_used = 0
        # Hooks for tests: make backoff instant / deterministic.
        self.sleep = time.sleep
        self.random = random.random

    # -- credentials --------------------------------------------------------------------------------------
    @property
    def has_credentials(self):
        return bool(self._login and self._token)

    def __repr__(self):
        return "CoprClient(%r, has_credentials=%r)" % (self.api_url, self.has_credentials)

    def _scrub(self, text):
        """Remove the token (and login, and their Basic encoding) from a text, should a server echo them."""
        if not text:
            return text
        text = str(text)
        secrets = []
        if self._token:
            secrets.append(self._token)
        if self._login:
            secrets.append(self._login)
        if self._login and self._token:
            import base64

            pair = ("%s:%s" % (self._login, self._token)).encode("utf-8")
            secrets.append(base64.b64encode(pair).decode("ascii"))
        for secret in sorted(secrets, key=len, reverse=True):
            if len(secret) >= 4:
                text = text.replace(secret, _REDACTED)
        return text

    def _log(self, line):
        if self.log is not None:
            try:
                self.log(self._scrub(line))
            except Exception:  # pylint: disable=broad-except
                pass

    # -- URLs -----------------------------------------------------------------------------------------------
    def url_for(self, segments, trailing_slash=False):
        """``("project", "add", "@g")`` -> ``<api_url>/api_3/project/add/@g``, each segment percent-encoded
        (with a final ``/`` when ``trailing_slash``)."""
        if isinstance(segments, str):
            segments = (segments,)
        encoded = []
        for segment in segments:
            if not isinstance(segment, str):
                segment = str(segment)
            if segment in ("", ".", ".."):
                raise ValueError("invalid URL path segment %r" % (segment,))
            encoded.append(quote(segment, safe="@"))
        return self.base_url + ("/" + "/".join(encoded) if encoded else "/") + ("/" if trailing_slash and encoded else "")

    def _path_of(self, url):
        return urlsplit(url).path

    # -- the one request loop -----------------------------------------------------------------------------
    def _backoff(self, retry_index, response):
        delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** retry_index))
        # "equal jitter": between half and all of the exponential delay
        delay = delay / 2.0 + self.random() * delay / 2.0
        asked = _retry_after(response)
        if asked is not None:
            delay = max(delay, asked)
        return min(BACKOFF_CAP, delay)

    @staticmethod
    def _retryable_status(method, status, message):
        if status in RETRY_STATUSES:
            return True
        if status == 500 and method == "GET":
            # a read changes nothing, so a crash answer (often a passing database or proxy hiccup) is retried
            return True
        if status == 500 and message:
            lowered = message.lower()
            return any(marker in lowered for marker in IN_PROGRESS_MARKERS)
        return False

    def _parse(self, response, method, path, owner, attempts):
        """(data, None) for a 200 with JSON, else (None, CoprError)."""
        status = response.status_code
        try:
            data = response.json()
            is_json = True
        except ValueError:
            data = None
            is_json = False
        if status == 200:
            if not is_json:
                return None, CoprError(
                    status, method, path,
                    self._scrub("HTTP 200 with %s; is api_url (%s) a Copr server?"
                                % (_describe_body(response), self.api_url)),
                    attempts=attempts, owner=owner, reason=REASON_NON_JSON)
            return data, None
        if 300 <= status < 400:
            location = response.headers.get("Location", "")
            return None, CoprError(
                status, method, path,
                self._scrub("redirected to %s; set api_url to the final address" % (location or "another URL")),
                attempts=attempts, owner=owner, reason=REASON_REDIRECT)
        if is_json and isinstance(data, dict) and data.get("error"):
            message = str(data["error"])
            reason = REASON_JSON
            if status == HTTPStatus.NOT_FOUND and _NO_ENDPOINT_MARKER in message.lower():
                reason = REASON_NO_ENDPOINT
        elif is_json:
            message = "HTTP %d with a JSON body without an error message" % status
            reason = REASON_JSON_OTHER
        else:
            message = "HTTP %d with %s" % (status, _describe_body(response))
            reason = REASON_NON_JSON
        return None, CoprError(status, method, path, self._scrub(message), attempts=attempts, owner=owner,
                               reason=reason)

    def request(self, method, segments, params=None, body=None, auth=False, retry=None, before_retry=None,
                owner=None, trailing_slash=False, files=None, page=False):
        """Send one API call (with retries) and return the decoded JSON of its 200 answer.

        ``segments``: path segments after ``/api_3/``, each percent-encoded here. ``auth``: send the
        credentials (HTTP Basic). ``retry``: whether failures that may have reached the server are retried
        (default: yes except for POST). ``before_retry``: callable run before each retry; a non-None result
        is returned instead of retrying. ``files``: ``[(name, (filename, bytes, content type))]`` sent as
        multipart parts beside the body, which then goes as a ``json`` file part (as python-copr sends it).
        ``page``: the segments name a web page of the frontend outside ``/api_3``; its 200 body is returned as
        bytes, and a 404 as None. Raises ``CoprError``.
        """
        method = method.upper()
        url = self.url_for(segments, trailing_slash=trailing_slash)
        if page:
            url = self.api_url + url[len(self.base_url):]
        path = self._path_of(url)
        if params:
            params = dict((k, v) for k, v in params.items() if v is not None)
        if retry is None:
            retry = method != "POST"
        if auth and not self.has_credentials:
            raise CoprError(None, method, path,
                            "this request needs credentials (api_login and api_token); no request was sent",
                            attempts=0, owner=owner, reason=REASON_NOT_SENT)
        shown = path + ("?" + urlencode(sorted(params.items())) if params else "")
        kwargs = self._send_options(method, params, body, auth, files)
        parse = self._parse_page if page else self._parse
        attempt = 0
        while True:
            attempt += 1
            self.requests_sent += 1
            started = time.time()
            try:
                response = self._send_bounded(method, url, kwargs)
            except Exception as exc:  # requests' exceptions, and anything a transport adapter raises
                error, can_retry, not_sent = self._network_error(exc, method, path, owner, attempt)
                self._log("%s %s -> %s" % (method, shown, error.message))
                response, what = None, error.message
                # a request that certainly never left may be sent again, without asking before_retry
                may_repeat = retry or before_retry is not None or not_sent
                check = None if not_sent else before_retry
            else:
                data, error = parse(response, method, path, owner, attempt)
                self._log("%s %s -> HTTP %s (%.2f s)" % (method, shown, response.status_code, time.time() - started))
                if error is None:
                    return data
                can_retry = self._retryable_status(method, error.status, error.message)
                what = "HTTP %s (%s)" % (error.status, error.message)
                # 429 means the server refused the request without processing it.
                may_repeat = retry or before_retry is not None or error.status == 429
                check = None if error.status == 429 else before_retry
            if not (can_retry and may_repeat and attempt <= self.retries):
                raise error
            result = self._wait_before_retry(method, shown, what, attempt, response, check)
            if result is not None:
                return result

    def _send_bounded(self, method, url, kwargs):
        """One attempt, connect to last byte, within ``self.timeout`` seconds.

        requests' own timeout bounds each socket operation, so a server that trickles its answer (headers or
        body) one byte at a time would keep an attempt alive for as long as it likes. The attempt runs in a
        worker thread that reads the whole body; when it is not done in time, the connection is shut down (which
        ends a read in progress) and the attempt counts as timed out. requests' per-operation timeout stays as
        well, so a worker left behind ends by itself.
        """
        outcome = {}

        def attempt():
            try:
                response = self.session.request(method, url, stream=True, **kwargs)
                outcome["response"] = response
                response.content  # pylint: disable=pointless-statement  # read the whole body
                outcome["done"] = True
            except BaseException as exc:  # pylint: disable=broad-except  # re-raised in the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=attempt, name="copr-request", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if "error" in outcome:
            raise outcome["error"]
        if outcome.get("done"):
            return outcome["response"]
        _abort(outcome.get("response"))
        raise _AttemptTimeout("the whole answer did not arrive within %g s" % self.timeout)

    def _send_options(self, method, params, body, auth, files=None):
        """The keyword arguments of ``session.request`` for one call."""
        kwargs = dict(
            params=params or None,
            timeout=self.timeout,
            verify=self.verify,
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            auth=(self._login, self._token) if auth else _NoAuth(),
            allow_redirects=(method == "GET"),
        )
        if files:
            kwargs["files"] = [("json", ("json", json.dumps(body or {}), "application/json"))] + list(files)
        elif body is not None:
            kwargs["json"] = body
        return kwargs

    @staticmethod
    def _parse_page(response, method, path, owner, attempts):
        """(bytes, None) for a 200 web page, (None, None) for a 404, else (None, CoprError)."""
        if response.status_code == 200:
            return response.content, None
        if response.status_code == 404:
            return None, None
        return None, CoprError(response.status_code, method, path, "the page answered HTTP %d" % response.status_code,
                               attempts=attempts, owner=owner, reason=REASON_NON_JSON)

    def _network_error(self, exc, method, path, owner, attempt):
        """(CoprError, retryable, certainly_not_sent) for an exception raised while sending."""
        exceptions = requests.exceptions
        if isinstance(exc, exceptions.SSLError):
            message = ("TLS error: %s (set ca_path to the CA bundle that signs the server's certificate, "
                       "or validate_certs=false for a test server)" % _innermost_reason(exc))
            return CoprError(None, method, path, self._scrub(message), attempts=attempt, owner=owner,
                             reason=REASON_TLS), False, False
        if isinstance(exc, _AttemptTimeout):
            message = "timed out after %g s: the answer did not arrive in full (timeout bounds each attempt, " \
                      "from connecting to the last byte)" % self.timeout
            return CoprError(None, method, path, message, attempts=attempt, owner=owner,
                             reason=REASON_NETWORK), True, False
        if isinstance(exc, exceptions.Timeout):
            not_sent = isinstance(exc, exceptions.ConnectTimeout)
            what = "connecting" if not_sent else "waiting for the answer"
            message = "timed out after %g s %s" % (self.timeout, what)
            return CoprError(None, method, path, message, attempts=attempt, owner=owner,
                             reason=REASON_NETWORK), True, not_sent
        if isinstance(exc, (exceptions.ConnectionError, exceptions.ChunkedEncodingError,
                            exceptions.ContentDecodingError)):
            message = "connection failed: %s" % _innermost_reason(exc)
            return CoprError(None, method, path, self._scrub(message), attempts=attempt, owner=owner,
                             reason=REASON_NETWORK), True, _never_sent(exc)
        message = "request failed: %s: %s" % (exc.__class__.__name__, _innermost_reason(exc))
        return CoprError(None, method, path, self._scrub(message), attempts=attempt, owner=owner,
                         reason=REASON_NETWORK), False, False

    def _wait_before_retry(self, method, shown, what, attempt, response, before_retry):
        delay = self._backoff(attempt - 1, response)
        self._log("%s %s: %s; retry %d of %d in %.2f s" % (method, shown, what, attempt, self.retries, delay))
        self.retries_used += 1
        self.sleep(delay)
        if before_retry is not None:
            found = before_retry()
            if found is not None:
                self._log("%s %s: not repeated, the earlier attempt went through" % (method, shown))
                return found
        return None

    # -- projects -------------------------------------------------------------------------------------------
    def _project(self, data, method, segments, owner):
        path = self._path_of(self.url_for(segments))
        try:
            return check_project(data, method, path)
        except CoprError as error:
            error.owner = owner
            raise

    def _items(self, data, method, segments):
        path = self._path_of(self.url_for(segments))
        check_shape(data, dict, method, path, "the answer", "an object with an items list")
        items = check_shape(data.get("items"), list, method, path, "items", "a list of projects")
        for index, item in enumerate(items):
            check_project(item, method, path, "items[%d]" % index)
        return items

    def get_project(self, owner, name):
        """The project as the server sends it, or None when it does not exist (404)."""
        segments = ("project",)
        try:
            data = self.request("GET", segments, params={"ownername": owner, "projectname": name}, owner=owner)
        except CoprError as error:
            if error.missing:
                return None
            raise
        return self._project(data, "GET", segments, owner)

    @staticmethod
    def _paging(limit, offset, order, order_type):
        return {"limit": limit, "offset": offset, "order": order, "order_type": order_type}

    def list_projects(self, owner=None, limit=None, offset=None, order=None, order_type=None):
        """Projects of ``owner`` (all projects without it). Without ``limit``, every project in one request."""
        params = self._paging(limit, offset, order, order_type)
        params["ownername"] = owner
        segments = ("project", "list")
        return self._items(self.request("GET", segments, params=params, owner=owner), "GET", segments)

    def search_projects(self, query, limit=None, offset=None, order=None, order_type=None):
        """Full-text search. Without ``limit``, every match in one request."""
        params = self._paging(limit, offset, order, order_type)
        params["query"] = query
        segments = ("project", "search")
        return self._items(self.request("GET", segments, params=params), "GET", segments)

    def add_project(self, owner, body):
        """POST add with ``exist_ok=True``: an existing project comes back unchanged, so retries are safe."""
        segments = ("project", "add", owner)
        data = self.request("POST", segments, params={"exist_ok": "True"}, body=body, auth=True, retry=True,
                            owner=owner)
        return self._project(data, "POST", segments, owner)

    def create_project(self, owner, body):
        """POST add that tells whether this call created the project: ``(project, True)``, or ``(None, False)``
        when the project exists already (someone else created it; read it to see it).

        The first attempt is sent without ``exist_ok``, so an existing project gets Copr's 400 "... already has a
        project named ..." (or "has not been created (race condition)") and is known not to be ours. Should that
        attempt fail in a way that may have reached the server (lost answer, 5xx, timeout), the remaining attempts
        go through ``add_project`` (``exist_ok=True``): a project found then may be the one the lost attempt made,
        so it counts as created.
        """
        segments = ("project", "add", owner)
        sent_before = self.requests_sent
        try:
            data = self.request("POST", segments, body=body, auth=True, retry=False, owner=owner)
        except CoprError as error:
            if error.status == HTTPStatus.BAD_REQUEST and _says_exists(error.message):
                return None, False
            used = self.requests_sent - sent_before
            if error.status is None:
                retryable = error.reason == REASON_NETWORK and not error.message.startswith("request failed")
            else:
                retryable = self._retryable_status("POST", error.status, error.message)
            if not retryable or used > self.retries:
                raise
            self._wait_before_retry("POST", error.path, error.message, used, None, None)
            retries = self.retries
            self.retries = retries - used
            try:
                return self.add_project(owner, body), True
            finally:
                self.retries = retries
        return self._project(data, "POST", segments, owner), True

    def edit_project(self, owner, name, body):
        segments = ("project", "edit", owner, name)
        data = self.request("PUT", segments, body=body, auth=True, owner=owner)
        return self._project(data, "PUT", segments, owner)

    def delete_project(self, owner, name, last_known=None):
        """DELETE; returns the project as it was before deletion.

        None when it does not exist (404). When an earlier attempt's answer was lost and the retry gets 404,
        the earlier attempt deleted it: ``last_known`` (the project as the caller last saw it) is returned,
        or None.
        """
        segments = ("project", "delete", owner, name)
        retries_before = self.retries_used
        try:
            data = self.request("DELETE", segments, auth=True, owner=owner)
        except CoprError as error:
            if error.missing:
                if self.retries_used > retries_before:
                    self._log("DELETE %s: 404 after a retry; the earlier attempt deleted it"
                              % self._path_of(self.url_for(segments)))
                    return last_known
                return None
            raise
        return self._project(data, "DELETE", segments, owner)

    def fork_project(self, src_owner, src_name, dst_owner, dst_name, confirm=False, before_retry=None):
        """POST fork; returns the destination project.

        Not repeatable by itself: retried (after a lost answer, 5xx from a proxy, timeout) only when
        ``before_retry`` is given; it is called before each retry and, when it returns a project (the
        destination exists now), that project is returned instead of forking again.
        """
        segments = ("project", "fork", src_owner, src_name)
        body = {"ownername": dst_owner, "name": dst_name, "confirm": bool(confirm)}
        data = self.request("POST", segments, body=body, auth=True, retry=False, before_retry=before_retry,
                            owner=dst_owner)
        return self._project(data, "POST", segments, dst_owner)

    def get_rpmrepo(self, owner, name, name_release="fedora-rawhide"):
        """The rpmrepo data of a project (``GET /api_3/rpmrepo/<owner>/<project>/<name-release>/``, anonymous), the
        read path of ``delete_after_days`` and ``runtime_dependencies``; None when the project does not exist.

        Copr memoizes the answer for 2 minutes per project: right after an edit it shows the old values. Only the
        keys the collection reads are checked: ``delete_after_days`` (int, when set) and ``dependencies`` (a list
        of ``{"type": "copr", "data": {"owner", "projectname"}}`` or ``{"data": {"pattern"}}``).
        """
        segments = ("rpmrepo", owner, name, name_release)
        try:
            data = self.request("GET", segments, owner=owner, trailing_slash=True)
        except CoprError as error:
            if error.missing:
                return None
            raise
        where = self._path_of(self.url_for(segments, trailing_slash=True))
        check_shape(data, dict, "GET", where, "the answer", "an object")
        days = data.get("delete_after_days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
            raise shape_error("GET", where, "delete_after_days", "a whole number", days)
        dependencies = data.get("dependencies")
        if dependencies is None:
            dependencies = data["dependencies"] = []
        check_shape(dependencies, list, "GET", where, "dependencies", "a list")
        for index, entry in enumerate(dependencies):
            key = "dependencies[%d]" % index
            check_shape(entry, dict, "GET", where, key, "an object")
            check_shape(entry.get("data"), dict, "GET", where, key + ".data", "an object")
            wanted = ("owner", "projectname") if entry.get("type") == "copr" else ("pattern",)
            for field in wanted:
                check_shape(entry["data"].get(field), str, "GET", where, "%s.data.%s" % (key, field), "a string")
        return data

    def regenerate_repos(self, owner, name):
        segments = ("project", "regenerate-repos", owner, name)
        data = self.request("PUT", segments, auth=True, owner=owner)
        return self._project(data, "PUT", segments, owner)

    def close(self):
        try:
            self.session.close()
        except Exception:  # pylint: disable=broad-except
            pass
