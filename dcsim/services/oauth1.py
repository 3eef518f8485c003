"""OAuth 1.0a (REST reference §5): signing outgoing requests, verifying incoming ones, consumer-info, public keys.

RSA-SHA1 is done with `cryptography` directly (registered into oauthlib's client and endpoints) so that dcsim
does not depend on PyJWT, which oauthlib would otherwise import for RSA.
"""

import base64
import time
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, quote, urlsplit

import requests

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from oauthlib.common import to_unicode
from oauthlib.oauth1 import SIGNATURE_HMAC, SIGNATURE_RSA, Client, RequestValidator
from oauthlib.oauth1.rfc5849 import signature as sig
from oauthlib.oauth1.rfc5849.endpoints import ResourceEndpoint, SignatureOnlyEndpoint
from requests_oauthlib import OAuth1

from dcsim.errors import ApiError
from dcsim.services.auth import Principal
from dcsim.store import applinks as link_store
from dcsim.store import oauth1 as store

TIMESTAMP_WINDOW = 300          # seconds a signed request's timestamp may be off (and nonces are kept)
CALLBACK_PATH = "/plugins/servlet/applinks/oauth/login-dance/access"  # REST reference §5.1 (inferred format)
# The service-provider servlets verify their own requests (oauth1_provider); the resolver leaves them alone.
SERVLET_PATHS = ("/plugins/servlet/oauth/request-token", "/plugins/servlet/oauth/access-token")
# Key of the impersonated user in 2-legged OAuth with impersonation (REST reference §5.2).
REQUESTOR_PARAM = "xoauth_requestor_id"


# ---- keys --------------------------------------------------------------------------------------------------

def load_public_key(text):
    """An RSA public key given as PEM or as base64 X.509 SubjectPublicKeyInfo -> normalised PEM.

    Raises ValueError when it is neither, or not RSA.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty public key")
    text = text.strip()
    try:
        if "-----BEGIN" in text:
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = serialization.load_der_public_key(base64.b64decode("".join(text.split()), validate=True))
    except (ValueError, TypeError, base64.binascii.Error) as exc:
        raise ValueError(f"not an RSA public key: {exc}")
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_base64(pem):
    """The base64 DER SubjectPublicKeyInfo form used in consumer-info."""
    key = serialization.load_pem_public_key(pem.encode())
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


# ---- consumer-info (REST reference §5.1) -------------------------------------------------------------------------

def consumer_info(sim):
    product = sim.product
    return {"key": sim.consumer_key, "name": product.name, "publicKey": public_key_base64(sim.consumer_public_pem),
            "description": f"Atlassian {product.name} at {sim.base_url}", "callback": sim.base_url + CALLBACK_PATH}


def consumer_info_xml(sim):
    root = ET.Element("consumer")
    for key, value in consumer_info(sim).items():
        ET.SubElement(root, key).text = value
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + ET.tostring(root, encoding="unicode")


def parse_consumer_info(text):
    """The first key/name/publicKey (required) and description/callback elements; the root is not checked.

    Raises ValueError on anything a linking server would refuse.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"consumer-info is not XML: {exc}")
    found = {}
    for name in ("key", "name", "publicKey", "description", "callback"):
        el = root if root.tag == name else root.find(f".//{name}")
        found[name] = (el.text or "").strip() if el is not None else None
    for name in ("key", "name", "publicKey"):
        if not found[name]:
            raise ValueError(f"consumer-info lacks {name}")
    found["publicKey"] = load_public_key(found["publicKey"])
    return found


# ---- signing (this server as consumer) ---------------------------------------------------------------------

def _sign_rsa_sha1(base_string, client):
    key = serialization.load_pem_private_key(client.rsa_key.encode(), password=None)
    return base64.b64encode(key.sign(base_string.encode("ascii"), padding.PKCS1v15(), hashes.SHA1())).decode()


def _verify_rsa_sha1(request, public_pem):
    try:
        base_string = sig.signature_base_string(request.http_method, sig.base_string_uri(request.uri),
                                                sig.normalize_parameters(request.params))
        key = serialization.load_pem_public_key(public_pem.encode())
        key.verify(base64.b64decode(request.signature), base_string.encode("ascii"), padding.PKCS1v15(),
                   hashes.SHA1())
        return True
    except (InvalidSignature, ValueError, TypeError, AttributeError):
        return False


