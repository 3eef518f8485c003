"""The outgoing link's "Test connection" flow (REST reference §7), done as a real round trip with the remote server.

dcsim simplification: a GET of initFlowUrl by an administrator (Basic auth) makes this instance play the
browser's part server-side: it builds the authorization URL (state, PKCE S256) with requests-oauthlib's
OAuth2Session, calls the remote authorize endpoint with the caller's Basic credentials and `approve=true`,
follows the 303 to its own callback URL, which exchanges the code at the remote token endpoint and then calls
the remote's /rest/api/latest/myself with the access token. Every outbound call goes through sim.remote.
"""

import re
import uuid
from urllib.parse import urlencode

import requests
from oauthlib.oauth2 import WebApplicationClient
from oauthlib.oauth2.rfc6749.errors import OAuth2Error
from requests_oauthlib import OAuth2Session

from dcsim.errors import ApiError
from dcsim.services.oauth2_client import CALLBACK_PATH, redirect_uri
from dcsim.services.oauth2_tokens import APPROVE_PARAM
from dcsim.store import oauth2 as store

# REST reference §7: the initFlowUrl query parameter.
START_PARAM = "startFlow"
PKCE_METHOD = "S256"
# When the token endpoint is an Atlassian one, the flow also proves the token works on this resource.
REMOTE_TOKEN_PATH = "/rest/oauth2/latest/token"
REMOTE_RESOURCE_PATH = "/rest/api/latest/myself"


def _snippet(response):
    text = re.sub(r"(?is)<title>.*?</title>", " ", response.text or "")
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:200]


MSG_FLOW_NOT_FOUND = "oauth2.rest.error.flow.not.found"


def create_flow(sim, principal, config_id, callback_url):
    """POST config/flow: getByIdOrFail, so an unknown config is the ConfigurationNotFoundException 404."""
    if not config_id or store.get_config(sim.store, config_id) is None:
        raise ApiError(404, f"Client configuration {config_id} does not exist.")
    flow_id = str(uuid.uuid4())
    # The UI's page for the result: callbackUrl + "/" + the config id (ClientConfigurationResource.createFlow)
    target = f"{callback_url}/{config_id}" if callback_url else None
    store.insert_flow(sim.store, flow_id, config_id, target, principal.username)
    return {"id": flow_id, "initFlowUrl": f"{sim.base_url}{CALLBACK_PATH}?{urlencode({START_PARAM: flow_id})}"}


def flow_result(sim, flow_id):
    """GET config/flow/{id} (SessionBasedFlowRequestService.getFlowResult): only once the flow ended, and once;
    before or after, the ValidationException 400. Success carries an empty error (RestFlowResult(true, ""))."""
    flow = store.take_finished_flow(sim.store, flow_id)
    if flow is None:
        raise ApiError(400, MSG_FLOW_NOT_FOUND)
    return {"success": flow["status"] == "success", "error": flow["error"] or ""}


def get_flow(sim, flow_id):
    flow = store.get_flow(sim.store, flow_id)
    if flow is None:
        raise ApiError(400, f"Flow request {flow_id} does not exist.")
    return flow


def _fail(sim, flow_id, message):
    store.finish_flow(sim.store, flow_id, message)
    return store.get_flow(sim.store, flow_id)


