# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the suites that run playbooks on both paths (issue 18) share: which path a task took, and results
without their timings.

At ``-vvv`` each fedora.copr task prints one line saying where it runs (``plugins/plugin_utils/_in_process.py``)::

    fedora.copr: running <action> in the controller's worker process (FEDORA_COPR_IN_PROCESS=false turns this off)
    fedora.copr: running <action> as a module: <reason>

``task_sections`` cuts the screen output at the ``TASK [...]`` banners, so each line is found under its task.
"""

from __future__ import annotations

import os
import re

SWITCH_ENV = "FEDORA_COPR_IN_PROCESS"
IN_PROCESS = "in the controller's worker process"
AS_MODULE = "as a module: "
MARKER = re.compile(r"fedora\.copr: running (?P<action>\S+) (?:(?P<here>in the controller's worker process) "
                    r"\(FEDORA_COPR_IN_PROCESS=false turns this off\)|as a module: (?P<reason>[^\n]*))")
BANNER = re.compile(r"^TASK \[(?P<name>.*)\] \**$", re.MULTILINE)

# Keys whose values are clock readings, in any result or loop item.
TIMING_KEYS = frozenset(("start", "end", "delta", "duration"))


def paths_to_run(environ=None):
    """The paths a suite that can run on either should take: the one ``FEDORA_COPR_IN_PROCESS`` names when the
    caller set it (``make functional`` sets true, ``make functional-module`` false, so each layer runs its half),
    else both (``[True, False]``, a developer's plain pytest run)."""
    value = (os.environ if environ is None else environ).get(SWITCH_ENV, "").strip().lower()
    if value in ("1", "true", "yes", "on", "y", "t"):
        return [True]
    if value in ("0", "false", "no", "off", "n", "f"):
        return [False]
    return [True, False]


def path_env(in_process):
    """The environment that chooses a path (for ``run_playbook(env=...)``)."""
    return {SWITCH_ENV: "true" if in_process else "false"}


def task_sections(output):
    """``[(task name, text under its banner)]`` in the order of the output (a name may come more than once)."""
    banners = list(BANNER.finditer(output))
    sections = []
    for index, banner in enumerate(banners):
        end = banners[index + 1].start() if index + 1 < len(banners) else len(output)
        sections.append((banner.group("name"), output[banner.end():end]))
    return sections


def markers(text):
    """``[(action, None)]`` for the in-process line, ``[(action, reason)]`` for a module process, in order."""
    return [(found.group("action"), None if found.group("here") else found.group("reason"))
            for found in MARKER.finditer(text)]


def paths_taken(run):
    """``{task name: [(action, reason or None), ...]}`` from a run at ``-vvv`` or more (one entry per item)."""
    taken = {}
    for name, text in task_sections(run.stdout):
        taken.setdefault(name, []).extend(markers(text))
    return taken


def without_timings(value, drop=TIMING_KEYS):
    """``value`` with every key in ``drop`` removed, at any depth (loop items included)."""
    if isinstance(value, dict):
        return dict((key, without_timings(item, drop)) for key, item in value.items() if key not in drop)
    if isinstance(value, list):
        return [without_timings(item, drop) for item in value]
    return value


FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<function>\S+)$', re.MULTILINE)


def traceback_frames(text):
    """The frames of a traceback as ``[(path from ansible_collections/ on, line, function)]``.

    Where the code ran differs between the paths (the collection on disk, or a module's AnsiballZ zip, whose
    source lines Python may not show); the frames do not.
    """
    return [(found.group("file").rpartition("ansible_collections/")[2], int(found.group("line")),
             found.group("function")) for found in FRAME.finditer(text)]


def with_frames_only(value):
    """``value`` with every ``exception`` traceback text replaced by its ``traceback_frames`` (any depth)."""
    if isinstance(value, dict):
        return dict((key, traceback_frames(item) if key == "exception" and isinstance(item, str) and FRAME.search(item)
                     else with_frames_only(item)) for key, item in value.items())
    if isinstance(value, list):
        return [with_frames_only(item) for item in value]
    return value


def differences(left, right, where="result"):
    """Every place two JSON values differ, as ``"<path>: <left> != <right>"`` lines (keys one by one)."""
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in sorted(set(left) | set(right), key=str):
            if key not in right:
                found.append("%s.%s: %r only on the left" % (where, key, left[key]))
            elif key not in left:
                found.append("%s.%s: %r only on the right" % (where, key, right[key]))
            else:
                found.extend(differences(left[key], right[key], "%s.%s" % (where, key)))
        return found
    if isinstance(left, list) and isinstance(right, list):
        found = []
        if len(left) != len(right):
            found.append("%s: %d items != %d items" % (where, len(left), len(right)))
        for index, (one, other) in enumerate(zip(left, right)):
            found.extend(differences(one, other, "%s[%d]" % (where, index)))
        return found
    if left != right or type(left) is not type(right):
        return ["%s: %r != %r" % (where, left, right)]
    return []


SWITCHED_OFF = "%s=false turns the in-process path off" % SWITCH_ENV


def assert_path_taken(run, in_process):
    """Every fedora.copr task of a run at ``-vvv`` or more took the path ``path_env(in_process)`` chose.

    In-process: only the in-process marker lines and no module process of a copr module (no
    ``AnsiballZ_copr_...``). Module path: only "as a module" lines for the switch, and the ``EXEC`` of the
    module processes, which shows the run really was verbose.
    """
    found = markers(run.stdout)
    assert found, "no fedora.copr marker line: was the run at -vvv?\n" + run.stdout[-3000:]
    expected = None if in_process else SWITCHED_OFF
    assert set(reason for _action, reason in found) == {expected}, found
    if in_process:
        assert "AnsiballZ_copr" not in run.output, "a copr module ran as a module process"
    else:
        assert "<localhost> EXEC" in run.output and "AnsiballZ_copr" in run.output
