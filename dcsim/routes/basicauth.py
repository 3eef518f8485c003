"""`/rest/basicauth/1.0/config` (REST reference §12.2): read and switch the Basic authentication block."""

from flask import Blueprint

from dcsim.services import basicauth
from dcsim.web import json_body, require, respond, sim

blueprint = Blueprint("basicauth", __name__)
_PATH = "/rest/basicauth/1.0/config"


def setup(app):
    basicauth.apply_start_setting(app.extensions["dcsim"])


@blueprint.get(_PATH)
def get_config():
    require("sysadmin")
    return respond(basicauth.current(sim()))


@blueprint.put(_PATH)
def put_config():
    require("sysadmin")
    return respond(basicauth.update(sim(), json_body()))
