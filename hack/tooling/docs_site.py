"""`nox -s docs`: the collection's HTML docs site (antsibull-docs + Sphinx) in build/docs/html/.

1. Stage the content that ships (hack/tooling/staging.py) and point ANSIBLE_COLLECTIONS_PATH at it only, so
   the pages come from exactly that copy (never from ~/.ansible/collections).
2. antsibull-docs collection --use-current: one page per module, role and filter, plus docs/docsite/rst guides.
   (antsibull-docs lint-collection-docs runs in the docs-check session of antsibull-nox.)
3. mermaid.js (hack/tooling/mermaid_js.py) into the site's _static/, for the `.. mermaid::` diagrams.
4. sphinx-build -W --keep-going -n: every warning fails the build. The labels of Ansible's own docs that the
   generated pages cite resolve through a local intersphinx inventory (docs/sphinx/offline_inventory.py).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import mermaid_js
from .staging import REPO, fqcn, stage

OUT = REPO / "build" / "docs" / "html"


def build(run, out=OUT):
    """run(*argv, env=...) runs a command (the nox session's run), failing the session when it fails."""
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="applinks-docs.") as tmp:
        work = Path(tmp)
        stage(work / "collections")
        env = {"ANSIBLE_COLLECTIONS_PATH": str(work / "collections")}
        site = work / "site"
        shutil.copytree(REPO / "docs" / "sphinx", site)
        (site / "rst").mkdir(exist_ok=True)
        os.chmod(site / "rst", 0o755)  # antsibull-docs wants its output directory writable by its owner only
        run("antsibull-docs", "--config-file", str(site / "antsibull-docs.cfg"), "collection", "--use-current",
            "--cleanup", "everything", "--dest-dir", str(site / "rst"), fqcn(), env=env, cwd=work)
        subprocess.run([sys.executable, str(site / "offline_inventory.py"), str(site / "ansible_offline.inv")],
                       check=True)
        mermaid_js.install(site / "_static")
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        run("sphinx-build", "-b", "html", "-W", "--keep-going", "-n", "-q", "-c", str(site),
            "-d", str(work / "doctrees"), str(site / "rst"), str(out), env=env, cwd=work)
    pages = sum(1 for _ in out.rglob("*.html"))
    print(f"docs: OK ({pages} HTML pages in {out.relative_to(REPO) if REPO in out.parents else out})")
