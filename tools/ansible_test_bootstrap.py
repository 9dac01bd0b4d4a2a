"""Install ``get_pip_bootstrap.py`` where ``ansible-test`` looks for its cached pip bootstrap script.

Run it with the Python of the virtual environment that holds the ansible-core to be used::

    .venv-make/bin/python tools/ansible_test_bootstrap.py

It asks that ansible-test which pip version(s) it bootstraps and writes
``~/.ansible/test/cache/get_pip_<version>.py`` for each (the name ansible-test's
``_util/target/setup/requirements.py`` uses).  Works with an empty HOME.

It also rewrites, in that ansible-test's own requirement files, any pin to a URL outside the package
index (which a machine that reaches only the package indexes cannot fetch) to the release named in
``INDEX_RELEASES``, and says so.  ansible-core 2.22.0rc1 pins pylint's ``dill`` to a GitHub archive
("needed until dill released with 3.15 support"); on the Pythons tested here (3.11-3.13) the released
dill 0.4.1, which ansible-core 2.21 pins, is what that archive stands in for.  An unknown URL pin stops
the run, naming the file, so nothing is replaced silently.
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


# Package -> the package-index release that replaces a URL pin of it.
INDEX_RELEASES = {"dill": "dill==0.4.1"}
URL_PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)\s*@\s*https?://\S+.*$")


def unpin_urls() -> None:
    """Replace URL pins in ansible-test's requirement files by package-index releases."""
    import ansible_test  # pylint: disable=import-outside-toplevel

    folder = os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements")
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".txt", ".in")):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as source:
            lines = source.read().splitlines(keepends=True)
        changed = False
        for index, line in enumerate(lines):
            match = URL_PIN.match(line.strip())
            if not match:
                continue
            package = match.group("name").lower()
            if package not in INDEX_RELEASES:
                sys.exit("ansible_test_bootstrap: %s pins %s to a URL outside the package index; add the release "
                         "to use instead to INDEX_RELEASES in %s" % (path, package, __file__))
            lines[index] = INDEX_RELEASES[package] + "\n"
            changed = True
        if changed:
            with open(path, "w", encoding="utf-8") as target:
                target.writelines(lines)
            print("ansible-test requirements %s: URL pin replaced by %s" % (name, INDEX_RELEASES[package]))


def main() -> None:
    """Copy the bootstrap script to the cache path for each pip version; replace URL pins."""
    unpin_urls()
    cache = os.path.expanduser(os.path.join("~", ".ansible", "test", "cache"))
    os.makedirs(cache, exist_ok=True)
    for version in sorted(pip_versions()):
        target = os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_"))
        shutil.copyfile(SCRIPT, target)
        print("ansible-test pip %s bootstrap: %s" % (version, target))


if __name__ == "__main__":
    main()
