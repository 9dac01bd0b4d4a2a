# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What an Ansible worker does for one in-process fedora.copr task, alone in a process (benchmarks only).

    python inprocess_task.py MODULE ARGS.json [--floor | --detail]

ARGS.json is a module args file (``{"ANSIBLE_MODULE_ARGS": {...}}``, the one the module-process row runs with).
The phases, in the order the worker runs them (plugins/plugin_utils/_in_process.py, ``InProcessAction``):

1. ``inherited``: import the module's action plugin. A real worker does not pay this: the strategy loads the
   action plugin in the controller before it forks the worker, so ansible's controller code, the collection's
   ``_in_process``/``_client`` and ``requests`` are already in its memory. ``--floor`` stops here, so that the
   benchmark can measure what a worker starts with (time and RSS) and subtract it.
2. ``import module``: ``importlib.import_module`` of the module (``_run_in_process``), done in each worker.
3. ``run_main``: ``_in_process.run_main(main, args)`` with the shared ``controller_session()``: argument
   handling, the HTTP request(s), the module's work and its ``exit_json`` (``no_log`` scrub, JSON out).
4. ``parse``: the action's own ``_module_result`` (``_parse_returned_data``), then ``merge_hash`` onto
   ``ActionBase.run``'s empty result, as ``InProcessAction.run`` does.
5. ``to main process``: ``pickle.dumps`` of the result, what the worker's result queue does to send it.

Prints one JSON line (each phase's seconds and the peak RSS so far, VmHWM, at its end; the length of the
result's list, ``projects`` and the like, -1 without one; whether the result failed), then ends with ``os._exit``
as a worker process does. ``--detail`` also times the parts of phases 3 and 4 by wrapping the functions named in
DETAIL (the per-item one, ``with_chroots``, adds about a microsecond a call). With ``PROFILE=path`` in the
environment, phases 2-5 run under cProfile and the stats are written there.
"""

import functools
import json
import os
import sys
import time

START = time.perf_counter()

# (label, module, attribute path): the parts of run_main and parse that --detail times
DETAIL = [
    ("AnsibleModule() argument handling", "ansible.module_utils.basic", "AnsibleModule.__init__"),
    ("HTTP + JSON decode (CoprClient.request)",
     "ansible_collections.fedora.copr.plugins.module_utils._client", "CoprClient.request"),
    ("answer checks (CoprClient._items)",
     "ansible_collections.fedora.copr.plugins.module_utils._client", "CoprClient._items"),
    ("result shaping (_project.with_chroots)", None, "with_chroots"),
    ("no_log scrub (basic.remove_values)", "ansible.module_utils.basic", "remove_values"),
    ("JSON encode + print (_record_module_result)", "ansible.module_utils.basic",
     "AnsibleModule._record_module_result"),
    ("non-JSON filter (_filter_non_json_lines)", "ansible.plugins.action", "_filter_non_json_lines"),
    ("UnifiedTaskResult.from_module_result_dict", "ansible._internal._task",
     "UnifiedTaskResult.from_module_result_dict"),
    ("UnifiedTaskResult.as_result_dict", "ansible._internal._task", "UnifiedTaskResult.as_result_dict"),
]


def peak_rss_mib():
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def _wrap(timers, label, func):
    @functools.wraps(func)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            timers[label] = timers.get(label, 0.0) + time.perf_counter() - start
    return timed


def install_detail(timers, module):
    """Wrap each DETAIL function (``None`` as the module: the module being run) with a timer."""
    import importlib
    for label, owner_name, path in DETAIL:
        try:
            owner = module if owner_name is None else importlib.import_module(owner_name)
        except ImportError:  # ansible._internal._task is ansible-core 2.19+
            continue
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        raw = None if owner is None else owner.__dict__.get(name) if isinstance(owner, type) else getattr(
            owner, name, None)
        if raw is None:
            continue
        if isinstance(raw, classmethod):
            setattr(owner, name, classmethod(_wrap(timers, label, raw.__func__)))
        else:
            setattr(owner, name, _wrap(timers, label, raw))


def main(argv):
    module, args_file = argv[0], argv[1]
    floor, detail = "--floor" in argv[2:], "--detail" in argv[2:]
    with open(args_file, encoding="utf-8") as handle:
        module_args = json.load(handle)["ANSIBLE_MODULE_ARGS"]
    phases, peaks, timers = {}, {}, {}
    mark = [START]

    def phase(name):
        now = time.perf_counter()
        phases[name] = now - mark[0]
        peaks[name] = peak_rss_mib()
        mark[0] = now

    import importlib
    import pickle

    action_name = module.replace(".plugins.modules.", ".plugins.action.")
    action_class = importlib.import_module(action_name).ActionModule
    from ansible.utils.vars import merge_hash
    from ansible_collections.fedora.copr.plugins.module_utils import _client
    from ansible_collections.fedora.copr.plugins.module_utils._module import CoprModule
    from ansible_collections.fedora.copr.plugins.plugin_utils._in_process import run_main
    phase("inherited")
    if floor:
        print(json.dumps({"phases": phases, "peak_mib": peaks, "items": -1, "failed": False}))
        return 0

    profiler = None
    if os.environ.get("PROFILE"):
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    imported = importlib.import_module(module)
    phase("import module")
    if detail:
        install_detail(timers, imported)
        mark[0] = time.perf_counter()
    CoprModule.session = _client.controller_session()
    printed = run_main(imported.main, module_args)
    phase("run_main")
    # _module_result needs only _parse_returned_data, which reads self._used_interpreter on a parse error only
    action = action_class.__new__(action_class)
    action._used_interpreter = None
    result = merge_hash({}, action._module_result(printed))
    phase("parse")
    blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    phase("to main process")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(os.environ["PROFILE"])
    items = next((len(value) for key, value in result.items()
                  if isinstance(value, list) and key not in ("warnings", "deprecations")), -1)
    print(json.dumps({"phases": phases, "peak_mib": peaks, "detail": timers, "items": items,
                      "failed": bool(result.get("failed")), "msg": str(result.get("msg", ""))[:300],
                      "stdout_bytes": len(printed), "pickle_bytes": len(blob)}))
    sys.stdout.flush()
    # a worker ends with os._exit (multiprocessing's fork start method), without tearing the result down
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
