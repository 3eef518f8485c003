"""No password and no client secret in the output of create / update / rotate runs at -vvv with --diff."""

import base64
import hashlib
import uuid

import pytest


PASSWORD = "Adm1n-S3cret-pw"
USER = ["--user", "root:%s:sysadmin" % PASSWORD]
CLIENTS = "/rest/oauth2/latest/client"
CONFIGS = "/rest/oauth2-client/latest/config"


@pytest.fixture(scope="module")
def pair(start_instance):
    return start_instance("confluence", "secrets-confluence", USER), start_instance("jira", "secrets-jira", USER)


def incoming_secret(jira, name):
    clients = [c for c in jira.client(("root", PASSWORD)).get(CLIENTS).json() if c["name"] == name]
    assert len(clients) == 1
    return clients[0]["clientSecret"]


def flow(api, config_id):
    created = api.post(CONFIGS + "/flow", params={"id": config_id}).json()
    api.get(created["initFlowUrl"], allow_redirects=False)
    return api.get("%s/flow/%s" % (CONFIGS, created["id"])).json()


def assert_clean(output, secrets):
    for label, value in secrets.items():
        assert value and value not in output, "%s leaked into the output" % label


def test_no_secret_in_verbose_output(run_playbook, pair):
    conf, jira = pair
    name = "Secrets %s" % uuid.uuid4().hex[:8]
    known = {"known client secret": "Kn0wn-Cl1ent-S3cret-%s" % uuid.uuid4().hex[:6],
             "rotated known client secret": "R0tated-Cl1ent-S3cret-%s" % uuid.uuid4().hex[:6]}
    auth = jira.base_url + "/rest/oauth2/latest/authorize"
    redirect_uri = conf.base_url + "/plugins/servlet/oauth2/client/callback/" + base64.urlsafe_b64encode(
        hashlib.md5(auth.encode()).digest()).rstrip(b"=").decode()
    extra = {"redirect_uri": redirect_uri, "jira_url": jira.base_url, "confluence_url": conf.base_url, "ca_path": conf.ca_file,
             "admin_password": PASSWORD, "link_name": name, "known_secret": known["known client secret"],
             "known_secret_2": known["rotated known client secret"]}

    first = run_playbook("secrets.yml", dict(extra, phase=1), diff=True, verbosity=3)
    assert first.rc == 0, first.output[-3000:]
    assert first.changed() == 4
    assert first.result("Let Confluence use Jira with the generated credentials")["redirect_uri"] == redirect_uri
    original = incoming_secret(jira, name)
    secrets = dict(known, password=PASSWORD, **{"incoming client secret": original})
    assert_clean(first.output, secrets)
    assert "censored" in first.output  # the no_log task ran and was hidden
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in first.output  # -vvv shows the (masked) module arguments

    second = run_playbook("secrets.yml", dict(extra, phase=2), diff=True, verbosity=3)
    assert second.rc == 0, second.output[-3000:]
    assert second.changed() == 2
    rotated = incoming_secret(jira, name)
    assert rotated != original
    secrets["rotated incoming client secret"] = rotated
    assert_clean(first.output, secrets)
    assert_clean(second.output, secrets)
    assert "HTTP 401" in second.output  # the wrong-password task failed visibly ...
    assert PASSWORD + "-wrong" not in second.output  # ... without its password

    # the secret that went through no_log registers and masked arguments is the right one
    api = conf.client(("root", PASSWORD))
    config = api.get("%s/name/%s" % (CONFIGS, name)).json()
    assert flow(api, config["id"]) == {"success": True, "error": ""}
