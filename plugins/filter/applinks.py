# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters for OAuth 2.0 links between Atlassian Data Center products: thin wrappers of the one module of formulas
(plugins/module_utils/model/formulas.py), which the modules use too."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.six import string_types

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model import formulas


def _url(url, option):
    if not isinstance(url, string_types) or not url.strip():
        raise AnsibleFilterError("%s must be a non-empty URL string, got %r" % (option, url))
    return url.strip()


def oauth2_redirect_uri_suffix(authorization_endpoint):
    """base64url (no padding) of MD5(authorization endpoint as given): the suffix the product computes."""
    return formulas.redirect_uri_suffix(_url(authorization_endpoint, "authorization_endpoint"))


def oauth2_redirect_uri(base_url, authorization_endpoint):
    """The redirect URI of the outgoing link on base_url whose provider has this authorization endpoint."""
    return formulas.redirect_uri(_url(base_url, "base_url"), _url(authorization_endpoint, "authorization_endpoint"))


def oauth2_endpoints(base_url):
    """The OAuth 2.0 provider endpoints of an Atlassian Data Center product."""
    authorization, token = formulas.provider_endpoints(_url(base_url, "base_url"))
    return {"authorization_endpoint": authorization, "token_endpoint": token}


class FilterModule(object):
    def filters(self):
        return {
            "oauth2_redirect_uri": oauth2_redirect_uri,
            "oauth2_redirect_uri_suffix": oauth2_redirect_uri_suffix,
            "oauth2_endpoints": oauth2_endpoints,
        }
