"""application_link against dcsim: generic lifecycle, an Atlassian link with OAuth levels, the request budget,
the synthetic OAuth 2.0 entries of the v3 list left alone, and the matching rules (§2.8 id, legacy ids, an
Atlassian link with another id, an unreachable remote on state absent, one auth direction at a time)."""

import hashlib
import json
import uuid

import pytest

from conftest import conn_vars

V3 = "/rest/applinks/3.0/applinks"
CHECK = {"check_mode": True}
DIFF = {"diff": True}


class Step(object):
    """One task's result from run_steps (the same accessors as a run_module result)."""

    def __init__(self, result, output):
        self.result = result
        self.output = output

    def __getitem__(self, key):
        return self.result[key]

    @property
    def changed(self):
        return bool(self.result.get("changed"))

    @property
    def failed(self):
        return self.result.get("_status") == "failed"

    @property
    def msg(self):
        return self.result.get("msg", "")


@pytest.fixture(scope="module")
def run_steps(run_playbook, tmp_path_factory):
    """Several module runs in one ansible-playbook process (saves its start-up per run):
    run_steps([(module, args), (module, args, {"check_mode": True, "diff": True}), ...]) -> [Step]."""

    def _run(steps):
        tasks = []
        for index, step in enumerate(steps):
            module, args = step[0], step[1]
            task = {"name": "step %d" % index, "atlassian_dc.applinks." + module: args}
            task.update(step[2] if len(step) > 2 else {})
            tasks.append(task)
        playbook = tmp_path_factory.mktemp("steps") / "steps.yml"
        playbook.write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
        result = run_playbook(str(playbook))
        assert result.rc == 0, result.output[-3000:]
        return [Step(result.result("step %d" % i), result.output) for i in range(len(steps))]

    return _run


def generic_id(url):
    return str(uuid.UUID(bytes=hashlib.md5(url.rstrip("/").encode()).digest(), version=3))


@pytest.fixture(scope="module")
def confluence(start_instance):
    return start_instance("confluence", "al-confluence")


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "al-jira")


def v3_link(instance, link_id):
    response = instance.client().get(V3 + "/" + link_id)
    return response.json() if response.status_code == 200 else None


def methods(log):
    return [(e["method"], e["path"].split("/rest/", 1)[-1]) for e in log]


def test_generic_link_lifecycle(run_module, run_steps, confluence):
    client = confluence.client()
    url = "https://tf.example.com/app/life"
    args = conn_vars(confluence, name="TF life", type="generic", remote_url=url)

    created, rerun = run_steps([("application_link", args), ("application_link", args)])
    assert created.changed, created.msg
    link_id = created["link"]["id"]
    assert link_id == generic_id(url)
    assert created["link"]["display_url"] == url and created["link"]["type"] == "generic"
    assert "auth" not in created.result
    assert not rerun.changed

    # check mode predicts the change and writes nothing
    client.clear_log()
    changed_display = dict(args, display_url="https://tf.example.com/life")
    checked = run_module("application_link", changed_display, check=True)
    assert checked.changed and checked["link"]["display_url"] == "https://tf.example.com/life"
    assert client.writes() == []
    assert v3_link(confluence, link_id)["displayUrl"] == url

    applied, rerun = run_steps([("application_link", changed_display, DIFF), ("application_link", changed_display)])
    assert applied.changed
    assert applied["diff"]["before"]["display_url"] == url
    assert applied["diff"]["after"]["display_url"] == "https://tf.example.com/life"
    assert v3_link(confluence, link_id)["displayUrl"] == "https://tf.example.com/life"
    assert not rerun.changed

    # drift made directly through the API is corrected (found again through the id formula)
    drift = client.put(V3 + "/" + link_id, {"name": "TF drifted", "rpcUrl": url, "displayUrl": url})
    assert drift.status_code == 200, drift.text
    client.clear_log()
    fixed = run_module("application_link", changed_display)
    assert fixed.changed and fixed["link"]["name"] == "TF life" and fixed["link"]["id"] == link_id
    assert [w["method"] for w in client.writes()] == ["PUT"]
    assert v3_link(confluence, link_id)["displayUrl"] == "https://tf.example.com/life"

    # relocation keeps the id
    moved_url = "https://tf2.example.com/app/life"
    client.clear_log()
    moved, rerun = run_steps([("application_link", dict(args, remote_url=moved_url), DIFF),
                              ("application_link", dict(args, remote_url=moved_url))])
    assert moved.changed and moved["link"]["id"] == link_id
    assert moved["link"]["remote_url"] == moved_url and moved["link"]["display_url"] == moved_url
    assert moved["diff"]["before"]["remote_url"] == url
    assert not rerun.changed
    writes = methods(client.writes())
    assert ("POST", "applinks/1.0/relocateApplicationlink/" + link_id) in writes
    assert not [w for w in writes if w[0] == "DELETE"]
    assert v3_link(confluence, link_id)["rpcUrl"] == moved_url

    # relocate: false with recreate: true deletes and recreates (a new id from the new URL)
    client.clear_log()
    replaced_url = "https://tf3.example.com/app/life"
    replaced = run_module("application_link", dict(args, remote_url=replaced_url, relocate=False, recreate=True))
    assert replaced.changed and replaced["link"]["id"] == generic_id(replaced_url)
    assert replaced["action"] == "replace"
    assert [w[0] for w in methods(client.writes())] == ["DELETE", "PUT"]
    assert v3_link(confluence, link_id) is None
    link_id = replaced["link"]["id"]
    args["remote_url"] = replaced_url

    # a second generic link made primary: the first one stays (no delete), it is just no longer primary;
    # primary: false on the primary link is not enforced (the product only moves the flag), with a warning
    assert v3_link(confluence, link_id)["primary"] is True
    second_args = conn_vars(confluence, name="TF second", type="generic", remote_url="https://second.example.com")
    client.clear_log()
    second, first_again, kept = run_steps([("application_link", dict(second_args, primary=True)),
                                           ("application_link", args),
                                           ("application_link", dict(second_args, primary=False))])
    assert second.changed and second["link"]["primary"] is True
    assert not [w for w in client.writes() if w["method"] == "DELETE"]
    first = v3_link(confluence, link_id)
    assert first is not None and first["primary"] is False
    assert not first_again.changed  # primary not managed: no change
    assert not kept.changed and kept["link"]["primary"] is True
    assert "primary: true on another link" in " ".join(kept.result.get("warnings", []))

    # absent, then absent again
    client.clear_log()
    gone, again = run_steps([("application_link", dict(args, state="absent"), DIFF),
                             ("application_link", conn_vars(confluence, name="TF life", state="absent"))])
    assert gone.changed and gone["link"] == {} and gone["diff"]["after"] == {}
    assert not again.changed and not again.failed
    assert methods(client.writes()) == [("DELETE", "applinks/3.0/applinks/" + link_id)]


