# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Timing: repeated measurements, medians, ratios, and one child process's wall time and peak RSS."""

import statistics
import subprocess
import tempfile


def median(values):
    return statistics.median(values) if values else float("nan")


def ratio(a, b):
    return a / b if b else float("nan")


# A small launcher between the benchmark process and the measured command. Linux's ru_maxrss of an exec'd
# child starts at the RSS of the process it was forked (or vforked) from, so spawning straight from this big
# runner would report the runner's size; the launcher (python -I -S, a few MiB) keeps that floor low.
LAUNCHER = """
import json, os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(cmd[0], cmd, os.environ)
_pid, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, "w") as handle:
    json.dump({"wall": wall, "maxrss_kb": usage.ru_maxrss, "rc": os.waitstatus_to_exitcode(status)}, handle)
"""


def run_measured(cmd, env=None, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, cwd=None, python=None):
    """Run cmd (cmd[0] an absolute path); return (returncode, wall seconds, peak RSS MiB of that process, stderr).

    Wall time and the peak RSS (os.wait4 rusage of that child alone) are taken by the launcher."""
    import json
    import sys
    with tempfile.TemporaryFile() as errfile, tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        launcher = [python or sys.executable, "-I", "-S", "-c", LAUNCHER, result.name] + list(cmd)
        proc = subprocess.run(launcher, env=env, stdout=stdout, stderr=errfile, stdin=stdin, cwd=cwd, check=False)
        errfile.seek(0)
        err = errfile.read().decode(errors="replace")
        try:
            with open(result.name, encoding="utf-8") as handle:
                data = json.load(handle)
        except ValueError:
            return proc.returncode or 1, float("nan"), float("nan"), err
    return data["rc"], data["wall"], data["maxrss_kb"] / 1024.0, err


def launcher_floor_mib(python=None):
    """RSS floor of a measured child: the peak RSS reported for a bare `python -I -S -c pass` run the same way."""
    import sys
    _rc, _wall, rss, _err = run_measured([python or sys.executable, "-I", "-S", "-c", "pass"])
    return rss
