# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``CoprClient`` over a real loopback socket: connection reuse, auth on the wire, read timeouts.

These live here rather than in tests/unit because ansible-test runs unit tests in forked processes, where a
threaded server can deadlock. The client has no imports from the collection or Ansible, so it is loaded
straight from its file.
"""

from __future__ import annotations

import base64
import json

import pytest

pytest.importorskip("requests")

from support.client import load_client_module  # noqa: E402
from support.seed import DEMO  # noqa: E402

_client = load_client_module()
CoprClient = _client.CoprClient
CoprError = _client.CoprError

LOGIN, TOKEN = DEMO
BASIC = base64.b64encode(("%s:%s" % (LOGIN, TOKEN)).encode()).decode()

PROJECT = {
    "name": "hello", "ownername": "demo", "full_name": "demo/hello", "id": 1,
    "chroot_repos": {"fedora-40-x86_64": "https://download.example/results/demo/hello/fedora-40-x86_64/"},
}


# -- over a real socket (a throw-away HTTP server on loopback) ----------------------------------------------

class _Server:
    """A tiny HTTP/1.1 server on 127.0.0.1 answering from a script of (status, body, headers, delay)."""

    def __init__(self, script):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.script = list(script)
        self.seen = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.seen.append({"method": self.command, "path": self.path, "port": self.client_address[1],
                                    "authorization": self.headers.get("Authorization")})
                status, body, headers, delay = server.script.pop(0) if server.script else (200, PROJECT, {}, 0)
                if delay:
                    import time

                    time.sleep(delay)
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    servers = []

    def start(*script):
        servers.append(_Server(script))
        return servers[-1]

    yield start
    for item in servers:
        item.close()


def live_client(url, **kwargs):
    result = CoprClient(url, login=LOGIN, token=TOKEN, **kwargs)
    result.slept = []
    result.sleep = result.slept.append
    return result


def test_live_connection_reuse_and_auth_on_the_wire(server):
    srv = server()
    c = live_client(srv.url)
    c.get_project("demo", "hello")
    c.edit_project("demo", "hello", {"description": "x"})
    c.get_project("demo", "hello")
    assert len(set(x["port"] for x in srv.seen)) == 1
    assert [x["authorization"] for x in srv.seen] == [None, "Basic " + BASIC, None]
    c.close()


def test_live_retry_after_html_502_and_read_timeout(server):
    srv = server((502, "<html><body>Bad Gateway</body></html>", {"Content-Type": "text/html"}, 0),
                 (200, PROJECT, {}, 1.5),
                 (503, {"error": "busy"}, {"Retry-After": "5"}, 0),
                 (200, PROJECT, {}, 0))
    c = live_client(srv.url, timeout=0.5, retries=3)
    c.random = lambda: 0.0
    assert c.get_project("demo", "hello") == PROJECT
    assert c.requests_sent == 4 and c.retries_used == 3
    assert c.slept == [0.25, 0.5, 5.0]
    c.close()


def test_live_html_error_page(server):
    srv = server((502, "<!DOCTYPE html><html><body>Bad Gateway</body></html>", {"Content-Type": "text/html"}, 0))
    c = live_client(srv.url, retries=0)
    with pytest.raises(CoprError) as info:
        c.get_project("demo", "hello")
    assert info.value.message == "HTTP 502 with a non-JSON body (HTML page, probably from a proxy)"
    c.close()
