"""Every module, and both roles, through the scenario harness (scenario_harness.py): check mode predicts exactly
the writes the real run then makes, and a re-run changes nothing and writes nothing."""

import pytest

from conftest import conn_vars, unique
from dcsim import testing
from scenario_harness import (
    Scenario, product_links_plan, run_scenario, single_object_plan, two_way_plan)
from two_way_support import LINK_PRODUCTS, RECORD_TASK, write_inventory

CLIENTS = "/rest/oauth2/latest/client"
CONFIGS = "/rest/oauth2-client/latest/config"


@pytest.fixture(scope="module")
def conf(start_instance):
    return start_instance("confluence", "scenario-confluence")


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "scenario-jira")


def module_scenario(name, run_module, instances, module, args, plan, setup=None, kinds=None):
    return Scenario(name, instances, lambda check: run_module(module, args, check=check, diff=True), plan, setup,
                    kinds)


def test_oauth2_incoming(run_module, conf):
    name = unique("Scenario client")
    args = conn_vars(conf, name=name, redirect_uris=["https://scenario.example.com/cb"], scope="WRITE READ")
    run_scenario(module_scenario("create an incoming link", run_module, {"conf": conf}, "oauth2_incoming", args,
                                 single_object_plan("incoming", name)))
    run_scenario(module_scenario("rescope it", run_module, {"conf": conf}, "oauth2_incoming", dict(args, scope="READ"),
                                 single_object_plan("incoming", name)))
    run_scenario(module_scenario("remove it", run_module, {"conf": conf}, "oauth2_incoming",
                                 dict(args, state="absent"), single_object_plan("incoming", name)))


def test_oauth2_outgoing_with_a_secret_the_user_chose(run_module, conf):
    name = unique("Scenario IdP")
    args = conn_vars(conf, name=name, authorization_endpoint="https://idp.example.com/authorize/",
                     token_endpoint="https://idp.example.com/token", scopes=["openid"], client_id="scenario",
                     client_secret="Summer2026!")
    run_scenario(module_scenario("create an outgoing link", run_module, {"conf": conf}, "oauth2_outgoing", args,
                                 single_object_plan("outgoing", name)))
    run_scenario(module_scenario("change its secret", run_module, {"conf": conf}, "oauth2_outgoing",
                                 dict(args, client_secret="Autumn2026!"), single_object_plan("outgoing", name)))


def test_application_link_to_jira_with_oauth1_levels(run_module, conf, jira):
    args = conn_vars(conf, name=unique("Scenario Jira"), type="jira", remote_url=jira.base_url,
                     incoming_auth="oauth", outgoing_auth="oauth")
    instances = {"conf": conf, "jira": jira}
    run_scenario(module_scenario("link Jira with OAuth", run_module, instances, "application_link", args,
                                 single_object_plan("links", args["name"])))
    run_scenario(module_scenario("raise a level", run_module, instances, "application_link",
                                 dict(args, outgoing_auth="oauth_impersonation"),
                                 single_object_plan("links", args["name"])))
    run_scenario(module_scenario("remove it", run_module, instances, "application_link",
                                 conn_vars(conf, name=args["name"], state="absent"),
                                 single_object_plan("links", args["name"])))


def test_oauth1_external_app(run_module, conf):
    key = testing.rsa_keypair()[1]
    args = conn_vars(conf, link=unique("Scenario tool"), remote_url="https://%s.example.com" % unique("tool")[-8:],
                     direction="incoming", consumer_key=unique("key")[-8:], public_key=key)
    run_scenario(module_scenario("an incoming consumer on a new generic link", run_module, {"conf": conf},
                                 "oauth1_external_app", args, single_object_plan("oauth1", args["link"]),
                                 kinds={"links": "oauth1"}))
    run_scenario(module_scenario("allow 2-legged OAuth", run_module, {"conf": conf}, "oauth1_external_app",
                                 dict(args, two_lo_allowed=True), single_object_plan("oauth1", args["link"]),
                                 kinds={"links": "oauth1"}))


def test_product_links_creates_updates_and_purges(run_module, conf, jira):
    stale, kept = unique("Stale client"), unique("Kept client")
    items = {"incoming": [{"name": kept, "redirect_uris": ["https://kept.example.com/cb"], "scope": "WRITE"}],
             "outgoing": [{"name": unique("Jira"), "remote_url": jira.base_url, "client_id": "c",
                           "client_secret": "from-jira", "secret_origin": "product"}],
             "links": [{"name": unique("Tool"), "type": "generic",
                        "remote_url": "https://%s.example.com" % unique("t")[-8:]}]}

    def setup():
        api = conf.client()
        for name in (stale, kept):
            assert api.post(CLIENTS, {"name": name, "redirects": ["https://%s.example.com/cb" % name[-8:]],
                                      "scope": "READ"}).status_code == 200
    args = conn_vars(conf, purge=["incoming"], purge_max=50,
                     purge_exclude=[c["name"] for c in conf.client().get(CLIENTS).json()], **items)
    predicted, written = run_scenario(Scenario("declared lists with purge", {"conf": conf},
                                               lambda check: run_module("product_links", args, check=check, diff=True),
                                               product_links_plan, setup))
    assert ("incoming", stale, "delete") in predicted and ("incoming", kept, "update") in predicted
    assert ("DELETE", CLIENTS + "/") in [(m, p[:len(CLIENTS) + 1]) for m, p in written["conf"]]


@pytest.fixture
def pair(tmp_path_factory, ca_dir):
    pool = testing.Pool(tmp_path_factory.mktemp, ca_dir)
    instances = {"confluence": pool.start("confluence"), "jira": pool.start("jira")}
    yield instances, write_inventory(tmp_path_factory.mktemp("inventory") / "hosts.yml", instances)
    pool.stop_all()


@pytest.mark.parametrize("auth", ["oauth2", "oauth1"])
def test_two_way_link_role(run_playbook, pair, auth):
    instances, inventory = pair
    extra = {"applinks_pairs": [["confluence", "jira"]], "two_way_link_auth": auth}
    run_scenario(Scenario("link_products.yml (%s)" % auth, instances,
                          lambda check: run_playbook(LINK_PRODUCTS, extra, inventory=inventory, check=check,
                                                     diff=True),
                          two_way_plan(sorted(instances), RECORD_TASK)))


def test_application_links_role(run_playbook, pair, tmp_path):
    instances = pair[0]
    declared = [{"kind": "oauth2_incoming", "name": "CI server", "redirect_uris": ["https://ci.example.com/cb"]},
                {"kind": "link", "name": "Tool", "type": "generic", "remote_url": "https://tool.example.com"}]
    inventory = write_inventory(tmp_path / "hosts.yml", {"confluence": instances["confluence"]},
                                extra={"confluence": {"application_links": declared}})

    def plan(result):
        assert result.rc == 0, result.output[-3000:]
        rows = result.result("Show the rows", host="confluence")["msg"]["result"]
        return sorted((r["kind"], r["name"], r["action"]) for r in rows if r["changed"])
    run_scenario(Scenario("application_links.yml", {"confluence": instances["confluence"]},
                          lambda check: run_playbook("application_links_rows.yml", {}, inventory=inventory,
                                                     check=check, diff=True),
                          plan, kinds={"incoming": "oauth2_incoming", "links": "link"}))
