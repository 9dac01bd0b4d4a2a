# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Misbehaving TCP servers on loopback (never anything else) for timeout tests."""

from __future__ import annotations

import socket
import threading
import time


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers; records when each connection came and went.

    ``trickle``: instead of silence, answer a 200 with a long body sent one byte every ``trickle`` seconds.
    """

    def __init__(self, trickle=None, body_length=200):
        self.trickle = trickle
        self.body_length = body_length
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.connections = []  # [{"accepted": t, "closed": t or None, "received": bytes}]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = []
        self._sockets = []

    def __enter__(self):
        thread = threading.Thread(target=self._accept_loop, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc):
        self._stop.set()
        try:
            self.listener.close()
        except OSError:
            pass
        for sock in list(self._sockets):
            try:
                sock.close()
            except OSError:
                pass
        for thread in self._threads:
            thread.join(timeout=2)

    def _accept_loop(self):
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                sock, _address = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            record = {"accepted": time.monotonic(), "closed": None, "received": b""}
            with self._lock:
                self.connections.append(record)
                self._sockets.append(sock)
            thread = threading.Thread(target=self._hold, args=(sock, record), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _hold(self, sock, record):
        """Read what the client sends (never answer) until it hangs up."""
        sock.settimeout(0.2)
        answered = False
        next_byte = None
        sent = 0
        while not self._stop.is_set():
            if self.trickle and answered and sent < self.body_length and time.monotonic() >= next_byte:
                try:
                    sock.sendall(b"x")
                except OSError:
                    break
                sent += 1
                next_byte = time.monotonic() + self.trickle
            try:
                data = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not data:
                break
            record["received"] += data
            if self.trickle and not answered and b"\r\n\r\n" in record["received"]:
                head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                        % self.body_length).encode("ascii")
                try:
                    sock.sendall(head)
                except OSError:
                    break
                answered = True
                next_byte = time.monotonic()
        record["closed"] = time.monotonic()
        try:
            sock.close()
        except OSError:
            pass

    @property
    def accepted(self):
        with self._lock:
            return len(self.connections)

    def span(self):
        """Seconds from the first connection to the last hang-up (None if nothing came)."""
        with self._lock:
            if not self.connections:
                return None
            first = min(c["accepted"] for c in self.connections)
            last = max((c["closed"] or time.monotonic()) for c in self.connections)
            return last - first
