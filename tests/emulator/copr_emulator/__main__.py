# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``python -m copr_emulator --port N [--seed FILE] [--faults SPEC] [--rpmrepo-cache-seconds S]
[--repo-file-cache-seconds S]``: first stdout line is the base URL."""

import argparse
import json
import signal
import sys
import threading

from . import DEFAULT_SEED_PATH
from .app import Emulator, Server
from .model import load_seed


def _parser():
    parser = argparse.ArgumentParser(prog="copr_emulator", description="Local Copr API v3 emulator (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--seed", default=DEFAULT_SEED_PATH, help="seed JSON file (default: default-seed.json)")
    parser.add_argument("--faults", default=None, help="fault spec: JSON text, or @FILE")
    parser.add_argument("--rpmrepo-cache-seconds", type=float, default=None,
                        help="how long rpmrepo answers are cached per project (Copr: 120; 0: no cache)")
    parser.add_argument("--repo-file-cache-seconds", type=float, default=None,
                        help="how long dnf .repo files are cached (Copr: 300; 0: no cache)")
    return parser


def _faults(text):
    """The fault spec of ``--faults``: JSON text, or ``@FILE``."""
    if not text:
        return None
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as handle:
            text = handle.read()
    return json.loads(text)


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    cache_seconds = {key: value for key, value in (("rpmrepo_seconds", args.rpmrepo_cache_seconds),
                                                   ("repo_file_seconds", args.repo_file_cache_seconds))
                     if value is not None}
    if any(value < 0 for value in cache_seconds.values()):
        parser.error("cache seconds must not be negative")
    emulator = Emulator(load_seed(args.seed), faults=_faults(args.faults), cache_seconds=cache_seconds)
    server = Server(emulator, args.port)
    print(server.url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda _signum, _frame: stop.set())
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    server.start()
    while not stop.wait(0.5):
        pass
    server.stop()
    print("copr emulator stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