class _RsaClient(Client):
    SIGNATURE_METHODS = dict(Client.SIGNATURE_METHODS, **{SIGNATURE_RSA: _sign_rsa_sha1})


def rsa_signer(consumer_key, private_pem, token=None, **kwargs):
    """requests auth signing RSA-SHA1 with the given consumer key and private key (2-legged without a token).

    kwargs go to requests_oauthlib.OAuth1 (callback_uri, verifier, ...).
    """
    return OAuth1(consumer_key, signature_method=SIGNATURE_RSA, rsa_key=private_pem, resource_owner_key=token,
                  client_class=_RsaClient, **kwargs)


def signer(sim, token=None):
    """requests auth that signs as this server (its consumer key and RSA private key)."""
    return rsa_signer(sim.consumer_key, sim.consumer_private_pem, token)


# ---- verification (this server as service provider) -------------------------------------------------------

def _ok_token(value):
    return bool(value) and len(value) <= 255 and value.isprintable()


class Validator(RequestValidator):
    """Backed by the consumers registered on applinks (incoming consumers only)."""

    def __init__(self, sim):
        super().__init__()
        self.sim = sim

    allowed_signature_methods = (SIGNATURE_RSA, SIGNATURE_HMAC)
    enforce_ssl = False          # signatures are checked on both schemes; dev mode serves plain HTTP
    timestamp_lifetime = TIMESTAMP_WINDOW
    dummy_client = "dcsim:dummy-consumer"
    dummy_request_token = "dummy-request-token"
    dummy_access_token = "dummy-access-token"

    check_client_key = check_nonce = check_verifier = staticmethod(_ok_token)
    check_request_token = check_access_token = staticmethod(_ok_token)

    def _consumer(self, key):
        found = store.consumer(self.sim.store, key)
        return found if found and not found["outgoing"] else None

    def validate_client_key(self, client_key, request):
        return self._consumer(client_key) is not None

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        if store.use_nonce(self.sim.store, client_key, nonce, timestamp, 2 * TIMESTAMP_WINDOW):
            return True
        request.dcsim_problem = "nonce_used"
        return False

    def get_rsa_key(self, client_key, request):
        found = self._consumer(client_key)
        return (found or {}).get("public_key") or ""

    def get_client_secret(self, client_key, request):
        found = self._consumer(client_key)
        return (found or {}).get("shared_secret") or "dummy"

    def validate_access_token(self, client_key, token, request):
        row = store.token(self.sim.store, token, "access")
        return bool(row) and row["consumer_key"] == client_key

    def get_access_token_secret(self, client_key, token, request):
        # Any kind: the access-token step signs with the request token (its secret matters for HMAC only).
        row = store.token(self.sim.store, token)
        return row["secret"] if row else "dummy"

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True


class _RsaMixin:
    def _check_signature(self, request, is_token_request=False):
        if request.signature_method == SIGNATURE_RSA:
            return _verify_rsa_sha1(request, self.request_validator.get_rsa_key(request.client_key, request))
        return super()._check_signature(request, is_token_request)


class SignatureEndpoint(_RsaMixin, SignatureOnlyEndpoint):
    pass


class TokenResourceEndpoint(_RsaMixin, ResourceEndpoint):
    pass


def _problem(request, valid_log):
    """The OAuth problem name (oauth_problem) of a failed verification."""
    if request is None:
        return "parameter_absent"
    if getattr(request, "dcsim_problem", None):
        return request.dcsim_problem
    if valid_log:
        if not valid_log.get("client", True):
            return "consumer_key_unknown"
        if not valid_log.get("resource_owner", True):
            return "token_rejected"
        if not valid_log.get("signature", True):
            return "signature_invalid"
    try:
        if abs(time.time() - int(request.timestamp)) > TIMESTAMP_WINDOW:
            return "timestamp_refused"
    except (TypeError, ValueError):
        return "timestamp_refused"
    if request.signature_method not in Validator.allowed_signature_methods:
        return "signature_method_rejected"
    return "parameter_rejected"


def oauth_error(sim, problem):
    header = f'OAuth realm="{quote(sim.base_url, safe="")}", oauth_problem="{problem}"'
    return ApiError(401, f"OAuth problem: {problem}", headers={"WWW-Authenticate": header})


def _user_principal(sim, username):
    entry = sim.config.users.get(username)
    if entry is None:
        return None
    return Principal(username, entry[1], "oauth1", websudo=True)


