"""OAuth 2.0 client HTTP layer (REST reference §7): `config` admin, the connection-test flow and the callback servlet."""

from flask import Blueprint, Response, redirect, request

from dcsim.services import oauth2_client as configs
from dcsim.services import oauth2_flow as flows
from dcsim.web import json_body, require, respond, sim

blueprint = Blueprint("oauth2_client", __name__)
C = configs.CLIENT_BASE


def _admin():
    who = require("sysadmin")
    configs.check_https(sim())
    return who


@blueprint.get(f"{C}/config")
def list_configs():
    _admin()
    return respond(configs.list_configs(sim()))


@blueprint.post(f"{C}/config")
def create_config():
    _admin()
    return respond(configs.create_config(sim(), json_body()))


@blueprint.get(f"{C}/config/<id_>")
def get_config(id_):
    _admin()
    return respond(configs.get_config(sim(), id_))


@blueprint.put(f"{C}/config/<id_>")
def update_config(id_):
    _admin()
    configs.update_config(sim(), id_, json_body())
    return respond(None, 204)


@blueprint.delete(f"{C}/config/<id_>")
def delete_config(id_):
    _admin()
    configs.delete_config(sim(), id_)
    return respond(None, 204)


@blueprint.get(f"{C}/config/name/<path:name>")
def get_config_by_name(name):
    _admin()
    found = configs.find_by_name(sim(), name)
    if found is None:
        return Response(status=404)  # REST reference §7: 404 with an empty body, not the usual error body
    return respond(found)


@blueprint.get(f"{C}/config/get-redirect-uri")
def get_redirect_uri():
    _admin()
    return respond(configs.get_redirect_uri(sim(), request.args.get("authorizationEndpoint")))


@blueprint.get(f"{C}/config/is-name-unique")
def is_name_unique():
    _admin()
    return respond(configs.is_name_unique(sim(), request.args.get("id"), request.args.get("name")))


@blueprint.post(f"{C}/config/flow")
def create_flow():
    who = _admin()
    return respond(flows.create_flow(sim(), who, request.args.get("id"), request.args.get("callbackUrl")))


@blueprint.get(f"{C}/config/flow/<flow_id>")
def flow_result(flow_id):
    _admin()
    return respond(flows.flow_result(sim(), flow_id))


def _finished(flow):
    """Where the browser ends: the UI's callbackUrl when one was given, else a short result page."""
    if flow["callback_url"]:
        return redirect(flow["callback_url"], 303)
    text = "success" if flow["status"] == "success" else f"failed: {flow['error']}"
    return Response(f"OAuth 2.0 connection test {text}\n", mimetype="text/plain")


@blueprint.get(configs.CALLBACK_PATH)
def start_flow():
    """initFlowUrl (dcsim simplification: the flow runs server-side, see dcsim/docs/oauth2.md)."""
    require("sysadmin")
    flow_id = request.args.get(flows.START_PARAM)
    if not flow_id:
        return Response("startFlow is required\n", status=400, mimetype="text/plain")
    return _finished(flows.start(sim(), flow_id, request.headers.get("Authorization")))


@blueprint.get(f"{configs.CALLBACK_PATH}/<suffix>")
def callback(suffix):
    return _finished(flows.complete(sim(), suffix, request.args))
