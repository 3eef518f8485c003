# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application types the collection knows, in one table (pure, unit tested): module name, wire type id
(REST reference §2.9), the admin UI's label, the first version with native OAuth 2.0 application links (§12.1)
and the OAuth 2.0 scopes known per product line (§6.2, §12.3). Every type- or version-dependent choice asks
this module, so that a new product line changes one place."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

_JIRA_CONFLUENCE = ("READ", "WRITE", "ADMIN", "SYSTEM_ADMIN")
_NEWER = _JIRA_CONFLUENCE + ("READ_ALL", "MANAGE_SUBSCRIPTIONS")
_VERSION = re.compile(r"^\s*v?(\d+(?:\.\d+)*)")


class ProductType(object):
    """scopes: ((minimum version, scope names), ...), the first match wins. A scope in there is accepted without
    asking the product; any other is checked against the product's own list (its OAuth 2.0 metadata), so a
    scope this table does not know (e.g. JSM_KB) is never refused because of the table."""

    def __init__(self, name, wire, label, atlassian=True, linkable=True, native_oauth2=None, scopes=()):
        self.name = name
        self.wire = wire
        self.label = label
        self.atlassian = atlassian
        self.linkable = linkable
        self.native_oauth2 = native_oauth2
        self.scopes = scopes


PRODUCT_TYPES = (
    ProductType("jira", "jira", "Jira", native_oauth2=(11, 2), scopes=(((10, 3), _NEWER), ((0,), _JIRA_CONFLUENCE))),
    ProductType("confluence", "confluence", "Confluence", native_oauth2=(10, 1),
                scopes=(((9, 2), _NEWER), ((0,), _JIRA_CONFLUENCE))),
    ProductType("bitbucket", "stash", "Bitbucket", native_oauth2=(10, 1), scopes=(((0,), (
        "PUBLIC_REPOS", "ACCOUNT_WRITE", "REPO_READ", "REPO_WRITE", "REPO_ADMIN", "PROJECT_ADMIN", "ADMIN_WRITE",
        "SYSTEM_ADMIN")),)),
    ProductType("bamboo", "bamboo", "Bamboo", native_oauth2=(12, 0), scopes=(((0,), ("READ", "TRIGGER", "USER")),)),
    ProductType("fecru", "fecru", "Fisheye / Crucible"),
    ProductType("crowd", "crowd", "Crowd", native_oauth2=(7, 1)),
    ProductType("generic", "generic", "Generic application", atlassian=False),
    ProductType("refapp", "refapp", "Reference application", linkable=False),
)
BY_NAME = dict((t.name, t) for t in PRODUCT_TYPES)
BY_WIRE = dict((t.wire, t) for t in PRODUCT_TYPES)
# The `type` choices of the modules (application_link, product_links links[], application_link_info).
LINK_TYPES = [t.name for t in PRODUCT_TYPES if t.linkable]
ATLASSIAN_TYPES = tuple(t.name for t in PRODUCT_TYPES if t.linkable and t.atlassian)
GENERIC_LABEL = BY_NAME["generic"].label


def type_to_wire(name):
    known = BY_NAME.get(name)
    return known.wire if known else name


def type_from_wire(wire_type):
    """The module name of a wire type id; also accepts a module name ('stash' and 'bitbucket' -> 'bitbucket')."""
    known = BY_WIRE.get(wire_type) or BY_NAME.get(wire_type)
    return known.name if known else wire_type


def application_label(link_type, version=None):
    """'Jira 9.12.15', 'Jira' when the version is unknown, or 'Generic application'."""
    if not link_type or link_type == "generic":
        return GENERIC_LABEL
    known = BY_NAME.get(type_from_wire(link_type))
    text = known.label if known else link_type
    return "%s %s" % (text, version) if version else text


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


def known_scopes(link_type, version):
    """The scopes the table knows for this product line, or () when it knows none (or the version is unknown)."""
    parsed = parse_version(version)
    known = BY_NAME.get(type_from_wire(link_type))
    if parsed is None or known is None:
        return ()
    for minimum, scopes in known.scopes:
        if at_least(parsed, minimum):
            return scopes
    return ()


def native_oauth2_applinks(link_type, version):
    """Whether this product line has native OAuth 2.0 application links (§12.1): True / False, or None when the
    version cannot be parsed. Types without such a line (generic, fecru, ...) are False."""
    known = BY_NAME.get(type_from_wire(link_type))
    if known is None or known.native_oauth2 is None:
        return False
    return at_least(parse_version(version), known.native_oauth2)


def product_report(manifest, provider_api=None, client_api=None):
    """The `product` return value of application_link_info from this product's manifest (module names) and
    whether its OAuth 2.0 provider and client APIs answered (None: not known, e.g. not permitted)."""
    manifest = manifest or {}
    return {"type": type_from_wire(manifest.get("type")), "version": manifest.get("version"),
            "build_number": manifest.get("build_number"), "applinks_version": manifest.get("applinks_version"),
            "oauth2_provider_api": provider_api, "oauth2_client_api": client_api,
            "native_oauth2_applinks": native_oauth2_applinks(manifest.get("type"), manifest.get("version"))}
