# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare the two runs of scenarios.yml that runme.sh made: ``python compare.py OUTPUT_DIR CONFIG``.

OUTPUT_DIR holds, per run (``true``: fedora_copr_in_process=true, ``false``: =false), ``record-<run>.jsonl``
(every task result, from callback_plugins/in_process_agrees_record.py; the emulator's request log is the fact
``copr_requests`` the last task sets) and ``output-<run>.log`` (the screen output at -vvv). Checked:

- both runs ran the same tasks with the same outcome, and each fedora.copr task the outcome its
  ``agrees_expect`` names (so the scenarios did what they say on both paths);
- the results of the fedora.copr tasks are equal key by key (the same keys in the same order), after removing
  the timing keys of a result and of its loop items. One key is compared in part: ``exception``, the traceback
  ansible-core < 2.19 adds at -vvv, names the files of the module process's AnsiballZ payload on one path and
  the collection's files on the other, and the payload's frames lack some source lines; its frames (file from
  ``ansible_collections/`` on, line, function) are compared, and each such task is named in a NOTE line;
- the emulator saw the same requests (method, path, query, status), in the same order;
- every fedora.copr task (every loop item) printed the line of the intended path, and no other;
- no deprecation warning; no token of CONFIG (integration_config.yml), nor the wrong token of scenarios.yml,
  in a fedora.copr task's result or output, or in the request log.

