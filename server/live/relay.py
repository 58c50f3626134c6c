"""The relay: every committed event reaches this process's hub once, in seq order, with no gap,
from whichever source has it first.

Three sources: this process's own commits (at once), the broker (events other processes
committed, published after their commit), and the log itself. Broker messages can come out of
order (two processes publish after commits that raced) or not at all (Redis restarted, a
publisher died between commit and publish), so the relay holds an early event for a short
reorder window, then reads what is still missing from the log by seq. Reading is always
possible: a restaurant's seq N is committed only after every seq below it (the write path's
row lock), so an event seen means every earlier one is in the log.

A message that never came is found by polling the log's ends (``latest``): often while the
broker is down or absent (then the log is the only way, slower but complete), seldom while it
is up, as a safety net. Only the log may move a restaurant past a seq it never delivered (a
pruned prefix).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

REORDER_WINDOW_S = 0.05
POLL_S = 1.0  # the broker is up: a message lost on the way is found within this
FALLBACK_POLL_S = 0.2  # no broker, or it is down: the log is the only way
PAGE = 1_000

Publish = Callable[[str, list[dict]], None]
Load = Callable[[str, int, int], list[dict]]  # (restaurant, after seq, at most n) -> events


class Relay:
    def __init__(
        self,
        publish: Publish,
        load: Load,
        latest: Callable[[], dict[str, int]],
        *,
        window_s: float = REORDER_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``publish``: the hub's; ``load(restaurant, after, n)``: up to n events after a seq,
        from the log; ``latest()``: every restaurant's last seq, from the log."""
        self._publish = publish
        self._load = load
        self._latest = latest
        self.window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._delivered: dict[str, int] = dict(latest())
        self._held: dict[str, dict[int, dict]] = {}
        self._gap_since: dict[str, float] = {}
        self.broker_up: bool | None = None  # None: no broker; the log is the way
        self.filled_from_log = 0  # events the broker did not bring in time, read from the log
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- sources ----------------------------------------------------------------------------

    def offer(self, restaurant: str, events: list[dict]) -> None:
        """Events from any source, in any order, seen before or not."""
        with self._lock:
            delivered = self._delivered.get(restaurant, 0)
            held = self._held.setdefault(restaurant, {})
            for event in events:
                if event["seq"] > delivered:
                    held[event["seq"]] = event
            run = []
            while delivered + 1 in held:
                delivered += 1
                run.append(held.pop(delivered))
            self._delivered[restaurant] = delivered
            if held:
                self._gap_since.setdefault(restaurant, self._clock())
                self._wake.set()
            else:
                self._gap_since.pop(restaurant, None)
                del self._held[restaurant]
            if run:
                # Under the lock: the hub receives each restaurant's events in seq order.
                self._publish(restaurant, run)

    def delivered(self, restaurant: str) -> int:
        with self._lock:
            return self._delivered.get(restaurant, 0)

    # -- the log, for what no message brought ------------------------------------------------

    def fill_gaps(self) -> int:
        """Read from the log what has been missing for longer than the window; how many."""
        now = self._clock()
        with self._lock:
            due = {
                r: (self._delivered.get(r, 0), min(self._held[r]))
                for r, since in self._gap_since.items()
                if now - since >= self.window_s
            }
        filled = 0
        for restaurant, (after, first_held) in due.items():
            filled += self._read_log(restaurant, after, first_held - 1)
        return filled

    def poll(self) -> int:
        """Compare every restaurant's end of log with what was delivered; read what is
        missing. How many events that found."""
        ends = self._latest()
        found = 0
        for restaurant, last in ends.items():
            after = self.delivered(restaurant)
            if last > after:
                found += self._read_log(restaurant, after, last)
        return found

    def _read_log(self, restaurant: str, after: int, upto: int) -> int:
        read = 0
        while after < upto:
            events = self._load(restaurant, after, min(PAGE, upto - after))
            if not events:
                return read
            if events[0]["seq"] > after + 1:  # a pruned prefix: the log says it is gone
                with self._lock:
                    if self._delivered.get(restaurant, 0) == after:
                        self._delivered[restaurant] = events[0]["seq"] - 1
            self.offer(restaurant, events)
            read += len(events)
            self.filled_from_log += len(events)
            after = events[-1]["seq"]
        return read

    # -- the thread that does both ------------------------------------------------------------

    def ensure_running(self) -> None:
        # Started on first use: gunicorn forks after the app is built; threads do not survive.
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="relay", daemon=True)
                self._thread.start()

    def poll_interval(self) -> float:
        return POLL_S if self.broker_up else FALLBACK_POLL_S

    def _run(self) -> None:
        next_poll = 0.0
        while True:
            with self._lock:
                gaps = list(self._gap_since.values())
            now = self._clock()
            deadline = min([next_poll, *(since + self.window_s for since in gaps)])
            if deadline > now:
                self._wake.wait(deadline - now)
                self._wake.clear()
            try:
                self.fill_gaps()
                if self._clock() >= next_poll:
                    next_poll = self._clock() + self.poll_interval()
                    self.poll()
            except Exception:  # the database is down: the next turn tries again
                log.warning("relay could not read the log", exc_info=True)
                time.sleep(self.poll_interval())
