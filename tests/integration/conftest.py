"""Integration fixtures: real dcsim processes over HTTPS and ansible-playbook runs against them.

The collection is put on the Ansible search path through a symlink
<tmp>/ansible_collections/atlassian_dc/applinks -> the repository root.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dcsim.pytest_fixtures import ca_dir, confluence, jira, start_instance  # noqa: E402,F401 pylint: disable=unused-import

PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("collections")
    target = root / "ansible_collections" / "atlassian_dc"
    target.mkdir(parents=True)
    (target / "applinks").symlink_to(REPO, target_is_directory=True)
    return root


def mode_flags(check, diff, verbosity):
    """ansible(-playbook) flags for check mode, diff mode and verbosity."""
    return (["--check"] if check else []) + (["--diff"] if diff else []) + (["-" + "v" * verbosity] if verbosity else [])


class PlaybookResult:
    def __init__(self, proc, data):
        self.proc = proc
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.stats = data.get("stats", {})
        self.task_results = data.get("tasks", [])

    @property
    def output(self):
        return self.stdout + self.stderr

    def result(self, name, host="localhost"):
        """The last result of the task with this name on this host."""
        for entry in reversed(self.task_results):
            if entry["task"] == name and entry["host"] == host:
                return entry["result"]
        raise KeyError(name)

    def changed(self, host="localhost"):
        return self.stats.get(host, {}).get("changed", 0)

    def failed(self, host="localhost"):
        return self.stats.get(host, {}).get("failures", 0)


@pytest.fixture(scope="session")
def ansible_env(collections_path):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_DEPRECATION_WARNINGS": "False",
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_CALLBACK_PLUGINS": str(Path(__file__).resolve().parent / "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "results_json",
        # The module is piped to the interpreter instead of copied to a temp dir first: ~0.25 s per task.
        "ANSIBLE_PIPELINING": "1",
    })
    for key in ("ATLASSIAN_URL", "ATLASSIAN_USERNAME", "ATLASSIAN_PASSWORD", "ATLASSIAN_TOKEN",
                "ATLASSIAN_VALIDATE_CERTS", "ATLASSIAN_CA_PATH", "ATLASSIAN_TIMEOUT",
                "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        env.pop(key, None)
    return env


@pytest.fixture(scope="session")
def run_playbook(ansible_env, tmp_path_factory):
    """run_playbook(playbook, extra_vars, check=False, diff=False, verbosity=0, env=None, inventory=None)."""
    bindir = Path(sys.executable).parent

    def _run(playbook, extra_vars=None, check=False, diff=False, verbosity=0, env=None, inventory=None,
             timeout=300):
        path = Path(playbook)
        if not path.is_absolute():
            path = PLAYBOOKS / path
        work = tmp_path_factory.mktemp("run")
        vars_file = work / "vars.json"
        vars_file.write_text(json.dumps(extra_vars or {}))
        results_file = work / "results.json"
        cmd = [str(bindir / "ansible-playbook"), "-i", inventory or "localhost,", str(path),
               "-e", "@" + str(vars_file)]
        if inventory is None:
            cmd += ["-c", "local"]
        cmd += mode_flags(check, diff, verbosity)
        run_env = dict(ansible_env)
        run_env["RESULTS_JSON_FILE"] = str(results_file)
        run_env.update(env or {})
        proc = subprocess.run(cmd, capture_output=True, text=True, env=run_env, timeout=timeout,
                              check=False)
        data = json.loads(results_file.read_text()) if results_file.exists() else {}
        return PlaybookResult(proc, data)

    return _run


def unique(prefix):
    """A name no other test uses (instances are shared across a test module or session)."""
    return "%s %s" % (prefix, uuid.uuid4().hex[:8])


def conn_vars(instance, **extra):
    """Connection variables for a dcsim instance (the default system administrator)."""
    values = {"url": instance.base_url, "username": "admin", "password": "admin", "ca_path": instance.ca_file}
    values.update(extra)
    return values


class ModuleResult:
    def __init__(self, proc, result):
        self.proc = proc
        self.rc = proc.returncode
        self.output = proc.stdout + proc.stderr
        self.result = result

    def __getitem__(self, key):
        return self.result[key]

    def get(self, key, default=None):
        return self.result.get(key, default)

    @property
    def failed(self):
        return self.result.get("_status") == "failed" or bool(self.result.get("failed"))

    @property
    def changed(self):
        return bool(self.result.get("changed"))

    @property
    def msg(self):
        return self.result.get("msg", "")


@pytest.fixture(scope="session")
def run_module(ansible_env, tmp_path_factory):
    """run_module(name, args, check=False, diff=False, verbosity=0) -> ModuleResult (one ad-hoc call)."""
    bindir = Path(sys.executable).parent

    def _run(name, args, check=False, diff=False, verbosity=0, env=None):
        fqcn = name if "." in name else "atlassian_dc.applinks." + name
        results_file = tmp_path_factory.mktemp("adhoc") / "results.json"
        cmd = [str(bindir / "ansible"), "localhost", "-i", "localhost,", "-c", "local", "-m", fqcn,
               "-a", json.dumps(args)]
        cmd += mode_flags(check, diff, verbosity)
        run_env = dict(ansible_env)
        run_env.update({"ANSIBLE_LOAD_CALLBACK_PLUGINS": "1", "RESULTS_JSON_FILE": str(results_file)})
        run_env.update(env or {})
        proc = subprocess.run(cmd, capture_output=True, text=True, env=run_env, timeout=300,
                              check=False)
        try:
            result = json.loads(results_file.read_text())["tasks"][-1]["result"]
        except (OSError, ValueError, KeyError, IndexError):
            result = {"_status": "failed", "msg": "no result: " + proc.stdout[-2000:] + proc.stderr[-2000:]}
        return ModuleResult(proc, result)

    return _run
