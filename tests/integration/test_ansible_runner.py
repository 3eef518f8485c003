"""The two-way link under ansible-runner, as AWX and Automation Platform run it: job events are stored.

playbooks/link_products.yml (OAuth 2.0, Confluence and Jira in dcsim) is run four times with
ansible_runner.run at verbosity 3 with --diff, from a private_data_dir (env/extravars, env/envvars,
inventory/hosts) that keeps its artifacts: the link made, the same run again (changed=0), a repair after a
"Reset secret" in Confluence's UI, a rotation (two_way_link_rotate_secret=true). Each run must do its job
(status, changed counts, dcsim's connection test both ways). Then every file under the artifacts directory
(job events, stdout, command, ...) is searched for every secret of those runs: each incoming client secret the
providers held at any point, the administrator password of one product and the personal access token of the
other. None may appear.
"""

import json
import secrets as random_secrets
import sys
from pathlib import Path

import ansible_runner
import pytest

from two_way_support import (
    INCOMING, LINK_PRODUCTS, NAMES, Instances, assert_linked, assert_works, by_name, client_secrets,
    connection_test)

PAIR = ("confluence", "jira")
SYSADMIN = ("admin", "admin")  # the test's own reads of dcsim; the playbook uses the credentials below


@pytest.fixture(scope="module")
def products(tmp_path_factory, ca_dir):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    password = "pw-" + random_secrets.token_hex(16)
    users = ("--user", "admin:admin:sysadmin", "--user", f"ops:{password}:sysadmin")
    try:
        instances = pool.products(PAIR, "runner", extra_args=users)
        yield instances, password, instances["jira"].pat(user="ops")
    finally:
        pool.stop_all()


def private_data_dir(root, instances, password, token, collections_path):
    """The layout AWX hands ansible-runner: inventory/hosts, env/extravars, env/envvars."""
    hosts = {
        "confluence": {"applinks_username": "ops", "applinks_password": password},
        "jira": {"applinks_token": token},
    }
    for host, instance in instances.items():
        hosts[host].update({"applinks_url": instance.base_url, "applinks_name": NAMES[host],
                            "applinks_type": host, "applinks_ca_path": instance.ca_file})
    inventory = {"all": {"children": {"atlassian_products": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
        "hosts": hosts}}}}
    for sub in ("inventory", "env", "project"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "inventory" / "hosts").write_text(json.dumps(inventory))
    envvars = {
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_PIPELINING": "1",
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
    }
    (root / "env" / "envvars").write_text(json.dumps(envvars))
    return root


def run_job(root, ident, extravars):
    (root / "env" / "extravars").write_text(json.dumps(dict({"applinks_pairs": [list(PAIR)]}, **extravars)))
    runner = ansible_runner.run(private_data_dir=str(root), playbook=str(LINK_PRODUCTS), ident=ident,
                                verbosity=3, cmdline="--diff", quiet=True, rotate_artifacts=0)
    stdout = runner.stdout.read()
    assert runner.status == "successful" and runner.rc == 0, f"{ident}: {runner.status}\n{stdout[-3000:]}"
    assert not runner.stats["failures"] and not runner.stats["dark"], runner.stats
    # Both products ran (localhost only runs the playbook's check of the selection, select_products.yml).
    assert set(runner.stats["ok"]) - {"localhost"} == set(PAIR), runner.stats
    return sum(runner.stats["changed"].values())


def test_two_way_link_under_ansible_runner_keeps_secrets_out_of_every_artifact(
        products, collections_path, tmp_path):
    instances, password, token = products
    root = private_data_dir(tmp_path / "job", instances, password, token, collections_path)
    seen = {password, token}

    changed = run_job(root, "1-link", {})
    assert changed > 0
    assert_linked(instances, [PAIR], user=SYSADMIN)
    assert_works(instances, [PAIR], user=SYSADMIN)
    seen.update(client_secrets(instances, SYSADMIN))

    changed = run_job(root, "2-again", {})
    assert changed == 0

    conf = instances["confluence"].client(SYSADMIN)
    for_jira = by_name(conf.get(INCOMING).json(), "Jira")
    assert conf.put(f"{INCOMING}/reset/{for_jira['clientId']}").status_code < 300  # the UI's "Reset secret"
    assert not connection_test(instances["jira"], "Confluence", SYSADMIN)["success"]
    seen.update(client_secrets(instances, SYSADMIN))
    changed = run_job(root, "3-repair", {})
    assert changed > 0
    assert_works(instances, [PAIR], user=SYSADMIN)

    before = set(client_secrets(instances, SYSADMIN))
    changed = run_job(root, "4-rotate", {"two_way_link_rotate_secret": True})
    assert changed > 0
    after = set(client_secrets(instances, SYSADMIN))
    assert len(after) == 2 and not after & before, "the rotation did not replace both secrets"
    assert_works(instances, [PAIR], user=SYSADMIN)
    seen.update(after)

    artifacts = [p for p in (root / "artifacts").rglob("*") if p.is_file()]
    events = [p for p in artifacts if p.parent.name == "job_events"]
    assert {p.parts[-2] for p in artifacts if p.name == "stdout"} == {"1-link", "2-again", "3-repair", "4-rotate"}
    assert len(events) > 40, f"only {len(events)} job events were stored"
    assert len(seen) == 2 + 2 + 1 + 2  # password, token; the first pair of secrets, the reset one, the rotated pair
    leaks = sorted({(p.relative_to(root).as_posix(), "password" if s == password else "token" if s == token
                     else "client secret")
                    for p in artifacts for s in seen if s in p.read_text(encoding="utf-8", errors="replace")})
    assert not leaks, f"secrets in the job's artifacts: {leaks}"
    # The search can find what it looks for: the inventory ansible-runner was given carries two of the secrets.
    given = (root / "inventory" / "hosts").read_text()
    assert password in given and token in given
