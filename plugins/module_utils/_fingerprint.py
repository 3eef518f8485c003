# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which secret an OAuth 2.0 outgoing link holds (pure functions, unit tested).

The product never returns an outgoing link's secret, so the collection records a short fingerprint of the
secret it pushed in the link's description, e.g. ``Jira [applinks:secret=3f2a9c01d4e7]``. Comparing it with the
fingerprint of the provider's current secret detects a secret reset in the UI, an interrupted rotation or a
secret pushed by hand (with another description), without reading any secret back.

The fingerprint is the first 12 hex digits of SHA-256 over ``client_id + ':' + secret``: 48 bits, enough to
tell two secrets apart, far too few to recover a random 256-bit secret (the product's own secrets). The client
id salts it, so equal secrets of two clients do not look alike.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import re

FINGERPRINT_HEX = 12
MARKER_RE = re.compile(r"\s*\[applinks:secret=([0-9a-f]{%d})\]\s*$" % FINGERPRINT_HEX)
MAX_DESCRIPTION = 255


def fingerprint(secret, client_id):
    """The fingerprint of a secret held for `client_id`, or None when either is unknown."""
    if not secret or not client_id:
        return None
    digest = hashlib.sha256(("%s:%s" % (client_id, secret)).encode("utf-8")).hexdigest()
    return digest[:FINGERPRINT_HEX]


def split_description(description):
    """(text without the marker or None, recorded fingerprint or None)."""
    if not description:
        return None, None
    match = MARKER_RE.search(description)
    if not match:
        return description, None
    text = description[:match.start()].rstrip()
    return text or None, match.group(1)


def join_description(text, recorded):
    """A description carrying `text` (may be None) and the marker of `recorded` (may be None).

    The text is shortened when text plus marker would pass the product's 255-character limit.
    """
    if not recorded:
        return text or None
    marker = "[applinks:secret=%s]" % recorded
    if not text:
        return marker
    room = MAX_DESCRIPTION - len(marker) - 1
    return "%s %s" % (text[:room].rstrip(), marker)