Prints every difference (task, key, both values) and exits 1 when there is one.
"""

from __future__ import annotations

import json
import os
import re
import sys

RUNS = ("true", "false")
COPR_ACTION = "fedora.copr."
# Keys whose values are clock readings, in a result or in a loop item's result; nothing else is removed.
TIMING_KEYS = ("start", "end", "delta", "duration", "elapsed")
FRAME = re.compile(r'^  File "(?P<path>[^"\n]+)", line (?P<line>\d+), in (?P<function>[^\n]+)$', re.MULTILINE)
COLLECTIONS = "ansible_collections/"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BANNER = re.compile(r"^TASK \[(?P<name>.*)\] \**$", re.MULTILINE)
MARKER = re.compile(r"fedora\.copr: running (?P<action>\S+) (?P<how>in the controller's worker process "
                    r"\(FEDORA_COPR_IN_PROCESS=false turns this off\)|as a module: [^\n]*)")
# The line each run's tasks must print (_in_process.py), by run.
INTENDED = {
    "true": "in the controller's worker process (FEDORA_COPR_IN_PROCESS=false turns this off)",
    "false": "as a module: fedora_copr_in_process=false turns the in-process path off",
}
DEPRECATION = "[DEPRECATION WARNING]"
# The task of setup_copr_emulator/tasks/requests_get.yml that scenarios.yml runs last.
REQUEST_LOG_TASK = "Read the emulator's request log"
WRONG_TOKEN = "wrongwrongwrongwrongwrongwrong"
TOKEN_LINE = re.compile(r'^copr(?:_alice)?_token: *"(?P<token>[^"]+)"$', re.MULTILINE)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def load(directory, run):
    """``(records, requests, output)`` of one run; requests is None when the request log was not read."""
    records = [json.loads(line) for line in read(os.path.join(directory, "record-%s.jsonl" % run)).splitlines()
               if line.strip()]
    reads = [record for record in records if record["task"] == REQUEST_LOG_TASK and record["status"] == "ok"]
    requests = reads[-1]["result"].get("ansible_facts", {}).get("copr_requests") if reads else None
    output = ANSI.sub("", read(os.path.join(directory, "output-%s.log" % run)))
    return records, requests, output


def is_copr(record):
    return str(record["action"]).startswith(COPR_ACTION)


def traceback_frames(text):
    """``[(file from ansible_collections/ on, line, function)]`` of a traceback text; [] for another text."""
    frames = []
    for found in FRAME.finditer(text if isinstance(text, str) else ""):
        path = found.group("path")
        if COLLECTIONS in path:
            path = path[path.index(COLLECTIONS):]
        frames.append([path, int(found.group("line")), found.group("function")])
    return frames


def comparable(result, frames_only=True):
    """The result without its timing keys and, with frames_only, a traceback as its frames; loop items alike."""
    if not isinstance(result, dict):
        return result
    cleaned = dict((key, value) for key, value in result.items() if key not in TIMING_KEYS)
    frames = traceback_frames(cleaned.get("exception"))
    if frames and frames_only:
        cleaned["exception"] = {"traceback frames": frames}
    if isinstance(cleaned.get("results"), list):
        cleaned["results"] = [comparable(item, frames_only) for item in cleaned["results"]]
    return cleaned


def differences(left, right, where):
    """Every place two JSON values differ: ``(key path, value on the true run, value on the false run)``."""
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in list(left) + [key for key in right if key not in left]:
            path = "%s.%s" % (where, key) if where else str(key)
            if key not in right:
                found.append((path, left[key], "<missing>"))
            elif key not in left:
                found.append((path, "<missing>", right[key]))
            else:
                found.extend(differences(left[key], right[key], path))
        if not found and list(left) != list(right):
            found.append(("%s (key order)" % (where or "result"), list(left), list(right)))
        return found
    if isinstance(left, list) and isinstance(right, list):
        found = []
        for index in range(max(len(left), len(right))):
            path = "%s[%d]" % (where, index)
            if index >= len(right):
                found.append((path, left[index], "<missing>"))
            elif index >= len(left):
                found.append((path, "<missing>", right[index]))
            else:
                found.extend(differences(left[index], right[index], path))
        return found
    if left != right or type(left) is not type(right):
        return [(where or "result", left, right)]
    return []


def outcome(record):
    if record["status"] != "ok":
        return record["status"]
    return "changed" if record["result"].get("changed") else "ok"


def executions(record):
    """How many times the action ran: once per loop item, else once."""
    items = record["result"].get("results")
    return len(items) if isinstance(items, list) else 1


def check_outcomes(runs, problems):
    """The same tasks and outcomes on both runs; each fedora.copr task the outcome it expects."""
    lists = [[(record["task"], record["action"], outcome(record)) for record in runs[run][0]] for run in RUNS]
    if lists[0] != lists[1]:
        for index in range(max(len(lists[0]), len(lists[1]))):
            one = lists[0][index] if index < len(lists[0]) else "<none>"
            other = lists[1][index] if index < len(lists[1]) else "<none>"
            if one != other:
                problems.append("task #%d: %r on the true run, %r on the false run" % (index + 1, one, other))
    for run in RUNS:
        for record in runs[run][0]:
            if is_copr(record) and record.get("expect") != outcome(record):
                problems.append("fedora_copr_in_process=%s: task %r gave %s, scenarios.yml expects %s; result: %s" % (
                    run, record["task"], outcome(record), record.get("expect"),
                    json.dumps(record["result"], sort_keys=True)))


def check_results(runs, problems, notes):
    """The fedora.copr results, key by key."""
    pairs = zip([r for r in runs["true"][0] if is_copr(r)], [r for r in runs["false"][0] if is_copr(r)])
    compared = 0
    for one, other in pairs:
        if one["task"] != other["task"]:
            problems.append("fedora.copr tasks out of step: %r against %r" % (one["task"], other["task"]))
            break
        compared += 1
        found = differences(comparable(one["result"]), comparable(other["result"]), "")
        if not found and comparable(one["result"], False) != comparable(other["result"], False):
            notes.append(one["task"])  # equal only with the tracebacks as their frames
        for key, left, right in found:
            problems.append("task %r (%s), key %s: %s on the true run, %s on the false run" % (
                one["task"], one["action"], key, json.dumps(left, sort_keys=True), json.dumps(right, sort_keys=True)))
    return compared


def check_requests(runs, problems):
    """The emulator's request logs, entry by entry."""
    left, right = runs["true"][1], runs["false"][1]
    for run, log in zip(RUNS, (left, right)):
        if not log:
            problems.append("fedora_copr_in_process=%s: no request log (%r, task %r)" % (run, log, REQUEST_LOG_TASK))
    if not left or not right:
        return 0
    for index in range(max(len(left), len(right))):
        one = left[index] if index < len(left) else "<none>"
        other = right[index] if index < len(right) else "<none>"
        if one != other:
            problems.append("request #%d: %s on the true run, %s on the false run" % (
                index + 1, json.dumps(one, sort_keys=True), json.dumps(other, sort_keys=True)))
    return len(left)


