# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters for OAuth 2.0 links between Atlassian Data Center products."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.six import string_types

CALLBACK_PATH = "/plugins/servlet/oauth2/client/callback/"
AUTHORIZE_PATH = "/rest/oauth2/latest/authorize"
TOKEN_PATH = "/rest/oauth2/latest/token"


def _base(url, option):
    if not isinstance(url, string_types) or not url.strip():
        raise AnsibleFilterError("%s must be a non-empty URL string, got %r" % (option, url))
    return url.strip().rstrip("/")


def oauth2_redirect_uri_suffix(authorization_endpoint):
    """base64url (no padding) of MD5(authorization endpoint): the suffix the product computes."""
    endpoint = _base(authorization_endpoint, "authorization_endpoint")
    digest = hashlib.md5(to_bytes(endpoint, errors="surrogate_or_strict")).digest()
    return to_text(base64.urlsafe_b64encode(digest).rstrip(b"="))


def oauth2_redirect_uri(base_url, authorization_endpoint):
    """The redirect URI of the outgoing link on base_url whose provider has this authorization endpoint."""
    return _base(base_url, "base_url") + CALLBACK_PATH + oauth2_redirect_uri_suffix(authorization_endpoint)


def oauth2_endpoints(base_url):
    """The OAuth 2.0 provider endpoints of an Atlassian Data Center product."""
    base = _base(base_url, "base_url")
    return {"authorization_endpoint": base + AUTHORIZE_PATH, "token_endpoint": base + TOKEN_PATH}


class FilterModule(object):
    def filters(self):
        return {
            "oauth2_redirect_uri": oauth2_redirect_uri,
            "oauth2_redirect_uri_suffix": oauth2_redirect_uri_suffix,
            "oauth2_endpoints": oauth2_endpoints,
        }
