"""How many wrong PINs sign-in takes, and from where; and how many a signed-in device may type
when it asks for a manager's approval.

A real restaurant looks at no PIN from a device that has not paired (``access.pairing``): its
sign-ins come from paired devices only, counted per device (10 in 15 minutes, 20 an hour, 50 a
day) and for all its paired devices together (``check_paired``); wrong pairing codes are
counted per address and per restaurant (``check_code``). The windows by address below are the
demo's, whose public PINs any device may type.

A wrong PIN is counted against its address for this restaurant, against its address for any
restaurant, and against the restaurant from every address, each in several windows at once, so
the pause grows with persistence: one mistyped PIN costs nothing, five in a minute pause that
address for the minute, twenty pause it for the hour. With the limits below, 10,000 guesses at
one restaurant take 200 days from one address and 50 days from any number of addresses (the
restaurant's own daily limit); ``bench/guessing.py`` prints the figures.

A device that is signed in already (a waiter's phone on which the manager types their PIN to
approve a change) is counted on its own: five wrong manager PINs in 15 minutes pause that
device's approvals for the rest of the window, ten an hour, thirty a day; it stays signed in
and does everything else. Its tries do not touch the windows of sign-in, and those do not touch
it: wrong sign-ins from every address on the restaurant's Wi-Fi fill the restaurant's window
and leave the staff who are signed in working and their approvals with them. Thirty tries a
day against a manager PIN of six digits or more is over 90 years for one device.

Checking and counting are one step, taken before the PIN is hashed, under a lock striped by
restaurant: fifty guesses sent at once are five hashes and forty-five refusals, not fifty
hashes. Counts live in the ``limits`` library's storage, which drops a key when its window has
passed: memory stays bounded whatever an attacker sends. One process (SQLite) keeps them in
memory; processes scaled out behind a broker keep them in its Redis (``shared_storage``), so
three processes do not triple the guesses. Should Redis not answer, each process counts on its
own meanwhile (logged): the limits still hold per process, and sign-in keeps working.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import zlib
from collections.abc import Callable
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from domain.errors import DomainError

log = logging.getLogger(__name__)

PER_ADDRESS = ("5/minute", "20/hour", "50/day")  # one address, one restaurant
PER_ADDRESS_ANYWHERE = ("100/day",)  # one address spraying restaurant ids
PER_RESTAURANT = ("60/hour", "200/day")  # every address together
PER_DEVICE = ("5/15 minutes", "10/hour", "30/day")  # a signed-in device asking for approvals
# A paired device's PIN pad: a shared phone at rush sees mistyped PINs, so a little more room
# than approvals; still 500 guesses (20 people's 4-digit PINs) take a stolen phone 10 days.
PER_PAIRED_DEVICE = ("10/15 minutes", "20/hour", "50/day")
PER_PAIRED_RESTAURANT = ("100/hour", "300/day")  # every paired device together
# Wrong pairing codes (``access.pairing``): per address, and per restaurant from everywhere.
CODES_PER_ADDRESS = ("10/hour", "30/day")
CODES_PER_RESTAURANT = ("100/day",)
STRIPES = 64
T = TypeVar("T")


class Guesses:
    def __init__(
        self,
        per_address: tuple[str, ...] = PER_ADDRESS,
        per_address_anywhere: tuple[str, ...] = PER_ADDRESS_ANYWHERE,
        per_restaurant: tuple[str, ...] = PER_RESTAURANT,
        per_device: tuple[str, ...] = PER_DEVICE,
        storage: Storage | None = None,
    ) -> None:
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._limiter = MovingWindowRateLimiter(storage) if storage is not None else self._local
        self._rules = (
            ("pin-address", [parse(r) for r in per_address]),
            ("pin-anywhere", [parse(r) for r in per_address_anywhere]),
            ("pin-restaurant", [parse(r) for r in per_restaurant]),
        )
        self._device_rules = [parse(r) for r in per_device]
        self._code_rules = (
            ("code-address", [parse(r) for r in CODES_PER_ADDRESS]),
            ("code-restaurant", [parse(r) for r in CODES_PER_RESTAURANT]),
        )
        self._paired_rules = (
            ("pin-paired", [parse(r) for r in PER_PAIRED_DEVICE]),
            ("pin-paired-restaurant", [parse(r) for r in PER_PAIRED_RESTAURANT]),
        )
        self._locks = [threading.Lock() for _ in range(STRIPES)]

    def _windows(self, restaurant: str, address: str) -> list[tuple[RateLimitItem, tuple]]:
        keys = {
            "pin-address": (restaurant, address),
            "pin-anywhere": (address,),
            "pin-restaurant": (restaurant,),
        }
        return [(limit, (name, *keys[name])) for name, limits in self._rules for limit in limits]

    def check(self, restaurant: str, address: str, verify: Callable[[], T | None]) -> T | None:
        """A sign-in: run ``verify()`` (the PIN's hashing) unless a window is full; count it if
        it finds no role. Raises ``too_many_attempts`` (429) saying how long to wait."""
        return self._check(restaurant, self._windows(restaurant, address), verify)

    def check_device(
        self, restaurant: str, device: str, verify: Callable[[], T | None]
    ) -> T | None:
        """A PIN typed on a signed-in ``device`` (an approval): its own windows only."""
        windows = [(limit, ("pin-device", restaurant, device)) for limit in self._device_rules]
        return self._check(restaurant, windows, verify)

    def check_paired(
        self, restaurant: str, device: str, verify: Callable[[], T | None]
    ) -> T | None:
        """A sign-in on a paired ``device``'s PIN pad: its own windows and the restaurant's
        paired devices' together, never the network's (a flood from unpaired addresses cannot
        lock a paired device out)."""
        keys = {"pin-paired": (restaurant, device), "pin-paired-restaurant": (restaurant,)}
        windows = [(limit, (name, *keys[name])) for name, rules in self._paired_rules
                   for limit in rules]  # fmt: skip
        return self._check(restaurant, windows, verify)

    def check_code(self, restaurant: str, address: str, verify: Callable[[], T | None]) -> T | None:
        """A pairing code sent from ``address``: counted when it opens nothing."""
        keys = {"code-address": (restaurant, address), "code-restaurant": (restaurant,)}
        windows = [(limit, (name, *keys[name])) for name, rules in self._code_rules
                   for limit in rules]  # fmt: skip
        return self._check(restaurant, windows, verify)

    def _check(
        self, restaurant: str, windows: list[tuple[RateLimitItem, tuple]],
        verify: Callable[[], T | None],
    ) -> T | None:  # fmt: skip
        lock = self._locks[zlib.crc32(restaurant.encode()) % STRIPES]
        with lock:
            limiter = self._limiter
            try:
                full = [(limit, key) for limit, key in windows if not limiter.test(limit, *key)]
            except StorageError as exc:  # Redis away: this process counts alone meanwhile
                log.warning("PIN guesses counted in this process only: %s", exc)
                limiter = self._local
                full = [(limit, key) for limit, key in windows if not limiter.test(limit, *key)]
            if full:
                wait = max(limiter.get_window_stats(lim, *k).reset_time for lim, k in full)
                minutes = max(1, round((wait - time.time()) / 60))
                raise DomainError(
                    "too_many_attempts",
                    f"too many wrong PINs; try again in {minutes} minute(s)",
                )
            role = verify()
            if role is None:
                try:
                    for limit, key in windows:
                        limiter.hit(limit, *key)
                except StorageError as exc:
                    log.warning("PIN guess counted in this process only: %s", exc)
                    for limit, key in windows:
                        self._local.hit(limit, *key)
            return role


def shared_storage(redis_url: str, secret: str) -> Storage | None:
    """Where every process of one deployment counts guesses: the broker's Redis, under a
    prefix of this database's own (its signing secret's digest), so deployments or test
    clusters sharing one Redis never share counts. None without a broker: memory."""
    if not redis_url:
        return None
    prefix = "passline-pins-" + hashlib.sha256(secret.encode()).hexdigest()[:16]
    return RedisStorage(redis_url, key_prefix=prefix, wrap_exceptions=True)