def test_jira_link_with_oauth_levels(run_module, run_steps, confluence, jira):
    client = confluence.client()
    args = conn_vars(confluence, name="Jira", type="jira", remote_url=jira.base_url, incoming_auth="oauth",
                     outgoing_auth="oauth")
    client.clear_log()
    checked = run_module("application_link", args, check=True)
    assert checked.changed and checked["link"]["id"] == jira.server_id
    assert checked["auth"] == {"incoming": "oauth", "outgoing": "oauth"}
    assert client.writes() == []

    created, rerun = run_steps([("application_link", args), ("application_link", args)])
    assert created.changed, created.msg
    assert created["link"]["id"] == jira.server_id and created["link"]["type"] == "jira"
    assert created["auth"] == {"incoming": "oauth", "outgoing": "oauth"}
    assert not rerun.changed
    status = client.get("/rest/applinks/3.0/status/%s/oauth" % jira.server_id).json()
    # the admin UI's "OAuth" is 3-legged and 2-legged OAuth (OAuthConfig.createDefaultOAuthConfig)
    assert status["incoming"] == {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}

    # impersonation: the outgoing level alone first (the PUT carries the current incoming level), then both
    out_only_args = dict((k, v) for k, v in args.items() if k != "incoming_auth")
    out_only_args["outgoing_auth"] = "oauth_impersonation"
    both = dict(args, incoming_auth="oauth_impersonation", outgoing_auth="oauth_impersonation")
    out_only, both_set = run_steps([("application_link", out_only_args, DIFF), ("application_link", both)])
    assert out_only.changed and out_only["auth"] == {"incoming": "oauth", "outgoing": "oauth_impersonation"}
    assert out_only["diff"]["before"]["auth"]["outgoing"] == "oauth"
    assert both_set.changed and both_set["auth"] == {"incoming": "oauth_impersonation",
                                                     "outgoing": "oauth_impersonation"}
    client.clear_log()
    noop = run_module("application_link", both)
    assert not noop.changed
    log = client.log()
    assert len(log) <= 2 and all(e["method"] == "GET" for e in log), log

    # found by the server id although renamed
    renamed = run_module("application_link", dict(both, name="Jira (renamed)"))
    assert renamed.changed and renamed["link"]["id"] == jira.server_id
    assert "renaming link 'Jira'" in " ".join(renamed.get("warnings", []))
    assert len([l for l in client.get(V3).json() if l["type"] == "jira"]) == 1