def task_sections(run, records, output, problems):
    """``[(record, text under its TASK banner)]`` of the fedora.copr tasks, in order."""
    sections = []
    banners = list(BANNER.finditer(output))
    for index, banner in enumerate(banners):
        end = banners[index + 1].start() if index + 1 < len(banners) else len(output)
        sections.append((banner.group("name"), output[banner.end():end]))
    found = []
    position = 0
    for record in records:
        if not is_copr(record):
            continue
        while position < len(sections) and sections[position][0] != record["task"]:
            position += 1
        if position == len(sections):
            problems.append("fedora_copr_in_process=%s: no banner for task %r in the output" % (run, record["task"]))
            break
        found.append((record, sections[position][1]))
        position += 1
    return found


def check_secrets(run, runs, tokens, problems):
    """No token in the fedora.copr task results, in their output, or in the request log.

    (The setup tasks of setup_copr_emulator show the seed's demo credentials; they are not looked at.)
    """
    records, requests, output = runs[run]
    places = [("the request log", json.dumps(requests))]
    for record, text in task_sections(run, records, output, []):
        places.append(("the result of %r" % record["task"], json.dumps(record["result"])))
        places.append(("the output of %r" % record["task"], text))
    for where, text in places:
        for token in tokens:
            if token in text:
                problems.append("fedora_copr_in_process=%s: a token (%s...) in %s" % (run, token[:4], where))


def check_paths(run, records, output, problems):
    """Each fedora.copr task's section of the output has one intended line per execution, and nothing else."""
    expected_total = 0
    for record, text in task_sections(run, records, output, problems):
        found = [(match.group("action"), match.group("how")) for match in MARKER.finditer(text)]
        expected = [(record["action"], INTENDED[run])] * executions(record)
        expected_total += len(expected)
        if found != expected:
            problems.append("fedora_copr_in_process=%s: task %r printed %r, expected %d x %r" % (
                run, record["task"], found, len(expected), expected[0]))
    total = len(MARKER.findall(output))
    if total != expected_total:
        problems.append("fedora_copr_in_process=%s: %d path lines in the output for %d fedora.copr executions" % (
            run, total, expected_total))
    if DEPRECATION in output:
        problems.append("fedora_copr_in_process=%s: a deprecation warning: %s" % (
            run, output[output.index(DEPRECATION):].splitlines()[0]))


def seconds(records):
    """``(all tasks, fedora.copr tasks)``: the seconds the recorded tasks took."""
    return (sum(record.get("seconds") or 0 for record in records),
            sum(record.get("seconds") or 0 for record in records if is_copr(record)))


def main(directory, config):
    runs = dict((run, load(directory, run)) for run in RUNS)
    tokens = [found.group("token") for found in TOKEN_LINE.finditer(read(config))]
    problems = []
    if len(tokens) != 2:
        problems.append("%s gives %d tokens (copr_token, copr_alice_token expected)" % (config, len(tokens)))
    for run in RUNS:
        check_secrets(run, runs, tokens + [WRONG_TOKEN], problems)
    check_outcomes(runs, problems)
    notes = []
    compared = check_results(runs, problems, notes)
    requests = check_requests(runs, problems)
    for run in RUNS:
        check_paths(run, runs[run][0], runs[run][2], problems)
    executed = sum(executions(record) for record in runs["true"][0] if is_copr(record))
    if compared == 0:
        problems.append("no fedora.copr task was recorded")
    for task in notes:
        print("NOTE: task %r: the exception tracebacks differ in their file locations and source lines only "
              "(the same frames)" % task)
    for problem in problems:
        print("DIFFERENT: %s" % problem)
    print("%d tasks per run; %d fedora.copr task results (%d executions with the loop items) compared key by key; "
          "%d emulator requests compared; %d difference(s)" % (
              len(runs["true"][0]), compared, executed, requests, len(problems)))
    for run in RUNS:
        print("fedora_copr_in_process=%s: the tasks took %.1f s, the fedora.copr tasks %.1f s" % (
            (run,) + seconds(runs[run][0])))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
