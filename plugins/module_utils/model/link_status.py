# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The status of an application link as the product computes it (GET status/{id}, REST reference §4.2): the one
table of error types, their category (ApplinkErrorType -> ApplinkErrorCategory) and what to do about each, in
words. Used by application_link_info's rows, the reports and audit_links.yml (pure, unit tested)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

WORKING = "working"
NON_ATLASSIAN_LABEL = "Non-Atlassian"
# Categories that are no fault of the link: the product checks no status for these.
NOT_CHECKED = ("NON_ATLASSIAN", "SYSTEM")

# type: (category, remedy). The types and categories are ApplinkErrorType's; the remedies are ours.
STATUS_TYPES = {
    "UNKNOWN": (
        "UNKNOWN",
        "the product could not tell what is wrong: open the link in the admin UI (Application links) and read the"
        " product's log"),
    "NO_OUTGOING_AUTH": (
        "INCOMPATIBLE",
        "the remote has no status API and this link has no outgoing OAuth: set the OAuth 1.0a levels "
        "(incoming_auth, outgoing_auth; two_way_link_oauth1_level) to oauth on both sides, or upgrade the remote"),
    "REMOTE_VERSION_INCOMPATIBLE": (
        "INCOMPATIBLE",
        "the remote's application links plugin is too old (before 4.0.13): upgrade the remote application"),
    "GENERIC_LINK": (
        "NON_ATLASSIAN",
        "nothing to do: the product checks no status for a generic application"),
    "NON_ATLASSIAN": (
        "NON_ATLASSIAN",
        "nothing to do: the product checks no status for a non-Atlassian application"),
    "SYSTEM_LINK": (
        "SYSTEM",
        "nothing to do: a system link is managed by the product itself"),
    "CONNECTION_REFUSED": (
        "NETWORK_ERROR",
        "the remote refused the connection: check that it runs and that this product reaches its RPC URL "
        "(remote_url; firewall, proxy)"),
    "UNKNOWN_HOST": (
        "NETWORK_ERROR",
        "this product cannot resolve the remote's host name: fix remote_url or this product's DNS"),
    "SSL_UNTRUSTED": (
        "NETWORK_ERROR",
        "this product does not trust the remote's certificate: add the remote's CA to this product's Java trust "
        "store"),
    "SSL_HOSTNAME_UNMATCHED": (
        "NETWORK_ERROR",
        "the remote's certificate does not name the host of remote_url: use a host name the certificate names, or"
        " fix the certificate"),
    "SSL_UNMATCHED": (
        "NETWORK_ERROR",
        "the TLS handshake with the remote failed: make the TLS versions and ciphers of both sides meet"),
    "OAUTH_PROBLEM": (
        "NETWORK_ERROR",
        "the remote refused the OAuth request (see the details): run the two-way link again on both sides so that"
        " each holds the other's consumer"),
    "OAUTH_TIMESTAMP_REFUSED": (
        "NETWORK_ERROR",
        "the remote refused the request's timestamp: synchronise the clocks of both servers (NTP)"),
    "OAUTH_SIGNATURE_INVALID": (
        "NETWORK_ERROR",
        "the remote does not accept this product's OAuth signature (its consumer changed): delete the link on "
        "both sides and link them again"),
    "UNEXPECTED_RESPONSE": (
        "NETWORK_ERROR",
        "the remote answered something other than the application links API (a proxy or login page): check "
        "remote_url and any proxy between"),
    "UNEXPECTED_RESPONSE_STATUS": (
        "NETWORK_ERROR",
        "the remote answered with an unexpected HTTP status (see the details): check remote_url and the remote's "
        "log"),
    "LOCAL_AUTH_TOKEN_REQUIRED": (
        "ACCESS_ERROR",
        "the check needs a user's OAuth token on this side: authorise the link in the admin UI, or set the OAuth "
        "1.0a levels (incoming_auth, outgoing_auth; two_way_link_oauth1_level) to oauth on both sides"),
    "REMOTE_AUTH_TOKEN_REQUIRED": (
        "ACCESS_ERROR",
        "the check needs a user's OAuth token on the remote: authorise the link there, or set the OAuth 1.0a "
        "levels (incoming_auth, outgoing_auth; two_way_link_oauth1_level) to oauth on both sides"),
    "INSUFFICIENT_REMOTE_PERMISSION": (
        "ACCESS_ERROR",
        "the user the check acts as is not an administrator on the remote: check as an administrator of both "
        "products"),
    "NO_REMOTE_APPLINK": (
        "CONFIG_ERROR",
        "the remote has no link back to this product: create the reciprocal link on the remote (role "
        "two_way_link, or application_link there)"),
    "AUTH_LEVEL_MISMATCH": (
        "CONFIG_ERROR",
        "the two sides' OAuth 1.0a levels differ: set the same level on both sides (this side's outgoing is the "
        "remote's incoming)"),
    "AUTH_LEVEL_UNSUPPORTED": (
        "DEPRECATED",
        "set the level to OAuth (3LO + 2LO) on both sides (level oauth; 3-legged OAuth alone is no longer "
        "supported)"),
    "LEGACY_UPDATE": (
        "DEPRECATED",
        "the link still uses Trusted Applications or Basic authentication: update it to OAuth in the admin UI"),
    "LEGACY_REMOVAL": (
        "DEPRECATED",
        "OAuth is set up, but Trusted Applications or Basic authentication is still on: remove it in the admin UI"),
    "MANUAL_LEGACY_UPDATE": (
        "DEPRECATED",
        "the link still uses Trusted Applications or Basic authentication and this side cannot administer the "
        "remote: update it to OAuth by hand on both sides"),
    "MANUAL_LEGACY_REMOVAL": (
        "DEPRECATED",
        "OAuth is set up, but Trusted Applications or Basic authentication is still on and this side cannot "
        "administer the remote: remove it by hand on both sides"),
    "MANUAL_LEGACY_REMOVAL_WITH_OLD_EDIT": (
        "DEPRECATED",
        "OAuth is set up, but Trusted Applications or Basic authentication is still on: remove it by hand on both"
        " sides (the remote's old edit screen)"),
    "DISABLED": (
        "DISABLED",
        "OAuth is off on both sides: set the OAuth 1.0a levels (incoming_auth, outgoing_auth; "
        "two_way_link_oauth1_level) to oauth on both sides, or delete the link if nothing uses it"),
}
CATEGORIES = ("UNKNOWN", "INCOMPATIBLE", "NON_ATLASSIAN", "SYSTEM", "DEPRECATED", "NETWORK_ERROR", "ACCESS_ERROR",
              "CONFIG_ERROR", "DISABLED")


def status_of(body):
    """{working, category, type, remedy, details} of an ApplinkStatus body; None when it was not read. The
    category is the table's (the product derives it from the type), else the body's for a type not in it."""
    if not body:
        return None
    if body.get("working"):
        return {"working": True, "category": None, "type": None, "remedy": None, "details": None}
    error = body.get("error") or {}
    kind = error.get("type") or "UNKNOWN"
    category, remedy = STATUS_TYPES.get(kind, (error.get("category") or "UNKNOWN", STATUS_TYPES["UNKNOWN"][1]))
    return {"working": False, "category": category, "type": kind, "remedy": remedy,
            "details": error.get("details")}


def status_label(status):
    """'working', 'Non-Atlassian', or '<category>/<type>' (the category alone when both are equal) of a
    status_of() result; None when not read."""
    if status is None:
        return None
    if status["working"]:
        return WORKING
    if status["category"] == "NON_ATLASSIAN":
        return NON_ATLASSIAN_LABEL
    if status["category"] == status["type"]:
        return status["category"]
    return "%s/%s" % (status["category"], status["type"])


def is_problem(status):
    """Whether a status is a fault of the link (an error the product checks; not working, not unchecked)."""
    return status is not None and not status["working"] and status["category"] not in NOT_CHECKED
