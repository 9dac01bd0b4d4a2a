# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministic fault injection into /api_3 requests, decided before the request touches the state."""

import random
import threading

KINDS = ("500", "502_html", "503_html", "in_progress", "drop", "drop_after_commit", "latency")

HTML_502 = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
            "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
HTML_503 = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>503 Service Unavailable"
            "</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service "
            "your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n"
            "</body></html>\n")
# ActionInProgressException texts (coprs_logic.py delete_unsafe, builds_logic.py), with a createrepo action.
IN_PROGRESS_ACTION = "Action 3 on repository, old value: None, new value: None."
IN_PROGRESS_DELETE = "Can't delete this project, another operation is in progress: " + IN_PROGRESS_ACTION
IN_PROGRESS_OTHER = "Can't build while there is an operation in progress: " + IN_PROGRESS_ACTION


class FaultSpecError(ValueError):
    pass


class Faults:
    """``{"rate", "kinds", "latency_seconds" (alias "latency"), "seed", "methods", "paths"}``."""

    def __init__(self):
        self.lock = threading.Lock()
        self.spec = None
        self.rng = None

    def configure(self, spec):
        if spec is None:
            with self.lock:
                self.spec, self.rng = None, None
            return None
        if not isinstance(spec, dict):
            raise FaultSpecError("the fault spec must be a JSON object")
        kinds = list(spec.get("kinds") or KINDS)
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise FaultSpecError("unknown fault kinds: {} (known: {})".format(unknown, list(KINDS)))
        try:
            rate = float(spec.get("rate", 0.0))
            latency = float(spec.get("latency_seconds", spec.get("latency", 0.3)))
        except (TypeError, ValueError) as exc:
            raise FaultSpecError("rate and latency_seconds must be numbers") from exc
        if not 0.0 <= rate <= 1.0:
            raise FaultSpecError("rate must be between 0 and 1")
        clean = {"rate": rate, "kinds": kinds, "latency_seconds": latency, "seed": spec.get("seed", 0),
                 "methods": [m.upper() for m in spec["methods"]] if spec.get("methods") else None,
                 "paths": list(spec["paths"]) if spec.get("paths") else None}
        with self.lock:
            self.spec = clean
            self.rng = random.Random(clean["seed"])
        return clean

    def current(self):
        with self.lock:
            return dict(self.spec) if self.spec else None

    def decide(self, method, path):
        """The fault kind for this request, or None. Draws in request arrival order (deterministic)."""
        with self.lock:
            spec = self.spec
            if not spec or not path.startswith("/api_3"):
                return None
            if spec["methods"] and method.upper() not in spec["methods"]:
                return None
            if spec["paths"] and not any(path.startswith(prefix) for prefix in spec["paths"]):
                return None
            if self.rng.random() >= spec["rate"]:
                return None
            return self.rng.choice(spec["kinds"])

    def latency(self):
        spec = self.current()
        return spec["latency_seconds"] if spec else 0.0
