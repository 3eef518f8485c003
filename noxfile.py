"""nox sessions of atlassian_dc.applinks: `nox -l` lists them, `nox -s NAME` runs one.

antsibull-nox (configured in antsibull-nox.toml) provides the community's sessions: lint (yamllint and the
antsibull-nox config), extra-checks, docs-check, ansible-lint, build-import-check (build + galaxy-importer).
This file adds what antsibull-nox cannot run here, each with the reason:

- ansible-test-sanity: antsibull-nox's own sanity sessions hard-code `--docker` (no container engine here)
  and install ansible-core from a git archive (only PyPI is reachable). The session below is antsibull-nox's
  generic `add_ansible_test_session` with ansible-core from PyPI and `--python 3.11`, no container.
- ansible-test-units: the same `--docker` trap; see the session's docstring.
- unit, dcsim, integration, molecule: pytest and molecule against dcsim processes (molecule: see
  hack/tooling/molecule_run.py for why not antsibull-nox's molecule session).
- build-content, docs, docs-browser, changelog: checks no antsibull-nox session offers (what the tarball
  ships, the HTML site with its diagrams, a browser drawing them, antsibull-changelog lint).
These run in the dev venv (.venv, `make venv`: requirements/dev.txt), which already carries dcsim and the whole
toolchain, instead of one more copy of it per session (venv_backend="none": run nox from .venv).

Every session venv gets the versions pinned in requirements/ (PIP_CONSTRAINT, hack/tooling/constraints.py).
`make` runs `nox -R` (reuse venvs, skip installs); a change of pins drops the venvs so they are rebuilt.
"""

import os
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import antsibull_nox
import nox

REPO = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "hack"))

from tooling import build_content as build_content_check  # noqa: E402  (hack/ is put on sys.path above)
from tooling import browser_check, constraints, docs_site, molecule_run, sanity_support  # noqa: E402

NOX_DIR = REPO / ".nox"
os.environ["PIP_CONSTRAINT"] = str(constraints.write(NOX_DIR))
# ansible-core 2.19 is the newest release that runs on this machine's Python 3.11.
ANSIBLE_CORE = "2.19"
PYTHON = "3.11"

# Sessions with venv_backend="none" run in the dev venv (the one running nox): its tools come first on PATH.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "virtualenv"

antsibull_nox.load_antsibull_nox_toml()

antsibull_nox.add_ansible_test_session(
    name="ansible-test-sanity",
    description="ansible-test sanity on the shipped content (no container; ansible-core from PyPI)",
    default=False,
    ansible_test_params=["sanity", "--color", "no", "--python", PYTHON],
    ansible_core_version=ANSIBLE_CORE,
    ansible_core_source="pypi",
    callback_before=sanity_support.prepare,
    callback_after=sanity_support.mirror_output_dirs,
)


def _pytest(session, *args):
    """Run pytest of the dev venv from the repo root; a run that tested nothing fails.

    pytest exits 5 when it collected nothing; a run in which every test was skipped or deselected exits 0,
    so the junit report is read too.
    """
    with tempfile.TemporaryDirectory(prefix="applinks-pytest.") as tmp:
        junit = Path(tmp) / "junit.xml"
        session.run(sys.executable, "-m", "pytest", f"--junitxml={junit}", *args, *session.posargs,
                    env={"PYTHONDONTWRITEBYTECODE": "1"}, external=True)
        ran = 0
        if junit.exists():
            for suite in ET.parse(junit).getroot().iter("testsuite"):
                ran += int(suite.get("tests", 0)) - int(suite.get("skipped", 0))
        if ran <= 0:
            session.error("every collected test was skipped or deselected: nothing was tested")
        session.log(f"{ran} test(s) ran")


# Two xdist workers, one test file each at a time: every worker starts its own dcsim instances.
XDIST = ["-n", os.environ.get("INTEGRATION_WORKERS", "2"), "--dist", "loadfile"]


@nox.session(venv_backend="none", default=False)
def unit(session):
    """pytest tests/unit in the dev venv (pytest-ansible maps the repo to ansible_collections.*)."""
    _pytest(session, "tests/unit")


@nox.session(venv_backend="none", default=False)
def dcsim(session):
    """pytest dcsim/tests: the simulator's own tests."""
    _pytest(session, "dcsim/tests", *XDIST)


@nox.session(venv_backend="none", default=False)
def integration(session):
    """pytest tests/integration: playbooks and modules against dcsim over HTTPS (starts its own dcsim)."""
    _pytest(session, "tests/integration", *XDIST)


@nox.session(venv_backend="none", default=False)
def molecule(session):
    """molecule test of every scenario in extensions/molecule (or the ones named: nox -s molecule -- NAME)."""
    molecule_run.run(session, str(Path(sys.executable).parent / "molecule"), session.posargs)


@nox.session(name="build-content", venv_backend="none", default=False)
def build_content(session):
    """The built tarball's content (build_ignore), install + verify, ansible-doc of every plugin and role."""
    build_content_check.check(session)


@nox.session(venv_backend="none", default=False)
def docs(session):
    """The HTML docs site in build/docs/html (antsibull-docs + Sphinx -W, mermaid.js from npm)."""
    docs_site.build(lambda *argv, env=None, cwd=None: _run_in(session, argv, env, cwd))


@nox.session(name="docs-browser", venv_backend="none", default=False)
def docs_browser(session):
    """Headless Chromium loads each built page with a diagram: every diagram an <svg>, no JavaScript error."""
    del session  # runs in this process: the dev venv carries playwright
    browser_check.check(docs_site.OUT)


@nox.session(venv_backend="none", default=False)
def changelog(session):
    """antsibull-changelog lint of the fragments and of changelogs/changelog.yaml."""
    session.run("antsibull-changelog", "lint")
    session.run("antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml")


def _run_in(session, argv, env, cwd):
    if cwd is None:
        session.run(*argv, env=env)
        return
    with session.chdir(cwd):
        session.run(*argv, env=env)