def test_noop_runs_cost_at_most_two_gets_with_50_links(run_module, run_steps, confluence, start_instance):
    client = confluence.client()
    for i in range(50):
        response = client.put("/rest/applinks/2.0/applicationlink",
                              {"typeId": "generic", "name": "bulk %02d" % i, "rpcUrl": "https://bulk%02d.example" % i,
                               "displayUrl": "https://bulk%02d.example" % i})
        assert response.status_code == 201, response.text
    # the remote does not know admin:admin: the manifest GET only succeeds because it is sent anonymously
    bitbucket = start_instance("bitbucket", "al-bitbucket", extra_args=("--user", "bbadmin:bbadmin:sysadmin"))
    bitbucket_client = bitbucket.client(("bbadmin", "bbadmin"))
    generic = conn_vars(confluence, name="Budget app", type="generic", remote_url="https://budget.example/app",
                        display_url="https://budget.example", primary=False)
    atlassian = conn_vars(confluence, name="Bitbucket", type="bitbucket", remote_url=bitbucket.base_url,
                          primary=True, incoming_auth="oauth_impersonation", outgoing_auth="oauth")
    created = run_steps([("application_link", generic), ("application_link", atlassian)])
    assert all(c.changed for c in created), [c.msg for c in created]
    assert created[1]["link"]["type"] == "bitbucket"
    assert client.get(V3 + "/" + bitbucket.server_id).json()["type"] == "stash"

    client.clear_log()
    assert not run_module("application_link", generic).changed
    assert [(e["method"], e["path"].split("/rest/")[1]) for e in client.log()] == [("GET", "applinks/3.0/applinks")]

    client.clear_log()
    bitbucket_client.clear_log()
    assert not run_module("application_link", atlassian).changed
    log = client.log()
    assert len(log) == 2 and all(e["method"] == "GET" for e in log), log
    # the manifest GET went to the remote, anonymously (admin:admin would have been refused with a 401)
    assert [(e["path"], e["status"]) for e in bitbucket_client.log()] == [("/rest/applinks/1.0/manifest", 200)]


def test_synthetic_oauth2_entry_with_the_same_name_is_left_alone(run_module, run_steps, confluence):
    client = confluence.client()
    name = "Shared name"
    link_id = generic_id("https://shared.example.com")
    args = conn_vars(confluence, name=name, type="generic", remote_url="https://shared.example.com")
    assert run_module("application_link", args).changed
    oauth_client = client.post("/rest/oauth2/latest/client",
                               {"name": name, "redirects": ["https://shared.example.com/cb"], "scope": "READ"})
    assert oauth_client.status_code == 200, oauth_client.text
    client_id = oauth_client.json()["id"]
    assert sorted(l["id"] for l in client.get(V3).json() if l["name"] == name) == sorted([client_id, link_id])

    client.clear_log()
    rerun, gone, again = run_steps([("application_link", args), ("application_link", dict(args, state="absent")),
                                    ("application_link", conn_vars(confluence, name=name, state="absent"))])
    assert not rerun.changed
    assert gone.changed and gone["link"] == {}
    assert not again.changed, again.msg
    # the real link (a §2.8 id) is taken at once; only the lone synthetic entry is confirmed (and answers 404)
    assert [(e["method"], e["path"].split("/rest/", 1)[-1], e["status"]) for e in client.log()] == [
        ("GET", "applinks/3.0/applinks", 200),
        ("GET", "applinks/3.0/applinks", 200), ("DELETE", "applinks/3.0/applinks/" + link_id, 204),
        ("GET", "applinks/3.0/applinks", 200), ("GET", "applinks/3.0/applinks/" + client_id, 404)]
    assert client.get("/rest/oauth2/latest/client/" + client_id).status_code == 200
    assert [l["id"] for l in client.get(V3).json() if l["name"] == name] == [client_id]


