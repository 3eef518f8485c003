# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP to one product: headers of the contract's client recipe, TLS, retries, typed errors."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import (
    AmbiguousWriteError, HttpError, NotFoundError, TlsError, TransportError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._retry import decide
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._version import COLLECTION_VERSION

USER_AGENT = "ansible-atlassian_dc.applinks/%s" % COLLECTION_VERSION


class Response(object):
    def __init__(self, status, body, headers):
        self.status = status
        self.body = body
        self.headers = headers


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
        return [body.strip()[:300]], {}
    return [], {}


class Transport(object):
    """Sends requests to `{url}{path}`. `verify` is passed on every request: a value stored on the
    session would be replaced by REQUESTS_CA_BUNDLE whenever trust_env is on."""

    def __init__(self, url, username=None, password=None, token=None, validate_certs=True, ca_path=None,
                 timeout=30, retries=3, warn=None, sleep=time.sleep):
        self.base_url = url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.warn = warn or (lambda msg: None)
        self.sleep = sleep
        self.verify = False if not validate_certs else (ca_path or True)
        self.ca_path = ca_path
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "X-Atlassian-Token": "no-check",
                                     "User-Agent": USER_AGENT})
        if token:
            self.session.headers["Authorization"] = "Bearer %s" % token
        elif username is not None:
            self.session.auth = (username, password or "")
        self.request_count = 0

    def url_for(self, path):
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def request(self, method, path, body=None, params=None, expect=(200,), allow_missing=False,
                form=None, anonymous=False):
        """Send one request (with retries); return a Response whose status is in `expect`.

        allow_missing: a 404 returns None instead of raising.
        """
        url = self.url_for(path)
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send(method, url, body, params, form, anonymous)
            except requests.exceptions.SSLError as exc:
                raise TlsError("TLS verification of %s failed (%s); set ca_path to the CA that signed the "
                               "product's certificate, or validate_certs: false" % (self.base_url, _short(exc)))
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                retry, delay, reason = decide(method, attempt, self.retries, connection_error=True)
                if retry:
                    self.warn("%s %s: %s, retrying in %.1fs" % (method, url, reason, delay))
                    self.sleep(delay)
                    continue
                if method.upper() == "POST":
                    raise AmbiguousWriteError("POST %s: the connection failed before a response arrived (%s)"
                                              % (url, _short(exc)))
                if isinstance(exc, requests.exceptions.Timeout):
                    raise TransportError("%s %s timed out after %ss (option timeout)" % (method, url, self.timeout))
                raise TransportError("cannot connect to %s (%s); check the url option" % (url, _short(exc)))
            except requests.exceptions.RequestException as exc:
                # Anything else requests raises (an invalid URL, a broken response): still one clear error.
                raise TransportError("%s %s failed (%s: %s)" % (method, url, type(exc).__name__, _short(exc)))
            retry, delay, reason = decide(method, attempt, self.retries, status=response.status_code,
                                          headers=response.headers)
            if response.status_code not in expect and retry:
                self.warn("%s %s: %s, retrying in %.1fs (attempt %d of %d)"
                          % (method, url, reason, delay, attempt + 1, self.retries + 1))
                self.sleep(delay)
                continue
            return self._result(method, url, response, expect, allow_missing)

    def _send(self, method, url, body, params, form, anonymous):
        self.request_count += 1
        kwargs = {"params": params, "timeout": self.timeout, "verify": self.verify, "allow_redirects": False}
        if form is not None:
            kwargs["data"] = form
        elif body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["headers"] = {"Content-Type": "application/json"}
        if anonymous:
            # Without the session: no credentials go to another host (e.g. a remote product's manifest).
            headers = {k: v for k, v in self.session.headers.items() if k != "Authorization"}
            headers.update(kwargs.pop("headers", {}))
            return requests.request(method, url, headers=headers, **kwargs)
        return self.session.request(method, url, **kwargs)

    def _result(self, method, url, response, expect, allow_missing):
        body = _decode(response)
        if response.status_code in expect:
            return Response(response.status_code, body, response.headers)
        if response.status_code == 404 and allow_missing:
            return None
        messages, fields = parse_error_body(body)
        cls = NotFoundError if response.status_code == 404 else HttpError
        if method.upper() == "POST" and response.status_code in (502, 503, 504):
            raise AmbiguousWriteError("POST %s answered HTTP %s; the object may or may not have been created"
                                      % (url, response.status_code))
        raise cls(response.status_code, method, url, messages, fields)


def _decode(response):
    if not response.content:
        return None
    if "json" in response.headers.get("Content-Type", ""):
        try:
            return response.json()
        except ValueError:
            return response.text
    return response.text


def _short(exc):
    text = str(exc)
    return text if len(text) < 240 else text[:240] + "..."
