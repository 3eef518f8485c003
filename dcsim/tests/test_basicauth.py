"""Basic authentication switched off (REST reference §12.2) and the `pat` CLI. Real processes over HTTPS."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dcsim import testing

ROOT = Path(__file__).resolve().parents[2]
BLOCKED = {"message": "Basic Authentication has been disabled on this instance."}
CONFIG = "/rest/basicauth/1.0/config"
LINKS = "/rest/applinks/3.0/applinks"


@pytest.fixture(scope="module")
def jira11(start_instance):
    return start_instance("jira", "jira11", extra_args=["--version", "11.0.3"])


def _pat_cli(data_dir, user, *extra):
    return subprocess.run([sys.executable, "-m", "dcsim", "pat", "--data", str(data_dir), "--user", user, *extra],
                          capture_output=True, text=True, timeout=30, check=False, cwd=ROOT)


def test_basic_is_blocked_by_default_on_jira_11(jira11):
    c = jira11.client()
    for method, path in (("GET", LINKS), ("GET", "/rest/applinks/1.0/manifest"), ("POST", "/rest/oauth2/latest/client"),
                         ("GET", CONFIG), ("POST", "/rest/pat/latest/tokens")):
        r = c.request(method, path, {} if method == "POST" else None)
        assert (r.status_code, r.json()) == (403, BLOCKED), (method, path)
    # the block answers before the credentials are checked
    r = jira11.client(auth=("admin", "wrong")).get(LINKS)
    assert (r.status_code, r.json()) == (403, BLOCKED)
    # dcsim's own controls stay usable with Basic (the test harness needs them)
    assert c.get("/_dcsim/requests").status_code == 200
    # anonymous reads still work, and so do personal access tokens
    assert requests.get(jira11.base_url + "/rest/applinks/1.0/manifest", verify=jira11.ca_file,
                        timeout=10).status_code == 200
    t = jira11.client(token=jira11.pat())
    assert t.get(LINKS).status_code == 200
    assert t.get(CONFIG).json() == {"block-requests": True, "allowed-paths": [], "allowed-users": []}


def test_allowlisted_paths_and_users_still_work(jira11):
    t = jira11.client(token=jira11.pat())
    r = t.put(CONFIG, {"allowed-paths": ["/rest/applinks/3.0/*"], "allowed-users": ["manager"]})
    assert r.status_code == 200
    assert r.json() == {"block-requests": True, "allowed-paths": ["/rest/applinks/3.0/*"],
                        "allowed-users": ["manager"]}
    try:
        admin = jira11.client()
        assert admin.get(LINKS).status_code == 200                 # allowed path
        r = admin.get("/rest/applinks/1.0/applicationlink")        # other path
        assert (r.status_code, r.json()) == (403, BLOCKED)
        manager = jira11.client(auth=("manager", "manager"))
        assert manager.get("/rest/applinks/1.0/applicationlink").status_code == 200   # allowed user
        # an allowed user still needs the right password
        assert jira11.client(auth=("manager", "bad")).get("/rest/applinks/1.0/applicationlink").status_code == 401
    finally:
        assert t.put(CONFIG, {"allowed-paths": [], "allowed-users": []}).status_code == 200
    assert jira11.client().get(LINKS).status_code == 403


def test_config_is_sysadmin_only_and_validated(jira11):
    t = jira11.client(token=jira11.pat())
    manager = jira11.client(token=jira11.pat("manager"))
    c = jira11.client()
    c.clear_log()
    assert manager.get(CONFIG).status_code == 403
    assert manager.put(CONFIG, {"block-requests": False}).status_code == 403
    for body in ({"block-requests": "no"}, {"allowed-paths": "/x"}, {"allowed-users": [1]}, {"other": True}):
        r = t.put(CONFIG, body)
        assert r.status_code == 400, body
    assert t.get(CONFIG).json() == {"block-requests": True, "allowed-paths": [], "allowed-users": []}
    assert [e["status"] for e in c.writes()] == [403, 400, 400, 400, 400]


def test_put_config_switches_basic_on_confluence_and_persists(start_instance, tmp_path):
    data = tmp_path / "conf"
    conf = start_instance("confluence", data_dir=data)
    c = conf.client()
    assert c.get(CONFIG).json() == {"block-requests": False, "allowed-paths": [], "allowed-users": []}
    assert c.get(LINKS).status_code == 200
    r = c.put(CONFIG, {"block-requests": True})
    assert r.status_code == 200 and r.json()["block-requests"] is True
    assert (c.get(LINKS).status_code, c.get(LINKS).json()) == (403, BLOCKED)
    token = conf.pat()
    assert conf.client(token=token).get(LINKS).status_code == 200
    conf.stop()
    # persisted: a restart with the same data keeps the block (and the token)
    conf = start_instance("confluence", data_dir=data)
    assert conf.client().get(LINKS).status_code == 403
    t = conf.client(token=token)
    assert t.put(CONFIG, {"block-requests": False}).status_code == 200
    assert conf.client().get(LINKS).status_code == 200
    conf.stop()
    # --basic-auth off overrides at start
    conf = start_instance("confluence", data_dir=data, extra_args=["--basic-auth", "off"])
    assert conf.client().get(LINKS).status_code == 403
    assert conf.client().get("/_dcsim/health").json()["basicAuthBlocked"] is True


def test_basic_auth_on_flag_unblocks_jira_11(start_instance):
    jira = start_instance("jira", "jira11on", extra_args=["--version", "11.0.3", "--basic-auth", "on"])
    assert jira.client().get(LINKS).status_code == 200
    assert jira.client().get(CONFIG).json()["block-requests"] is False


def test_pat_cli_on_a_stopped_then_started_instance(start_instance, tmp_path):
    data = tmp_path / "jira"
    jira = start_instance("jira", data_dir=data, extra_args=["--version", "11.1.1"])
    jira.stop()
    done = _pat_cli(data, "admin", "--name", "offline")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert token and "\n" not in token
    jira = start_instance("jira", data_dir=data, extra_args=["--version", "11.1.1"])
    me = jira.client(token=token).get("/rest/api/latest/myself")
    assert me.status_code == 200 and me.json()["name"] == "admin" and me.json()["authenticatedVia"] == "pat"


def test_pat_cli_on_a_running_instance_and_unknown_user(jira11, tmp_path):
    done = _pat_cli(jira11.data_dir, "user")
    assert done.returncode == 0, done.stderr
    me = jira11.client(token=done.stdout.strip()).get("/rest/api/latest/myself")
    assert me.status_code == 200 and me.json()["name"] == "user"
    done = _pat_cli(jira11.data_dir, "nobody")
    assert done.returncode == 1 and done.stdout == ""
    assert "--user nobody: no such user" in done.stderr
    with pytest.raises(RuntimeError, match="no such user"):
        jira11.pat("nobody")
    done = _pat_cli(tmp_path / "missing", "admin")
    assert done.returncode == 1 and "no such directory" in done.stderr


def test_pat_cli_knows_the_users_of_the_last_start(start_instance, tmp_path):
    data = tmp_path / "bb"
    bb = start_instance("bitbucket", data_dir=data, extra_args=["--user", "ops:ops:sysadmin"])
    assert _pat_cli(data, "admin").returncode == 1
    token = testing.create_pat(data, "ops")
    assert bb.client(token=token).get(LINKS).status_code == 200
