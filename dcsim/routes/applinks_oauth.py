"""applinks-oauth (REST reference §5.3): a link's authentication, its OAuth consumer, and the user's consumer tokens.

The v1 `applicationlink` GET resources under this base are mounted in applinks_v1.
"""

from flask import Blueprint, request

from dcsim import families
from dcsim.errors import ApiError
from dcsim.routes.applinks_common import OAUTH, admin, api_base, flag, route
from dcsim.services import applink_auth, applinks
from dcsim.web import family, json_body, respond, sim, status_body

blueprint = Blueprint("applinks_oauth", __name__)
_BASE = f"/rest/applinks-oauth/{OAUTH}"


@route(blueprint, ["GET"], _BASE + "/applicationlink/<link_id>/authentication")
def authentication(ver, link_id):
    admin(websudo=True)
    link = applinks.require(sim(), link_id)
    href = f"applicationlink/{link['id']}/authentication"  # relative, as OAuthApplicationLinkResource builds it
    return respond({"link": [{"href": href, "rel": "self"}], "consumers": applink_auth.consumers(sim(), link),
                    "configuredAuthProviders": applink_auth.provider_entries(sim(), link, api_base())},
                   xml_root="authentication")


@route(blueprint, ["GET"], _BASE + "/applicationlink/<link_id>/authentication/consumer")
def get_consumers(ver, link_id):
    admin(websudo=True)
    link = applinks.require(sim(), link_id)
    found = applink_auth.consumers(sim(), link)
    if not found and link["type_id"] == "generic" and not applink_auth.configured_outbound(sim(), link["id"]):
        raise ApiError(404, applink_auth.MSG_GENERIC_NEEDS_PROVIDER)
    if not found:
        raise ApiError(404, applink_auth.MSG_CONSUMER_NOT_FOUND)
    return respond({"consumers": found}, xml_root="consumers")


@route(blueprint, ["PUT"], _BASE + "/applicationlink/<link_id>/authentication/consumer")
def put_consumer(ver, link_id):
    """201 either way: autoConfigure=true fetches the remote consumer-info; otherwise the body is the Consumer."""
    who = admin(websudo=True)
    link = applinks.require(sim(), link_id)
    body = json_body(required=False)
    href = f"applicationlink/{link['id']}/authentication/consumer"  # relative (putConsumer's Link.self)
    if flag("autoConfigure"):
        applink_auth.autoconfigure_consumer(sim(), who, link, body)
        # Still the wrapper form of web.status_body (existing tests read it); §12.4 says array here too.
        return respond(status_body(201, created=[href]), 201, xml_root="status")
    applink_auth.put_consumer(sim(), who, link, body)
    return respond(_created(href), 201, xml_root="status")


def _created(href):
    """201 status body. REST reference §12.4: in JSON `resources-created` is an array of {href, rel}; the `link`
    wrapper exists only in XML."""
    if families.wants_xml(family(), request.headers.get("Accept")):
        return status_body(201, created=[href])
    return {"status-code": 201, "resources-created": [{"href": href, "rel": "self"}]}


@route(blueprint, ["DELETE"], _BASE + "/consumer-token/<link_id>")
def delete_consumer_token(ver, link_id):
    """204: removes the calling user's access token for the link (whether or not one existed); administrators
    only (ConsumerTokenResource runs the AdminApplicationLinksInterceptor)."""
    who = admin()
    applink_auth.delete_consumer_token(sim(), who, link_id)
    return respond(None, 204)
