"""Mirror the working tree into the copy that ansible-test runs in, with nothing but the standard library.

    python tools/sync_tree.py SOURCE DESTINATION

Copies every file of SOURCE that is not excluded (venvs, build output, caches, .git) to DESTINATION,
skipping files whose size and modification time already match, and deletes what DESTINATION holds
beyond that, except the paths ansible-test owns there (``tests/output``, ``.git``).  Symlinks are
copied as symlinks.  Any Python 3 runs it: no copy tool beyond the standard library.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import sys

# Relative to the root: never copied, and left alone in the destination.
ROOT_EXCLUDES = (".git", ".build", "tests/output", "tests/integration/integration_config.yml", ".ansible",
                 "changelogs/.plugin-cache.yaml")
ROOT_PATTERNS = (".venv*",)
# Anywhere in the tree.
NAME_PATTERNS = ("__pycache__", "*.pyc", "*.tar.gz", ".pytest_cache", ".hypothesis")


def excluded(rel: str) -> bool:
    """True when the relative path ``rel`` (``/``-separated) is not part of the copy."""
    if rel in ROOT_EXCLUDES or any(rel.startswith(prefix + "/") for prefix in ROOT_EXCLUDES):
        return True
    top = rel.split("/", 1)[0]
    if any(fnmatch.fnmatch(top, pattern) for pattern in ROOT_PATTERNS):
        return True
    return any(fnmatch.fnmatch(part, pattern) for part in rel.split("/") for pattern in NAME_PATTERNS)


def wanted(source: str) -> dict[str, str]:
    """Map each relative path to copy to its kind: ``dir``, ``link`` or ``file``."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(source):
        rel_root = os.path.relpath(root, source).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root + "/"
        for name in list(dirs):
            rel = rel_root + name
            if excluded(rel):
                dirs.remove(name)
            elif os.path.islink(os.path.join(root, name)):
                dirs.remove(name)
                found[rel] = "link"
            else:
                found[rel] = "dir"
        for name in files:
            rel = rel_root + name
            if not excluded(rel):
                found[rel] = "link" if os.path.islink(os.path.join(root, name)) else "file"
    return found


def same_file(src: str, dst: str) -> bool:
    try:
        a, b = os.stat(src), os.lstat(dst)
    except FileNotFoundError:
        return False
    return not os.path.islink(dst) and a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)


def remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def copy_entry(src: str, dst: str, kind: str) -> None:
    if kind == "dir":
        if os.path.lexists(dst) and (os.path.islink(dst) or not os.path.isdir(dst)):
            remove(dst)
        os.makedirs(dst, exist_ok=True)
    elif kind == "link":
        target = os.readlink(src)
        if not (os.path.islink(dst) and os.readlink(dst) == target):
            remove(dst)
            os.symlink(target, dst)
    elif not same_file(src, dst):
        if os.path.isdir(dst) or os.path.islink(dst):
            remove(dst)
        shutil.copy2(src, dst)


def prune(destination: str, keep: dict[str, str]) -> None:
    """Delete what the destination holds beyond ``keep``, leaving excluded paths alone."""
    for root, dirs, files in os.walk(destination, topdown=True):
        rel_root = os.path.relpath(root, destination).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root + "/"
        for name in list(dirs):
            rel = rel_root + name
            if excluded(rel):
                dirs.remove(name)
            elif keep.get(rel) != "dir":
                remove(os.path.join(root, name))
                dirs.remove(name)
        for name in files:
            rel = rel_root + name
            if not excluded(rel) and rel not in keep:
                os.unlink(os.path.join(root, name))


def sync(source: str, destination: str) -> None:
    entries = wanted(source)
    os.makedirs(destination, exist_ok=True)
    prune(destination, entries)
    for rel in sorted(entries):
        copy_entry(os.path.join(source, rel), os.path.join(destination, rel), entries[rel])


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    sync(os.path.abspath(argv[0]), os.path.abspath(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
