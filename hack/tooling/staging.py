"""The collection's content as git knows it, copied to a directory outside the repo.

ansible-test, antsibull-docs and ansible-galaxy need a physical ansible_collections/<ns>/<name> tree, and a
tree inside the repo makes ansible-test skip every target. antsibull-nox stages its own sessions; the
custom sessions (docs, build-content) and the sanity pruning use this module, so that "what ships" is
decided in one place: galaxy.yml's build_ignore, matched the way `ansible-galaxy collection build` does.
"""

import fnmatch
import shutil
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

# ansible-galaxy's fixed ignores, besides galaxy.yml's build_ignore.
BUILTIN_IGNORE = ["*.pyc", "*.retry", "tests/output", ".git"]
IGNORE_DIRS = {"CVS", ".bzr", ".hg", ".git", ".svn", "__pycache__", ".tox"}


def galaxy():
    return yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))


def fqcn():
    data = galaxy()
    return f"{data['namespace']}.{data['name']}"


def build_ignore_patterns():
    return BUILTIN_IGNORE + [str(p) for p in galaxy().get("build_ignore") or []]


def is_ignored(rel, patterns):
    """True when `ansible-galaxy collection build` leaves the repo-relative path `rel` out."""
    parts = rel.split("/")
    for i in range(1, len(parts)):  # ansible-galaxy prunes whole directories while walking
        if parts[i - 1] in IGNORE_DIRS or any(fnmatch.fnmatch("/".join(parts[:i]), p) for p in patterns):
            return True
    return any(fnmatch.fnmatch(rel, p) for p in patterns)


def git_files(root=REPO):
    """Tracked and untracked-but-not-ignored files (never .venv, .nox, build/ ...)."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, check=True, stdout=subprocess.PIPE).stdout
    return sorted({p for p in out.decode("utf-8", "surrogateescape").split("\0") if p})


def stage(dest_root, apply_build_ignore=True):
    """Copy the collection to dest_root/ansible_collections/<ns>/<name>; return that path.

    apply_build_ignore=False copies every git-known file: a build from such a copy tests build_ignore itself.
    galaxy.yml is always kept (ansible-test and ansible-lint read it).
    """
    dest_root = Path(dest_root).resolve()
    if dest_root == REPO or REPO in dest_root.parents:
        raise SystemExit(f"staging: {dest_root} is inside the repo; ansible-test would skip every target")
    data = galaxy()
    target = dest_root / "ansible_collections" / data["namespace"] / data["name"]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    patterns = build_ignore_patterns() if apply_build_ignore else BUILTIN_IGNORE
    for rel in git_files():
        src = REPO / rel
        if rel != "galaxy.yml" and is_ignored(rel, patterns):
            continue
        if not src.exists() and not src.is_symlink() or src.is_dir() and not src.is_symlink():
            continue  # deleted in the working tree, or a nested repository
        dst = target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)
    return target


def prune_to_shipped(collection_dir):
    """Delete, in a staged copy, everything the built tarball would not ship (galaxy.yml stays)."""
    collection_dir = Path(collection_dir)
    patterns = build_ignore_patterns()
    removed = 0
    for path in sorted(collection_dir.rglob("*"), reverse=True):
        rel = path.relative_to(collection_dir).as_posix()
        if rel == "galaxy.yml" or not (path.is_file() or path.is_symlink()):
            continue
        if is_ignored(rel, patterns):
            path.unlink()
            removed += 1
    for path in sorted(collection_dir.rglob("*"), reverse=True):  # directories left empty
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
