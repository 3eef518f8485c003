# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth 1.0a levels of an application link direction: the one table of level names, the admin UI's labels,
the OAuthStatus flags of REST reference §4.2 and the provider classes of §2.5 and §2.7 (pure, unit tested).

The names follow the admin UI one to one: "OAuth" is 3-legged plus 2-legged OAuth (the product's default,
OAuthConfig.createDefaultOAuthConfig), "OAuth (impersonation)" adds 2-legged OAuth with impersonation. 3-legged
OAuth alone is a level the product reports as unsupported (DefaultApplinkStatusValidationService
.checkOAuthSupported: DEPRECATED / AUTH_LEVEL_UNSUPPORTED); it has its own name and is made only on request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

FLAG_KEYS = ("enabled", "twoLoEnabled", "twoLoImpersonationEnabled")

# name: ({enabled, twoLoEnabled, twoLoImpersonationEnabled} (§4.2), the admin UI's label)
LEVELS = {
    "disabled": ((False, False, False), "Disabled"),
    "oauth": ((True, True, False), "OAuth"),
    "oauth_impersonation": ((True, True, True), "OAuth (impersonation)"),
    "oauth_3lo_only": ((True, False, False), "3-legged OAuth only (unsupported by the product)"),
}
# The levels a direction can have, in the order the docs list them.
AUTH_LEVEL_NAMES = ["disabled", "oauth", "oauth_impersonation", "oauth_3lo_only"]
# Older names still accepted, with the level they mean now.
ALIASES = {"oauth_2lo": "oauth"}
AUTH_LEVEL_CHOICES = AUTH_LEVEL_NAMES + sorted(ALIASES)
# The levels of the two_way_link role (OAuth on in both directions).
ROLE_LEVEL_CHOICES = [name for name in AUTH_LEVEL_CHOICES if name != "disabled"]
UNSUPPORTED = ("oauth_3lo_only",)
AUTH_LEVELS = dict((name, level[0]) for name, level in LEVELS.items())
OFF = dict(zip(FLAG_KEYS, AUTH_LEVELS["disabled"]))
# The provider classes (§2.7) behind each flag, as listApplicationlinks reports them (§2.5).
_PROVIDER_PKG = "com.atlassian.applinks.api.auth.types."
FLAG_PROVIDERS = (_PROVIDER_PKG + "OAuthAuthenticationProvider",
                  _PROVIDER_PKG + "TwoLeggedOAuthAuthenticationProvider",
                  _PROVIDER_PKG + "TwoLeggedOAuthWithImpersonationAuthenticationProvider")
OAUTH_PROVIDER = FLAG_PROVIDERS[0]


def canonical_level(name):
    """The level an accepted name means (an alias gives its level of today); None stays None."""
    return ALIASES.get(name, name)


def same_level(a, b):
    return canonical_level(a) == canonical_level(b)


def level_warnings(option, name):
    """What a run says about a declared level: an old name, a level the product reports as unsupported."""
    if name in ALIASES:
        level = ALIASES[name]
        return ["%s: level '%s' is deprecated and will be removed in version 1.0.0; it is the level '%s' (3-legged "
                "and 2-legged OAuth, the admin UI's \"OAuth\"): write %s: %s" % (option, name, level, option, level)]
    if name in UNSUPPORTED:
        return ["%s: level '%s' enables 3-legged OAuth without 2-legged OAuth, which the product reports as "
                "unsupported (link status DEPRECATED / AUTH_LEVEL_UNSUPPORTED); the admin UI's \"OAuth\" is level "
                "'oauth' (3-legged and 2-legged OAuth)" % (option, name)]
    return []


def normalise_flags(direction):
    """A direction of an OAuthStatus normalised the way the product stores it (§4.2), as a 3-tuple."""
    direction = direction or {}
    if not direction.get("enabled"):
        return AUTH_LEVELS["disabled"]
    if direction.get("twoLoImpersonationEnabled"):
        return AUTH_LEVELS["oauth_impersonation"]
    if direction.get("twoLoEnabled"):
        return AUTH_LEVELS["oauth"]
    return AUTH_LEVELS["oauth_3lo_only"]


def level_from_flags(direction):
    """The level name ('disabled', 'oauth', ...) of one OAuthStatus direction."""
    flags = normalise_flags(direction)
    return [name for name in AUTH_LEVEL_NAMES if AUTH_LEVELS[name] == flags][0]


def flags_from_level(level):
    """The wire OAuthStatus direction for a level name (an alias included)."""
    return dict(zip(FLAG_KEYS, AUTH_LEVELS[canonical_level(level)]))


def level_label(level):
    """The admin UI's name of a level."""
    return LEVELS[canonical_level(level)][1]


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
