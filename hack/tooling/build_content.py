"""`nox -s build-content`: what the built tarball ships, and that every plugin and role documents itself.

antsibull-nox's build-import-check builds the tarball and runs galaxy-importer on it, but it builds from a
copy that galaxy.yml's build_ignore has not been tested on, and galaxy-importer's doc-loading errors are only
warnings there. This session builds from every git-known file (so build_ignore is what keeps dcsim/, hack/
... out), checks the content, installs the tarball, verifies it offline and runs ansible-doc on each module,
role (argument specs) and filter of the installed copy.
"""

import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .staging import REPO, fqcn, stage

FORBIDDEN = re.compile(
    r"^(dcsim|\.ci|hack|tests/output|\.venv|\.nox|\.git|\.ansible|collections|requirements|\.pytest_cache|build"
    r"|docs/sphinx|changelogs/fragments|changelogs/\.plugin-cache\.yaml|examples/ee/collections|Makefile"
    r"|pytest\.ini|noxfile\.py|antsibull-nox\.toml|\.yamllint)(/|$)|(^|/)__pycache__(/|$)|\.pyc$")
# Shipped on purpose: the docs site sources, the changelog, and what ansible-builder reads for an EE.
REQUIRED = ["MANIFEST.json", "FILES.json", "meta/runtime.yml", "docs/docsite/extra-docs.yml",
            "changelogs/changelog.yaml", "meta/execution-environment.yml", "requirements.txt", "bindep.txt"]


def _ansible_doc(*args, env, cwd):
    proc = subprocess.run(["ansible-doc", *args], env=env, cwd=cwd, capture_output=True, text=True, check=False)
    bad = proc.returncode != 0 or not proc.stdout.strip() or re.search(r"ERROR|not found|could not",
                                                                       proc.stderr, re.I)
    return (not bad), proc


def check(session):
    """session: the nox session; ansible-core comes from the venv running it (sys.executable)."""
    errors = []
    with tempfile.TemporaryDirectory(prefix="applinks-build.") as tmp:
        work = Path(tmp)
        src = stage(work / "src", apply_build_ignore=False)
        session.run("ansible-galaxy", "collection", "build", "--output-path", str(work / "dist"), str(src))
        (tarball,) = (work / "dist").glob("*.tar.gz")
        with tarfile.open(tarball) as tar:
            content = sorted(m.name.removeprefix("./") for m in tar.getmembers())
        session.log(f"{len(content)} entries in {tarball.name}")
        errors += [f"ships the dev-only path {p} (fix build_ignore in galaxy.yml)" for p in content
                   if FORBIDDEN.search(p)]
        errors += [f"{p} is missing from the tarball" for p in REQUIRED if p not in content]

        installed = work / "installed"
        env = {"ANSIBLE_COLLECTIONS_PATH": str(installed)}
        session.run("ansible-galaxy", "collection", "install", "--force", "-p", str(installed), str(tarball),
                    env=env)
        session.run("ansible-galaxy", "collection", "verify", "--offline", fqcn(), env=env)

        bin_dir = Path(sys.executable).parent
        doc_env = {"ANSIBLE_COLLECTIONS_PATH": str(installed), "PATH": f"{bin_dir}:/usr/bin:/bin",
                   "HOME": str(Path.home())}
        targets = [("module", [f"{fqcn()}.{p.stem}"]) for p in sorted((REPO / "plugins/modules").glob("*.py"))
                   if p.name != "__init__.py"]
        targets += [("role", ["-t", "role", f"{fqcn()}.{p.parts[-3]}"])
                    for p in sorted(REPO.glob("roles/*/meta/argument_specs.yml"))]
        listing = subprocess.run(["ansible-doc", "-t", "filter", "-l", fqcn()], env=doc_env, cwd=work,
                                 capture_output=True, text=True, check=False).stdout
        filters = [line.split()[0] for line in listing.splitlines() if line.strip()]
        targets += [("filter", ["-t", "filter", f]) for f in filters]
        for kind in ("module", "filter"):
            if not any(k == kind for k, _ in targets):
                errors.append(f"no documented {kind}s found")
        for kind, args in targets:
            ok, proc = _ansible_doc(*args, env=doc_env, cwd=work)  # nothing in cwd shadows the install
            print(f"{'ok  ' if ok else 'FAIL'}  {kind} {args[-1]} ({len(proc.stdout.splitlines())} lines)")
            if not ok:
                errors.append(f"ansible-doc {' '.join(args)}: rc={proc.returncode} {proc.stderr.strip()[:400]}")
    if errors:
        session.error("build-content:\n" + "\n".join(f"  - {e}" for e in errors))
    session.log(f"build-content: OK ({len(targets)} modules, roles and filters documented)")
