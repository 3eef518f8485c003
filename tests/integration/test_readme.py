"""Every command of the user documentation runs as written, against dcsim, from an installed collection (issue 15
item 1): the README, the guides of the docs site, and the READMEs of the example inventory, the execution
environment and the roles. Editing a document changes what this test runs (blocks: doc_commands.py).

A user's first hour, followed literally:
1. A fresh HOME, so ~/.ansible/collections (Ansible's default collections path) starts empty, and "the clone": a
   copy of the files git knows of this repository (no link to the working tree). No ANSIBLE_* variable of the
   test environment reaches the commands (no ANSIBLE_COLLECTIONS_PATH).
2. A simulated Confluence and Jira (dcsim, HTTPS), each with a personal access token of its administrator.
3. The DOCUMENTS in order, sharing the HOME, each in its working directory (the clone, or a new empty one): file
   blocks are written and commands run with bash, in document order, and the outcome of each command is checked
   (CHECKS: links exist in dcsim and its connection test succeeds, a re-run changes nothing, check mode writes
   nothing, the tables are printed, ...), not only its exit code. A command without a check fails the test.

The only substitution (MAPPING, on file blocks and commands alike): the documents' example URLs, CA file and token
placeholders become the dcsim instances' URLs, CA file and tokens. The commands get the test's environment with
the venv that runs the test first on PATH (make venv installed it from the same pins as requirements.txt), and,
for the pip command only, PIP_NO_INDEX=1 and PIP_CONFIG_FILE=/dev/null: it must find every requirement installed
already and can neither download nor change a package.

Not run, and listed in NOT_RUN so that a new one shows in review: blocks marked `doc-test: not run: <reason>`
(servers that run until Ctrl-C, podman, a placeholder URL, a maintainer's release command) and blocks of `make`
commands only (developer targets of the repository: CI runs `make test`; `make demo`, `make docs` and the others
are run by hand, not by CI).
"""

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from doc_commands import blocks_of, substitute
from two_way_support import Instances, assert_linked, assert_works, clear_logs, writes, requests_of

PAIRS = [("confluence", "jira")]
NAMES = {"confluence": "Confluence", "jira": "Jira"}

# (document, working directory), run in this order with one HOME: the guides build on the README's install.
DOCUMENTS = [
    ("README.md", "clone"),
    ("examples/inventory/README.md", "clone"),
    ("examples/ee/README.md", "clone"),
    ("roles/two_way_link/README.md", "empty"),
    ("roles/application_links/README.md", "empty"),
    ("docs/docsite/rst/getting_started.rst", "empty"),
    ("docs/docsite/rst/real_products.rst", "empty"),
    ("docs/docsite/rst/which_link.rst", "empty"),
    ("docs/docsite/rst/two_way_lifecycle.rst", "empty"),
    ("docs/docsite/rst/safety.rst", "empty"),
    ("docs/docsite/rst/troubleshooting.rst", "empty"),
    ("docs/docsite/rst/supported_versions.rst", "empty"),
    ("docs/docsite/rst/changelog_fragments.rst", "empty"),
]
# Reference pages of the docs site, not guides (their owners keep them free of commands to run).
NOT_GUIDES = {"rest_reference.rst", "dcsim_fidelity.rst", "design.rst"}

# (document, first command) of every block that is not run; see the module docstring.
NOT_RUN = {
    ("README.md", "python3 -m venv ~/venvs/applinks"),
    ("README.md", "ansible-galaxy collection install git+https://example.invalid/atlassian_dc/applinks.git"),
    ("README.md", "make demo"),
    ("README.md", "make venv"),
    ("examples/ee/README.md", "cd examples/ee && ansible-builder build -t applinks-ee:latest"),
    ("docs/docsite/rst/getting_started.rst", "make demo"),
    ("docs/docsite/rst/getting_started.rst", "make venv"),
    ("docs/docsite/rst/changelog_fragments.rst", "make changelog-lint"),
}

