# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``running_emulator``: the emulator in a thread on a free loopback port, for pytest."""

import contextlib
import copy
import json

from . import DEFAULT_SEED_PATH
from .app import Emulator, Server
from .model import load_seed


class RunningEmulator:
    def __init__(self, emulator, server):
        self.emulator = emulator
        self.server = server
        self.url = server.url
        self.port = server.port

    @property
    def state(self):
        return self.emulator.state

    def requests(self):
        return self.emulator.log.all()

    def clear_requests(self):
        self.emulator.log.clear()

    def reset(self):
        self.emulator.reset()

    def set_faults(self, spec):
        return self.emulator.faults.configure(spec)

    def clear_faults(self):
        self.emulator.faults.configure(None)

    def expire_caches(self, kind=None):
        """Forget the cached rpmrepo / .repo answers (``kind``: "rpmrepo", "repo_file" or None for both)."""
        with self.state.lock:
            self.state.expire_caches(kind)

    def set_cache_seconds(self, rpmrepo=None, repo_file=None):
        """Change the cache TTLs until the next reset (0 turns a cache off)."""
        with self.state.lock:
            for kind, value in (("rpmrepo", rpmrepo), ("repo_file", repo_file)):
                if value is not None:
                    self.state.cache_seconds[kind] = float(value)


@contextlib.contextmanager
def running_emulator(seed=None, faults=None, cache_seconds=None):
    """``seed``: a dict, a path, or None (default-seed.json). ``faults``: a fault spec dict (or JSON text).
    ``cache_seconds``: ``{"rpmrepo_seconds": N, "repo_file_seconds": N}`` (overrides the seed's ``cache``)."""
    if seed is None:
        seed = load_seed(DEFAULT_SEED_PATH)
    elif isinstance(seed, (str, bytes)) or hasattr(seed, "__fspath__"):
        seed = load_seed(seed)
    else:
        seed = copy.deepcopy(seed)
    if isinstance(faults, str):
        faults = json.loads(faults)
    emulator = Emulator(seed, faults=faults, cache_seconds=cache_seconds)
    server = Server(emulator, 0).start()
    try:
        yield RunningEmulator(emulator, server)
    finally:
        server.stop()
