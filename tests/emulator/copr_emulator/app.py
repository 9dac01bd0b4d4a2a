# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flask application, the request hooks (faults, request log) and the threaded loopback server."""

import logging
import socket
import threading
import time

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.serving import make_server

from . import control, views_chroots, views_general, views_projects
from .faults import HTML_502, HTML_503, IN_PROGRESS_DELETE, IN_PROGRESS_OTHER, Faults
from .model import State
from .output import CRASH, METHOD_NOT_ALLOWED, NO_ENDPOINT, ApiError, json_response
from .reqlog import RequestLog


class Emulator:
    """State + request log + faults + the Flask app serving them."""

    def __init__(self, seed, faults=None):
        self.state = State(seed)
        self.log = RequestLog()
        self.faults = Faults()
        if faults:
            self.faults.configure(faults)
        self.app = create_app(self)

    def reset(self):
        with self.state.lock:
            self.state.reset()
        self.log.clear()
        self.faults.configure(None)


def _drop_connection():
    """Close the client connection without an HTTP answer."""
    sock = request.environ.get("werkzeug.socket")
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    except OSError:
        pass
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def create_app(emulator):  # pylint: disable=too-many-statements
    app = Flask("copr_emulator")
    app.url_map.strict_slashes = False
    state = emulator.state

    @app.before_request
    def before():
        g.fault = None
        g.drop = False
        if not request.path.startswith("/api_3"):
            return None
        kind = emulator.faults.decide(request.method, request.path)
        g.fault = kind
        if kind is None:
            return None
        if kind == "latency":
            time.sleep(emulator.faults.latency())
            return None
        if kind == "drop_after_commit":
            g.drop = True
            return None
        if kind == "drop":
            g.drop = True
            return Response(b"", status=200)
        if kind == "500":
            return ApiError(500, CRASH).response()
        if kind == "502_html":
            return Response(HTML_502, status=502, mimetype="text/html")
        if kind == "503_html":
            return Response(HTML_503, status=503, mimetype="text/html", headers={"Retry-After": "1"})
        if kind == "in_progress":
            message = IN_PROGRESS_DELETE if request.method in ("DELETE",) or "/delete/" in request.path \
                else IN_PROGRESS_OTHER
            return ApiError(500, message).response()
        return None

    @app.after_request
    def after(response):
        if request.path.startswith("/api_3"):
            fault = getattr(g, "fault", None)
            dropped = getattr(g, "drop", False)
            emulator.log.add(request.method, request.path, request.query_string.decode("latin-1"),
                             None if dropped else response.status_code, fault)
            if dropped:
                _drop_connection()
        return response

    @app.errorhandler(ApiError)
    def api_error(error):
        return error.response()

    @app.errorhandler(NotFound)
    def not_found(error):
        if request.path.startswith("/api_3/") or request.path == "/api_3":
            return json_response({"error": NO_ENDPOINT}, 404, compact=True)
        return error

    @app.errorhandler(MethodNotAllowed)
    def method_not_allowed(error):
        if request.path.startswith("/api_3"):
            compact = request.path.rstrip("/") == "/api_3"
            return json_response({"error": METHOD_NOT_ALLOWED}, 405, compact=compact)
        return error

    @app.errorhandler(Exception)
    def crash(error):
        if isinstance(error, HTTPException):
            return error
        logging.getLogger("copr_emulator").exception("crash")
        return json_response({"error": CRASH}, 500)

    views_general.register(app, state)
    views_projects.register(app, state)
    views_chroots.register(app, state)
    control.register(app, emulator)
    return app


class Server:
    """The app served by a threaded werkzeug server on 127.0.0.1 (port 0 = a free port)."""

    def __init__(self, emulator, port=0):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.emulator = emulator
        self.httpd = make_server("127.0.0.1", port, emulator.app, threaded=True)
        self.port = self.httpd.server_port
        self.url = "http://127.0.0.1:{}".format(self.port)
        self.thread = None

    def serve_forever(self):
        self.httpd.serve_forever()

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="copr-emulator", daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(timeout=10)
