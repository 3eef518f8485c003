"""Retry decisions and backoff (_retry.py)."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport import retry as _retry
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.retry import (
    BACKOFF_CAP, MAX_RETRY_AFTER, backoff_seconds, decide, retry_after_seconds)


def one():
    """The maximum of the jitter."""
    return 1.0


def half():
    return 0.5


@pytest.mark.parametrize("headers, expected", [
    ({"Retry-After": "7"}, 7.0),
    ({"retry-after": "2"}, 2.0),
    ({"Retry-After": "0"}, 0.0),
    ({"Retry-After": "-5"}, 0.0),
    ({"Retry-After": "3600"}, float(MAX_RETRY_AFTER)),
    ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 1.0),
    ({"Retry-After": ""}, 1.0),
    ({}, 1.0),
    (None, 1.0),
])
def test_retry_after_seconds(headers, expected):
    assert retry_after_seconds(headers) == expected


def test_retry_after_cap_is_one_minute():
    assert MAX_RETRY_AFTER == 60


def test_backoff_grows_and_is_capped():
    assert [backoff_seconds(a, one) for a in (1, 2, 3, 4, 5, 6, 10)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert backoff_seconds(10, one) == BACKOFF_CAP
    assert backoff_seconds(3, half) == 1.0
    assert backoff_seconds(3, lambda: 0.0) == 0.0


def test_backoff_default_jitter_is_within_bounds():
    for attempt in range(1, 12):
        assert 0 <= backoff_seconds(attempt) <= BACKOFF_CAP


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST", "get", "post"])
def test_429_is_retried_for_every_method_after_retry_after(method):
    retry, delay, reason = decide(method, 1, 3, status=429, headers={"Retry-After": "4"})
    assert retry and delay == 4.0 and "429" in reason


def test_429_retry_after_above_cap_is_capped():
    retry, delay, _reason = decide("GET", 1, 3, status=429, headers={"Retry-After": "86400"})
    assert retry and delay == MAX_RETRY_AFTER


@pytest.mark.parametrize("status", [502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_gateway_errors_retried_for_idempotent_methods(method, status):
    retry, delay, reason = decide(method, 2, 3, status=status, rng=one)
    assert retry and reason == "HTTP %s" % status
    assert delay == 1.0  # backoff of attempt 2 with full jitter at its maximum


@pytest.mark.parametrize("status", [502, 503, 504])
def test_post_is_never_resent_on_gateway_errors(status):
    assert decide("POST", 1, 3, status=status) == (False, 0.0, None)


def test_post_is_never_resent_after_a_connection_error():
    assert decide("POST", 1, 3, connection_error=True) == (False, 0.0, None)


def test_503_honours_retry_after():
    retry, delay, _reason = decide("GET", 1, 3, status=503, headers={"Retry-After": "5"}, rng=one)
    assert retry and delay == 5.0
    retry, delay, _reason = decide("GET", 1, 3, status=503, headers={"Retry-After": "999"}, rng=one)
    assert retry and delay == MAX_RETRY_AFTER
    # 502/504 use the backoff even with a Retry-After header.
    retry, delay, _reason = decide("GET", 1, 3, status=502, headers={"Retry-After": "5"}, rng=one)
    assert retry and delay == 0.5


def test_connection_errors_retried_for_get():
    retry, delay, reason = decide("GET", 1, 3, connection_error=True, rng=one)
    assert retry and delay == 0.5 and reason == "connection error"


@pytest.mark.parametrize("status", [200, 204, 400, 401, 403, 404, 409, 500])
def test_other_statuses_are_not_retried(status):
    assert decide("GET", 1, 3, status=status) == (False, 0.0, None)


def test_attempts_are_limited_by_retries():
    assert decide("GET", 3, 3, status=503, rng=one)[0] is True
    assert decide("GET", 4, 3, status=503, rng=one) == (False, 0.0, None)
    assert decide("GET", 4, 3, status=429) == (False, 0.0, None)
    assert decide("GET", 1, 0, status=429) == (False, 0.0, None)


def test_idempotent_methods_do_not_include_post_or_patch():
    assert "POST" not in _retry.IDEMPOTENT_METHODS
    assert "PATCH" not in _retry.IDEMPOTENT_METHODS
    assert decide("PATCH", 1, 3, status=503) == (False, 0.0, None)
