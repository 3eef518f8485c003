"""Simulator-only endpoints under /_dcsim (sysadmin only, except health). Not part of the contract."""

from flask import Blueprint

from dcsim.services import applinks, basicauth, oauth1
from dcsim.web import json_body, require, respond, sim

blueprint = Blueprint("simctl", __name__, url_prefix="/_dcsim")


@blueprint.get("/health")
def health():
    s, profile = sim(), sim().profile
    return respond({"status": "ok", "product": s.product.key, "version": profile.version, "jsm": profile.jsm,
                    "serverId": s.server_id, "baseUrl": s.base_url,
                    "basicAuthBlocked": basicauth.current(s)["block-requests"],
                    "nativeOAuth2Applinks": profile.native_oauth2_applinks})


@blueprint.get("/requests")
def list_requests():
    require("sysadmin")
    return respond(sim().log.entries())


@blueprint.delete("/requests")
def clear_requests():
    require("sysadmin")
    sim().log.clear()
    return respond(None, 204)


@blueprint.get("/faults")
def list_faults():
    require("sysadmin")
    return respond({"faults": sim().faults.listing()})


@blueprint.put("/faults")
def put_faults():
    require("sysadmin")
    body = json_body()
    sim().faults.replace(body.get("faults", []))
    return respond({"faults": sim().faults.listing()})


@blueprint.delete("/faults")
def clear_faults():
    require("sysadmin")
    sim().faults.replace([])
    return respond(None, 204)


@blueprint.put("/ratelimit")
def put_ratelimit():
    """{"capacity": N, "fillRate": N, "intervalSeconds": N}; capacity null turns rate limiting off."""
    require("sysadmin")
    body = json_body()
    sim().rate_limiter.configure(body.get("capacity"), body.get("fillRate", 1), body.get("intervalSeconds", 1))
    return respond(None, 204)


@blueprint.post("/oauth1/outgoing-test/<link_id>")
def oauth1_outgoing_test(link_id):
    """The request-token step of the link's outgoing OAuth 1.0a (HMAC-SHA1) against its third-party provider."""
    require("sysadmin")
    return respond(oauth1.outgoing_request_token(sim(), applinks.require(sim(), link_id)))
