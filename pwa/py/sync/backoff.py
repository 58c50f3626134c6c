"""Reconnect delays: exponential with full jitter, forever. Pure: the caller passes randomness.

Full jitter (a uniform draw between a small floor and the exponential ceiling) spreads a
restaurant's fifty tablets out when the server comes back, instead of all of them knocking at
the same instant. There is no give-up: a kiosk must keep trying for as long as it is on.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

BASE_S = 0.5
CAP_S = 30.0
FLOOR_S = 0.1  # never retry in a tight loop, however the dice fall


@dataclass
class Backoff:
    base: float = BASE_S
    cap: float = CAP_S
    rng: Callable[[], float] = field(default=random.random)
    attempt: int = 0

    def ceiling(self) -> float:
        return min(self.cap, self.base * 2 ** min(self.attempt, 32))

    def next_delay(self) -> float:
        """The wait before the next try; each call counts one more failure."""
        delay = max(FLOOR_S, self.rng() * self.ceiling())
        self.attempt += 1
        return delay

    def reset(self) -> None:
        self.attempt = 0
