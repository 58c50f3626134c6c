"""Fan-out of committed events to live subscribers, one bounded queue each.

``publish`` never blocks on a peer: it serialises each event once and appends the text to every
subscriber's queue. A subscriber whose queue is full is marked lagging and its connection is
closed by its own writer; the client then resumes from its cursor, so nothing is lost and no one
else waits. Publishing happens under the store's write lock, so events arrive here in seq order;
events committed by another process (the CLI) are filled in from the log by ``load``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Callable

QUEUE_LIMIT = 2_000  # frames; a healthy screen drains this in well under a second
RATE_WINDOW_S = 10.0


def event_frame(event: dict) -> str:
    return json.dumps(
        {"type": "event", "seq": event["seq"], "event": event["type"], "data": event["data"]},
        separators=(",", ":"),
    )


class Subscriber:
    """One live connection's outgoing queue. Producers ``push``; its writer calls ``take``."""

    def __init__(self, restaurant: str, role: str, limit: int = QUEUE_LIMIT) -> None:
        self.restaurant = restaurant
        self.role = role
        self.limit = limit
        self.lagging = False
        self.closed = False
        self._frames: deque[tuple[int, str]] = deque()
        self._ready = threading.Condition(threading.Lock())

    def push(self, frame: str, seq: int = 0) -> bool:
        """Queue a frame (``seq`` 0 for frames that are not events); False if dropped."""
        with self._ready:
            if self.closed:
                return False
            if len(self._frames) >= self.limit:
                self.lagging = True
                self.closed = True
                self._frames.clear()
                self._ready.notify()
                return False
            self._frames.append((seq, frame))
            self._ready.notify()
            return True

    def take(self, timeout: float | None = None) -> list[tuple[int, str]] | None:
        """Everything queued, waiting for at least one frame; None once closed and drained."""
        with self._ready:
            while not self._frames and not self.closed:
                if not self._ready.wait(timeout):
                    return []
            if not self._frames:
                return None
            frames = list(self._frames)
            self._frames.clear()
            return frames

    def close(self) -> None:
        with self._ready:
            self.closed = True
            self._ready.notify()


class Hub:
    def __init__(self, load: Callable[[str, int, int], list[dict]] | None = None) -> None:
        """``load(restaurant, after_seq, upto_seq)`` reads events this hub did not see."""
        self._load = load
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._last_seq: dict[str, int] = {}
        self._recent: deque[tuple[float, int]] = deque()

    def subscribe(self, restaurant: str, role: str, limit: int = QUEUE_LIMIT) -> Subscriber:
        sub = Subscriber(restaurant, role, limit)
        with self._lock:
            self._subscribers.setdefault(restaurant, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        sub.close()
        with self._lock:
            subs = self._subscribers.get(sub.restaurant)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subscribers[sub.restaurant]

    def publish(self, restaurant: str, events: list[dict]) -> None:
        if not events:
            return
        last = self._last_seq.get(restaurant)
        if last is not None and events[0]["seq"] > last + 1 and self._load is not None:
            events = self._load(restaurant, last, events[0]["seq"] - 1) + events
        self._last_seq[restaurant] = events[-1]["seq"]
        frames = [(e["seq"], event_frame(e)) for e in events]
        with self._lock:
            subs = list(self._subscribers.get(restaurant, ()))
            self._recent.append((time.monotonic(), len(events)))
        for sub in subs:
            for seq, frame in frames:
                if not sub.push(frame, seq):
                    break

    def connections(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {r: dict(Counter(s.role for s in subs)) for r, subs in self._subscribers.items()}

    def events_per_second(self) -> float:
        cutoff = time.monotonic() - RATE_WINDOW_S
        with self._lock:
            while self._recent and self._recent[0][0] < cutoff:
                self._recent.popleft()
            return round(sum(n for _, n in self._recent) / RATE_WINDOW_S, 2)
