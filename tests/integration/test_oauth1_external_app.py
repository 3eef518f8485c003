"""oauth1_external_app against dcsim over HTTPS: incoming (RSA-SHA1) and outgoing (HMAC-SHA1) consumers of
generic links; create, no-op, drift, absent, check mode, diff, bad input before any write, secrets off the logs.

The stored state is proven by real OAuth 1.0a calls: an RSA-SHA1 signed request to dcsim (incoming), and
dcsim's outgoing-test trigger against a third-party provider run by this test (outgoing).
"""

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import conn_vars, unique
from dcsim.oauth1_provider_stub import Provider
from dcsim.services.oauth1 import rsa_signer
from dcsim.testing import rsa_keypair
from dcsim.tests.applinks_support import generic_id

MASK = "********"
AO = "/rest/applinks-oauth/1.0"
P_OAUTH = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
MODULE = "oauth1_external_app"


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "oauth1-external-jira")


@pytest.fixture(scope="module")
def api(jira):
    return jira.client()


def remote():
    return "https://%s.example.com/app" % unique("tool").replace(" ", "-")


def auth_of(api, link_id):
    r = api.get("%s/applicationlink/%s/authentication" % (AO, link_id))
    return r.json() if r.status_code == 200 else None


def consumer_of(api, link_id, outgoing):
    found = [c for c in (auth_of(api, link_id) or {}).get("consumers", []) if c["outgoing"] == outgoing]
    return found[0] if found else None


def provider_config(api, link_id):
    for entry in (auth_of(api, link_id) or {}).get("configuredAuthProviders", []):
        if entry["provider"] == P_OAUTH:
            return entry["config"]
    return None


def link_exists(api, link_id):
    return api.get("/rest/applinks/3.0/applinks/%s" % link_id).status_code == 200


def signed_call(jira, key, private, params=None):
    return requests.get(jira.base_url + "/rest/api/latest/myself", params=params, auth=rsa_signer(key, private),
                        headers={"Accept": "application/json"}, verify=jira.ca_file, timeout=10)


def test_incoming_lifecycle(run_module, jira, api):
    private, public = rsa_keypair()
    url = remote()
    link_id = generic_id(url)
    key = unique("reports").replace(" ", "-")
    args = conn_vars(jira, link=unique("Reporting tool"), remote_url=url, direction="incoming", consumer_key=key,
                     public_key=public, two_lo_allowed=True, execute_as="user")

    # check mode: nothing written, the result predicted
    api.clear_log()
    res = run_module(MODULE, args, check=True)
    assert not res.failed and res.changed, res.msg
    assert res["link"]["id"] == link_id and res["consumer"]["consumer_key"] == key
    assert api.writes() == [] and not link_exists(api, link_id)

    # create: link + consumer, and a real RSA-SHA1 2-legged call is accepted as the executing user
    res = run_module(MODULE, args)
    assert not res.failed and res.changed, res.msg
    assert res["link"]["id"] == link_id and res["link"]["type"] == "generic"
    consumer = res["consumer"]
    assert (consumer["consumer_key"], consumer["consumer_name"], consumer["signature_method"]) == (
        key, args["link"], "RSA_SHA1")
    assert (consumer["two_lo_allowed"], consumer["execute_as"], consumer["two_lo_impersonation"]) == (
        True, "user", False)
    r = signed_call(jira, key, private)
    assert r.status_code == 200 and r.json()["name"] == "user", r.text
    wrong = rsa_keypair()[0]
    assert signed_call(jira, key, wrong).status_code == 401

    # no-op: two GETs, nothing written
    api.clear_log()
    res = run_module(MODULE, args)
    assert not res.failed and not res.changed, res.msg
    assert res["consumer"] == consumer
    assert [e["method"] for e in api.log()] == ["GET", "GET"]

    # drift through the REST API: 2LO off, another name; the next run puts it back
    wire = consumer_of(api, link_id, False)
    drifted = dict(wire, name="drift", twoLOAllowed=False, executingTwoLOUser=None)
    assert api.put("%s/applicationlink/%s/authentication/consumer" % (AO, link_id), drifted).status_code == 201
    assert signed_call(jira, key, private).status_code == 401
    res = run_module(MODULE, dict(args, consumer_name=args["link"]), diff=True)
    assert not res.failed and res.changed, res.msg
    assert res["diff"]["before"]["two_lo_allowed"] is False and res["diff"]["after"]["two_lo_allowed"] is True
    assert consumer_of(api, link_id, False)["name"] == args["link"]
    assert signed_call(jira, key, private).status_code == 200

    # impersonation on: xoauth_requestor_id is honoured
    res = run_module(MODULE, dict(args, two_lo_impersonation=True))
    assert not res.failed and res.changed, res.msg
    r = signed_call(jira, key, private, {"xoauth_requestor_id": "manager"})
    assert r.status_code == 200 and r.json()["name"] == "manager"

    # absent: consumer gone (the signed call is refused), link kept; then a no-op
    only = conn_vars(jira, link=args["link"], direction="incoming", state="absent")
    res = run_module(MODULE, only)
    assert not res.failed and res.changed, res.msg
    assert res["consumer"] == {} and res["link"]["id"] == link_id
    assert consumer_of(api, link_id, False) is None and link_exists(api, link_id)
    assert signed_call(jira, key, private).status_code == 401
    api.clear_log()
    res = run_module(MODULE, only)
    assert not res.failed and not res.changed, res.msg
    assert api.writes() == []

    # absent with remove_link: the link goes too
    res = run_module(MODULE, dict(only, remove_link=True))
    assert not res.failed and res.changed, res.msg
    assert res["link"] == {} and not link_exists(api, link_id)


