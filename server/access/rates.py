"""Rate limits, by moving window, in bounded memory: the ``limits`` library (the core of
Flask-Limiter), rather than a hand-kept table that nobody trims.

One ``Rates`` per process. Limits are written as ``limits`` parses them ("6/minute") and keyed
by whatever identifies the caller (restaurant, role, device, address).
"""

from __future__ import annotations

import threading
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from domain.errors import DomainError


class Rates:
    def __init__(self) -> None:
        # MemoryStorage expires its keys on a timer: a key not hit for its window is dropped.
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, rule: str, *key: str) -> bool:
        """Count one hit against ``rule`` for ``key``; False if that is one too many."""
        return self._limiter.hit(parse(rule), *key)

    def check(self, rule: str, *key: str, what: str = "requests") -> None:
        """``hit``, or refuse with ``rate_limited`` (HTTP 429)."""
        if not self.hit(rule, *key):
            raise DomainError("rate_limited", f"too many {what}; at most {rule}")


# Mutations a device of each role may make: (sustained per second, burst). The burst is an
# offline queue's worth, so a kiosk back after an hour at rush sends it all at once; the rate
# bounds what a broken or stolen device can do for long.
MUTATION_RATES: dict[str, tuple[float, float]] = {
    "kiosk": (10.0, 2_000.0),
    "board": (1.0, 10.0),  # it changes nothing: every change it sends is refused
    "floor": (20.0, 2_000.0),
    "kitchen": (20.0, 2_000.0),
    "manager": (50.0, 5_000.0),
}
# Any authenticated request, per device: far above what a screen does (a poll every half second
# while offline, a batch a second when a queue empties), far below what a loop can send.
REQUEST_RATES: dict[str, tuple[float, float]] = {"requests": (50.0, 1_000.0)}
BUCKETS_KEPT = 20_000


class TokenBucket:
    """``rate`` a second, ``burst`` at once: a moving window cannot say "a burst, then so many
    a second"; this does, in a few lines. Not locked: one owner, or a caller's lock."""

    __slots__ = ("at", "burst", "rate", "tokens")

    def __init__(self, rate: float, burst: float, now: float | None = None) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = burst
        self.at = time.monotonic() if now is None else now

    def take(self, n: int = 1, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < n:
            return False
        self.tokens -= n
        return True

    def full(self, now: float) -> bool:
        return self.tokens + (now - self.at) * self.rate >= self.burst


class Buckets:
    """A ``TokenBucket`` per key and kind, shared by threads. Bounded: past ``BUCKETS_KEPT``
    keys, the full ones (idle long enough to refill) are forgotten."""

    def __init__(self, rates: dict[str, tuple[float, float]], scale: float = 1.0) -> None:
        self.rates = {k: (rate * scale, burst * scale) for k, (rate, burst) in rates.items()}
        self._buckets: dict[tuple, TokenBucket] = {}
        self._lock = threading.Lock()

    def take(self, kind: str, key: tuple, n: int = 1) -> bool:
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get((kind, *key))
            if bucket is None:
                bucket = self._buckets[(kind, *key)] = TokenBucket(*self.rates[kind], now)
            ok = bucket.take(n, now)
            if len(self._buckets) > BUCKETS_KEPT:
                for full in [k for k, b in self._buckets.items() if b.full(now)]:
                    del self._buckets[full]
        return ok

    def check(self, kind: str, key: tuple, n: int = 1, what: str = "changes") -> None:
        if not self.take(kind, key, n):
            rate = self.rates[kind][0]
            raise DomainError(
                "rate_limited", f"too many {what} from this device; at most {rate:g} a second"
            )
