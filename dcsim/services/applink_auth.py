"""Authentication of a link: outgoing providers (REST reference §2.7, §3), incoming OAuth consumers (§5.3), and the
OAuthStatus view of both (§4.2).

Local OAuthStatus is derived, never stored twice: `outgoing` from the registered provider classes, `incoming`
from the consumer registered for the link.
"""

from dcsim.errors import ApiError
from dcsim.services import applink_remote as remote
from dcsim.services import applinks, oauth1
from dcsim.store import applinks as link_store
from dcsim.store import oauth1 as consumer_store

_PKG = "com.atlassian.applinks.api.auth.types."
P_OAUTH = _PKG + "OAuthAuthenticationProvider"
P_2LO = _PKG + "TwoLeggedOAuthAuthenticationProvider"
P_2LOI = _PKG + "TwoLeggedOAuthWithImpersonationAuthenticationProvider"
PROVIDERS = (P_OAUTH, P_2LO, P_2LOI, _PKG + "BasicAuthenticationProvider",
             _PKG + "TrustedAppsAuthenticationProvider", _PKG + "CorsAuthenticationProvider")
# REST reference §3 `module` field: the plugin module class serving each provider (the classes of the applinks
# plugins, e.g. OAuthAuthenticatorProviderPluginModule).
PROVIDER_MODULES = {
    P_OAUTH: "com.atlassian.applinks.oauth.auth.OAuthAuthenticatorProviderPluginModule",
    P_2LO: "com.atlassian.applinks.oauth.auth.twolo.TwoLeggedOAuthAuthenticatorProviderPluginModule",
    P_2LOI: "com.atlassian.applinks.oauth.auth.twolo.impersonation."
            "TwoLeggedOAuthWithImpersonationAuthenticatorProviderPluginModule",
    _PKG + "BasicAuthenticationProvider": "com.atlassian.applinks.basic.auth.BasicAuthenticationProviderPluginModule",
    _PKG + "TrustedAppsAuthenticationProvider":
        "com.atlassian.applinks.trusted.auth.TrustedAppsAuthenticationProviderPluginModule",
    _PKG + "CorsAuthenticationProvider": "com.atlassian.applinks.cors.auth.CorsAuthenticationProviderPluginModule",
}
# The placeholder entry the manifest lists with the provider classes (REST reference §2.3).
PLACEHOLDER_AUTH_TYPE = "placeholder.to.ensure.backwards.compatibility"
OAUTH_TRIPLE = (P_OAUTH, P_2LO, P_2LOI)

MSG_NO_PUBLIC_KEY = "Public key for remote host unavailable and no cached credentials exist"
# i18n keys of v2 ApplicationLinkResource.putAuthenticationProvider and OAuthApplicationLinkResource.
MSG_PROVIDER_2LOI_SYSADMIN = "applinks.authentication.provider.2loi.only.available.to.sysadmin"
MSG_PROVIDER_UNKNOWN = "applinks.authentication.provider.type.not.recognized"
MSG_INVALID_PUBLIC_KEY = "applinks.invalid.consumer.publickey"
MSG_CONSUMER_INFO_NOT_FOUND = "applinks.consumer.autoconfigure.consumerInfo.notfound"
MSG_CONSUMER_NOT_FOUND = "applinks.consumer.notfound"
MSG_GENERIC_NEEDS_PROVIDER = "applinks.generic.consumer.needs.authenticationprovider"
REQUIRED_KEYS = {"key": "auth.oauth.config.consumer.serviceprovider.key.is.required",
                 "name": "auth.oauth.config.consumer.serviceprovider.name.is.required",
                 "sharedSecret": "auth.oauth.config.consumer.serviceprovider.shared.secret.is.required",
                 "publicKey": "auth.oauth.config.serviceprovider.missing.public.key"}
