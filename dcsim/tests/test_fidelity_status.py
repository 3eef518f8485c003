"""The link status as DefaultApplinkStatusService computes it (issue 14; the fidelity audit).

Order of the product's checks: admin -> link -> local OAuth -> local compatibility (system, then generic) ->
remote version -> remote OAuth status (anonymous, under our id, then under the id of our base URL) -> 3LO
without 2LO is unsupported (local, then remote) -> mismatch -> both sides off is DISABLED -> a 2LO-signed GET of
the remote's manifest. Written against the dcsim before the correction; they failed there.
"""

import pytest

from dcsim.tests.applinks_support import DEAD_URL, create_generic, generic_id, oauth_level, two_way, uniq

V3 = "/rest/applinks/3.0"
OFF = oauth_level(False, False, False)
DEFAULT = oauth_level(True, True, False)
THREE_LO_ONLY = oauth_level(True, False, False)
UNSUPPORTED = {"category": "DEPRECATED", "type": "AUTH_LEVEL_UNSUPPORTED"}


@pytest.fixture(scope="module")
def pair(start_instance):
    """A Confluence and a Jira of their own, linked two-way at the default level (3LO + 2LO)."""
    conf = start_instance("confluence", name="status-conf")
    jira = start_instance("jira", name="status-jira")
    r = two_way(conf.client(), jira, name="Jira")
    assert r.status_code == 200 and r.json()["autoConfigurationSuccessful"] is True, r.text
    return conf, jira


def _set(instance, link_id, incoming, outgoing):
    r = instance.client().put(f"{V3}/status/{link_id}/oauth", {"incoming": incoming, "outgoing": outgoing})
    assert r.status_code == 204, r.text


@pytest.fixture()
def levels(pair):
    """set(conf_in, conf_out, jira_in, jira_out); the default level is restored afterwards."""
    conf, jira = pair

    def apply(conf_in, conf_out, jira_in, jira_out):
        _set(conf, jira.server_id, conf_in, conf_out)
        _set(jira, conf.server_id, jira_in, jira_out)
    yield apply
    apply(DEFAULT, DEFAULT, DEFAULT, DEFAULT)


def _status(instance, link_id):
    r = instance.client().get(f"{V3}/status/{link_id}")
    assert r.status_code == 200, r.text
    return r.json()


def test_three_legged_without_two_legged_is_unsupported(pair, levels):
    """DefaultApplinkStatusValidationService.checkOAuthSupported: enabled without 2LO -> DEPRECATED /
    AUTH_LEVEL_UNSUPPORTED, after the remote's status was read (so it is shown)."""
    conf, jira = pair
    levels(THREE_LO_ONLY, THREE_LO_ONLY, THREE_LO_ONLY, THREE_LO_ONLY)
    body = _status(conf, jira.server_id)
    assert body["working"] is False and body["error"] == UNSUPPORTED
    assert body["remoteAuthentication"] == {"incoming": THREE_LO_ONLY, "outgoing": THREE_LO_ONLY}


def test_a_remote_at_three_legged_only_is_unsupported_before_any_mismatch(pair, levels):
    """checkOAuthSupportedCompatibility(remote) runs before checkOAuthMismatch."""
    conf, jira = pair
    levels(DEFAULT, DEFAULT, THREE_LO_ONLY, DEFAULT)
    assert _status(conf, jira.server_id)["error"] == UNSUPPORTED


def test_disabled_only_when_both_sides_are_off(pair, levels):
    """checkDisabled: local and remote both OFF, after the remote was read; local OFF alone is a mismatch."""
    conf, jira = pair
    levels(OFF, OFF, DEFAULT, DEFAULT)
    body = _status(conf, jira.server_id)
    assert body["error"] == {"category": "CONFIG_ERROR", "type": "AUTH_LEVEL_MISMATCH"}
    assert body["remoteAuthentication"] == {"incoming": DEFAULT, "outgoing": DEFAULT}
    levels(OFF, OFF, OFF, OFF)
    body = _status(conf, jira.server_id)
    assert body["error"] == {"category": "DISABLED", "type": "DISABLED"}
    assert body["localAuthentication"] == {"incoming": OFF, "outgoing": OFF}
    assert body["remoteAuthentication"] == {"incoming": OFF, "outgoing": OFF}


def test_two_legged_check_is_a_signed_get_of_the_remote_manifest(pair):
    """TwoLeggedOAuthConnectionVerifier: GET {rpcUrl}/rest/applinks/1.0/manifest signed 2LO; the remote's status
    is read anonymously first (StatusApiOAuthFetchStrategy)."""
    conf, jira = pair
    jira.client().clear_log()
    assert _status(conf, jira.server_id)["working"] is True
    calls = [(e["method"], e["path"]) for e in jira.client().log()]
    assert ("GET", f"/jira/rest/applinks/3.0/status/{conf.server_id}/oauth") in calls
    assert ("GET", "/jira/rest/applinks/1.0/manifest") in calls


