"""What `nox -s ansible-test-sanity` does in the staged copy before ansible-test runs (its callback_before).

1. Prune the copy to what ships: antsibull-nox stages every git-known file, and the dev-only trees (dcsim/,
   hack/, benchmarks/ ... galaxy.yml build_ignore) are not collection content, so they need neither
   `--exclude` flags nor tests/sanity/ignore-*.txt entries.
2. The get-pip stand-in (hack/get_pip_standin.py): each sanity test builds a venv without pip and downloads
   a get-pip script from a host these machines cannot reach, unless ~/.ansible/test/cache/get_pip_<ver>.py
   exists. The version is read from the session's own ansible_test, so a core bump does not break it.
"""

import re
import shutil
from pathlib import Path

from .staging import REPO, prune_to_shipped

STANDIN = REPO / "hack" / "get_pip_standin.py"
MARKER = "applinks get-pip stand-in"


def _pip_version():
    sources = sorted((REPO / ".nox").glob("ansible-test-sanity*/lib/python*/site-packages/ansible_test/"
                                          "_internal/python_requirements.py"))
    if not sources:
        raise SystemExit("ansible-test-sanity: ansible_test not found in the session venv under .nox/")
    match = re.search(r"pip='([0-9.]+)'", sources[0].read_text(encoding="utf-8"))
    if not match:
        raise SystemExit(f"ansible-test-sanity: no pip version in {sources[0]} (ansible-test changed?)")
    return match.group(1)


def install_get_pip_standin():
    cache = Path.home() / ".ansible" / "test" / "cache" / f"get_pip_{_pip_version().replace('.', '_')}.py"
    cache.parent.mkdir(parents=True, exist_ok=True)
    # Never overwrite a real get-pip script someone downloaded; refresh our own.
    if not cache.exists() or MARKER in cache.read_text(encoding="utf-8", errors="replace"):
        shutil.copyfile(STANDIN, cache)
    print(f"get-pip stand-in: {cache}")


def prepare():
    removed = prune_to_shipped(Path.cwd())
    print(f"staged copy pruned to the shipped content ({removed} dev-only files removed)")
    install_get_pip_standin()


def mirror_output_dirs():
    """callback_after: antsibull-nox then copies the copy's tests/output into the repo walking bottom-up and
    creating only the last level of each directory, which fails in a fresh clone (tests/output/.tmp/pylint
    before tests/output/.tmp). Create the repo's directories first, parents included."""
    output = Path.cwd() / "tests" / "output"
    for path in [output, *output.rglob("*")]:
        if path.is_dir():
            (REPO / "tests" / "output" / path.relative_to(output)).mkdir(parents=True, exist_ok=True)
