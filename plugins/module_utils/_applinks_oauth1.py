# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 1.0a side of a generic application link (REST reference §3, §3.2, §4.2, §5.3): the link's consumers
(applinks-oauth), the outgoing provider config (v2 authentication/provider) and status/{id}/oauth; plus the
pure helpers around them (public keys, wire mapping)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import re

from ansible.module_utils.six.moves.urllib.parse import quote

try:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported when public_key is used
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = exc

AO = "/rest/applinks-oauth/1.0"
V2 = "/rest/applinks/2.0"
V3 = "/rest/applinks/3.0"
# REST reference §2.7: the provider whose config holds the third-party endpoints of §3.2.
P_OAUTH = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
# Module return names -> config keys of §3.2.
CONFIG_KEYS = (("consumer_key", "consumerKey.outbound"),
               ("request_token_url", "serviceProvider.requestTokenUrl"),
               ("access_token_url", "serviceProvider.accessTokenUrl"),
               ("authorize_url", "serviceProvider.authorizeUrl"))
URL_FIELDS = ("request_token_url", "access_token_url", "authorize_url")
_ARMOR = re.compile(r"-----(BEGIN|END) [A-Z ]+-----")


def _q(value):
    return quote(str(value), safe="")


# Public keys (REST reference §5.1: RSA, PEM or base64 X.509 SubjectPublicKeyInfo)

def load_public_key(text):
    """Normalised SubjectPublicKeyInfo PEM of an RSA public key; ValueError saying why not (never the key)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("must not be empty")
    text = text.strip()
    if "PRIVATE KEY" in text:
        raise ValueError("is a private key; give the public key only (e.g. openssl rsa -in key.pem -pubout)")
    if not HAS_CRYPTOGRAPHY:
        raise ValueError("cannot be checked: the Python library 'cryptography' is missing on the controller "
                         "(pip install cryptography)")
    try:
        if "-----BEGIN" in text:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        else:
            key = serialization.load_der_public_key(base64.b64decode("".join(text.split()), validate=True))
    except (ValueError, TypeError, UnicodeError) as exc:
        raise ValueError("is not a PEM (or base64 DER) public key (%s)" % type(exc).__name__)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("must be an RSA public key (OAuth 1.0a RSA-SHA1), got %s"
                         % type(key).__name__.lstrip("_").replace("PublicKey", " key"))
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def norm_public_key(value):
    """The base64 body of a SubjectPublicKeyInfo PEM without armour and whitespace (compares PEM with DER)."""
    if not isinstance(value, str):
        return value
    return "".join(_ARMOR.sub("", value).split()) or None


# Wire mapping

def consumer_from_wire(wire):
    """A Consumer (§5.3) in the module's return names; the shared secret is never part of it."""
    return {"consumer_key": wire.get("key"), "consumer_name": wire.get("name"),
            "description": wire.get("description"), "public_key": wire.get("publicKey"),
            "callback": wire.get("callback"), "two_lo_allowed": bool(wire.get("twoLOAllowed")),
            "execute_as": wire.get("executingTwoLOUser") or None,
            "two_lo_impersonation": bool(wire.get("twoLOImpersonationAllowed")),
            "signature_method": wire.get("signatureMethod"), "outgoing": bool(wire.get("outgoing"))}


def incoming_to_wire(consumer):
    return {"key": consumer["consumer_key"], "name": consumer.get("consumer_name"),
            "description": consumer.get("description"), "publicKey": consumer["public_key"],
            "sharedSecret": None, "callback": consumer.get("callback") or None, "outgoing": False,
            "twoLOAllowed": bool(consumer.get("two_lo_allowed")),
            "executingTwoLOUser": consumer.get("execute_as") or None,
            "twoLOImpersonationAllowed": bool(consumer.get("two_lo_impersonation"))}


def outgoing_to_wire(consumer, shared_secret):
    return {"key": consumer["consumer_key"], "name": consumer["consumer_name"],
            "description": consumer.get("description"), "publicKey": None, "sharedSecret": shared_secret,
            "outgoing": True, "twoLOAllowed": False, "executingTwoLOUser": None, "twoLOImpersonationAllowed": False}


def outgoing_from_config(config):
    """{consumer_key, request_token_url, access_token_url, authorize_url} of an OAuth provider config."""
    config = config or {}
    return dict((name, config.get(key) or None) for name, key in CONFIG_KEYS)


def outgoing_to_config(values, base=None):
    """The provider config with the managed keys set; other keys of `base` are kept."""
    config = dict(base or {})
    for name, key in CONFIG_KEYS:
        if values.get(name) is not None:
            config[key] = values[name]
    return config


class Oauth1Api(object):
    """The OAuth 1.0a REST of one generic link. Every method is one request."""

    def __init__(self, transport):
        self.transport = transport

    def authentication(self, link_id):
        """GET applinks-oauth authentication: {"consumers": [consumer...], "providers": {class: config}}."""
        body = self.transport.request("GET", "%s/applicationlink/%s/authentication" % (AO, _q(link_id))).body
        body = body if isinstance(body, dict) else {}
        providers = {}
        for entry in body.get("configuredAuthProviders") or []:
            if isinstance(entry, dict) and entry.get("provider"):
                providers[entry["provider"]] = dict(entry.get("config") or {})
        return {"consumers": [consumer_from_wire(c) for c in body.get("consumers") or [] if isinstance(c, dict)],
                "providers": providers}

    def put_consumer(self, link_id, wire):
        """PUT consumer without autoConfigure (201); replaces the link's consumer of the same direction."""
        self.transport.request("PUT", "%s/applicationlink/%s/authentication/consumer" % (AO, _q(link_id)),
                               body=wire, expect=(201,))

    def put_provider(self, link_id, provider, config):
        """v2 PUT authentication/provider (201): registers the provider class with this config."""
        self.transport.request("PUT", "%s/applicationlink/%s/authentication/provider" % (V2, _q(link_id)),
                               body={"provider": provider, "config": config}, expect=(201,))

    def oauth_status(self, link_id):
        """The raw OAuthStatus of §4.2."""
        return self.transport.request("GET", "%s/status/%s/oauth" % (V3, _q(link_id))).body or {}

    def set_oauth_status(self, link_id, status):
        """PUT both directions (204); a direction with enabled=false removes that side (§4.2)."""
        self.transport.request("PUT", "%s/status/%s/oauth" % (V3, _q(link_id)), body=status, expect=(204,))
