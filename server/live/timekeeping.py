"""What the live loop does by the clock rather than by a socket's readiness: ping every joined
socket once an interval, and look again at the few sockets waiting on time (a hello, a flush,
a close). Both only say what is due (``Verdict``); the hub, which owns every send, carries it out.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator

from .subscriber import Subscriber

SWEEP_S = 0.5
PING_TICK_S = 0.25
DRAIN_S = 3.0  # after our close frame, the peer's answer is awaited this long
BACKLOG_WAIT_S = 30.0  # a peer that cannot take one page of backlog in this time is dropped

PING = "ping"  # send it a ping
DEAD = "dead"  # drop it at once: it stopped answering, or never answered our close
SILENT = "silent"  # it connected and said nothing: its handler decides
Verdict = tuple[Subscriber, str]


class Heartbeat:
    """Every joined socket pinged once an interval, a slice each tick: ten thousand pings at
    once would stall the loop (and every event behind them) for tens of milliseconds."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self.tick_s = min(PING_TICK_S, interval_s)
        self._round: deque[Subscriber] = deque()  # still to ping in this interval
        self._slice = 0
        self._round_due = 0.0

    def due(self, now: float, joined: Callable[[], list[Subscriber]]) -> Iterator[Verdict]:
        if not self._round:
            if now < self._round_due:
                return
            self._round = deque(joined())
            self._round_due = now + self.interval_s
            self._slice = math.ceil(len(self._round) / max(1.0, self.interval_s / self.tick_s))
        for _ in range(min(self._slice, len(self._round))):
            sub = self._round.popleft()
            if sub.closed or sub._ending or sub.catching_up:
                continue
            if sub.pinged_at and not sub.pong_received:
                if now - sub.pinged_at >= self.interval_s:
                    yield sub, DEAD  # silent a whole interval
                continue  # pinged late in the last round: it has the rest of an interval
            sub.pinged_at = now
            sub.pong_received = False
            yield sub, PING


class Watch:
    """The sockets the sweep must look at (a hello, a flush or a close awaited): not all ten
    thousand twice a second, which would hold the GIL for milliseconds each time."""

    def __init__(self) -> None:
        self._subs: set[Subscriber] = set()

    def add(self, sub: Subscriber) -> None:
        self._subs.add(sub)

    def discard(self, sub: Subscriber) -> None:
        self._subs.discard(sub)

    def sweep(self, now: float) -> Iterator[Verdict]:
        for sub in list(self._subs):
            if sub.released:
                self._subs.discard(sub)
                continue
            if sub.closed or sub._ending:
                if now - sub.closed_at > DRAIN_S:  # the peer never answered our close
                    yield sub, DEAD
                continue
            if sub.silent_by and not sub.heard and now >= sub.silent_by:
                sub.silent_by = 0.0
                yield sub, SILENT
            if sub._waiters and now - sub._waiters[0][1] > BACKLOG_WAIT_S:
                yield sub, DEAD
            elif not sub._waiters and (sub.heard or not sub.silent_by):
                self._subs.discard(sub)
