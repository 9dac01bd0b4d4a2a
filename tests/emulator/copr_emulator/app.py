# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flask application, the request hooks (faults, request log) and the threaded loopback server."""

import copy
import importlib
import logging
import socket
import threading
import time

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.serving import make_server

from .api import CRASH, EXTENSION, METHOD_NOT_ALLOWED, NO_ENDPOINT, ApiError, json_response
from .faults import HTML_502, HTML_503, IN_PROGRESS_DELETE, IN_PROGRESS_OTHER, Faults
from .hold import Hold
from .model import State
from .reqlog import RequestLog

# The endpoint families: each module has a module-level Flask ``blueprint`` and is registered in this order. A
# family whose module is not there (yet) is skipped, so adding a family is adding its module to this list.
FAMILIES = ("views_general", "views_projects", "views_chroots", "views_rpmrepo", "views_permissions",
            "views_packages", "control")


def family_blueprints():
    """The blueprints of the families present, in ``FAMILIES`` order."""
    blueprints = []
    for name in FAMILIES:
        try:
            module = importlib.import_module("." + name, __package__)
        except ModuleNotFoundError as error:
            if error.name != "{}.{}".format(__package__, name):
                raise
            continue
        blueprints.append(module.blueprint)
    return blueprints


class Emulator:
    """State + request log + faults + the Flask app serving them.

    ``cache_seconds`` (``{"rpmrepo_seconds": N, "repo_file_seconds": N}``) overrides the seed's ``cache``
    section, also after ``reset()``."""

    def __init__(self, seed, faults=None, cache_seconds=None):
        if cache_seconds:
            seed = copy.deepcopy(seed)
            seed["cache"] = dict(seed.get("cache") or {}, **cache_seconds)
        self.state = State(seed)
        self.log = RequestLog()
        self.faults = Faults()
        self.hold = Hold()
        if faults:
            self.faults.configure(faults)
        self.app = create_app(self)

    def reset(self):
        with self.state.lock:
            self.state.reset()
        self.log.clear()
        self.faults.configure(None)
        self.hold.configure(None)


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


def _fault_response(kind):
    """The answer a fault gives instead of the view's (None: the request goes on)."""
    if kind == "latency":
        time.sleep(current_app.extensions[EXTENSION].faults.latency())
        return None
    if kind in ("drop_after_commit", "drop"):
        g.drop = True
        return Response(b"", status=200) if kind == "drop" else None
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


def _before_request():
    """Faults are decided for /api_3 requests before they touch the state."""
    g.fault = None
    g.drop = False
    if not request.path.startswith("/api_3"):
        return None
    current_app.extensions[EXTENSION].hold.wait(request.method, request.path)
    g.fault = current_app.extensions[EXTENSION].faults.decide(request.method, request.path)
    return None if g.fault is None else _fault_response(g.fault)


def _after_request(response):
    """The request log (/api_3 only); a dropped connection is closed here."""
    if request.path.startswith("/api_3"):
        dropped = getattr(g, "drop", False)
        current_app.extensions[EXTENSION].log.add(
            request.method, request.path, request.query_string.decode("latin-1"),
            None if dropped else response.status_code, getattr(g, "fault", None))
        if dropped:
            _drop_connection()
    return response


def _not_found(error):
    if request.path.startswith("/api_3/") or request.path == "/api_3":
        return json_response({"error": NO_ENDPOINT}, 404, compact=True)
    return error


def _method_not_allowed(error):
    if request.path.startswith("/api_3"):
        compact = request.path.rstrip("/") == "/api_3"
        return json_response({"error": METHOD_NOT_ALLOWED}, 405, compact=compact)
    return error


def _crash(error):
    if isinstance(error, HTTPException):
        return error
    logging.getLogger("copr_emulator").exception("crash")
    return json_response({"error": CRASH}, 500)


def create_app(emulator):
    """The Flask app of ``emulator``: hooks, error bodies, and every family's blueprint."""
    app = Flask("copr_emulator")
    app.url_map.strict_slashes = False
    app.extensions[EXTENSION] = emulator
    app.before_request(_before_request)
    app.after_request(_after_request)
    app.register_error_handler(ApiError, lambda error: error.response())
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(MethodNotAllowed, _method_not_allowed)
    app.register_error_handler(Exception, _crash)
    for blueprint in family_blueprints():
        app.register_blueprint(blueprint)
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
