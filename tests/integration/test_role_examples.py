"""The roles' and the top-level README's example plays and the shipped playbooks pass --syntax-check against the
example inventory, and set only role variables the roles document (their meta/argument_specs.yml)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
INVENTORY = REPO / "examples" / "inventory"
READMES = [REPO / "README.md"] + sorted(REPO.glob("roles/*/README.md"))
PLAYBOOKS = sorted((REPO / "playbooks").glob("*.yml"))
FENCE = re.compile(r"```yaml\n(.*?)```", re.S)


def plays_in(readme):
    """The fenced YAML blocks of a README that are plays (a list of dicts with `hosts`)."""
    found = []
    for block in FENCE.findall(readme.read_text()):
        data = yaml.safe_load(block)
        if isinstance(data, list) and data and all(isinstance(p, dict) and "hosts" in p for p in data):
            found.append(data)
    return found


def documented_role_options():
    options = {}
    for spec in REPO.glob("roles/*/meta/argument_specs.yml"):
        role = "atlassian_dc.applinks." + spec.parent.parent.name
        options[role] = set(yaml.safe_load(spec.read_text())["argument_specs"]["main"]["options"])
    return options


def syntax_check(playbook, ansible_env):
    proc = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "--syntax-check", "-i",
                           str(INVENTORY), str(playbook)], capture_output=True, text=True, env=ansible_env,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_readmes_hold_example_plays():
    assert sum(len(plays_in(readme)) for readme in READMES) >= 3


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(REPO)))
def test_readme_example_plays(readme, ansible_env, tmp_path):
    options = documented_role_options()
    for index, plays in enumerate(plays_in(readme)):
        for play in plays:
            for task in play.get("tasks") or []:
                include = task.get("ansible.builtin.include_role") or {}
                if include.get("name") in options:
                    unknown = set(task.get("vars") or {}) - options[include["name"]]
                    assert not unknown, "%s sets undocumented role variables %s" % (readme.name, sorted(unknown))
        path = tmp_path / ("example%d.yml" % index)
        path.write_text(yaml.safe_dump(plays))
        syntax_check(path, ansible_env)


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=lambda p: p.name)
def test_playbooks_pass_syntax_check(playbook, ansible_env):
    syntax_check(playbook, ansible_env)
