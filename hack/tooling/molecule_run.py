"""`nox -s molecule`: `molecule test -s NAME` for every extensions/molecule/NAME/molecule.yml (or the names given).

Not antsibull-nox's molecule session, which runs `molecule test` with molecule's defaults: prerun on (it
installs the repo into ~/.ansible/collections on every run, a stale copy later runs may pick up), the shared
ephemeral directory under ~/.cache/molecule (concurrent runs of the same scenario clobber each other's dcsim
state), and no way to put dcsim (dev-only, not collection content) on PYTHONPATH for the scenarios that start
it. Here: the collection comes from a staged copy, prerun is off, every scenario has a private ephemeral
directory, and dcsim is importable.
extensions/molecule/default exists because molecule loads the scenario named `default` on every run and logs a
CRITICAL "glob failed" line when it is missing; it is a short smoke test of shared/create.yml and destroy.yml.
"""

import os
import subprocess
import tempfile
from pathlib import Path

from .staging import REPO, stage


def scenarios():
    return sorted(p.parent.name for p in (REPO / "extensions" / "molecule").glob("*/molecule.yml"))


def run(session, molecule, names):
    names = list(names) or scenarios()
    if not names:
        session.error("molecule: no scenarios (no extensions/molecule/*/molecule.yml)")
    failed = []
    with tempfile.TemporaryDirectory(prefix="applinks-molecule.") as tmp:
        work = Path(tmp)
        stage(work)
        (work / "molecule-tooling.yml").write_text("prerun: false\n", encoding="utf-8")
        # Molecule loads ONE default base config unless -c is given; keep it, then merge ours on top.
        base = []
        for cfg in (REPO / ".config/molecule/config.yml", REPO / "extensions/molecule/config.yml"):
            if cfg.is_file():
                base = ["-c", str(cfg)]
                break
        base += ["-c", str(work / "molecule-tooling.yml")]
        pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
        for name in names:
            ephemeral = work / "ephemeral" / name
            ephemeral.mkdir(parents=True)
            env = {"ANSIBLE_COLLECTIONS_PATH": str(work), "PYTHONPATH": pythonpath,
                   "MOLECULE_EPHEMERAL_DIRECTORY": str(ephemeral),
                   "PATH": os.pathsep.join([str(Path(molecule).parent), os.environ.get("PATH", "")])}
            session.log(f"molecule test -s {name}")
            # Each scenario runs even when an earlier one failed; the session fails at the end.
            if subprocess.run([molecule, *base, "test", "-s", name], cwd=REPO, env={**os.environ, **env},
                              check=False).returncode != 0:
                failed.append(name)
    if failed:
        session.error(f"molecule: FAILED scenarios: {' '.join(failed)}")
    session.log(f"molecule: {len(names)} scenario(s) passed: {' '.join(names)}")

