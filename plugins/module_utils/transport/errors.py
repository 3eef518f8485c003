# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors raised by the client. Only the module boundary (the engine) turns them into fail_json.

Errors about a request carry `status`, `method`, `url` and `field_errors` (None or {} when unknown), so the
engine can return them as structured fields of the failure.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.six.moves.urllib.parse import urlparse

EXCERPT_LIMIT = 200
MASK = "********"

# Values that look secret in a body excerpt: JSON / form / XML keys, and Authorization schemes.
_SECRET_KEY = r"(?:client[_-]?secret|secret|password|passwd|[a-z_]*token)"
_SECRET_PATTERNS = (
    re.compile(r'(?i)("%s"\s*:\s*")([^"]*)(")' % _SECRET_KEY),
    re.compile(r'(?i)("%s"\s*:\s*)([^\s",}\]]+)' % _SECRET_KEY),
    re.compile(r"(?i)(\b%s\s*=\s*)([^&\s\"'<]+)" % _SECRET_KEY),
    re.compile(r"(?i)(<%s>)([^<]*)(<)" % _SECRET_KEY),
    # An Authorization value, not prose such as "Basic authentication is disabled": it holds a digit or symbol.
    re.compile(r"(?i)(\b(?:bearer|basic)\s+)((?=[A-Za-z._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{6,})"),
)