def outgoing_test(api, link_id):
    r = api.post("/_dcsim/oauth1/outgoing-test/%s" % link_id)
    return r.json() if r.status_code == 200 else {"success": False, "status": r.status_code}


def test_outgoing_lifecycle(run_module, run_playbook, jira, api):
    key = unique("jira-at-ci").replace(" ", "-")
    secret = "s3cr3t-" + unique("x").replace(" ", "")
    url = remote()
    link_id = generic_id(url)
    with Provider(key, secret) as ci:
        args = conn_vars(jira, link=unique("CI server"), remote_url=url, direction="outgoing", consumer_key=key,
                         consumer_name="Jira", shared_secret=secret,
                         request_token_url=ci.base + "/request-token", access_token_url=ci.base + "/access-token",
                         authorize_url=ci.base + "/authorize")

        # create, with diff: the secret masked; -vvv output does not carry it
        res = run_module(MODULE, args, diff=True, verbosity=3)
        assert not res.failed and res.changed, res.msg
        consumer = res["consumer"]
        assert (consumer["consumer_key"], consumer["consumer_name"], consumer["signature_method"]) == (
            key, "Jira", "HMAC_SHA1")
        assert consumer["request_token_url"] == ci.base + "/request-token"
        assert "shared_secret" not in consumer
        assert res["diff"]["before"] == {} and res["diff"]["after"]["shared_secret"] == MASK
        assert secret not in res.output and secret not in str(res.result)
        assert provider_config(api, link_id) == {
            "consumerKey.outbound": key, "serviceProvider.requestTokenUrl": ci.base + "/request-token",
            "serviceProvider.accessTokenUrl": ci.base + "/access-token",
            "serviceProvider.authorizeUrl": ci.base + "/authorize"}
        result = outgoing_test(api, link_id)
        assert result["success"] is True and result["oauthToken"] == ci.issued[-1], result

        # no-op: two GETs
        api.clear_log()
        res = run_module(MODULE, args)
        assert not res.failed and not res.changed, res.msg
        assert res["consumer"] == consumer
        assert [e["method"] for e in api.log()] == ["GET", "GET"]

        # drift of the provider config through the REST API is corrected
        drifted = dict(provider_config(api, link_id), **{"serviceProvider.requestTokenUrl": "https://x.example/rt"})
        assert api.put("/rest/applinks/2.0/applicationlink/%s/authentication/provider" % link_id,
                       {"provider": P_OAUTH, "config": drifted}).status_code == 201
        assert outgoing_test(api, link_id)["success"] is False
        api.clear_log()
        res = run_module(MODULE, args)
        assert not res.failed and res.changed, res.msg
        assert [e["method"] for e in api.writes()] == ["PUT"]  # the config only; the secret is not re-sent
        assert outgoing_test(api, link_id)["success"] is True

        # the provider rotates the secret: on_create does not send it; always does, and it works again
        ci.secret = secret + "-rotated"
        rotated = dict(args, shared_secret=ci.secret)
        api.clear_log()
        res = run_module(MODULE, rotated)
        assert not res.failed and not res.changed and api.writes() == [], res.msg
        assert outgoing_test(api, link_id)["success"] is False
        api.clear_log()
        res = run_module(MODULE, dict(rotated, update_secret="always"), check=True)
        assert not res.failed and res.changed and api.writes() == [], res.msg
        play = run_playbook("oauth1_module.yml", {"module_args": dict(rotated, update_secret="always")}, diff=True,
                            verbosity=3)
        assert play.rc == 0, play.output
        assert play.result(MODULE)["diff"]["after"]["shared_secret"] == MASK
        assert ci.secret not in play.output and secret not in play.output
        assert outgoing_test(api, link_id)["success"] is True

        # a consumer name change needs the secret (the product wants it on every consumer write)
        api.clear_log()
        nosecret = dict(args, consumer_name="Jira DC")
        del nosecret["shared_secret"]
        res = run_module(MODULE, nosecret)
        assert res.failed and "shared_secret" in res.msg and api.writes() == [], res.msg

        # absent: the outgoing side is gone, the link stays; then a no-op
        only = conn_vars(jira, link=args["link"], direction="outgoing", state="absent")
        res = run_module(MODULE, only)
        assert not res.failed and res.changed, res.msg
        assert provider_config(api, link_id) is None and link_exists(api, link_id)
        assert outgoing_test(api, link_id)["success"] is False
        res = run_module(MODULE, only)
        assert not res.failed and not res.changed, res.msg
        res = run_module(MODULE, dict(only, remove_link=True))
        assert not res.failed and res.changed and not link_exists(api, link_id), res.msg


