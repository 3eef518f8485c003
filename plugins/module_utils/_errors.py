# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors raised by the client. Only the module boundary (the engine) turns them into fail_json."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class AtlassianError(Exception):
    """Base class of every error the client raises."""


class InputError(AtlassianError):
    """A module option is invalid; raised before any request is sent."""

    def __init__(self, option, message):
        self.option = option
        super(InputError, self).__init__("%s: %s" % (option, message) if option else message)


class TransportError(AtlassianError):
    """The product could not be reached (connection refused, DNS, timeout, TLS)."""


class TlsError(TransportError):
    pass


class AmbiguousWriteError(TransportError):
    """A non-idempotent request may or may not have been applied (the response was lost)."""


# i18n keys the products answer with instead of a text (contract §6.1, §7), and what they mean.
KNOWN_MESSAGE_KEYS = {
    "oauth2.integrations.insecure.base.url.error.message":
        "the product's base URL must use HTTPS for OAuth 2.0 outgoing links",
    "oauth2.rest.error.no.https.warning.message":
        "the product's base URL must use HTTPS for OAuth 2.0 incoming links",
}


class HttpError(AtlassianError):
    """The product answered with an unexpected status."""

    def __init__(self, status, method, url, messages=None, field_errors=None):
        self.status = status
        self.method = method
        self.url = url
        self.messages = list(messages or [])
        self.field_errors = dict(field_errors or {})
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
        if self.status == 401:
            text += " (authentication failed or not permitted%s)" % self.permission_hint()
        elif self.status == 403:
            text += " (forbidden%s)" % self.permission_hint()
        if parts:
            text += ": " + "; ".join(parts)
        return text

    def permission_hint(self):
        if "/rest/oauth2" in self.url:
            return "; the OAuth 2.0 APIs need a system administrator"
        return "; application links need an administrator (system links and relocation a system administrator)"


class NotFoundError(HttpError):
    pass
