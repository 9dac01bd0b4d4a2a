# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Section 4: import/start cost (python -X importtime), medians of repeats."""

import re
import subprocess

from playbooks import PYTHON
from tables import Table
from timing import median

TARGETS = [
    ("fedora.copr module_utils._client", "import ansible_collections.fedora.copr.plugins.module_utils._client"),
    ("requests alone", "import requests"),
    ("copr.v3 (python-copr)", "import copr.v3"),
    ("bare interpreter (pass)", "pass"),
]
LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S.*)$")


def total_us(stderr):
    """Sum of the cumulative times of top-level imports (the least-indented entries)."""
    entries = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match:
            entries.append((len(match.group(3)), int(match.group(2))))
    if not entries:
        return None
    top = min(indent for indent, _cum in entries)
    return sum(cum for indent, cum in entries if indent == top)


def run(env, repeats=7):
    results = {label: [] for label, _code in TARGETS}
    failures = []
    for _repeat in range(repeats):
        for label, code in TARGETS:
            proc = subprocess.run([PYTHON, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True,
                                  check=False)
            value = total_us(proc.stderr)
            if proc.returncode != 0 or value is None:
                failures.append("{}: {}".format(label, proc.stderr[-200:]))
            else:
                results[label].append(value / 1000.0)
    bare = median(results["bare interpreter (pass)"])
    base = median(results["requests alone"]) - bare
    table = Table("imports", "4. Import cost (python -X importtime, total of top-level imports, median ms)",
                  ["import", "total ms", "minus bare interpreter ms", "vs requests alone"], "(reported; no target)")
    for label, _code in TARGETS:
        m = median(results[label])
        table.add(label, m, m - bare, "{:.2f}x".format((m - bare) / base) if base > 0 else "n/a")
    table.verdict = "n/a"
    table.note("{} repeats each, interleaved. 'total' sums every top-level entry `-X importtime` prints, "
               "including interpreter start-up imports (site, encodings), which the bare row measures and the "
               "next column subtracts.".format(repeats))
    for f in failures:
        table.note("FAILED: " + f[:300])
    return table, results