def test_remote_link_found_under_the_id_of_our_base_url(start_instance):
    """DefaultRemoteOAuthStatusService.fetchInternal: 404 under our server id -> asked again under the §2.8 id of
    our base URL (a link made before the remote knew our id) -> only then NO_REMOTE_APPLINK."""
    here = start_instance("confluence", name="status-fallback-conf")
    there = start_instance("jira", name="status-fallback-jira")
    c = here.client()
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"id": there.server_id, "typeId": "jira", "name": "Jira", "rpcUrl": there.base_url,
               "displayUrl": there.base_url})
    assert r.status_code == 201
    _set(here, there.server_id, OFF, DEFAULT)  # outgoing only: no consumer-info needed
    assert _status(here, there.server_id)["error"] == {"category": "CONFIG_ERROR", "type": "NO_REMOTE_APPLINK"}
    create_generic(there.client(), url=here.base_url)  # its id is the §2.8 id of `here`'s base URL
    body = _status(here, there.server_id)
    assert body["error"] == {"category": "CONFIG_ERROR", "type": "AUTH_LEVEL_MISMATCH"}
    assert body["remoteAuthentication"] == {"incoming": OFF, "outgoing": OFF}
    assert generic_id(here.base_url)  # documents which id was asked for


def test_unreachable_remote_with_nothing_configured_has_no_outgoing_auth(jira):
    """No capabilities -> the pre-status-API strategies need 3LO or 2LOi outgoing: INCOMPATIBLE/NO_OUTGOING_AUTH
    (never DISABLED, which needs the remote's answer)."""
    c = jira.client()
    link_id = "0d6f0000-0000-4000-8000-00000000f1d1"
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"id": link_id, "typeId": "bamboo", "name": uniq("bamboo"), "rpcUrl": DEAD_URL + "/nothing",
               "displayUrl": DEAD_URL})
    assert r.status_code == 201
    body = _status(jira, link_id)
    assert body["error"] == {"category": "INCOMPATIBLE", "type": "NO_OUTGOING_AUTH"}


def test_unreachable_remote_with_three_legged_outgoing_needs_the_users_token(jira):
    """ApplinkAuthenticationOAuthFetchStrategy: a 3LO request without the user's token cannot even be sent ->
    ACCESS_ERROR/LOCAL_AUTH_TOKEN_REQUIRED with an authorisationUri (no 2LO to verify the connection with)."""
    c = jira.client()
    link_id = "0d6f0000-0000-4000-8000-00000000f1d2"
    r = c.put("/rest/applinks/2.0/applicationlink",
              {"id": link_id, "typeId": "bamboo", "name": uniq("bamboo"), "rpcUrl": DEAD_URL + "/tok",
               "displayUrl": DEAD_URL})
    assert r.status_code == 201
    _set(jira, link_id, OFF, THREE_LO_ONLY)
    error = _status(jira, link_id)["error"]
    assert (error["category"], error["type"]) == ("ACCESS_ERROR", "LOCAL_AUTH_TOKEN_REQUIRED")
    assert error["authorisationUri"].startswith(jira.base_url)


def test_system_link_is_reported_before_generic(jira):
    """DefaultApplinkCompatibilityVerifier: isSystem() is checked before the generic type."""
    c = jira.client()
    link_id, _, _ = create_generic(c)
    assert c.put(f"/_dcsim/applinks/{link_id}", {"system": True}).status_code == 200
    assert _status(jira, link_id)["error"] == {"category": "SYSTEM", "type": "SYSTEM_LINK"}


def test_outgoing_without_three_legged_reads_as_disabled(jira):
    """OAuthConfig.fromConfig: no 3LO provider -> the outgoing level is OFF, whatever else is registered."""
    c = jira.client()
    link_id, _, _ = create_generic(c)
    provider = "com.atlassian.applinks.api.auth.types.TwoLeggedOAuthAuthenticationProvider"
    r = c.put(f"/rest/applinks/2.0/applicationlink/{link_id}/authentication/provider",
              {"provider": provider, "config": {}})
    assert r.status_code == 201
    assert c.get(f"{V3}/status/{link_id}/oauth").json()["outgoing"] == OFF


def test_put_oauth_status_finds_the_link_before_checking_the_caller(jira):
    """ApplinkStatusResource.updateOAuthStatus looks the link up first: an unknown id is 404 for anyone."""
    r = jira.client(auth=None).put(f"{V3}/status/6b0d4c5e-0c1e-3a0b-9c1f-2f3e4d5c6b7a/oauth",
                                   {"incoming": OFF, "outgoing": OFF})
    assert r.status_code == 404


def test_relative_authorisation_callback_is_an_error_list(jira):
    """ApplinkStatusResource.parseAuthorisationCallback answers RestUtil.badRequest (the error-list body)."""
    link_id, _, _ = create_generic(jira.client())
    r = jira.client().get(f"{V3}/status/{link_id}", params={"authorisationCallback": "relative/x"})
    assert r.status_code == 400
    assert r.json() == {"status": 400, "message": ["authorisationCallback must be absolute"]}
