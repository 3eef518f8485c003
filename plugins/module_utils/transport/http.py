# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP to one product: headers of the contract's client recipe, TLS, retries, typed errors.

Stateless: credentials go on every request, no cookie is kept or sent (a cookie session triggers websudo,
REST reference §1.5), nothing is written to disk, redirects are never followed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import time

from ansible.module_utils.six.moves import http_cookiejar
from ansible.module_utils.six.moves.urllib.parse import urljoin

try:
    import requests
    from requests.auth import AuthBase, HTTPBasicAuth
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    AuthBase = HTTPBasicAuth = object

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    REDIRECT_STATUSES, AmbiguousWriteError, HttpError, NotFoundError, TlsError, TransportError,
    UnexpectedResponseError, excerpt)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.retry import decide

# The collection version, sent in the User-Agent (galaxy.yml `version`; a unit test keeps them equal).
COLLECTION_VERSION = "0.2.0"
USER_AGENT = "ansible-atlassian_dc.applinks/%s" % COLLECTION_VERSION
SHAPES = {"list": list, "dict": dict}
SHAPE_NAMES = {"list": "a JSON list", "dict": "a JSON object"}


class Response(object):
    def __init__(self, status, body, headers):
        self.status = status
        self.body = body
        self.headers = headers


class NoCookies(http_cookiejar.CookiePolicy):
    """Accepts no cookie and returns none: every request authenticates itself (contract: Cookies: none)."""
    netscape = True
    rfc2965 = False
    hide_cookie2 = False

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False

    def domain_return_ok(self, domain, request):
        return False

    def path_return_ok(self, path, request):
        return False


class BearerAuth(AuthBase):
    """A personal access token. An auth object (not a session header) so that requests never swaps in
    credentials from ~/.netrc, which it does whenever a request has no auth of its own."""

    def __init__(self, token):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = "Bearer %s" % self.token
        return request


class NoAuth(AuthBase):
    """For anonymous requests to other hosts: no credentials, and no ~/.netrc lookup either."""

    def __call__(self, request):
        request.headers.pop("Authorization", None)
        return request


def parse_error_body(body):
    """(messages, field_errors) from any of the contract's error bodies (§1.3)."""
    if isinstance(body, dict):
        messages, fields = [], {}
        if "errors" in body and isinstance(body["errors"], list):
            for item in body["errors"]:
                if isinstance(item, dict):   # v3 error body
                    messages.append(item.get("summary") or "")
                    messages.extend(item.get("details") or [])
                else:                        # OAuth 2.0 admin error body
                    messages.append(str(item))
        if isinstance(body.get("fieldErrors"), dict):
            fields.update(body["fieldErrors"])
        if "error" in body:                  # RFC 6749 token error
            messages.append("%s: %s" % (body["error"], body.get("error_description") or ""))
        message = body.get("message")
        if isinstance(message, list):        # v1/v2 error-list body
            messages.extend(str(m) for m in message)
            if body.get("fields"):
                messages.append("fields: %s" % ", ".join(body["fields"]))
        elif message:                        # status body or rate-limit body
            messages.append(str(message))
        return [m for m in messages if m], fields
    if isinstance(body, str) and body.strip():
        return [excerpt(body)], {}
    return [], {}


