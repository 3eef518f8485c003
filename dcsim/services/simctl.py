"""Simulator-only state: the request log, injected faults, and the rate-limit token bucket (in memory)."""

import random
import threading
import time

from dcsim.errors import ApiError

_FAULT_KEYS = {"path_prefix", "method", "status", "retry_after", "latency_ms", "action", "count", "rate"}
_ACTIONS = {"status", "latency", "drop", "drop_after"}


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []

    def add(self, entry):
        with self._lock:
            self._entries.append(entry)

    def entries(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()


class Faults:
    """Faults by path prefix. Each: action status|latency|drop|drop_after, optional method, count, rate."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def replace(self, faults):
        if not isinstance(faults, list):
            raise ApiError(400, "'faults' must be a list")
        parsed = []
        for i, fault in enumerate(faults):
            if not isinstance(fault, dict):
                raise ApiError(400, f"faults[{i}] must be an object")
            unknown = set(fault) - _FAULT_KEYS
            if unknown:
                raise ApiError(400, f"faults[{i}]: unknown keys {sorted(unknown)}")
            action = fault.get("action", "status" if "status" in fault else "latency")
            if action not in _ACTIONS:
                raise ApiError(400, f"faults[{i}].action must be one of {sorted(_ACTIONS)}")
            status = fault.get("status")
            if action == "status" and status not in (429, 500, 502, 503, 504, 413):
                raise ApiError(400, f"faults[{i}].status must be 413, 429, 500, 502, 503 or 504")
            count = fault.get("count")
            if count is not None and (not isinstance(count, int) or count < 1):
                raise ApiError(400, f"faults[{i}].count must be a positive integer")
            rate = fault.get("rate", 1.0)
            if not isinstance(rate, (int, float)) or not 0 < rate <= 1:
                raise ApiError(400, f"faults[{i}].rate must be in (0, 1]")
            parsed.append({"path_prefix": str(fault.get("path_prefix", "/")), "method": fault.get("method"),
                           "action": action, "status": status, "retry_after": int(fault.get("retry_after", 1)),
                           "latency_ms": int(fault.get("latency_ms", 0)), "count": count, "rate": float(rate),
                           "hits": 0})
        with self._lock:
            self._faults = parsed

    def listing(self):
        with self._lock:
            return [dict(f) for f in self._faults]

    def take(self, method, path):
        """The first fault matching this request (consuming one of its count), or None."""
        with self._lock:
            for fault in self._faults:
                if not path.startswith(fault["path_prefix"]):
                    continue
                if fault["method"] and fault["method"].upper() != method:
                    continue
                if fault["count"] is not None and fault["hits"] >= fault["count"]:
                    continue
                if fault["rate"] < 1 and random.random() >= fault["rate"]:
                    continue
                fault["hits"] += 1
                return dict(fault)
        return None


class RateLimiter:
    """Token bucket per user (REST reference §1.7). Off unless a capacity is set."""

    def __init__(self, capacity=None, fill_rate=1, interval=1):
        self._lock = threading.Lock()
        self.configure(capacity, fill_rate, interval)

    def configure(self, capacity, fill_rate=1, interval=1):
        with self._lock:
            self.capacity, self.fill_rate, self.interval = capacity, fill_rate, interval
            self._buckets = {}

    def check(self, key):
        """(allowed, headers)."""
        with self._lock:
            if not self.capacity:
                return True, {}
            now = time.monotonic()
            tokens, last = self._buckets.get(key, (self.capacity, now))
            refill = int((now - last) // self.interval) * self.fill_rate
            if refill:
                tokens, last = min(self.capacity, tokens + refill), now
            headers = {"X-RateLimit-Limit": str(self.capacity), "X-RateLimit-FillRate": str(self.fill_rate),
                       "X-RateLimit-Interval-Seconds": str(self.interval)}
            if tokens <= 0:
                self._buckets[key] = (tokens, last)
                headers["X-RateLimit-Remaining"] = "0"
                headers["Retry-After"] = str(max(1, int(self.interval - (now - last)) or 1))
                return False, headers
            self._buckets[key] = (tokens - 1, last)
            headers["X-RateLimit-Remaining"] = str(tokens - 1)
            return True, headers


def rate_limit_headers(retry_after):
    return {"Retry-After": str(retry_after), "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0",
            "X-RateLimit-FillRate": "1", "X-RateLimit-Interval-Seconds": str(max(1, retry_after))}