MSG_ATLASSIAN_PUBLIC_KEY_REQUIRED = "applinks.consumer.publickey.required"
MSG_CONSUMER_KEY_IN_USE = "applinks.consumer.key.exists"  # dcsim's own key: one consumer key, one link
# The default level of automatic configuration (REST reference §2.4, §5.4): 3LO and 2LO on, 2LOi off.
DEFAULT_LEVEL = {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": False}
IMPERSONATION_LEVEL = {"enabled": True, "twoLoEnabled": True, "twoLoImpersonationEnabled": True}
DISABLED_LEVEL = {"enabled": False, "twoLoEnabled": False, "twoLoImpersonationEnabled": False}


def level(enabled, two_lo, two_lo_i):
    return {"enabled": bool(enabled), "twoLoEnabled": bool(two_lo), "twoLoImpersonationEnabled": bool(two_lo_i)}


def normalise(cfg):
    """REST reference §4.2 normalisation of one OAuth config, exactly as the table says."""
    if not cfg.get("enabled"):
        return level(False, False, False)
    if cfg.get("twoLoImpersonationEnabled"):
        return level(True, True, True)
    if cfg.get("twoLoEnabled"):
        return level(True, True, False)
    return level(True, False, False)


def from_config(three_lo, two_lo, two_lo_i):
    """OAuthConfig.fromConfig: no 3LO means OFF whatever else is set; 2LOi implies 2LO."""
    if not three_lo:
        return level(False, False, False)
    if two_lo_i:
        return level(True, True, True)
    return level(True, bool(two_lo), False)


def outgoing_status(sim, link_id):
    names = link_store.providers(sim.store, link_id)
    return from_config(P_OAUTH in names, P_2LO in names, P_2LOI in names)


def incoming_consumer(sim, link_id):
    found = consumer_store.consumers_of(sim.store, link_id, outgoing=False)
    return found[0] if found else None


def incoming_status(sim, link_id):
    consumer = incoming_consumer(sim, link_id)
    if consumer is None:
        return dict(DISABLED_LEVEL)
    return normalise({"enabled": True, "twoLoEnabled": consumer["two_lo_allowed"],
                      "twoLoImpersonationEnabled": consumer["two_lo_impersonation_allowed"]})


def oauth_status(sim, link_id):
    return {"incoming": incoming_status(sim, link_id), "outgoing": outgoing_status(sim, link_id)}


def _set_outgoing(db, link_id, cfg):
    wanted = {P_OAUTH: cfg["enabled"], P_2LO: cfg["twoLoEnabled"], P_2LOI: cfg["twoLoImpersonationEnabled"]}
    current = link_store.providers(db, link_id)
    for provider, on in wanted.items():
        if on and provider not in current:
            link_store.put_provider(db, link_id, provider, {})
        elif not on and provider in current:
            link_store.remove_provider(db, link_id, provider)


def _consumer_row(link_id, info, two_lo, two_lo_i, executing_user=None, outgoing=False, secret=None):
    return {"key": info["key"], "applink_id": link_id, "name": info.get("name"),
            "description": info.get("description"), "public_key": info.get("publicKey"),
            "shared_secret": secret, "callback": info.get("callback"),
            "signature_method": "HMAC_SHA1" if secret else "RSA_SHA1", "two_lo_allowed": two_lo,
            "executing_two_lo_user": executing_user, "two_lo_impersonation_allowed": two_lo_i,
            "outgoing": outgoing}


def _store_consumer(db, link_id, row):
    """Replace the link's consumer of the same direction; a key held by another link is refused."""
    other = consumer_store.consumer(db, row["key"])
    if other and other["applink_id"] != link_id:
        raise applinks.bad(MSG_CONSUMER_KEY_IN_USE)
    consumer_store.delete_consumers(db, link_id, outgoing=row["outgoing"])
    consumer_store.put_consumer(db, row)  # INSERT OR REPLACE: the same key moves direction if need be


def apply_oauth_status(sim, who, link, incoming, outgoing, conflict_status=409):
    """PUT status/{id}/oauth (REST reference §4.2; DefaultOAuthStatusService.updateOAuthStatus) with
    already-validated dicts: sysadmin for impersonation (401/403 like every v3 permission check), the system flag
    is not looked at; fetches the remote's consumer-info when no consumer is stored."""
    incoming, outgoing = normalise(incoming), normalise(outgoing)
    if not who.authenticated:
        raise ApiError(401, "You must be logged in to change the OAuth settings of an application link.")
    if (incoming["twoLoImpersonationEnabled"] or outgoing["twoLoImpersonationEnabled"]) \
            and not who.at_least("sysadmin"):
        raise ApiError(403, "You must be a system administrator to enable 2-legged OAuth with impersonation.")
    if not who.at_least("admin"):
        raise ApiError(403, "You must be an administrator to change the OAuth settings of an application link.")
    fetched = None
    if incoming["enabled"] and incoming_consumer(sim, link["id"]) is None:
        try:
            fetched = remote.fetch_consumer_info(sim, link["rpc_url"])
        except remote.RemoteError:
            raise ApiError(conflict_status, MSG_NO_PUBLIC_KEY)
    db = sim.store
    with db.transaction():
        if link_store.get(db, link["id"]) is None:
            raise ApiError(404, applinks.MSG_NOT_FOUND)
        if not incoming["enabled"]:
            consumer_store.delete_consumers(db, link["id"], outgoing=False)
        elif fetched:
            _store_consumer(db, link["id"], _consumer_row(link["id"], fetched, incoming["twoLoEnabled"],
                                                          incoming["twoLoImpersonationEnabled"]))
        else:
            consumer = incoming_consumer(sim, link["id"])
            consumer_store.update_consumer_flags(db, consumer["key"], incoming["twoLoEnabled"],
                                                 incoming["twoLoImpersonationEnabled"])
        _set_outgoing(db, link["id"], outgoing)
        if not outgoing["enabled"]:  # OAuthConfigurator.updateOutgoingConfig: the users' tokens go too
            consumer_store.delete_consumer_tokens(db, link["id"])


# ---- v2 authentication/provider (REST reference §3) -------------------------------------------------------------

def provider_entries(sim, link, api_base, only=None):
    entries = []
    for provider, config in link_store.providers(sim.store, link["id"]).items():
        if only and provider != only:
            continue
        # a relative self link, as getConfiguredProviders builds it
        entries.append({"link": [{"href": f"applicationlink/{link['id']}/authentication/provider", "rel": "self"}],
                        "module": PROVIDER_MODULES.get(provider, provider), "provider": provider,
                        "config": config})
    return entries


def put_provider(sim, who, link, body):
    """v2 putAuthenticationProvider: 2LOi for system administrators (a 400), a known class; no system check."""
    provider = body.get("provider")
    if provider == P_2LOI and not who.at_least("sysadmin"):
        raise applinks.bad(MSG_PROVIDER_2LOI_SYSADMIN)
    if provider not in PROVIDERS:
        raise applinks.bad(MSG_PROVIDER_UNKNOWN)
    config = body.get("config") or {}
    if not isinstance(config, dict) or not all(isinstance(k, str) for k in config):
        raise applinks.bad("config must be an object of strings")
    with sim.store.transaction():
        link_store.put_provider(sim.store, link["id"], provider, {k: str(v) for k, v in config.items()})


# ---- applinks-oauth consumers (REST reference §5.3) -------------------------------------------------------------

def consumer_view(row):
    """Consumer (REST reference §5.3). The shared secret is never echoed (dcsim choice)."""
    body = {"key": row["key"], "name": row["name"], "description": row["description"],
            "signatureMethod": row["signature_method"], "publicKey": row["public_key"], "callback": row["callback"],
            "twoLOAllowed": row["two_lo_allowed"], "executingTwoLOUser": row["executing_two_lo_user"],
            "twoLOImpersonationAllowed": row["two_lo_impersonation_allowed"], "outgoing": row["outgoing"]}
    return {k: v for k, v in body.items() if v is not None}


def consumers(sim, link):
    return [consumer_view(c) for c in consumer_store.consumers_of(sim.store, link["id"])]


def _flags(body):
    """The 2-legged flags of a Consumer body (the resource checks no role beyond its admin interceptor)."""
    two_lo, two_lo_i = body.get("twoLOAllowed") is True, body.get("twoLOImpersonationAllowed") is True
    user = body.get("executingTwoLOUser")
    return two_lo, two_lo_i, user if isinstance(user, str) and user else None


def autoconfigure_consumer(sim, who, link, body):
    """PUT consumer?autoConfigure=true: register the remote's consumer-info with the given 2-legged flags."""
    two_lo, two_lo_i, user = _flags(body)
    try:
        info = remote.fetch_consumer_info(sim, link["rpc_url"])
    except remote.RemoteError:
        raise ApiError(500, MSG_CONSUMER_INFO_NOT_FOUND)
    with sim.store.transaction():
        _store_consumer(sim.store, link["id"], _consumer_row(link["id"], info, two_lo, two_lo_i, user))


def put_consumer(sim, who, link, body):
    """PUT consumer without autoConfigure (OAuthApplicationLinkResource.putConsumer): every missing field is named
    (validate3rdPartyConsumer for generic links, validateAtlassianConsumer otherwise), then the key is parsed."""

    def given(field):
        value = body.get(field)
        return value.strip() if isinstance(value, str) and value.strip() else None

    outgoing = body.get("outgoing") is True
    if link["type_id"] == "generic":
        required = ["key"] + (["name", "sharedSecret"] if outgoing else ["publicKey"])
        keys = dict(REQUIRED_KEYS)
    else:
        required = ["key", "name", "publicKey"]
        keys = dict(REQUIRED_KEYS, publicKey=MSG_ATLASSIAN_PUBLIC_KEY_REQUIRED)
    missing = [keys[f] for f in required if not given(f)]
    if missing:
        raise ApiError(400, missing[0], kind="errorlist", messages=missing)
    public_key = None
    if given("publicKey"):
        try:
            public_key = oauth1.load_public_key(given("publicKey"))
        except ValueError:
            raise applinks.bad(MSG_INVALID_PUBLIC_KEY)
    two_lo, two_lo_i, user = _flags(body)
    secret = given("sharedSecret") if outgoing or not public_key else None
    info = {"key": given("key"), "name": given("name"), "description": given("description"),
            "publicKey": public_key, "callback": given("callback")}
    with sim.store.transaction():
        if link_store.get(sim.store, link["id"]) is None:
            raise ApiError(404, applinks.MSG_NOT_FOUND)
        _store_consumer(sim.store, link["id"],
                        _consumer_row(link["id"], info, two_lo, two_lo_i, user, outgoing, secret))


def delete_consumer_token(sim, who, link_id):
    """ConsumerTokenResource.removeConsumerToken: forget the calling user's token for a link (idempotent); a
    malformed id is a 400."""
    canonical = applinks.canonical_id(link_id)
    if canonical is None:
        raise ApiError(400, f"id must be a valid java.util.UUID string: {link_id}", kind="errorlist")
    consumer_store.delete_consumer_token(sim.store, canonical, who.username)


def configured_inbound(sim, link_id):
    """Provider classes the remote may use to call us (from the incoming consumer's flags)."""
    cfg = incoming_status(sim, link_id)
    return [p for p, on in zip(OAUTH_TRIPLE, (cfg["enabled"], cfg["twoLoEnabled"],
                                              cfg["twoLoImpersonationEnabled"])) if on]


def configured_outbound(sim, link_id):
    return list(link_store.providers(sim.store, link_id))
