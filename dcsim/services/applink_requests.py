"""Requests this server makes to a linked remote as the calling user: the link's "authenticated request factory"
(ApplicationLinkRequestFactoryFactoryImpl.getApplicationLinkRequestFactory), used by the reciprocal delete and the
reciprocal permission checks (REST reference §2.2, §2.5).

The product picks an impersonating provider for a logged-in user (acting as that user), else a non-impersonating
one (2LO), else an anonymous request. A 3-legged request needs the user's own access token; without one it is
not sent (CredentialsRequiredException).
"""

from dcsim.services import applink_auth as auth
from dcsim.services import applink_remote as remote
from dcsim.services import oauth1
from dcsim.store import applinks as link_store
from dcsim.store import oauth1 as consumer_store

# (inferred) Which impersonating provider wins when both are configured (the impersonation level has both):
# 2LO with impersonation, which needs no token, before 3LO.
IMPERSONATING_ORDER = (auth.P_2LOI, auth.P_OAUTH)


class CredentialsRequired(Exception):
    """The request needs the user's 3-legged token, which this server does not hold."""


def call_as_user(sim, who, link, method, url, **kwargs):
    """Send `method url` to the link's remote as `who` would; RemoteError on network failures."""
    providers = link_store.providers(sim.store, link["id"])
    signer = None
    if who.username:
        for provider in IMPERSONATING_ORDER:
            if provider not in providers:
                continue
            if provider == auth.P_2LOI:
                kwargs.setdefault("params", {})[oauth1.REQUESTOR_PARAM] = who.username
                signer = oauth1.signer(sim)
            else:
                token = consumer_store.consumer_token(sim.store, link["id"], who.username)
                if token is None:
                    raise CredentialsRequired(link["id"])
                signer = oauth1.signer(sim, token["token"])
            break
    if signer is None and auth.P_2LO in providers:
        signer = oauth1.signer(sim)
    return remote.call(sim, method, url, auth=signer, **kwargs)
