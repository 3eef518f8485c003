"""OAuth 1.0a servlets (REST reference §5.1, §5.2), and the registration of the "OAuth" Authorization scheme."""

from flask import Blueprint, Response, redirect, request

from dcsim.services import auth, oauth1, oauth1_provider
from dcsim.services.oauth1_provider import OAuthProblem
from dcsim.web import require, sim

blueprint = Blueprint("oauth1_servlets", __name__)
_FORM = "application/x-www-form-urlencoded"


def setup(app):
    # Signed requests from linked servers (and 3-legged access tokens) authenticate through this resolver.
    auth.SCHEME_RESOLVERS["oauth"] = oauth1.resolve_principal


@blueprint.errorhandler(OAuthProblem)
def _problem(exc):
    header = oauth1.oauth_error(sim(), exc.problem).headers
    return Response(exc.body(), status=exc.status, headers=header, mimetype=_FORM)


@blueprint.get("/plugins/servlet/oauth/consumer-info")
def consumer_info():
    return Response(oauth1.consumer_info_xml(sim()), mimetype="application/xml",
                    content_type="application/xml;charset=UTF-8")


def _signed_args():
    return (request.method, request.url, dict(request.headers),
            request.get_data(cache=True, as_text=True) if request.mimetype == _FORM else "")


@blueprint.route("/plugins/servlet/oauth/request-token", methods=["POST", "GET"])
def request_token():
    return Response(oauth1_provider.request_token(sim(), *_signed_args()), mimetype=_FORM)


@blueprint.route("/plugins/servlet/oauth/authorize", methods=["GET", "POST"])
def authorize():
    """dcsim: an authenticated user's GET (or POST) is the consent; the real page asks first."""
    who = require("user")
    target, verifier = oauth1_provider.authorize(sim(), who, request.values.get("oauth_token"))
    if target:
        return redirect(target, code=302)
    return Response(f"oauth_verifier={verifier}", mimetype="text/plain")


@blueprint.route("/plugins/servlet/oauth/access-token", methods=["POST", "GET"])
def access_token():
    return Response(oauth1_provider.access_token(sim(), *_signed_args()), mimetype=_FORM)
