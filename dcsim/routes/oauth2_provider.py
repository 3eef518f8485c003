"""OAuth 2.0 provider HTTP layer (REST reference §6): client admin, authorize + consent, token, revoke, metadata."""

import html
import os

from flask import Blueprint, Response, redirect, request

from dcsim import families
from dcsim.errors import ApiError
from dcsim.services import oauth2_provider as provider
from dcsim.services import oauth2_tokens as tokens
from dcsim.web import json_body, principal, require, respond, sim

blueprint = Blueprint("oauth2_provider", __name__)
P = provider.PROVIDER_BASE
# TokenResource.reset answers Response.ok().
JWT_RESET_STATUS = 200
# dcsim's login prompt on the authorize and consent pages (the product would redirect to its login page).
LOGIN_CHALLENGE = {"WWW-Authenticate": 'Basic realm="dcsim"'}


def setup(app):
    s = app.extensions["dcsim"]
    tokens.jwt_secret(s)  # created once, kept across restarts
    if s.config.dev_mode:
        # atlassian.dev.mode relaxes the HTTPS rules; oauthlib's client side needs to be told as well.
        os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")


def _admin():
    who = require("sysadmin")
    provider.check_https(sim())
    return who


# Client administration (§6.1)

@blueprint.get(f"{P}/client")
def list_clients():
    _admin()
    return respond(provider.list_clients(sim()))


@blueprint.post(f"{P}/client")
def create_client():
    who = _admin()
    return respond(provider.create_client(sim(), who, json_body()))


@blueprint.get(f"{P}/client/<id_>")
def get_client(id_):
    _admin()
    return respond(provider.get_client(sim(), id_))


@blueprint.put(f"{P}/client/<id_>")
def update_client(id_):
    _admin()
    provider.update_client(sim(), id_, json_body())
    return respond(None, 204)


@blueprint.delete(f"{P}/client/<id_>")
def delete_client(id_):
    _admin()
    return respond(provider.delete_client(sim(), id_))


@blueprint.put(f"{P}/client/reset/<client_id>")
def reset_client_secret(client_id):
    _admin()
    return respond(provider.reset_secret(sim(), client_id))


# Authorization (§6.3)

def _login():
    who = principal()
    if not who.authenticated:
        raise ApiError(401, "Log in to authorize an application.", headers=LOGIN_CHALLENGE)
    return who


def _error_page(message):
    page = (f"<html><head><title>OAuth 2.0 error</title></head><body><h1>OAuth 2.0 error</h1>"
            f"<p id=\"error\">{html.escape(message)}</p></body></html>")
    return Response(page, status=400, mimetype="text/html")


# AuthorizationResource.authorize: every redirect it answers is marked as not to be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _see_other(url):
    response = redirect(url, 303)
    response.headers.update(NO_STORE)
    return response


def _outcome(kind, value):
    if kind == "redirect":
        return _see_other(value)
    if kind == "error":
        return _error_page(value)
    return None


@blueprint.get(f"{P}/authorize")
def authorize():
    who = _login()
    params = list(request.args.items(multi=True))
    approve = request.args.get(tokens.APPROVE_PARAM)
    decision = {"true": True, "false": False}.get((approve or "").lower())
    kind, value = tokens.authorize(sim(), params, who.username, decision)
    if kind == "consent":
        return _see_other(f"{sim().base_url}{tokens.CONSENT_PATH}?{tokens.consent_query(params)}")
    return _outcome(kind, value)


@blueprint.get(tokens.CONSENT_PATH)
def consent_page():
    who = _login()
    kind, value = tokens.authorize(sim(), list(request.args.items(multi=True)), who.username, None)
    if kind != "consent":
        return _outcome(kind, value)
    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in value["params"])
    page = (f"<html><head><title>Authorize {html.escape(value['client'])}</title></head><body>"
            f"<h1>{html.escape(value['client'])} wants to access your account</h1>"
            f"<p>User: {html.escape(who.username)}. Scope: <span id=\"scope\">{html.escape(value['scope'])}</span></p>"
            f"<form method=\"post\" action=\"{html.escape(sim().base_url + tokens.CONSENT_PATH)}\">{hidden}"
            f"<button type=\"submit\" name=\"{tokens.APPROVE_PARAM}\" value=\"true\">Allow</button>"
            f"<button type=\"submit\" name=\"{tokens.APPROVE_PARAM}\" value=\"false\">Deny</button>"
            f"</form></body></html>")
    return Response(page, mimetype="text/html")


@blueprint.post(tokens.CONSENT_PATH)
def consent_decision():
    who = _login()
    params = list(request.form.items(multi=True))
    decision = request.form.get(tokens.APPROVE_PARAM, "").lower() == "true"
    kind, value = tokens.authorize(sim(), params, who.username, decision)
    return _outcome(kind, value)


def _form_call(handler):
    status, body, headers = handler(sim(), request.url, request.get_data(as_text=True), dict(request.headers))
    if body is None:
        return Response(status=status, headers=headers)
    return Response(families.dumps(body), status=status, headers=headers, mimetype="application/json")


@blueprint.post(f"{P}/token")
def token():
    return _form_call(tokens.token)


@blueprint.post(f"{P}/revoke")
def revoke():
    return _form_call(tokens.revoke)


@blueprint.post(f"{P}/revoke/<token_id>")
def revoke_by_id(token_id):
    """RevokeResource.revokeTokenWithId: any logged-in user, any token; an unknown id is the
    InvalidRequestException (400, token error body)."""
    require("user")
    if not tokens.revoke_by_id(sim(), token_id):
        body = {"error": "invalid_request", "error_description": tokens.MSG_REVOKE_TOKEN}
        return Response(families.dumps(body), status=400, mimetype="application/json",
                        headers={"Cache-Control": "no-cache, no-store"})
    return Response(status=200)


@blueprint.post(f"{P}/token/jwt/reset")
def reset_jwt():
    require("sysadmin")
    tokens.reset_jwt_secret(sim())
    return Response(status=JWT_RESET_STATUS)


@blueprint.get(f"{P}/.well-known/oauth-authorization-server")
def well_known():
    return respond(provider.metadata(sim()))
