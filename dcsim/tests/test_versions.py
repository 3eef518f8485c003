"""Product versions (REST reference §12): the version table, the manifest per --version, scopes per version, the native
OAuth 2.0 applinks flag, and the CLI's refusal of unknown lines. Real processes over HTTPS."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dcsim import versions
from dcsim.tests.oauth2_support import PROVIDER, create_client, issue_tokens

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ["READ", "WRITE", "ADMIN", "SYSTEM_ADMIN"]
NEWER = BASELINE + ["READ_ALL", "MANAGE_SUBSCRIPTIONS"]


@pytest.fixture(scope="module")
def jira912(start_instance):
    return start_instance("jira", "jira912", extra_args=["--version", "9.12.15"])


@pytest.fixture(scope="module")
def jira112_jsm(start_instance):
    return start_instance("jira", "jira112", extra_args=["--version", "11.2", "--jsm"])


def _manifest(inst, client=None):
    r = (client or inst.client()).get("/rest/applinks/1.0/manifest")
    assert r.status_code == 200, r.text
    return r.json()


def _scopes_supported(inst):
    r = requests.get(inst.base_url + PROVIDER + "/.well-known/oauth-authorization-server",
                     verify=inst.ca_file, timeout=10)
    assert r.status_code == 200
    return r.json()["scopes_supported"]


def test_defaults_are_the_current_lts_lines():
    assert {p: versions.profile(p).version for p in versions.LINES} == {
        "confluence": "9.2.6", "jira": "10.3.12", "bitbucket": "9.4.8", "bamboo": "10.2.5"}


def test_build_numbers_follow_the_documented_rule():
    assert versions.profile("jira", "9.12.15").build_number == 9120015
    assert versions.profile("jira", "10.3.4").build_number == 10030004
    assert versions.profile("confluence", "9.2.6").build_number == 9020006
    assert versions.profile("bitbucket", "8.19.10").build_number == 8019010
    assert versions.profile("bamboo", "9.6.8").build_number == 90608
    assert versions.profile("bamboo", "10.2.5").build_number == 100205


def test_version_table_rules():
    assert versions.profile("confluence", "8.5.16").scopes == tuple(BASELINE)
    assert versions.profile("confluence", "9.2.1").scopes == tuple(NEWER)
    assert versions.profile("jira", "10.3.0", jsm=True).scopes == tuple(NEWER + ["JSM_KB"])
    assert versions.profile("bitbucket", "9.4.8").scopes == (
        "PUBLIC_REPOS", "ACCOUNT_WRITE", "REPO_READ", "REPO_WRITE", "REPO_ADMIN", "PROJECT_ADMIN", "ADMIN_WRITE",
        "SYSTEM_ADMIN")
    assert versions.profile("bamboo", "12.0.0").scopes == ("READ", "TRIGGER", "USER")
    assert [versions.profile("jira", v).basic_auth_blocked for v in ("9.12", "10.3", "11.0", "11.3")] == [
        False, False, True, True]
    assert not versions.profile("confluence", "10.2").basic_auth_blocked
    native = {(p, v): versions.profile(p, v).native_oauth2_applinks for p, v in (
        ("jira", "11.1"), ("jira", "11.2"), ("confluence", "10.0"), ("confluence", "10.1"),
        ("bitbucket", "10.0"), ("bitbucket", "10.1"), ("bamboo", "11.0"), ("bamboo", "12.0"))}
    assert native == {("jira", "11.1"): False, ("jira", "11.2"): True, ("confluence", "10.0"): False,
                      ("confluence", "10.1"): True, ("bitbucket", "10.0"): False, ("bitbucket", "10.1"): True,
                      ("bamboo", "11.0"): False, ("bamboo", "12.0"): True}


def test_manifest_and_health_report_the_version(jira, jira912, jira112_jsm):
    m = _manifest(jira)
    assert (m["version"], m["buildNumber"], m["applinksVersion"]) == ("10.3.12", 10030012, "10.0.6")
    m = _manifest(jira912)
    assert (m["version"], m["buildNumber"], m["applinksVersion"]) == ("9.12.15", 9120015, "9.1.4")
    # "11.2" means the line's default patch version
    m = _manifest(jira112_jsm, jira112_jsm.client(token=jira112_jsm.pat()))
    assert (m["version"], m["buildNumber"], m["applinksVersion"]) == ("11.2.1", 11020001, "11.0.2")
    health = requests.get(jira112_jsm.base_url + "/_dcsim/health", verify=jira112_jsm.ca_file, timeout=10).json()
    assert (health["version"], health["jsm"], health["nativeOAuth2Applinks"], health["basicAuthBlocked"]) == (
        "11.2.1", True, True, True)
    health = jira.client().get("/_dcsim/health").json()
    assert (health["version"], health["nativeOAuth2Applinks"], health["basicAuthBlocked"]) == (
        "10.3.12", False, False)
    assert jira912.version == "9.12.15"


def test_scopes_supported_follow_the_version(jira, jira912, jira112_jsm, confluence):
    assert _scopes_supported(jira912) == BASELINE
    assert _scopes_supported(jira) == NEWER
    assert _scopes_supported(confluence) == NEWER
    assert _scopes_supported(jira112_jsm) == NEWER + ["JSM_KB"]


def test_client_create_accepts_read_all_on_jira_103_only(jira, jira912):
    created = create_client(jira, scope="READ_ALL MANAGE_SUBSCRIPTIONS")
    assert created["scope"] == "MANAGE_SUBSCRIPTIONS READ_ALL"
    c = jira912.client()
    c.clear_log()
    r = c.post(PROVIDER + "/client", {"name": "old", "redirects": ["https://app.example.com/cb"],
                                      "scope": "READ READ_ALL"})
    assert r.status_code == 400
    assert r.json()["fieldErrors"] == {"scope": ["Unknown scope: READ_ALL"]}
    assert [e["status"] for e in c.writes()] == [400]
    assert c.get(PROVIDER + "/client").json() == []
    # update validates the same way
    ok = create_client(jira912, scope="READ")
    r = c.put(f"{PROVIDER}/client/{ok['id']}", {"scope": "MANAGE_SUBSCRIPTIONS"})
    assert r.status_code == 400 and list(r.json()["fieldErrors"]) == ["scope"]
    assert jira.client().put(f"{PROVIDER}/client/{created['id']}", {"scope": "READ_ALL"}).status_code == 204


def _bearer(inst, token, method, path, body=None):
    return inst.client(token=token).request(method, path, body)


def test_read_all_reads_admin_resources_but_cannot_write(jira):
    read_all = issue_tokens(jira, create_client(jira, scope="READ_ALL"))["access_token"]
    read = issue_tokens(jira, create_client(jira, scope="READ"))["access_token"]
    subscriptions = issue_tokens(jira, create_client(jira, scope="MANAGE_SUBSCRIPTIONS"))["access_token"]
    # READ_ALL: everything the (sysadmin) user can read, here the admin-only v3 link list
    assert _bearer(jira, read_all, "GET", "/rest/applinks/3.0/applinks").status_code == 200
    assert _bearer(jira, read, "GET", "/rest/applinks/3.0/applinks").status_code == 403
    body = {"name": "x", "redirects": ["https://app.example.com/cb"], "scope": "READ"}
    assert _bearer(jira, read_all, "POST", PROVIDER + "/client", body).status_code == 403
    # MANAGE_SUBSCRIPTIONS is WRITE-level: it may write, but not as an administrator
    assert _bearer(jira, subscriptions, "POST", PROVIDER + "/client", body).status_code == 401
    assert _bearer(jira, subscriptions, "GET", "/rest/api/latest/myself").json()["role"] == "user"


def test_unknown_version_line_is_rejected_by_the_cli(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dcsim", "serve", "--product", "jira", "--data", str(tmp_path),
                           "--version", "10.4.0"], capture_output=True, text=True, timeout=30, check=False, cwd=ROOT)
    assert done.returncode == 2
    assert "Jira 10.4.0 is not a version line dcsim plays; known lines: 9.12, 10.3, 11.0, 11.1, 11.2, 11.3" in (
        done.stderr)
    assert not (tmp_path / "server.json").exists()
    done = subprocess.run([sys.executable, "-m", "dcsim", "serve", "--product", "bamboo", "--data", str(tmp_path),
                           "--version", "ten"], capture_output=True, text=True, timeout=30, check=False, cwd=ROOT)
    assert done.returncode == 2 and "version 'ten' is not X.Y.Z" in done.stderr
