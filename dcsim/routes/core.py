"""Personal access tokens, cookie login, and a 'who am I' resource to prove a bearer token grants access."""

from flask import Blueprint, Response

from dcsim.errors import ApiError
from dcsim.services import auth
from dcsim.web import json_body, require, respond, sim

blueprint = Blueprint("core", __name__)


@blueprint.post("/rest/pat/latest/tokens")
def create_pat():
    who = require("user")
    if who.via not in ("basic", "cookie"):
        raise ApiError(401, "Personal access tokens can only be created with a password.")
    body = json_body()
    return respond(auth.create_pat(sim(), who, body.get("name"), body.get("expirationDuration")), 201)


@blueprint.post("/rest/auth/1/session")
def login():
    body = json_body()
    session_id = auth.login(sim(), str(body.get("username", "")), str(body.get("password", "")))
    response = respond({"session": {"name": "JSESSIONID", "value": session_id}})
    response.set_cookie("JSESSIONID", session_id, httponly=True, secure=sim().base_url.startswith("https"))
    return response


@blueprint.get("/rest/api/latest/myself")
def myself():
    """The calling user (Jira's /rest/api/2/myself; dcsim serves it on every product)."""
    who = require("user")
    return respond({"name": who.username, "key": who.username, "role": who.role, "authenticatedVia": who.via,
                    "scope": who.scope})


@blueprint.get("/status")
def status():
    """The products' anonymous health check."""
    return Response('{"state":"RUNNING"}', mimetype="application/json")


@blueprint.get("/")
def front_page():
    """The base URL itself: what a product's front page is to a server that GETs it (AppLinksManifestProducer
    .getStatus asks whether it answers 2xx). dcsim serves a one-line page, anonymously."""
    return Response(f"<html><body>dcsim {sim().product.name}</body></html>", mimetype="text/html")
