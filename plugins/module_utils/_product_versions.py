# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the collection knows about product versions (REST reference §12), in one table (pure, unit tested).

Every version-dependent choice asks this module, so that a new product line changes one place.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# First version of each product line whose application links have OAuth 2.0 as a native authentication type
# ("Atlassian product via OAuth 2.0", REST reference §12.1). Keys are the modules' type names.
NATIVE_OAUTH2_APPLINKS = {"jira": (11, 2), "confluence": (10, 1), "bitbucket": (10, 1), "bamboo": (12, 0),
                          "crowd": (7, 1)}
# The wire type id of Bitbucket is still "stash" (§2.9); manifests carry it.
_ALIASES = {"stash": "bitbucket"}
_VERSION = re.compile(r"^\s*v?(\d+(?:\.\d+)*)")


# Scopes known to exist per product line (REST reference §6.2, §12.3): ((type, minimum version), scopes), the first
# match wins. A scope in here is accepted without asking the product; any other is checked against the
# product's own list (its OAuth 2.0 metadata), so a scope this table does not know (e.g. JSM_KB) is never refused
# because of the table.
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


def known_scopes(link_type, version):
    """The scopes the table knows for this product line, or () when it knows none (or the version is unknown)."""
    parsed = parse_version(version)
    if parsed is None:
        return ()
    for (ptype, minimum), scopes in KNOWN_SCOPES:
        if ptype == product_type(link_type) and at_least(parsed, minimum):
            return scopes
    return ()


def product_type(value):
    """The module type name of a manifest typeId or a module type ('stash' -> 'bitbucket')."""
    return _ALIASES.get(value, value)


def parse_version(text):
    """'10.1.2' -> (10, 1, 2); '9.12.15-m0001' -> (9, 12, 15); a version object ({versionString}) too.
    None when there is no leading dotted number."""
    if isinstance(text, dict):
        text = text.get("versionString")
    if not isinstance(text, str):
        return None
    match = _VERSION.match(text)
    if not match:
        return None
    return tuple(int(part) for part in match.group(1).split("."))


def at_least(version, minimum):
    """Whether a parsed version (tuple, missing parts = 0) is >= minimum; None when version is None."""
    if version is None:
        return None
    width = max(len(version), len(minimum))
    return tuple(version) + (0,) * (width - len(version)) >= tuple(minimum) + (0,) * (width - len(minimum))


def native_oauth2_applinks(link_type, version):
    """Whether this product line has native OAuth 2.0 application links (§12.1): True / False, or None when
    the version cannot be parsed. Products without such a line (generic, fecru, ...) are False."""
    minimum = NATIVE_OAUTH2_APPLINKS.get(product_type(link_type))
    if minimum is None:
        return False
    return at_least(parse_version(version), minimum)


def product_report(manifest, provider_api=None, client_api=None):
    """The `product` return value of application_link_info from this product's manifest (module names) and
    whether its OAuth 2.0 provider and client APIs answered (None: not known, e.g. not permitted)."""
    manifest = manifest or {}
    return {"type": product_type(manifest.get("type")), "version": manifest.get("version"),
            "build_number": manifest.get("build_number"), "applinks_version": manifest.get("applinks_version"),
            "oauth2_provider_api": provider_api, "oauth2_client_api": client_api,
            "native_oauth2_applinks": native_oauth2_applinks(manifest.get("type"), manifest.get("version"))}