VAULT_PASSWORD_FILE = "~/.applinks-vault-pass"
COLLECTION = Path(".ansible/collections/ansible_collections/atlassian_dc/applinks")  # under HOME
RECAP = re.compile(r"^(?P<host>\S+)\s+: ok=\d+\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)\s+"
                   r"failed=(?P<failed>\d+)", re.M)


def mapping(instances, tokens):
    """Documented example values -> the dcsim instances' (the only substitution)."""
    conf, jira = instances["confluence"], instances["jira"]
    return {"https://confluence.example.com/confluence": conf.base_url, "https://jira.example.com": jira.base_url,
            "https://127.0.0.1:8443/confluence": conf.base_url, "https://127.0.0.1:8444/jira": jira.base_url,
            "/etc/pki/tls/certs/corp-ca.pem": conf.ca_file, "/tmp/ca/ca.pem": conf.ca_file,
            "PASTE-THE-CONFLUENCE-TOKEN-HERE": tokens["confluence"], "PASTE-THE-JIRA-TOKEN-HERE": tokens["jira"]}


def clone(dest):
    """The files git knows (tracked and untracked-but-not-ignored; deleted ones skipped), copied: a user's clone."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


def comment_of(command):
    match = re.search(r"\s#\s(.*)$", command)
    return match.group(1) if match else ""


class Journey:
    """The state of one walk through the documents."""

    def __init__(self, home, instances, tokens, work):
        self.home, self.instances, self.tokens, self.work = home, instances, tokens, work
        self.mapping = mapping(instances, tokens)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ANSIBLE_"))
        env.update({"HOME": str(home), "PATH": str(Path(sys.executable).parent) + os.pathsep + env["PATH"]})
        self.env = env
        self.outcomes = {}   # document -> [(label, command, error or None, seconds)]
        self.cwd = None

    def path(self, text):
        """A path as bash would resolve it in the current directory (~ and $PWD expanded)."""
        if text.startswith("~"):
            return Path(text.replace("~", str(self.home), 1))
        return Path(text.replace("$PWD", str(self.cwd), 1)) if text.startswith("$PWD") else self.cwd / text

    def run(self, command):
        env = dict(self.env)
        if re.match(r"python3? -m pip install", command):
            env.pop("PIP_FIND_LINKS", None)
            env.update({"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull})
        if command.startswith("ansible-playbook"):
            clear_logs(self.instances)
        return subprocess.run(["bash", "-c", command], cwd=self.cwd, env=env, capture_output=True, text=True,
                              timeout=300, check=False)

    def walk(self, document, workdir):
        self.cwd = self.work / "clone" if workdir == "clone" else self.work / document.replace("/", "_")
        self.cwd.mkdir(parents=True, exist_ok=True)
        done = self.outcomes.setdefault(document, [])
        for block in blocks_of(REPO / document, REPO):
            if block.kind == "file":
                target = self.cwd / block.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(substitute(block.text, self.mapping))
                continue
            if block.kind != "commands":
                continue
            for command in block.commands:
                command = substitute(command, self.mapping)
                started = time.monotonic()
                proc = self.run(command)
                try:
                    check(self, command, proc)
                    assert not any(t in proc.stdout + proc.stderr for t in self.tokens.values()), "a token was printed"
                    error = None
                except Exception as exc:  # pylint: disable=broad-except  # recorded, reported by the document's test
                    error = "%r\n--- output (end) ---\n%s" % (exc, (proc.stdout + proc.stderr)[-3000:])
                done.append((block.label(), command, error, round(time.monotonic() - started, 1)))
                if error:
                    return


# Checks: (pattern on the command, check(journey, command, proc)); the first match applies.

def ok(proc):
    assert proc.returncode == 0, "exit code %d" % proc.returncode


def recap(proc):
    return dict((m.group("host"), {k: int(m.group(k)) for k in ("changed", "unreachable", "failed")})
                for m in RECAP.finditer(proc.stdout))


def check_pip(journey, command, proc):
    ok(proc)


def check_build(journey, command, proc):
    ok(proc)
    built = re.search(r"Created collection for atlassian_dc\.applinks at (\S+)", proc.stdout)
    assert built and Path(built.group(1)).is_file(), "no tarball"
    names = subprocess.run(["tar", "-tzf", built.group(1)], capture_output=True, text=True, check=True).stdout
    assert "MANIFEST.json" in names.split() and ".tar.gz" not in names, "an earlier build is inside the tarball"


def check_install(journey, command, proc):
    ok(proc)
    installed = journey.home / COLLECTION
    assert "was installed successfully" in proc.stdout
    assert (installed / "MANIFEST.json").is_file() and not installed.is_symlink()
    assert not any(p.is_symlink() for p in installed.rglob("*")), "the installed copy links elsewhere"
    version = yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]
    assert json.loads((installed / "MANIFEST.json").read_text())["collection_info"]["version"] == version


def check_list(journey, command, proc):
    ok(proc)
    version = yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]
    rows = re.findall(r"^atlassian_dc\.applinks\s+(\S+)\s*$", proc.stdout, re.M)
    assert rows == [version], "expected one copy, version %s: %s" % (version, rows)  # no other copy is visible
    assert str(journey.home / ".ansible/collections/ansible_collections") in proc.stdout


def check_vault_password(journey, command, proc):
    ok(proc)
    password = journey.path(VAULT_PASSWORD_FILE)
    assert password.is_file() and password.stat().st_size > 20
    assert stat.S_IMODE(password.stat().st_mode) & 0o077 == 0, "readable by others"


def check_encrypt(journey, command, proc):
    ok(proc)
    text = journey.path(command.split("#")[0].split()[-1]).read_text()
    assert text.startswith("$ANSIBLE_VAULT;") and not any(t in text for t in journey.tokens.values())


def check_inventory(journey, command, proc):
    ok(proc)
    assert "@atlassian_products:" in proc.stdout and "|--confluence" in proc.stdout and "|--jira" in proc.stdout


def check_doc(journey, command, proc):
    ok(proc)
    fqcn = command.split("#")[0].split()[-1]
    assert fqcn in proc.stdout and "OPTIONS" in proc.stdout.upper()


def check_manifest(journey, command, proc):
    ok(proc)
    assert json.loads(proc.stdout)["id"] in {i.server_id for i in journey.instances.values()}


def check_file_step(journey, command, proc):
    """mkdir -p DIR / cp SOURCE... DEST: the directory or the copy exists."""
    ok(proc)
    target = journey.path(command.split("#")[0].split()[-1])
    assert target.exists(), "%s does not exist" % target


def check_builder(journey, command, proc):
    ok(proc)
    context = journey.cwd / "examples/ee/context"
    assert (context / "Containerfile").is_file() or (context / "Dockerfile").is_file()
    assert list(context.rglob("atlassian_dc-applinks.tar.gz")), "the collection is not in the build context"


def check_no_write(journey):
    assert all(writes(requests_of(i)) == [] for i in journey.instances.values()), "check mode wrote"


def check_link(journey, command, proc):
    ok(proc)
    hosts = recap(proc)
    assert set(hosts) >= set(NAMES) and all(h["failed"] == h["unreachable"] == 0 for h in hosts.values())
    if "--check" in command:
        check_no_write(journey)
        return
    if "changed=0" in comment_of(command):
        assert all(h["changed"] == 0 for h in hosts.values()), hosts
        check_no_write(journey)   # before the connection test below, which writes (it runs an OAuth flow)
    assert_linked(journey.instances, PAIRS)
    assert_works(journey.instances, PAIRS)


def check_show(journey, command, proc):
    ok(proc)
    for host, instance in journey.instances.items():
        peer = NAMES["jira" if host == "confluence" else "confluence"]
        assert "%s %s at %s: " % (NAMES[host], instance.version, instance.base_url) in proc.stdout, host
        assert re.search(r'"%s\s+Generic application\s+Two-way\s+Non-Atlassian"' % peer, proc.stdout), host
    report = re.search(r"applinks_report_markdown=(\S+)", command)
    if report:
        text = journey.path(report.group(1)).read_text()
        assert "graph LR" in text and all(name in text for name in NAMES.values())


def check_audit(journey, command, proc):
    ok(proc)
    for host in NAMES:
        assert "%s matches its declared state" % host in proc.stdout
    check_no_write(journey)


CHECKS = [
    (r"^python3 -m pip install ", check_pip),
    (r"^ansible-galaxy collection build\b", check_build),
    (r"^ansible-galaxy collection install\b", check_install),
    (r"^ansible-galaxy collection list\b", check_list),
    (r"openssl rand .*> ~/\.applinks-vault-pass", check_vault_password),
    (r"^ansible-vault encrypt\b", check_encrypt),
    (r"^ansible-inventory .*--graph", check_inventory),
    (r"^ansible-doc ", check_doc),
    (r"^curl .*/rest/applinks/1\.0/manifest", check_manifest),
    (r"^(mkdir -p|cp) ", check_file_step),
    (r"ansible-builder create\b", check_builder),
    (r"^ansible-playbook .*atlassian_dc\.applinks\.link_products\b", check_link),
    (r"^ansible-playbook .*atlassian_dc\.applinks\.show_links\b", check_show),
    (r"^ansible-playbook .*atlassian_dc\.applinks\.audit_links\b", check_audit),
]


def check(journey, command, proc):
    for pattern, function in CHECKS:
        if re.search(pattern, command):
            return function(journey, command, proc)
    raise AssertionError("no outcome check for this documented command: add one to CHECKS in test_readme.py")


@pytest.fixture(scope="module")
def journey(tmp_path_factory, ca_dir):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    try:
        instances = pool.products(("confluence", "jira"), "readme")
        tokens = dict((host, instance.pat()) for host, instance in instances.items())
        work = tmp_path_factory.mktemp("readme-work")
        clone(work / "clone")
        walk = Journey(tmp_path_factory.mktemp("readme-home"), instances, tokens, work)
        for document, workdir in DOCUMENTS:
            walk.walk(document, workdir)
        yield walk
    finally:
        pool.stop_all()


@pytest.mark.parametrize("document", [d for d, _w in DOCUMENTS])
def test_documented_commands_work(journey, document):
    outcomes = journey.outcomes[document]
    for label, command, error, seconds in outcomes:  # shown with pytest -s
        print("%6.1fs %s %s %s" % (seconds, "FAILED" if error else "ok", label, command))
    failed = [(label, command, error) for label, command, error, _s in outcomes if error]
    assert not failed, "%s: `%s` failed: %s" % failed[0]
    commands = [c for b in blocks_of(REPO / document, REPO) if b.kind == "commands" for c in b.commands]
    assert len(outcomes) == len(commands), "not every command ran"


def test_readme_walk_runs_the_install_and_the_quick_start(journey):
    ran = [command for _label, command, _error, _s in journey.outcomes["README.md"]]
    assert sum(c.startswith("ansible-playbook ") for c in ran) >= 5 and any("collection install" in c for c in ran)


def test_every_guide_is_walked():
    guides = set(p.name for p in (REPO / "docs/docsite/rst").glob("*.rst")) - NOT_GUIDES
    assert guides == set(Path(d).name for d, _w in DOCUMENTS if d.startswith("docs/"))
    readmes = set(str(p.relative_to(REPO)) for pattern in ("roles/*/README.md", "examples/*/README.md")
                  for p in REPO.glob(pattern))
    assert readmes <= set(d for d, _w in DOCUMENTS)


def test_blocks_not_run_are_the_listed_ones():
    found = set()
    for document, _workdir in DOCUMENTS:
        for block in blocks_of(REPO / document, REPO):
            if block.kind in ("not run", "make"):
                assert block.kind == "make" or block.reason, block.label()
                first = block.commands[0] if block.commands else block.text.splitlines()[0]
                found.add((document, re.sub(r"\s+#\s.*$", "", first)))
    assert found == NOT_RUN
