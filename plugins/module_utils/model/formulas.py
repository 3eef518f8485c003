# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The formulas of the products and of the collection, in one place (pure functions, unit tested): the modules,
the filters, the roles' rules and the tests all call these.

- An Atlassian product's OAuth 2.0 provider endpoints (REST reference §11).
- The redirect URI of an outgoing link and its suffix: base64url without padding of the MD5 of the authorization
  endpoint exactly as given, a trailing '/' included (§7, §11).
- The id a product gives a generic application link: the name-based (MD5, version 3) UUID of its RPC URL without
  a trailing '/' (§2.8).
- The secret fingerprint an outgoing link records in its description (the product never returns the secret):
  for a secret the product generated (random, 256 bits) the first 48 bits of SHA-256 over client id, colon,
  secret; for a secret a user chose, a deliberately slow salted scrypt, so that the description is no offline
  oracle for guesses.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import hashlib
import hmac
import os
import re
import uuid

AUTHORIZE_PATH = "/rest/oauth2/latest/authorize"
TOKEN_PATH = "/rest/oauth2/latest/token"
CALLBACK_PATH = "/plugins/servlet/oauth2/client/callback/"


def base_of(url):
    """A base URL as the formulas use it: without a trailing '/'."""
    return url.rstrip("/")


def authorize_endpoint(base_url):
    return base_of(base_url) + AUTHORIZE_PATH


def token_endpoint(base_url):
    return base_of(base_url) + TOKEN_PATH


def provider_endpoints(base_url):
    """(authorization endpoint, token endpoint) of the Atlassian product at `base_url`."""
    return authorize_endpoint(base_url), token_endpoint(base_url)


def redirect_uri_suffix(authorization_endpoint):
    """base64url without padding of MD5(authorization endpoint as given)."""
    digest = hashlib.md5(authorization_endpoint.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def redirect_uri(base_url, authorization_endpoint):
    """The redirect URI of the outgoing link on `base_url` to the provider with this authorization endpoint."""
    return base_of(base_url) + CALLBACK_PATH + redirect_uri_suffix(authorization_endpoint)


def generic_link_id(rpc_url):
    """The id the product gives a generic link: the MD5 name-based UUID of the rpcUrl without a trailing '/'."""
    digest = hashlib.md5(base_of(rpc_url).encode("utf-8")).digest()
    return str(uuid.UUID(bytes=digest, version=3))


def is_v3_uuid(value):
    """Whether `value` is a version-3 (name-based MD5) UUID, the shape of generated applink ids."""
    try:
        return uuid.UUID(str(value)).version == 3
    except (TypeError, ValueError):
        return False


# Secret fingerprints ---------------------------------------------------------------------------------------

SECRET_ORIGINS = ("user", "product")
FAST_HEX = 12
# scrypt cost: 32 MiB and about 0.1 s of a core per guess, on purpose. The unit tests lower it.
SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}
SLOW_PREFIX = "scrypt:"
SALT_BYTES = 8
SLOW_BYTES = 16
FINGERPRINT_RE = r"(?:[0-9a-f]{%d}|%s[0-9a-f]{%d}:[0-9a-f]{%d})" % (
    FAST_HEX, SLOW_PREFIX, 2 * SALT_BYTES, 2 * SLOW_BYTES)
MARKER_RE = re.compile(r"\s*\[applinks:secret=(%s)\]\s*$" % FINGERPRINT_RE)
MAX_DESCRIPTION = 255


def fingerprint(secret, client_id):
    """The fast fingerprint of a secret held for `client_id` (for secrets a product generated), or None when
    either is unknown. The client id salts it, so equal secrets of two clients do not look alike."""
    if not secret or not client_id:
        return None
    return hashlib.sha256(("%s:%s" % (client_id, secret)).encode("utf-8")).hexdigest()[:FAST_HEX]


def slow_fingerprint(secret, client_id, salt):
    """'scrypt:<salt hex>:<digest hex>': a salted scrypt of client id, colon, secret."""
    digest = hashlib.scrypt(("%s:%s" % (client_id, secret)).encode("utf-8"), salt=salt, dklen=SLOW_BYTES,
                            maxmem=64 * 1024 * 1024, **SCRYPT)
    return "%s%s:%s" % (SLOW_PREFIX, binascii.hexlify(salt).decode(), binascii.hexlify(digest).decode())


def secret_record(secret, client_id, origin="user", salt=None):
    """What an outgoing link records for the secret it is given: the fast fingerprint for a secret the product
    generated, the slow one (with a new random salt unless given) for a secret a user chose."""
    if not secret or not client_id:
        return None
    if origin == "product":
        return fingerprint(secret, client_id)
    return slow_fingerprint(secret, client_id, salt if salt is not None else os.urandom(SALT_BYTES))


def records_secret(recorded, secret, client_id):
    """Whether `recorded` (either form, also one written by an earlier version) is the record of this secret."""
    if not recorded or not secret or not client_id:
        return False
    if recorded.startswith(SLOW_PREFIX):
        salt = binascii.unhexlify(recorded[len(SLOW_PREFIX):].split(":", 1)[0])
        return hmac.compare_digest(slow_fingerprint(secret, client_id, salt), recorded)
    return hmac.compare_digest(fingerprint(secret, client_id), recorded)


def split_description(description):
    """(text without the marker or None, recorded fingerprint or None)."""
    if not description:
        return None, None
    match = MARKER_RE.search(description)
    if not match:
        return description, None
    text = description[:match.start()].rstrip()
    return text or None, match.group(1)


def join_description(text, recorded):
    """A description carrying `text` (may be None) and the marker of `recorded` (may be None); the text is
    shortened when text plus marker would pass the product's 255-character limit."""
    if not recorded:
        return text or None
    marker = "[applinks:secret=%s]" % recorded
    if not text:
        return marker
    room = MAX_DESCRIPTION - len(marker) - 1
    return "%s %s" % (text[:room].rstrip(), marker)
