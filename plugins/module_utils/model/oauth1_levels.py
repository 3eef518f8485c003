# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 1.0a levels of an application link direction (pure functions, unit tested): the modules' level
names, the OAuthStatus flags of REST reference §4.2 and the provider classes of §2.5 and §2.7."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# {enabled, twoLoEnabled, twoLoImpersonationEnabled} of each level (§4.2).
AUTH_LEVELS = {
    "disabled": (False, False, False),
    "oauth": (True, False, False),
    "oauth_2lo": (True, True, False),
    "oauth_impersonation": (True, True, True),
}
AUTH_LEVEL_NAMES = ["disabled", "oauth", "oauth_2lo", "oauth_impersonation"]
FLAG_KEYS = ("enabled", "twoLoEnabled", "twoLoImpersonationEnabled")
OFF = dict(zip(FLAG_KEYS, AUTH_LEVELS["disabled"]))
# The provider classes (§2.7) behind each flag, as listApplicationlinks reports them (§2.5).
_PROVIDER_PKG = "com.atlassian.applinks.api.auth.types."
FLAG_PROVIDERS = (_PROVIDER_PKG + "OAuthAuthenticationProvider",
                  _PROVIDER_PKG + "TwoLeggedOAuthAuthenticationProvider",
                  _PROVIDER_PKG + "TwoLeggedOAuthWithImpersonationAuthenticationProvider")
OAUTH_PROVIDER = FLAG_PROVIDERS[0]


def normalise_flags(direction):
    """A direction of an OAuthStatus normalised the way the product stores it (§4.2), as a 3-tuple."""
    direction = direction or {}
    if not direction.get("enabled"):
        return AUTH_LEVELS["disabled"]
    if direction.get("twoLoImpersonationEnabled"):
        return AUTH_LEVELS["oauth_impersonation"]
    if direction.get("twoLoEnabled"):
        return AUTH_LEVELS["oauth_2lo"]
    return AUTH_LEVELS["oauth"]


def level_from_flags(direction):
    """The module's level name ('disabled', 'oauth', ...) of one OAuthStatus direction."""
    flags = normalise_flags(direction)
    return [name for name in AUTH_LEVEL_NAMES if AUTH_LEVELS[name] == flags][0]


def flags_from_level(level):
    """The wire OAuthStatus direction for a level name."""
    return dict(zip(FLAG_KEYS, AUTH_LEVELS[level]))


def auth_from_wire(status):
    """{'incoming': level, 'outgoing': level} from an OAuthStatus body."""
    status = status or {}
    return {"incoming": level_from_flags(status.get("incoming")),
            "outgoing": level_from_flags(status.get("outgoing"))}


def auth_to_wire(auth):
    return {"incoming": flags_from_level(auth["incoming"]), "outgoing": flags_from_level(auth["outgoing"])}


def level_from_providers(providers):
    """The level of one direction from its configured provider class names (§2.5, §2.7); the flags are
    normalised like the product stores them (§4.2), and non-OAuth providers (Basic, CORS, ...) are ignored."""
    names = set(providers or [])
    return level_from_flags(dict(zip(FLAG_KEYS, (p in names for p in FLAG_PROVIDERS))))


def auth_by_link(entries):
    """{link_id: {'incoming': level, 'outgoing': level}} from the `list` of listApplicationlinks (§2.5)."""
    result = {}
    for entry in entries or []:
        link_id = (entry.get("application") or {}).get("id")
        if link_id:
            result[link_id] = {"incoming": level_from_providers(entry.get("configuredInboundAuthenticators")),
                               "outgoing": level_from_providers(entry.get("configuredOutboundAuthenticators"))}
    return result
