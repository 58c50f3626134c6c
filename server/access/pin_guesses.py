"""How many wrong PINs sign-in takes, and from where.

A wrong PIN is counted against its address for this restaurant, against its address for any
restaurant, and against the restaurant from every address, each in several windows at once, so
the pause grows with persistence: one mistyped PIN costs nothing, five in a minute pause that
address for the minute, twenty pause it for the hour. With the limits below, 10,000 guesses at
one restaurant take 200 days from one address and 50 days from any number of addresses (the
restaurant's own daily limit); ``bench/guessing.py`` prints the figures.

Checking and counting are one step, taken before the PIN is hashed, under a lock striped by
restaurant: fifty guesses sent at once are five hashes and forty-five refusals, not fifty
hashes. Counts live in the ``limits`` library's memory storage, which drops a key when its
window has passed: memory stays bounded whatever an attacker sends.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from domain.errors import DomainError

PER_ADDRESS = ("5/minute", "20/hour", "50/day")  # one address, one restaurant
PER_ADDRESS_ANYWHERE = ("100/day",)  # one address spraying restaurant ids
PER_RESTAURANT = ("60/hour", "200/day")  # every address together
STRIPES = 64


class Guesses:
    def __init__(
        self,
        per_address: tuple[str, ...] = PER_ADDRESS,
        per_address_anywhere: tuple[str, ...] = PER_ADDRESS_ANYWHERE,
        per_restaurant: tuple[str, ...] = PER_RESTAURANT,
    ) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._rules = (
            ("pin-address", [parse(r) for r in per_address]),
            ("pin-anywhere", [parse(r) for r in per_address_anywhere]),
            ("pin-restaurant", [parse(r) for r in per_restaurant]),
        )
        self._locks = [threading.Lock() for _ in range(STRIPES)]

    def _windows(self, restaurant: str, address: str) -> list[tuple[RateLimitItem, tuple]]:
        keys = {
            "pin-address": (restaurant, address),
            "pin-anywhere": (address,),
            "pin-restaurant": (restaurant,),
        }
        return [(limit, (name, *keys[name])) for name, limits in self._rules for limit in limits]

    def check(self, restaurant: str, address: str, verify: Callable[[], str | None]) -> str | None:
        """Run ``verify()`` (the PIN's hashing) unless a window is full; count it if it finds
        no role. Raises ``too_many_attempts`` (429) saying how long to wait."""
        lock = self._locks[zlib.crc32(restaurant.encode()) % STRIPES]
        with lock:
            windows = self._windows(restaurant, address)
            full = [(limit, key) for limit, key in windows if not self._limiter.test(limit, *key)]
            if full:
                wait = max(self._limiter.get_window_stats(lim, *k).reset_time for lim, k in full)
                minutes = max(1, round((wait - time.time()) / 60))
                raise DomainError(
                    "too_many_attempts",
                    f"too many wrong PINs; try again in {minutes} minute(s)",
                )
            role = verify()
            if role is None:
                for limit, key in windows:
                    self._limiter.hit(limit, *key)
            return role
