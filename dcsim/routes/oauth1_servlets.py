"""OAuth 1.0a servlets (contract §5.1, §5.2), and the registration of the "OAuth" Authorization scheme."""

from flask import Blueprint, Response

from dcsim.services import auth, oauth1
from dcsim.web import sim

blueprint = Blueprint("oauth1_servlets", __name__)


def setup(app):
    # Signed requests from linked servers (and 3-legged access tokens) authenticate through this resolver.
    auth.SCHEME_RESOLVERS["oauth"] = oauth1.resolve_principal


@blueprint.get("/plugins/servlet/oauth/consumer-info")
def consumer_info():
    return Response(oauth1.consumer_info_xml(sim()), mimetype="application/xml",
                    content_type="application/xml;charset=UTF-8")
