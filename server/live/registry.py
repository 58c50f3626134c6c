"""The sockets of a process that joined a restaurant, by restaurant, readable from any thread,
and how many events a second were published to them."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque

from .subscriber import Subscriber

RATE_WINDOW_S = 10.0


class Registry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_restaurant: dict[str, set[Subscriber]] = {}
        self._recent: deque[tuple[float, int]] = deque()
        # The soonest token end (Unix time) among sockets joined since the device watcher's
        # last look at all of them: it looks again then, not at ten thousand every turn.
        self.soonest_expiry = float("inf")

    def add(self, sub: Subscriber) -> None:
        with self._lock:
            if not sub.released:
                self._by_restaurant.setdefault(sub.restaurant, set()).add(sub)
                if sub.expires_at:
                    self.soonest_expiry = min(self.soonest_expiry, sub.expires_at)

    def release(self, sub: Subscriber) -> None:
        """``sub`` is gone for good: out, and never added again (a late ``add`` is ignored)."""
        with self._lock:
            sub.released = True
            group = self._by_restaurant.get(sub.restaurant)
            if group is not None:
                group.discard(sub)
                if not group:
                    del self._by_restaurant[sub.restaurant]

    def all(self) -> list[Subscriber]:
        with self._lock:
            return [s for group in self._by_restaurant.values() for s in group]

    def of(self, restaurant: str) -> list[Subscriber]:
        with self._lock:
            return list(self._by_restaurant.get(restaurant, ()))

    def published(self, restaurant: str, count: int) -> bool:
        """Count ``count`` events published; whether ``restaurant`` has anyone to hear them."""
        with self._lock:
            self._recent.append((time.monotonic(), count))
            return restaurant in self._by_restaurant

    def connections(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {r: dict(Counter(s.role for s in subs))
                    for r, subs in self._by_restaurant.items()}  # fmt: skip

    def events_per_second(self) -> float:
        cutoff = time.monotonic() - RATE_WINDOW_S
        with self._lock:
            while self._recent and self._recent[0][0] < cutoff:
                self._recent.popleft()
            return round(sum(n for _, n in self._recent) / RATE_WINDOW_S, 2)
