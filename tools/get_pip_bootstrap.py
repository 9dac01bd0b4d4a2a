"""Stand-in for the ``get-pip.py`` script that ``ansible-test`` downloads to bootstrap pip.

``ansible-test`` creates its ``--venv`` virtual environments without pip and then runs a
``get-pip.py`` script it fetches from ci-files.testing.ansible.com, a host that is not always
reachable (see https://github.com/ansible/ansible/issues/77304).  When a file exists at
``~/.ansible/test/cache/get_pip_<pip version, dots as underscores>.py`` it runs that file
instead, through its ``quiet_pip.py`` wrapper::

    <venv python> quiet_pip.py --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel

``tools/ansible_test_bootstrap.py`` copies this script to that path.  It does the same job as
``get-pip.py`` with what a Python installation already has plus the configured package index:
``ensurepip`` puts the pip bundled with Python into the environment, then that pip installs the
exact packages ``ansible-test`` asked for (normally ``pip==<version>``) from the package index.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

# Options understood by get-pip.py itself, not by "pip install".
GET_PIP_OPTIONS = ("--no-setuptools", "--no-wheel")


def run(*args: str) -> None:
    """Run ``python -m <args>`` with the interpreter being bootstrapped; exit on failure."""
    command = [sys.executable, "-m", *args]
    result = subprocess.call(command)
    if result != 0:
        print("get_pip_bootstrap: command failed (%d): %s" % (result, " ".join(command)), file=sys.stderr)
        sys.exit(result)


def main() -> None:
    """Install pip (and the requested packages) into the running interpreter's environment."""
    argv = sys.argv[1:]
    pip_args = [arg for arg in argv if arg not in GET_PIP_OPTIONS]
    requested = " ".join(arg for arg in pip_args if not arg.startswith("-"))
    had = {name: importlib.util.find_spec(name) is not None for name in ("setuptools", "wheel")}

    run("ensurepip", "--default-pip")
    run("pip", "install", *pip_args)

    # get-pip.py installs setuptools and wheel unless told not to; ensurepip of some Python
    # versions installs setuptools unconditionally.  Honour --no-setuptools / --no-wheel.
    for name in ("setuptools", "wheel"):
        if "--no-" + name in argv and not had[name] and name not in requested:
            subprocess.call([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", name],
                            stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
