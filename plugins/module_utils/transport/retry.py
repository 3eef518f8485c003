# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When to retry a request, and how long to wait (pure functions, unit tested)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random

# A Retry-After longer than this is capped: a playbook should not hang for minutes on one request.
MAX_RETRY_AFTER = 60
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRYABLE_STATUS = (502, 503, 504)
IDEMPOTENT_METHODS = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")


def retry_after_seconds(headers):
    """Seconds from a Retry-After header (delta-seconds form), capped; 1 when absent or unparseable."""
    value = (headers or {}).get("Retry-After") or (headers or {}).get("retry-after")
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = 1.0
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


def backoff_seconds(attempt, rng=random.random):
    """Full-jitter exponential backoff for the given (1-based) attempt."""
    return rng() * min(BACKOFF_CAP, BACKOFF_BASE * (2 ** (attempt - 1)))


def decide(method, attempt, retries, status=None, headers=None, connection_error=False, rng=random.random):
    """Return (retry, delay_seconds, reason). `attempt` counts the tries made so far (1 after the first).

    - 429: the server refused before doing anything, so every method (POST too) is retried after
      Retry-After.
    - 502/503/504 and connection failures: only idempotent methods are retried; a POST is never blindly
      re-sent, because the first one may have been applied (the caller looks the object up instead).
    """
    if attempt > retries:
        return False, 0.0, None
    if status == 429:
        return True, retry_after_seconds(headers), "HTTP 429 (rate limited)"
    if method.upper() not in IDEMPOTENT_METHODS:
        return False, 0.0, None
    if status in RETRYABLE_STATUS:
        delay = retry_after_seconds(headers) if status == 503 and headers and (
            "Retry-After" in headers or "retry-after" in headers) else backoff_seconds(attempt, rng)
        return True, delay, "HTTP %s" % status
    if connection_error:
        return True, backoff_seconds(attempt, rng), "connection error"
    return False, 0.0, None
