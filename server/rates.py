"""Rate limits, by moving window, in bounded memory: the ``limits`` library (the core of
Flask-Limiter), rather than a hand-kept table that nobody trims.

One ``Rates`` per process. Limits are written as ``limits`` parses them ("6/minute") and keyed
by whatever identifies the caller (restaurant, role, device, address).
"""

from __future__ import annotations

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
