"""Install ``get_pip_bootstrap.py`` where ``ansible-test`` looks for its cached pip bootstrap script.

Run it with the Python of the virtual environment that holds the ansible-core to be used::

    .venv-make/bin/python tools/ansible_test_bootstrap.py

It asks that ansible-test which pip version(s) it bootstraps and writes
``~/.ansible/test/cache/get_pip_<version>.py`` for each (the name ansible-test's
``_util/target/setup/requirements.py`` uses).  Works with an empty HOME.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "get_pip_bootstrap.py")


def pip_versions() -> set[str]:
    """Return the pip versions the installed ansible-test bootstraps into its virtual environments."""
    try:
        from ansible_test._internal.python_requirements import get_venv_packages
        from ansible_test._util.target.common.constants import CONTROLLER_PYTHON_VERSIONS, REMOTE_ONLY_PYTHON_VERSIONS
    except ImportError:
        pass
    else:
        pythons = tuple(CONTROLLER_PYTHON_VERSIONS) + tuple(REMOTE_ONLY_PYTHON_VERSIONS)
        return {get_venv_packages(SimpleNamespace(version=version))["pip"] for version in pythons}

    # Fallback: read the version strings from the source.
    import ansible_test  # pylint: disable=import-outside-toplevel

    path = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(path, encoding="utf-8") as source:
        found = set(re.findall(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", source.read()))
    if not found:
        sys.exit("ansible_test_bootstrap: cannot find the pip version ansible-test wants in %s" % path)
    return found


def main() -> None:
    """Copy the bootstrap script to the cache path for each pip version."""
    cache = os.path.expanduser(os.path.join("~", ".ansible", "test", "cache"))
    os.makedirs(cache, exist_ok=True)
    for version in sorted(pip_versions()):
        target = os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_"))
        shutil.copyfile(SCRIPT, target)
        print("ansible-test pip %s bootstrap: %s" % (version, target))


if __name__ == "__main__":
    main()
