"""Every module's EXAMPLES block is a valid task list that uses documented options only (as ansible-doc shows the
documentation, doc fragments included); wrapped in a play, it passes --syntax-check."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

MODULES = sorted(p for p in (Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py")
                 if p.name != "__init__.py")


def _constant(path, name):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value.value
    raise AssertionError("%s has no %s" % (path.name, name))


def _examples(path):
    return _constant(path, "EXAMPLES")


def documented_options(fqcn, env):
    proc = subprocess.run([str(Path(sys.executable).parent / "ansible-doc"), "-t", "module", "--json", fqcn],
                          capture_output=True, text=True, env=env, check=True)
    return set(json.loads(proc.stdout)[fqcn]["doc"]["options"])


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.stem)
def test_examples_pass_syntax_check(module, ansible_env, tmp_path):
    tasks = yaml.safe_load(_examples(module))
    assert isinstance(tasks, list) and tasks, "EXAMPLES must be a non-empty task list"
    fqcn = "atlassian_dc.applinks." + module.stem
    assert any(fqcn in task for task in tasks), "EXAMPLES must call the module by its FQCN"
    documented = documented_options(fqcn, ansible_env)
    assert {"url", "token", "client_cert", "allow_insecure_http"} <= documented  # the connection doc fragment
    for task in tasks:
        args = task.get(fqcn)
        if isinstance(args, dict):
            assert set(args) <= documented, "%s uses undocumented options %s" % (
                task.get("name"), sorted(set(args) - documented))
    playbook = tmp_path / "examples.yml"
    playbook.write_text(yaml.safe_dump([{"name": "EXAMPLES of " + module.stem, "hosts": "localhost",
                                         "gather_facts": False, "tasks": tasks}]))
    proc = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "--syntax-check", "-i",
                           "localhost,", str(playbook)], capture_output=True, text=True, env=ansible_env,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
