"""The OAuth 2.0 provider and client resources as plugin 3.1.5 decides them (issue 14; the fidelity audit).

Written against the dcsim before the correction; they failed there.
"""

import uuid

import requests

from dcsim.tests.oauth2_support import (ADMIN, CLIENT, FORM, MANAGER, PROVIDER, config_body, create_client,
                                        issue_tokens, jwt_claims, myself, refresh)

XSRF = {"X-Atlassian-Token": "no-check"}


def _post(inst, path, data, auth=None, headers=None):
    return requests.post(inst.base_url + path, data=data, auth=auth, headers=headers, verify=inst.ca_file,
                         allow_redirects=False, timeout=30)


def test_jwt_reset_answers_200(start_instance):
    """TokenResource.reset: Response.ok()."""
    inst = start_instance("jira", name="fid-jwt")
    r = _post(inst, PROVIDER + "/token/jwt/reset", {}, auth=ADMIN, headers=dict(FORM, **XSRF))
    assert r.status_code == 200 and r.content == b""


def test_revoking_an_access_token_ends_its_refresh_token_too(confluence):
    """RevokeTokenService.revokeUsingAccessToken removes the access token and the refresh token with it."""
    client = create_client(confluence)
    tokens = issue_tokens(confluence, client)
    creds = {"client_id": client["clientId"], "client_secret": client["clientSecret"]}
    r = _post(confluence, PROVIDER + "/revoke", dict(creds, token=tokens["access_token"],
                                                     token_type_hint="access_token"))
    assert r.status_code == 200
    assert refresh(confluence, client, tokens["refresh_token"]).json()["error"] == "invalid_grant"


def test_revoke_by_id_is_for_any_user_and_unknown_ids_are_400(confluence):
    """RevokeResource.revokeTokenWithId: any logged-in user (no owner check); an unknown id is the
    InvalidRequestException, 400 with the token error body."""
    client = create_client(confluence)
    tokens = issue_tokens(confluence, client)  # the admin's tokens
    token_id = jwt_claims(tokens["access_token"])["jti"]
    r = _post(confluence, f"{PROVIDER}/revoke/{token_id}", {}, auth=MANAGER, headers=XSRF)
    assert r.status_code == 200, r.text
    assert myself(confluence, tokens["access_token"]).status_code == 401
    r = _post(confluence, f"{PROVIDER}/revoke/{token_id}", {}, auth=ADMIN, headers=XSRF)
    assert r.status_code == 400 and r.json()["error"] == "invalid_request" and r.json()["error_description"]


def test_provider_client_api_has_no_https_check(start_instance):
    """HttpsOnlyResourceFilter exists in plugin 3.1.5 but no resource names it: the client API works over HTTP."""
    inst = start_instance("jira", name="fid-http", extra_args=["--http"])
    r = inst.client().get(PROVIDER + "/client")
    assert r.status_code == 200, r.text


def test_flow_for_an_unknown_config_is_404(confluence):
    """ClientConfigurationResource.createFlow: getByIdOrFail -> ConfigurationNotFoundException -> 404."""
    r = confluence.client().post(f"{CLIENT}/config/flow", params={"id": str(uuid.uuid4())})
    assert r.status_code == 404 and set(r.json()) == {"errors", "fieldErrors"}


def test_flow_result_exists_once_the_flow_ended_and_is_read_once(confluence, jira):
    """SessionBasedFlowRequestService.getFlowResult: only in state HAS_RESULT, removed when read; success carries
    an empty error string (RestFlowResult(true, ""))."""
    client = create_client(jira, redirects=[f"{confluence.base_url}/plugins/servlet/oauth2/client/callback/"
                                            + config_body(jira, {"clientId": "x", "clientSecret": "y"})[
                                                "redirectUriSuffix"]])
    c = confluence.client()
    config = c.post(f"{CLIENT}/config", config_body(jira, client)).json()
    flow = c.post(f"{CLIENT}/config/flow", params={"id": config["id"]}).json()
    early = c.get(f"{CLIENT}/config/flow/{flow['id']}")
    assert early.status_code == 400
    init = requests.get(flow["initFlowUrl"], auth=ADMIN, verify=confluence.ca_file, allow_redirects=False,
                        timeout=60)
    assert init.status_code == 200, init.text
    done = c.get(f"{CLIENT}/config/flow/{flow['id']}")
    assert done.status_code == 200 and done.json() == {"success": True, "error": ""}
    assert c.get(f"{CLIENT}/config/flow/{flow['id']}").status_code == 400


def test_flow_ends_at_the_callback_url_with_the_config_id(confluence, jira):
    """ClientConfigurationResource.createFlow: the browser is sent back to callbackUrl + "/" + the config id."""
    client = create_client(jira, redirects=[f"{confluence.base_url}/plugins/servlet/oauth2/client/callback/"
                                            + config_body(jira, {"clientId": "x", "clientSecret": "y"})[
                                                "redirectUriSuffix"]])
    c = confluence.client()
    config = c.post(f"{CLIENT}/config", config_body(jira, client)).json()
    flow = c.post(f"{CLIENT}/config/flow", params={"id": config["id"], "callbackUrl": "https://ui.example.com/done"})
    r = requests.get(flow.json()["initFlowUrl"], auth=ADMIN, verify=confluence.ca_file, allow_redirects=False,
                     timeout=60)
    assert r.status_code == 303 and r.headers["Location"] == f"https://ui.example.com/done/{config['id']}"


def test_authorize_redirects_are_not_cached(confluence):
    """AuthorizationResource.authorize: 303 with Cache-Control: no-store and Pragma: no-cache."""
    from dcsim.tests.oauth2_support import authorize
    r = authorize(confluence, create_client(confluence))
    assert r.status_code == 303
    assert (r.headers.get("Cache-Control"), r.headers.get("Pragma")) == ("no-store", "no-cache")
