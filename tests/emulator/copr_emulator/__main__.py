# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``python -m copr_emulator --port N [--seed FILE] [--faults SPEC]``: first stdout line is the base URL."""

import argparse
import json
import signal
import sys
import threading

from . import DEFAULT_SEED_PATH
from .app import Emulator, Server
from .model import load_seed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="copr_emulator", description="Local Copr API v3 emulator (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--seed", default=DEFAULT_SEED_PATH, help="seed JSON file (default: default-seed.json)")
    parser.add_argument("--faults", default=None, help="fault spec: JSON text, or @FILE")
    args = parser.parse_args(argv)
    faults = None
    if args.faults:
        text = args.faults
        if text.startswith("@"):
            with open(text[1:], encoding="utf-8") as handle:
                text = handle.read()
        faults = json.loads(text)
    emulator = Emulator(load_seed(args.seed), faults=faults)
    server = Server(emulator, args.port)
    print(server.url, flush=True)
    stop = threading.Event()

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server.start()
    while not stop.wait(0.5):
        pass
    server.stop()
    print("copr emulator stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