def test_generic_links_renamed_in_the_product_or_with_a_legacy_id(run_steps, confluence):
    client = confluence.client()
    url = "https://tf.example.com/app/renamed"
    made = client.put("/rest/applinks/2.0/applicationlink",
                      {"typeId": "generic", "name": "TF renamed in the product", "rpcUrl": url, "displayUrl": url})
    assert made.status_code == 201, made.text
    # a real generic link whose id is not a §2.8 one (v1 PUT with an explicit id): it could be a synthetic entry
    legacy_id = str(uuid.uuid4())
    legacy_url = "https://legacy.example.com"
    made = client.put("/rest/applinks/1.0/applicationlink/" + legacy_id,
                      {"id": legacy_id, "typeId": "generic", "name": "Legacy app", "rpcUrl": legacy_url,
                       "displayUrl": legacy_url})
    assert made.status_code == 201, made.text
    legacy = conn_vars(confluence, name="Legacy app", type="generic", remote_url=legacy_url)

    client.clear_log()
    renamed, rerun, legacy_kept, legacy_gone = run_steps([
        # not found by name: found by the id of its rpcUrl (trailing slash ignored), renamed in place
        ("application_link", conn_vars(confluence, name="TF renamed", type="generic", remote_url=url + "/")),
        ("application_link", conn_vars(confluence, name="TF renamed", type="generic", remote_url=url)),
        ("application_link", legacy),
        ("application_link", dict(legacy, state="absent"))])
    assert renamed.changed and renamed["link"]["id"] == generic_id(url) and renamed["link"]["name"] == "TF renamed"
    assert not rerun.changed
    assert not legacy_kept.changed and legacy_kept["link"]["id"] == legacy_id
    assert legacy_gone.changed and legacy_gone["link"] == {}
    assert methods(client.writes()) == [("PUT", "applinks/3.0/applinks/" + generic_id(url)),
                                        ("DELETE", "applinks/3.0/applinks/" + legacy_id)]
    # the legacy link was confirmed (GET by id) before being taken, in both runs
    assert methods(client.log()).count(("GET", "applinks/3.0/applinks/" + legacy_id)) == 2
    links = client.get(V3).json()
    assert [(l["id"], l["name"]) for l in links if l["rpcUrl"] == url] == [(generic_id(url), "TF renamed")]
    assert [l for l in links if l["id"] == legacy_id] == []


def test_atlassian_link_with_another_id_or_an_unreachable_remote(run_steps, confluence, jira):
    client = confluence.client()
    client.delete(V3 + "/" + jira.server_id)  # left by an earlier test, if any (204 or 404)
    old_id, gone_id = str(uuid.uuid4()), str(uuid.uuid4())
    down = "https://127.0.0.1:9/jira"
    for link_id, name, url in ((old_id, "Jira old id", jira.base_url), (gone_id, "Jira gone", down)):
        made = client.put("/rest/applinks/2.0/applicationlink",
                          {"id": link_id, "typeId": "jira", "name": name, "rpcUrl": url, "displayUrl": url})
        assert made.status_code == 201, made.text

    client.clear_log()
    replaced, gone = run_steps([
        # found by name, but the remote's manifest has another id: the link is replaced, not updated
        ("application_link", conn_vars(confluence, name="Jira old id", type="jira", remote_url=jira.base_url,
                                       recreate=True)),
        # the remote is down: state absent falls back to the name (with a warning) and deletes
        ("application_link", conn_vars(confluence, name="Jira gone", type="jira", remote_url=down, state="absent",
                                       retries=0))])
    assert replaced.changed and replaced["link"]["id"] == jira.server_id, replaced.msg
    assert gone.changed and gone["link"] == {}, gone.msg
    assert "matching the link by name only" in " ".join(gone.result.get("warnings", []))
    assert methods(client.writes()) == [("DELETE", "applinks/3.0/applinks/" + old_id),
                                        ("PUT", "applinks/2.0/applicationlink"),
                                        ("DELETE", "applinks/3.0/applinks/" + gone_id)]
    assert [(l["id"], l["name"]) for l in client.get(V3).json() if l["type"] == "jira"] == [
        (jira.server_id, "Jira old id")]


def test_auth_of_one_direction_keeps_the_other(run_steps, confluence, jira):
    client = confluence.client()
    args = conn_vars(confluence, name="Jira", type="jira", remote_url=jira.base_url)
    incoming_only = dict(args, incoming_auth="oauth_impersonation")
    # oauth_2lo: the deprecated old name of oauth (3LO + 2LO), returned as oauth, with a warning
    known, checked, applied, rerun = run_steps([
        ("application_link", dict(args, incoming_auth="oauth_2lo", outgoing_auth="oauth_2lo")),
        ("application_link", incoming_only, CHECK),
        ("application_link", incoming_only),
        ("application_link", incoming_only)])
    assert known["auth"] == {"incoming": "oauth", "outgoing": "oauth"}, known.msg
    assert "deprecated" in " ".join(known.result.get("warnings", []))
    assert checked.changed and checked["auth"] == {"incoming": "oauth_impersonation", "outgoing": "oauth"}
    assert applied.changed and applied["auth"] == {"incoming": "oauth_impersonation", "outgoing": "oauth"}
    assert not rerun.changed
    # the PUT carries both directions: the outgoing level was read and sent back unchanged
    status = client.get("/rest/applinks/3.0/status/%s/oauth" % jira.server_id).json()
    assert status == {"incoming": {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": True},
                      "outgoing": {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}}
