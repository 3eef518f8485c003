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

# Scopes known to exist per product line (contract §6.2, §12.3): ((type, minimum version), scopes). A scope in
# here is accepted without asking the product; any other scope is checked against the product's own list
# (its OAuth 2.0 metadata), so a scope this table does not know (e.g. JSM_KB) is never refused by the table.
_JIRA_CONFLUENCE = ("READ", "WRITE", "ADMIN", "SYSTEM_ADMIN")
_NEWER = _JIRA_CONFLUENCE + ("READ_ALL", "MANAGE_SUBSCRIPTIONS")
KNOWN_SCOPES = (
    (("jira", (10, 3)), _NEWER),
    (("jira", (0,)), _JIRA_CONFLUENCE),
    (("confluence", (9, 2)), _NEWER),
    (("confluence", (0,)), _JIRA_CONFLUENCE),
    (("bitbucket", (0,)), ("PUBLIC_REPOS", "ACCOUNT_WRITE", "REPO_READ", "REPO_WRITE", "REPO_ADMIN",
                           "PROJECT_ADMIN", "ADMIN_WRITE", "SYSTEM_ADMIN")),
    (("bamboo", (0,)), ("READ", "TRIGGER", "USER")),
)


# First versions with OAuth 2.0 as an authentication type of Atlassian application links (contract §12.1).
NATIVE_OAUTH2_APPLINKS = {"jira": (11, 2), "confluence": (10, 1), "bitbucket": (10, 1), "bamboo": (12, 0)}


def native_oauth2_applinks(product_type, version):
    """Whether this product line has native OAuth 2.0 application links (whose REST is not published)."""
    first = NATIVE_OAUTH2_APPLINKS.get(product_type)
    return bool(first) and version_tuple(version) >= first


def version_tuple(version):
    """(10, 3, 4) from '10.3.4' (non-numeric parts end it); () when unknown."""
    parts = []
    for piece in str(version or "").split("."):
        digits = "".join(c for c in piece if c.isdigit())
        if not digits or digits != piece.strip():
            if digits and piece.startswith(digits):
                parts.append(int(digits))
            break
        parts.append(int(digits))
    return tuple(parts)


def known_scopes(product_type, version):
    """The scopes the table knows for this product line, or () when it knows none."""
    have = version_tuple(version)
    for (ptype, minimum), scopes in KNOWN_SCOPES:
        if ptype == product_type and have >= minimum:
            return scopes
    return ()


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
        (contract §2.3, §11). Warns once when Ansible reaches the product by another URL."""
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
