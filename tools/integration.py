"""Run ``ansible-test integration`` against a local Copr emulator.

    python tools/integration.py --source . --collection DIR -- ANSIBLE-TEST-ARGS...

Starts ``python -m copr_emulator`` (from SOURCE/tests/emulator, with the Python running this
script) on a free loopback port, waits for its first stdout line and for the port, writes
``tests/integration/integration_config.yml`` into the ansible-test copy of the collection (DIR)
with the emulator's URL, the credentials of the seed's ``demo`` and ``alice`` users (read from
SOURCE/tests/emulator/default-seed.json), ``ansible_python_interpreter`` and ``fedora_copr_in_process``
(``--in-process``: which path the modules take), runs
``ansible-test integration ARGS`` in DIR, and stops the emulator whatever happens.  Prints ``SKIP: ...``
and exits 0 while there is nothing to test.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time

START_TIMEOUT = 30.0


def seed_credentials(source: str) -> dict:
    """The template's credential fields, from the users of the emulator's default seed."""
    with open(os.path.join(source, "tests", "emulator", "default-seed.json"), encoding="utf-8") as handle:
        users = {user["username"]: user for user in json.load(handle)["users"]}
    return {"copr_username": "demo", "copr_login": users["demo"]["login"], "copr_token": users["demo"]["token"],
            "copr_alice_login": users["alice"]["login"], "copr_alice_token": users["alice"]["token"]}


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_emulator(process: subprocess.Popen, log_path: str, port: int) -> str:
    """Return the emulator's base URL once it printed it and accepts connections."""
    deadline = time.monotonic() + START_TIMEOUT
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if url is None:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                first = log.readline()
            if first.endswith("\n"):
                url = first.strip()
        if url is not None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return url
            except OSError:
                pass
        time.sleep(0.1)
    with open(log_path, encoding="utf-8", errors="replace") as log:
        output = log.read()
    raise RuntimeError("the emulator did not start within %ss (exit code %s); its output:\n%s"
                       % (START_TIMEOUT, process.poll(), output))


def stop(process: subprocess.Popen) -> None:
    """Stop the emulator started by this script (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="the collection's working tree")
    parser.add_argument("--collection", required=True, help="ansible_collections/fedora/copr copy to test in")
    parser.add_argument("--ansible-test", default="ansible-test", help="ansible-test executable")
    parser.add_argument("--interpreter", default=sys.executable,
                        help="Python the modules run with (ansible_python_interpreter)")
    parser.add_argument("--in-process", choices=("true", "false"), default="true",
                        help="fedora_copr_in_process: run the modules in the controller's worker process (true, "
                             "the default) or as module processes (false)")
    parser.add_argument("args", nargs="*", help="arguments for ansible-test integration")
    options = parser.parse_args()

    source = os.path.abspath(options.source)
    collection = os.path.abspath(options.collection)
    targets_dir = os.path.join(collection, "tests", "integration", "targets")
    targets = sorted(name for name in os.listdir(targets_dir)) if os.path.isdir(targets_dir) else []
    targets = [name for name in targets if os.path.isdir(os.path.join(targets_dir, name))]
    emulator_pkg = os.path.join(source, "tests", "emulator", "copr_emulator")
    if not targets:
        print("SKIP: no integration targets yet (tests/integration/targets is empty)")
        return 0
    if not os.path.isfile(os.path.join(emulator_pkg, "__main__.py")):
        print("SKIP: no emulator yet (tests/emulator/copr_emulator/__main__.py is missing)")
        return 0

    output_dir = os.path.join(collection, "tests", "output")
    os.makedirs(output_dir, exist_ok=True)
    log_path = os.path.join(output_dir, "emulator.log")
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(source, "tests", "emulator")
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "copr_emulator", "--port", str(port)]
    print("starting emulator: PYTHONPATH=%s %s" % (env["PYTHONPATH"], " ".join(command)), flush=True)
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = wait_for_emulator(process, log_path, port)
        print("emulator ready at %s (log: %s)" % (url, log_path), flush=True)
        with open(os.path.join(source, "tests", "integration", "integration_config.yml.template"),
                  encoding="utf-8") as template:
            config = template.read().format(copr_url=url, python=options.interpreter,
                                            in_process=options.in_process, **seed_credentials(source))
        with open(os.path.join(collection, "tests", "integration", "integration_config.yml"), "w",
                  encoding="utf-8") as handle:
            handle.write(config)
        result = subprocess.call([options.ansible_test, "integration", *options.args], cwd=collection)
        if result != 0:
            print("ansible-test integration failed (exit code %d); emulator log: %s" % (result, log_path))
        return result
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stop(process)


if __name__ == "__main__":
    sys.exit(main())
