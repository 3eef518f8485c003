"""The OAuth 1.0a service-provider dance (REST reference §5.2): request-token, authorize, access-token.

Signatures are verified with oauthlib's signature endpoint (RSA-SHA1 via cryptography, see oauth1.py); the
token bookkeeping is done here, so failures carry Atlassian's oauth_problem names.
"""

import secrets
from urllib.parse import urlencode, urlsplit

from dcsim.services import oauth1
from dcsim.store import oauth1 as store

REQUEST_TOKEN_TTL = 600                      # seconds a request token may wait for authorisation (inferred)
ACCESS_TOKEN_TTL = 5 * 365 * 86400           # oauth_expires_in (inferred: 5 years)
AUTHORIZATION_TTL = 10 * 365 * 86400         # oauth_authorization_expires_in (inferred: 10 years)


class OAuthProblem(Exception):
    """A failed step; rendered as a 401 form body with oauth_problem (and the WWW-Authenticate header)."""

    def __init__(self, problem, advice=None, rejected=None, status=401):
        super().__init__(problem)
        self.problem, self.advice, self.rejected, self.status = problem, advice, rejected, status

    def body(self):
        fields = {"oauth_problem": self.problem}
        if self.advice:
            fields["oauth_problem_advice"] = self.advice
        if self.rejected:
            fields["oauth_parameters_rejected"] = self.rejected
        return urlencode(fields)


def _verify(sim, method, url, headers, body):
    validator = oauth1.Validator(sim)
    try:
        valid, request = oauth1.SignatureEndpoint(validator).validate_request(url, method, body, headers)
    except (ValueError, TypeError):
        valid, request = False, None
    if not valid:
        raise OAuthProblem(oauth1._problem(request, getattr(request, "validator_log", None)))
    return request


def request_token(sim, method, url, headers, body):
    request = _verify(sim, method, url, headers, body)
    token, secret = secrets.token_hex(16), secrets.token_hex(16)
    store.put_token(sim.store, token, secret, request.client_key, "request", REQUEST_TOKEN_TTL,
                    callback=request.redirect_uri or "oob")
    return urlencode({"oauth_token": token, "oauth_token_secret": secret, "oauth_callback_confirmed": "true"})


def authorize(sim, who, token):
    """The user's consent (dcsim: an authenticated GET or POST approves). Returns (redirect URL or None, verifier)."""
    row = store.token(sim.store, token or "", "request")
    if row is None:
        raise OAuthProblem("token_rejected", "The request token is unknown or expired.", status=400)
    verifier = secrets.token_hex(8)
    store.authorize_token(sim.store, token, who.username, verifier)
    callback = row["callback"]
    if not callback or callback == "oob":
        return None, verifier
    joiner = "&" if urlsplit(callback).query else "?"
    return f"{callback}{joiner}{urlencode({'oauth_token': token, 'oauth_verifier': verifier})}", verifier


def access_token(sim, method, url, headers, body):
    request = _verify(sim, method, url, headers, body)
    row = store.token(sim.store, request.resource_owner_key or "", "request")
    if row is None or row["consumer_key"] != request.client_key:
        raise OAuthProblem("token_rejected", "The request token is unknown or expired.")
    if not row["username"]:
        raise OAuthProblem("permission_unknown", "The request token has not been authorised.")
    if not request.verifier or not secrets.compare_digest(row["verifier"], request.verifier):
        raise OAuthProblem("parameter_rejected", "The verifier does not match.", rejected="oauth_verifier")
    store.delete_token(sim.store, row["token"])
    token, secret, handle = secrets.token_hex(16), secrets.token_hex(16), secrets.token_hex(16)
    store.put_token(sim.store, token, secret, request.client_key, "access", ACCESS_TOKEN_TTL,
                    username=row["username"], session_handle=handle)
    return urlencode({"oauth_token": token, "oauth_token_secret": secret, "oauth_expires_in": ACCESS_TOKEN_TTL,
                      "oauth_authorization_expires_in": AUTHORIZATION_TTL, "oauth_session_handle": handle})