def excerpt(text, secrets=(), limit=EXCERPT_LIMIT):
    """A short, one-line, redacted excerpt of a body for an error message."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = " ".join(str(text).split())
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK + (m.group(3) if m.lastindex >= 3 else ""), text)
    return text if len(text) <= limit else text[:limit] + "..."


def request_label(method, url):
    """`GET /rest/x` for an error message: the path only (no query string, which may carry values)."""
    if not url:
        return method or ""
    parsed = urlparse(url)
    return "%s %s" % (method, parsed.path or "/")


class AtlassianError(Exception):
    """Base class of every error the client raises."""

    status = None
    method = None
    url = None
    field_errors = None


class InputError(AtlassianError):
    """A module option is invalid; raised before any request is sent."""

    def __init__(self, option, message):
        self.option = option
        super(InputError, self).__init__("%s: %s" % (option, message) if option else message)


class TransportError(AtlassianError):
    """The product could not be reached (connection refused, DNS, timeout, TLS)."""

    def __init__(self, message, method=None, url=None, status=None):
        self.method = method
        self.url = url
        self.status = status
        self.field_errors = {}
        super(TransportError, self).__init__(message)


class TlsError(TransportError):
    pass


class AmbiguousWriteError(TransportError):
    """A non-idempotent request may or may not have been applied (the response was lost)."""


# i18n keys the products answer with instead of a text (REST reference §6.1, §7), and what they mean.
KNOWN_MESSAGE_KEYS = {
    "oauth2.integrations.insecure.base.url.error.message":
        "the product's base URL must use HTTPS for OAuth 2.0 outgoing links",
    "oauth2.rest.error.no.https.warning.message":
        "the product's base URL must use HTTPS for OAuth 2.0 incoming links",
}

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
BASIC_DISABLED = re.compile(r"basic\s*auth\w*.*disabled", re.IGNORECASE)
LOGIN_PAGE = re.compile(r"login|logon|signin|sign-in|/saml|/sso|/oidc|os_destination", re.IGNORECASE)


# The list resources of the OAuth 2.0 plugins (REST reference §6.1, §7): a 404 there means the plugin is missing.
OAUTH2_APIS = (("/rest/oauth2/latest/client", "provider", "/rest/oauth2/latest"),
               ("/rest/oauth2-client/latest/config", "client", "/rest/oauth2-client/latest"))


def missing_api_hint(method, url):
    """'the product has no OAuth 2.0 provider API at ...' for a 404 on an OAuth 2.0 list or lookup path."""
    path = urlparse(url or "").path
    for resource, role, base in OAUTH2_APIS:
        if (method or "").upper() == "GET" and (path.endswith(resource) or resource + "/name/" in path):
            return ("the product has no OAuth 2.0 %s API at %s; is its OAuth 2.0 %s plugin installed and enabled?"
                    % (role, base, role))
    return None


class HttpError(AtlassianError):
    """The product answered with an unexpected status."""

    def __init__(self, status, method, url, messages=None, field_errors=None, location=None):
        self.status = status
        self.method = method
        self.url = url
        self.messages = list(messages or [])
        self.field_errors = dict(field_errors or {})
        self.location = location
        self.attempts = 1  # how many times the transport sent the request (set by Transport.request)
        super(HttpError, self).__init__(self.describe())

    def describe(self):
        parts = [("%s (%s)" % (m, KNOWN_MESSAGE_KEYS[m])) if m in KNOWN_MESSAGE_KEYS else m
                 for m in self.messages if m]
        for field in sorted(self.field_errors):
            value = self.field_errors[field]
            if isinstance(value, (list, tuple)):
                value = ", ".join(str(v) for v in value)
            parts.append("%s: %s" % (field, value))
        text = "HTTP %s" % self.status
        hint = self.hint()
        if hint:
            text += " (%s)" % hint
        if self.method and self.url:
            text += " from %s" % request_label(self.method, self.url)
        if parts:
            text += ": " + "; ".join(parts)
        return text

    def hint(self):
        if self.status in REDIRECT_STATUSES:
            return self.redirect_hint()
        if self.status == 403 and any(BASIC_DISABLED.search(m) for m in self.messages):
            # REST reference §12.2
            return ("Basic authentication is disabled on the product; use token (a personal access token) "
                    "instead of username/password")
        if self.status == 401:
            return "authentication failed or not permitted%s" % self.permission_hint()
        if self.status == 403:
            return "forbidden%s" % self.permission_hint()
        if self.status == 404:
            return missing_api_hint(self.method, self.url)
        return None

    def permission_hint(self):
        if "/rest/oauth2" in (self.url or ""):
            return "; the OAuth 2.0 APIs need a system administrator"
        return "; application links need an administrator (system links and relocation a system administrator)"

    def redirect_hint(self):
        """The client never follows redirects: say where it was sent and what to change."""
        if not self.location:
            return "the product redirected without a Location; check url"
        target = urlparse(self.location)
        shown = "%s://%s%s" % (target.scheme, target.netloc, target.path) if target.netloc else target.path
        if LOGIN_PAGE.search(self.location):
            return ("the product redirected to a login page (%s): the credentials were not accepted for this "
                    "request or a single sign-on proxy is in front of it; check url and credentials" % shown)
        # Same API path under another base (http -> https, another host or context path): name that base.
        request_path = urlparse(self.url or "").path
        api_path = request_path[request_path.find("/rest/"):] if "/rest/" in request_path else None
        base = shown[:-len(api_path)] if api_path and target.path.endswith(api_path) else shown
        return "the product redirected to %s: set url to the product's base URL" % (base or shown)


class NotFoundError(HttpError):
    pass


class UnexpectedResponseError(HttpError):
    """The product (or something in front of it) answered with a body the client cannot use: an HTML page,
    broken JSON, or JSON of the wrong shape. Never read as "absent"."""

    def __init__(self, status, method, url, problem, body_excerpt="", content_type=None):
        self.problem = problem
        self.excerpt = body_excerpt
        self.content_type = content_type
        super(UnexpectedResponseError, self).__init__(status, method, url)

    def describe(self):
        text = "HTTP %s from %s is not the expected reply: %s" % (
            self.status, request_label(self.method, self.url), self.problem)
        missing = missing_api_hint(self.method, self.url) if self.status == 404 else None
        if missing:
            text += " (%s)" % missing
        if self.content_type:
            text += " (Content-Type %s)" % self.content_type
        if self.excerpt:
            text += "; body starts: %s" % self.excerpt
        return text
