#!/usr/bin/env python3
"""Copy the collection to DEST/ansible_collections/<namespace>/<name> and print that path.

Why a staged copy: ansible-test only works from a directory that is *physically*
.../ansible_collections/<ns>/<name> (symlinks are resolved, and a tree inside the repo,
even gitignored, makes it skip every target). The repo root is the collection, so the
tooling copies it to a directory outside the repo (see hack/common.sh).

What is copied: the files git knows (`git ls-files --cached --others --exclude-standard`,
so untracked-but-not-ignored files are included and gitignored junk such as .venv,
tests/output or the pytest-ansible `collections/` farm is not; tracked files deleted in
the working tree are skipped).

By default the galaxy.yml `build_ignore` patterns are applied too, with the same
semantics as `ansible-galaxy collection build` (fnmatch on the path relative to the
collection root, a matching directory drops everything below it). So the tree that
sanity, lint and molecule see is exactly the content that ships in the tarball: the
dev-only simulator (dcsim/), hack/, .ci/, requirements/ ... are not collection content,
are never installed, and need neither `--exclude` flags nor sanity ignore entries.
galaxy.yml itself is always kept (ansible-test and ansible-lint read it).

`--all` skips the build_ignore filter: `make build` builds from such a copy so that the
build_ignore list itself is what gets tested.
"""

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# ansible-galaxy's fixed ignores (plus galaxy.yml's build_ignore); galaxy.yml/MANIFEST are kept on purpose.
BUILTIN_IGNORE = ["*.pyc", "*.retry", "tests/output", ".git"]
IGNORE_DIRS = {"CVS", ".bzr", ".hg", ".git", ".svn", "__pycache__", ".tox"}


def git_files(repo):
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=repo, check=True, stdout=subprocess.PIPE).stdout
    return sorted({p for p in out.decode("utf-8", "surrogateescape").split("\0") if p})


def ignored(rel, patterns):
    parts = rel.split("/")
    for i in range(1, len(parts)):  # every ancestor directory, as ansible-galaxy prunes while walking
        if parts[i - 1] in IGNORE_DIRS or any(fnmatch.fnmatch("/".join(parts[:i]), p) for p in patterns):
            return True
    return any(fnmatch.fnmatch(rel, p) for p in patterns)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("dest", help="staging root (created if missing); must be outside the repo")
    parser.add_argument("--all", action="store_true", help="do not apply galaxy.yml build_ignore")
    args = parser.parse_args()

    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))
    dest_root = Path(args.dest).resolve()
    if dest_root == REPO or REPO in dest_root.parents:
        sys.exit(f"stage.py: {dest_root} is inside the repo; ansible-test would skip every target")
    target = dest_root / "ansible_collections" / galaxy["namespace"] / galaxy["name"]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)

    patterns = list(BUILTIN_IGNORE)
    if not args.all:
        patterns += [str(p) for p in galaxy.get("build_ignore") or []]
    count = 0
    for rel in git_files(REPO):
        src = REPO / rel
        if rel != "galaxy.yml" and ignored(rel, patterns):
            continue
        if not os.path.lexists(src) or src.is_dir() and not src.is_symlink():
            continue  # deleted in the working tree, or a submodule/nested repo
        dst = target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        else:
            shutil.copy2(src, dst)
        count += 1
    print(f"stage.py: {count} files -> {target}", file=sys.stderr)
    print(target)


if __name__ == "__main__":
    main()
