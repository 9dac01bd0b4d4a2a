# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parallel adds from threads: exactly one project per name."""

import threading

import requests
from conftest import DEMO


def test_parallel_adds(emulator):
    results = []
    lock = threading.Lock()

    def worker(name):
        response = requests.post(emulator.url + "/api_3/project/add/demo", auth=DEMO, timeout=30,
                                 json={"name": name, "chroots": ["fedora-40-x86_64"]})
        with lock:
            results.append((name, response.status_code))

    names = ["same"] * 8 + ["distinct-%d" % i for i in range(8)]
    threads = [threading.Thread(target=worker, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    same = sorted(status for name, status in results if name == "same")
    assert same == [200] + [400] * 7
    listed = requests.get(emulator.url + "/api_3/project/list", timeout=30).json()["items"]
    assert sorted(p["name"] for p in listed) == sorted(set(names))
    assert len({p["id"] for p in listed}) == len(listed)
