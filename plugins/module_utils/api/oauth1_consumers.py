# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 1.0a REST of a generic application link (REST reference §3.2, §5.3): its consumers (applinks-oauth)
and its outgoing provider configuration (v2 authentication/provider). Every method is one request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_consumer import consumer_from_wire

AO = "/rest/applinks-oauth/1.0"
V2 = "/rest/applinks/2.0"


def _q(value):
    return quote(str(value), safe="")


class OAuth1ConsumersApi(object):
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
