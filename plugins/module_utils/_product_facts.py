# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a run knows about the product it talks to: its manifest (base URL as the product reports it, type,
version) and its OAuth 2.0 scopes. Read lazily, at most once per run, or handed in from an earlier read."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import ApplinksApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import norm_url
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._oauth2_provider import IncomingClientApi
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._product_versions import known_scopes


class ProductFacts(object):
    """Lazy facts about the product behind `transport`; `manifest` may be handed in (e.g. from a state)."""

    def __init__(self, transport, manifest=None, warn=None):
        self.transport = transport
        self._manifest = manifest
        self._scopes = None
        self._warned = False
        self.warn = warn or (lambda msg: None)

    def manifest(self):
        if self._manifest is None:
            self._manifest = ApplinksApi(self.transport).manifest()
        return self._manifest

    def base_url(self):
        """The base URL the product reports (its manifest `url`), which redirect URIs and endpoints derive from
        (REST reference §2.3, §11). Warns once when Ansible reaches the product by another URL."""
        reported = norm_url(self.manifest().get("url")) or norm_url(self.transport.base_url)
        if reported != norm_url(self.transport.base_url) and not self._warned:
            self._warned = True
            self.warn("the product reports its base URL as %s while it is reached at %s (option url); redirect "
                      "URIs and OAuth 2.0 endpoints derive from the reported base URL"
                      % (reported, self.transport.base_url))
        return reported

    def unknown_scopes(self, scopes):
        """The names in `scopes` the product does not support, and the product's list (for the message)."""
        manifest = self._manifest or {}
        table = known_scopes(manifest.get("type"), manifest.get("version"))
        if all(s in table for s in scopes):
            return [], list(table)
        if self._scopes is None:
            self._scopes = IncomingClientApi(self.transport).supported_scopes()
        if not self._scopes:  # the product does not say: let it answer the write itself
            return [], []
        return [s for s in scopes if s not in self._scopes], list(self._scopes)
