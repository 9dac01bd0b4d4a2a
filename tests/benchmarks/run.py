# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""fedora.copr benchmark suite (`make bench`): starts the emulator on a free loopback port, measures, prints
tables, and writes them to tests/output/bench/results.json (and results.md; --quick or --only runs write
results-partial.*).

Sections: 1 requests per operation, 2 wall time ratios, 3 listing scale (3, 3b memory, 3c where the time goes),
4 import cost. fedora.copr tasks run on the in-process path (the default); rows marked "switch off" run with
FEDORA_COPR_IN_PROCESS=false (one module process per task or item).
Usage: python tests/benchmarks/run.py [--quick] [--only 1,2,3,4]
"""

import argparse
import datetime
import os
import platform
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_imports  # noqa: E402
import bench_requests  # noqa: E402
import bench_scale  # noqa: E402
import bench_walltime  # noqa: E402
import tables  # noqa: E402
from emulator_ctl import REPO, Emulator  # noqa: E402
from playbooks import PYTHON, Workspace  # noqa: E402

OUTPUT = os.path.join(REPO, "tests", "output", "bench")


def machine():
    import ansible
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "ansible_core": ansible.__version__,
        "platform": platform.platform(),
        "python_executable": PYTHON,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke test, not for reporting)")
    parser.add_argument("--only", default="1,2,3,4", help="comma-separated sections to run")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    repeats, prov_repeats = (2, 1) if args.quick else (7, 5)
    scale_repeats, import_repeats = (1, 2) if args.quick else (5, 7)

    started = time.perf_counter()
    meta = machine()
    print("fedora.copr benchmarks - {date_utc}, {nproc} CPUs, Python {python}, ansible-core {ansible_core}\n"
          .format(**meta), flush=True)
    ws = Workspace()
    done, raw = [], {}

    def show(shown, data):
        shown = shown if isinstance(shown, list) else [shown]   # a section gives one table or several
        raw[shown[0].key] = data
        for table in shown:
            done.append(table)
            print(table.render() + "\n", flush=True)

    try:
        if only & {"1", "2"}:
            with Emulator() as emu:
                if "1" in only:
                    show(*bench_requests.run(emu, ws))
                if "2" in only:
                    show(*bench_walltime.run(emu, ws, repeats=repeats, provision_repeats=prov_repeats))
        if "3" in only:
            show(*bench_scale.run(ws, repeats=scale_repeats))
        if "4" in only:
            show(*bench_imports.run(ws.module_pythonpath_env("http://127.0.0.1:9"), repeats=import_repeats))
    finally:
        if not args.keep:
            shutil.rmtree(ws.root, ignore_errors=True)
    meta["runtime_seconds"] = round(time.perf_counter() - started, 1)
    meta["quick"] = args.quick
    # quick or partial runs never overwrite the full run's results
    stem = "results" if not args.quick and only >= {"1", "2", "3", "4"} else "results-partial"
    tables.write_json(os.path.join(OUTPUT, stem + ".json"), done, dict(meta, raw=raw))
    with open(os.path.join(OUTPUT, stem + ".md"), "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(t.render() for t in done) + "\n")
    summary = ", ".join("{}: {}".format(t.key, t.verdict) for t in done)
    print("Summary: {}. Total runtime {:.0f} s. Results: {}".format(
        summary, meta["runtime_seconds"], os.path.relpath(os.path.join(OUTPUT, stem + ".json"), os.getcwd())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