def test_both_directions_on_one_link(run_module, jira, api):
    """Removing one direction keeps the other."""
    private, public = rsa_keypair()
    url = remote()
    link_id = generic_id(url)
    name = unique("Two-way tool")
    base = conn_vars(jira, link=name, remote_url=url)
    res = run_module(MODULE, dict(base, direction="incoming", consumer_key="tool-in", public_key=public,
                                  two_lo_allowed=True, execute_as="user"))
    assert not res.failed and res.changed, res.msg
    res = run_module(MODULE, dict(base, direction="outgoing", consumer_key="tool-out", shared_secret="sec",
                                  request_token_url="https://t.example/rt", access_token_url="https://t.example/at",
                                  authorize_url="https://t.example/au"))
    assert not res.failed and res.changed, res.msg
    res = run_module(MODULE, conn_vars(jira, link=name, direction="outgoing", state="absent"))
    assert not res.failed and res.changed, res.msg
    assert consumer_of(api, link_id, False)["key"] == "tool-in"
    assert signed_call(jira, "tool-in", private).status_code == 200
    assert provider_config(api, link_id) is None


def _no_writes(run_module, api, args, option, check=False):
    api.clear_log()
    res = run_module(MODULE, args, check=check)
    assert res.failed, res.result
    assert option in res.msg, res.msg
    assert api.writes() == []
    return res


def test_bad_input_fails_before_any_write(run_module, jira, api):
    private, public = rsa_keypair()
    ec_public = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    url = remote()
    base = conn_vars(jira, link=unique("Bad"), remote_url=url, direction="incoming", consumer_key="k")
    res = _no_writes(run_module, api, dict(base, public_key="garbage"), "public_key")
    assert "not a PEM" in res.msg
    res = _no_writes(run_module, api, dict(base, public_key=private), "public_key")
    assert "private key" in res.msg and "PRIVATE" not in res.msg
    res = _no_writes(run_module, api, dict(base, public_key=ec_public), "public_key")
    assert "RSA" in res.msg
    _no_writes(run_module, api, dict(base, public_key=public, shared_secret="x"), "shared_secret")
    _no_writes(run_module, api, dict(base, public_key=None), "public_key")  # required to create
    # outgoing without the shared secret, also in check mode
    out = conn_vars(jira, link=unique("Bad out"), remote_url=url, direction="outgoing", consumer_key="k",
                    request_token_url="https://p.example/rt", access_token_url="https://p.example/at",
                    authorize_url="https://p.example/au")
    _no_writes(run_module, api, out, "shared_secret")
    _no_writes(run_module, api, out, "shared_secret", check=True)
    # missing link without remote_url
    res = _no_writes(run_module, api, dict(base, public_key=public, remote_url=None), "remote_url")
    assert not link_exists(api, generic_id(url))


def test_atlassian_type_link_is_refused(run_module, jira, api):
    name = unique("Confluence")
    r = api.put("/rest/applinks/2.0/applicationlink", {"id": "0d6f0000-0000-4000-8000-%012d" % 42,
                                                       "typeId": "confluence", "name": name,
                                                       "rpcUrl": "https://conf.example.com",
                                                       "displayUrl": "https://conf.example.com"})
    assert r.status_code == 201, r.text
    public = rsa_keypair()[1]
    res = _no_writes(run_module, api, conn_vars(jira, link=name, direction="incoming", consumer_key="k",
                                                public_key=public), "link")
    assert "type confluence" in res.msg and "generic" in res.msg and "application_link" in res.msg