def resolve_principal(sim, method, url, headers, body):
    """auth.SCHEME_RESOLVERS["oauth"]: verify an OAuth 1.0a request; raise 401 with oauth_problem if it fails."""
    if urlsplit(url).path.endswith(SERVLET_PATHS):
        return Principal(None, "anonymous", "oauth1")
    validator = Validator(sim)
    text = to_unicode(body or b"", "utf-8") if isinstance(body, bytes) else (body or "")
    has_token = "oauth_token=" in headers.get("Authorization", "")
    try:
        if has_token:
            valid, request = TokenResourceEndpoint(validator).validate_protected_resource_request(
                url, method, text, headers)
        else:
            valid, request = SignatureEndpoint(validator).validate_request(url, method, text, headers)
    except (ValueError, TypeError):
        valid, request = False, None
    if not valid:
        raise oauth_error(sim, _problem(request, getattr(request, "validator_log", None)))
    consumer = validator._consumer(request.client_key)
    if has_token:
        row = store.token(sim.store, request.resource_owner_key, "access")
        principal = _user_principal(sim, row["username"])
        if principal is None:
            raise oauth_error(sim, "user_refused")
        return principal
    if not consumer["two_lo_allowed"]:
        raise oauth_error(sim, "permission_denied")
    requestor = dict(request.params).get(REQUESTOR_PARAM)
    if requestor:
        if not consumer["two_lo_impersonation_allowed"]:
            raise oauth_error(sim, "permission_denied")
        principal = _user_principal(sim, requestor)
        if principal is None:
            raise oauth_error(sim, "user_refused")
        return principal
    if consumer["executing_two_lo_user"]:
        principal = _user_principal(sim, consumer["executing_two_lo_user"])
        if principal:
            return principal
    # 2-legged OAuth without an executing user runs anonymously, but is known to be signed.
    return Principal(None, "anonymous", "oauth1")


# ---- this server as consumer of a third-party provider (REST reference §3.2, §5.3 outgoing=true) -----------------

OUTGOING_PROVIDER = "com.atlassian.applinks.api.auth.types.OAuthAuthenticationProvider"
CFG_CONSUMER_KEY = "consumerKey.outbound"
CFG_REQUEST_TOKEN_URL = "serviceProvider.requestTokenUrl"
OUTGOING_TIMEOUT = 10


def outgoing_request_token(sim, link):
    """dcsim-only "test the outgoing link": the request-token step against the link's configured
    serviceProvider.requestTokenUrl, signed HMAC-SHA1 with the outgoing consumer's shared secret (§5.2).

    Returns {"success", "requestTokenUrl", "consumerKey", "signatureMethod", "status"?, "oauthToken"?,
    "oauthProblem"?, "error"?}. Raises ApiError 409 when the link has no usable outgoing configuration.
    """
    config = link_store.providers(sim.store, link["id"]).get(OUTGOING_PROVIDER)
    if config is None or not config.get(CFG_CONSUMER_KEY) or not config.get(CFG_REQUEST_TOKEN_URL):
        raise ApiError(409, f"link has no {OUTGOING_PROVIDER} with {CFG_CONSUMER_KEY} and {CFG_REQUEST_TOKEN_URL}")
    consumer = store.consumer(sim.store, config[CFG_CONSUMER_KEY])
    if consumer is None or not consumer["outgoing"] or consumer["applink_id"] != link["id"] \
            or not consumer["shared_secret"]:
        raise ApiError(409, f"no outgoing consumer with key {config[CFG_CONSUMER_KEY]} and a shared secret")
    url = config[CFG_REQUEST_TOKEN_URL]
    result = {"success": False, "requestTokenUrl": url, "consumerKey": consumer["key"],
              "signatureMethod": "HMAC-SHA1"}
    auth = OAuth1(consumer["key"], client_secret=consumer["shared_secret"], signature_method=SIGNATURE_HMAC,
                  callback_uri=sim.base_url + CALLBACK_PATH)
    try:
        answer = sim.remote("POST", url, auth=auth, timeout=OUTGOING_TIMEOUT)
    except requests.RequestException as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        return result
    fields = dict(parse_qsl(answer.text or ""))
    result["status"] = answer.status_code
    if answer.status_code == 200 and fields.get("oauth_token"):
        result.update(success=True, oauthToken=fields["oauth_token"],
                      callbackConfirmed=fields.get("oauth_callback_confirmed") == "true")
    else:
        result["oauthProblem"] = fields.get("oauth_problem")
    return result
