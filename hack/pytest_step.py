"""Run pytest for one `make` step and fail loudly when it ran nothing.

Usage: python hack/pytest_step.py <paths and pytest args...>

pytest's exit code 5 (no tests collected) is reported as a failure, and so is a run in which
every collected test was skipped or deselected: a step that tested nothing is not a pass.
Runs from the repo root, where pytest-ansible finds galaxy.yml and builds its `collections/`
symlink farm (gitignored) so that `ansible_collections.atlassian_dc.applinks...` imports work.
Extra pytest arguments can also come from $PYTEST_ADDOPTS.
"""

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv):
    if not argv:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory(prefix="applinks-pytest.") as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", f"--junitxml={junit}", *argv]
        print("+ " + " ".join(cmd), flush=True)
        rc = subprocess.call(cmd, cwd=REPO)
        if rc == 5:
            print(f"pytest_step: FAIL: no tests were collected from {' '.join(argv)}", file=sys.stderr)
            return 5
        if rc != 0:
            return rc
        ran = 0
        if junit.exists():
            for suite in ET.parse(junit).getroot().iter("testsuite"):
                ran += int(suite.get("tests", 0)) - int(suite.get("skipped", 0))
        if ran <= 0:
            print("pytest_step: FAIL: every collected test was skipped; nothing was tested", file=sys.stderr)
            return 5
        print(f"pytest_step: {ran} test(s) ran", file=sys.stderr)
        return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(sys.argv[1:]))
