"""One constraints file for every nox session venv, made from the pins in requirements/*.txt.

antsibull-nox's sessions install tools by bare name (ansible-core, ansible-lint, antsibull-docs,
galaxy-importer ...). PIP_CONSTRAINT pointing at this file makes each of them the version the repo pins,
so a session venv and the dev venv (.venv) never disagree, and a pin lives only in requirements/.
"""

import re
import shutil
from pathlib import Path

from .staging import REPO

PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)")


def pins():
    found = {}
    for path in sorted((REPO / "requirements").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PIN.match(line)
            if not match:
                continue
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            version = match.group(2)
            if found.get(name, (version,))[0] != version:
                raise SystemExit(f"requirements/: {name} is pinned to {found[name][0]} in {found[name][1]} "
                                 f"and to {version} in {path.name}; keep one pin")
            found[name] = (version, path.name)
    return {name: version for name, (version, _) in found.items()}


def write(nox_dir):
    """Write nox_dir/constraints.txt; when the pins changed since the last run, drop the session venvs
    (make reuses them with `nox -R`, which skips installs) so that they are rebuilt with the new pins."""
    nox_dir = Path(nox_dir)
    text = "".join(f"{name}=={version}\n" for name, version in sorted(pins().items()))
    path = nox_dir / "constraints.txt"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        if nox_dir.is_dir():
            for venv in nox_dir.iterdir():
                if venv.is_dir() and (venv / "pyvenv.cfg").exists():
                    shutil.rmtree(venv)
        nox_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path
