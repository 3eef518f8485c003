"""mermaid.js for the docs site: a pinned release from the npm registry, fetched at build time, never committed.

`npm pack mermaid@VERSION` downloads the package tarball (npm checks it against the registry's metadata);
its sha512 must also equal the integrity pinned here, so a re-published or tampered tarball fails the build.
The ES module build (dist/mermaid.esm.min.mjs and its chunks, self-contained) is extracted into
build/cache/mermaid-VERSION/ once and copied into the site's _static/mermaid/ on every build.
sphinxcontrib-mermaid (docs/sphinx/conf.py: mermaid_use_local) imports it from there.
"""

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .staging import REPO

# The release sphinxcontrib-mermaid 2.1.1 is made for (its mermaid_version default).
VERSION = "11.12.1"
INTEGRITY = "sha512-UlIZrRariB11TY1RtTgUWp65tphtBv4CSq7vyS2ZZ2TgoMjs2nloq+wFqxiwcxlhHUvs7DPGgMjs2aeQxz5h9g=="
ENTRY = "mermaid.esm.min.mjs"
CACHE = REPO / "build" / "cache" / f"mermaid-{VERSION}"


def _sha512_integrity(path):
    return "sha512-" + base64.b64encode(hashlib.sha512(Path(path).read_bytes()).digest()).decode()


def _fetch():
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("docs: npm is required to fetch mermaid.js (Debian package 'npm', or Node.js)")
    with tempfile.TemporaryDirectory(prefix="applinks-mermaid.") as tmp:
        out = subprocess.run([npm, "pack", f"mermaid@{VERSION}", "--json", "--pack-destination", tmp],
                             cwd=tmp, check=True, stdout=subprocess.PIPE, text=True).stdout
        tarball = Path(tmp) / json.loads(out)[0]["filename"]
        got = _sha512_integrity(tarball)
        if got != INTEGRITY:
            raise SystemExit(f"docs: mermaid@{VERSION} tarball integrity {got} != pinned {INTEGRITY}")
        staging = Path(tmp) / "dist"
        with tarfile.open(tarball) as tar:
            members = [m for m in tar.getmembers()
                       if m.isfile() and (m.name == f"package/dist/{ENTRY}"
                                          or m.name.startswith("package/dist/chunks/mermaid.esm.min/"))]
            for member in members:
                member.name = member.name[len("package/dist/"):]
            tar.extractall(staging, members=members, filter="data")
        if not (staging / ENTRY).is_file():
            raise SystemExit(f"docs: mermaid@{VERSION} has no dist/{ENTRY}")
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = CACHE.with_name(CACHE.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(staging, partial)
        (partial / "INTEGRITY").write_text(INTEGRITY + "\n", encoding="utf-8")
        partial.rename(CACHE)  # only a complete copy ever becomes the cache


def install(static_dir):
    """Put mermaid.js under static_dir/mermaid/ (fetching it once); return the entry's path there."""
    marker = CACHE / "INTEGRITY"
    if not marker.is_file() or marker.read_text(encoding="utf-8").strip() != INTEGRITY:
        shutil.rmtree(CACHE, ignore_errors=True)
        _fetch()
    dest = Path(static_dir) / "mermaid"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(CACHE, dest, ignore=shutil.ignore_patterns("INTEGRITY"))
    print(f"mermaid.js {VERSION} (npm, {INTEGRITY[:19]}...) -> {dest}")
    return dest / ENTRY