class Transport(object):
    """Sends requests to `{url}{path}`. `verify` and `cert` are passed on every request: values stored on
    the session would be replaced by REQUESTS_CA_BUNDLE whenever trust_env is on."""

    def __init__(self, url, username=None, password=None, token=None, validate_certs=True, ca_path=None,
                 timeout=30, retries=3, warn=None, sleep=time.sleep, client_cert=None, client_key=None,
                 use_proxy=True):
        self.base_url = url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.warn = warn or (lambda msg: None)
        self.sleep = sleep
        self.ca_path = ca_path
        self.use_proxy = use_proxy
        self.verify = False if not validate_certs else (ca_path or self._default_verify(use_proxy))
        self.cert = (client_cert, client_key) if client_cert and client_key else client_cert
        self.secrets = tuple(s for s in (password, token) if s)
        self.session = requests.Session()
        # trust_env on: HTTPS_PROXY/HTTP_PROXY/NO_PROXY are honoured; off (use_proxy: false): ignored.
        self.session.trust_env = bool(use_proxy)
        self.session.cookies.set_policy(NoCookies())
        self.session.headers.update({"Accept": "application/json", "X-Atlassian-Token": "no-check",
                                     "User-Agent": USER_AGENT})
        if token:
            self.session.auth = BearerAuth(token)
        elif username is not None:
            self.session.auth = HTTPBasicAuth(username, password or "")
        self.request_count = 0

    @staticmethod
    def _default_verify(use_proxy):
        # With trust_env off requests would also stop reading REQUESTS_CA_BUNDLE; keep TLS the same.
        if use_proxy:
            return True
        return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True

    def url_for(self, path):
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def request(self, method, path, body=None, params=None, expect=(200,), allow_missing=False,
                form=None, anonymous=False, shape=None, raw=False):
        """Send one request (with retries); return a Response whose status is in `expect`.

        allow_missing: a 404 returns None instead of raising.
        shape: "list" or "dict": the body must be JSON of that type (an empty body is an error too);
            None: any JSON, or an empty body (Response.body None).
        raw: the body is returned as text, not decoded (XML or text endpoints); `shape` is then ignored.
        Any other reply raises: HttpError (NotFoundError for 404) for a status not in `expect`,
        UnexpectedResponseError for a body that is not what was asked for (an HTML page, broken JSON).
        """
        if shape is not None and shape not in SHAPES:
            raise ValueError("shape must be one of %s or None" % ", ".join(sorted(SHAPES)))
        url = self.url_for(path)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send(method, url, body, params, form, anonymous)
            except requests.exceptions.SSLError as exc:
                raise TlsError("TLS verification of %s failed (%s); set ca_path to the CA that signed the "
                               "product's certificate, or validate_certs: false%s"
                               % (self.base_url, self._short(exc),
                                  "; check client_cert and client_key" if self.cert else ""),
                               method=method, url=url)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                retry, delay, reason = decide(method, attempt, self.retries, connection_error=True)
                if retry:
                    self.warn("%s %s: %s, retrying in %.1fs" % (method, url, reason, delay))
                    self.sleep(delay)
                    continue
                if method.upper() == "POST":
                    raise AmbiguousWriteError("POST %s: the connection failed before a response arrived (%s)"
                                              % (url, self._short(exc)), method=method, url=url)
                if isinstance(exc, requests.exceptions.Timeout):
                    raise TransportError("%s %s timed out after %ss (option timeout)" % (method, url, self.timeout),
                                         method=method, url=url)
                if isinstance(exc, requests.exceptions.ProxyError):
                    raise TransportError("cannot connect to %s through the proxy (%s); check HTTPS_PROXY, "
                                         "HTTP_PROXY and NO_PROXY, or set use_proxy: false"
                                         % (url, self._short(exc)), method=method, url=url)
                raise TransportError("cannot connect to %s (%s); check the url option" % (url, self._short(exc)),
                                     method=method, url=url)
            except requests.exceptions.RequestException as exc:
                # Anything else requests raises (an invalid URL, a broken response): still one clear error.
                raise TransportError("%s %s failed (%s: %s)" % (method, url, type(exc).__name__, self._short(exc)),
                                     method=method, url=url)
            retry, delay, reason = decide(method, attempt, self.retries, status=response.status_code,
                                          headers=response.headers)
            if response.status_code not in expect and retry:
                self.warn("%s %s: %s, retrying in %.1fs (attempt %d of %d)"
                          % (method, url, reason, delay, attempt + 1, self.retries + 1))
                self.sleep(delay)
                continue
            try:
                return self._result(method, url, response, expect, allow_missing, shape, raw)
            except HttpError as exc:
                exc.attempts = attempt  # a refusal of a retried write may be of this request's own first try
                raise

    def _send(self, method, url, body, params, form, anonymous):
        self.request_count += 1
        kwargs = {"params": params, "timeout": self.timeout, "verify": self.verify, "allow_redirects": False}
        if self.cert and not anonymous:
            kwargs["cert"] = self.cert
        if form is not None:
            kwargs["data"] = form
        elif body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["headers"] = {"Content-Type": "application/json"}
        if anonymous:
            # No credentials go to another host (e.g. a remote product's manifest).
            kwargs["auth"] = NoAuth()
        try:
            return self.session.request(method, url, **kwargs)
        finally:
            self.session.cookies.clear()   # the policy stores none; this keeps it so whatever requests does

    def _result(self, method, url, response, expect, allow_missing, shape, raw):
        status = response.status_code
        content_type = response.headers.get("Content-Type") or None
        if status in expect:
            if raw:
                return Response(status, response.text if response.content else None, response.headers)
            return Response(status, self._json_body(method, url, response, shape), response.headers)
        body = self._lenient_body(response)
        if status == 404 and allow_missing:
            if isinstance(body, str):
                # The product says "absent" with JSON or nothing; a page is something else (a proxy, a wrong
                # context path) and must not be read as "absent".
                raise UnexpectedResponseError(
                    status, method, url, "a 404 page instead of the product's answer; check that url is the "
                    "product's base URL with its context path", self._excerpt(response.text), content_type)
            return None
        if method.upper() == "POST" and status in (502, 503, 504):
            raise AmbiguousWriteError("POST %s answered HTTP %s; the object may or may not have been created"
                                      % (url, status), method=method, url=url, status=status)
        if isinstance(body, str):
            messages, fields = [self._excerpt(body)], {}
        else:
            messages, fields = parse_error_body(body)
            if not messages and not fields and body not in (None, {}, []):
                messages = [self._excerpt(json.dumps(body))]
        location = response.headers.get("Location")
        if status in REDIRECT_STATUSES and location:
            location = urljoin(url, location)
        cls = NotFoundError if status == 404 else HttpError
        raise cls(status, method, url, messages, fields, location=location)

    def _json_body(self, method, url, response, shape):
        """The decoded body of an expected status, or UnexpectedResponseError."""
        content_type = response.headers.get("Content-Type") or None
        if not response.content or not response.content.strip():
            if shape:
                raise UnexpectedResponseError(response.status_code, method, url,
                                              "expected %s, got an empty body" % SHAPE_NAMES[shape],
                                              "", content_type)
            return None
        try:
            body = json.loads(response.content.decode("utf-8-sig"))   # JSON is UTF-8 (RFC 8259)
        except ValueError as exc:   # UnicodeDecodeError is a ValueError too
            text = response.text
            if "html" in (content_type or "").lower() or text.lstrip().startswith("<"):
                problem = "expected JSON, got an HTML or XML page (a proxy, login or error page?)"
            else:
                problem = "the body is not valid JSON (%s)" % self._short(exc)
            raise UnexpectedResponseError(response.status_code, method, url, problem, self._excerpt(text),
                                          content_type)
        if shape and not isinstance(body, SHAPES[shape]):
            raise UnexpectedResponseError(response.status_code, method, url, "expected %s, got %s"
                                          % (SHAPE_NAMES[shape], _json_kind(body)),
                                          self._excerpt(json.dumps(body)), content_type)
        return body

    @staticmethod
    def _lenient_body(response):
        """An error reply's body: JSON when it parses, else text, else None."""
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return response.text

    def _excerpt(self, text):
        return excerpt(text, self.secrets)

    def _short(self, exc):
        text = excerpt(str(exc), self.secrets, limit=240)
        return text


def _json_kind(value):
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON list"
    if value is None:
        return "JSON null"
    if isinstance(value, bool):
        return "JSON %s" % ("true" if value else "false")
    if isinstance(value, (int, float)):
        return "a JSON number"
    return "a JSON string"