def start(sim, flow_id, authorization_header):
    """initFlowUrl: run the whole authorization-code flow against the remote; return the finished flow."""
    flow = get_flow(sim, flow_id)
    config = store.get_config(sim.store, flow["config_id"])
    if config is None:
        return _fail(sim, flow_id, "The OAuth 2.0 client configuration no longer exists.")
    own_redirect = redirect_uri(sim, config["redirect_uri_suffix"])
    client = WebApplicationClient(config["client_id"])
    session = OAuth2Session(client=client, redirect_uri=own_redirect, scope=config["scopes"])
    verifier = client.create_code_verifier(43)
    try:
        url, state = session.authorization_url(
            config["authorization_endpoint"], code_challenge=client.create_code_challenge(verifier, PKCE_METHOD),
            code_challenge_method=PKCE_METHOD)
    except OAuth2Error as exc:
        return _fail(sim, flow_id, f"{exc.error}: {exc.description}")
    store.start_flow(sim.store, flow_id, state, verifier)
    url += "&" + urlencode({APPROVE_PARAM: "true"})
    headers = {"Authorization": authorization_header} if authorization_header else {}
    try:
        response = sim.remote("GET", url, headers=headers, allow_redirects=False, browser=True)
    except requests.RequestException as exc:
        return _fail(sim, flow_id, f"connection error: {exc}")
    location = response.headers.get("Location", "")
    if response.status_code not in (302, 303) or not location:
        return _fail(sim, flow_id, f"authorization failed: HTTP {response.status_code}: {_snippet(response)}")
    if not location.startswith(own_redirect + "?"):
        return _fail(sim, flow_id, f"the authorization server redirected to an unexpected URL: {location}")
    try:
        sim.remote("GET", location, allow_redirects=False, browser=True)  # the browser following the redirect
    except requests.RequestException as exc:
        return _fail(sim, flow_id, f"callback failed: {exc}")
    flow = store.get_flow(sim.store, flow_id)
    if flow["status"] not in ("success", "error"):
        return _fail(sim, flow_id, "the callback did not complete the flow")
    return flow


def complete(sim, suffix, args):
    """The callback servlet: finish the flow whose state comes back. Returns the finished flow."""
    state = args.get("state")
    flow = store.take_pending_flow(sim.store, state) if state else None
    if flow is None:
        raise ApiError(400, "Unknown or already used OAuth 2.0 state.")
    error = _exchange_and_check(sim, flow, suffix, args)
    store.finish_flow(sim.store, flow["id"], error)
    return store.get_flow(sim.store, flow["id"])


def _exchange_and_check(sim, flow, suffix, args):
    """None on success, else a clear error message."""
    config = store.get_config(sim.store, flow["config_id"])
    if config is None:
        return "The OAuth 2.0 client configuration no longer exists."
    if suffix != config["redirect_uri_suffix"]:
        return "The callback URL does not belong to this configuration."
    if args.get("error"):
        return f"{args['error']}: {args.get('error_description', '')}".strip()
    if not args.get("code"):
        return "the authorization server returned no code"
    client = WebApplicationClient(config["client_id"])
    body = client.prepare_request_body(code=args["code"], redirect_uri=redirect_uri(sim, suffix),
                                       include_client_id=True, client_secret=config["client_secret"],
                                       code_verifier=flow["code_verifier"])
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    try:
        response = sim.remote("POST", config["token_endpoint"], data=body, headers=headers)
    except requests.RequestException as exc:
        return f"connection error: {exc}"
    try:
        response.json()
    except ValueError:
        return f"token request failed: HTTP {response.status_code}: {_snippet(response)}"
    try:
        client.parse_request_body_response(response.text, scope=config["scopes"])
    except Warning as changed:  # the server granted another scope: keep the token anyway
        client.token = changed.token
        client.populate_token_attributes(changed.token)
    except OAuth2Error as exc:
        return f"{exc.error}: {exc.description}"
    # A server-to-server call, so on the base the token endpoint names (the URL the servers use), never one
    # recomputed from the authorization endpoint (the browser's URL).
    endpoint = config["token_endpoint"]
    if not endpoint.endswith(REMOTE_TOKEN_PATH):
        return None
    resource = endpoint[:-len(REMOTE_TOKEN_PATH)] + REMOTE_RESOURCE_PATH
    try:
        uri, token_headers, _ = client.add_token(resource, http_method="GET", headers={"Accept": "application/json"})
        response = sim.remote("GET", uri, headers=token_headers)
    except OAuth2Error as exc:
        return f"{exc.error}: {exc.description}"
    except requests.RequestException as exc:
        return f"connection error: {exc}"
    if response.status_code != 200:
        return f"resource request failed: HTTP {response.status_code}: {_snippet(response)}"
    return None
