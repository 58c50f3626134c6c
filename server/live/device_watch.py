"""The watcher: twice a second, the server catches up with revocations other processes wrote
to the device registry (events they committed reach the screens through the relay). Once an
hour it asks whether a day has passed since the last pruning (``store.retention``).

It notices revocations made by any process (the API, ``passline devices revoke``, a PIN change)
and ends the live sockets of revoked devices with 4401, ends sockets whose access token expired
(the device renews and reconnects), and writes the devices' last-seen times in one transaction.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from domain.protocol import CLOSE_UNAUTHORIZED

from ..access.devices import Devices
from .hub import Hub

log = logging.getLogger(__name__)

INTERVAL_S = 0.5
WRITE_SEEN_EVERY_S = 5.0
# Marking every socket's device as heard from is a pass over all of them (ten thousand in a
# process): every few seconds, not every turn; the writes go out every WRITE_SEEN_EVERY_S.
MARK_SEEN_EVERY_S = 4.0
DAILY_CHECK_S = 3600.0  # one transaction for every device heard from meanwhile


class Watcher:
    def __init__(
        self, devices: Devices, hub: Hub, interval_s: float = INTERVAL_S,
        daily: Callable[[], None] = lambda: None,
        started: tuple[Callable[[], None], ...] = (),
    ) -> None:  # fmt: skip
        self.started = started  # the process's other threads (relay, broker), started with it
        self.devices = devices
        self.hub = hub
        self.daily = daily
        self._next_daily_check = 0.0
        self.interval_s = interval_s
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._seen_written = time.monotonic()
        self._seen_marked = float("-inf")
        self._next_expiry = float("-inf")  # when the soonest token seen runs out (Unix time)

    def ensure_running(self) -> None:
        # Started on first use: gunicorn forks after the app is built; threads do not survive.
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                for start in self.started:
                    start()
                self.devices.refresh()  # the generations as they are now
                self._thread = threading.Thread(target=self._run, name="device-watch", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.interval_s)
            try:
                self.turn()
            except Exception:  # a failed turn (a locked database) is retried by the next one
                log.exception("device watch turn failed")

    def turn(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        for restaurant in self.devices.refresh():
            self.sweep(restaurant)
        marking = time.monotonic() - self._seen_marked >= MARK_SEEN_EVERY_S
        if marking or now >= min(self._next_expiry, self.hub.registry.soonest_expiry):
            self._pass(now, marking)
        if time.monotonic() >= self._next_daily_check:
            self._next_daily_check = time.monotonic() + DAILY_CHECK_S
            self.daily()
        if time.monotonic() - self._seen_written >= WRITE_SEEN_EVERY_S:
            self._seen_written = time.monotonic()
            self.devices.write_seen()

    def _pass(self, now: float, marking: bool) -> None:
        """One look at every socket (ten thousand in a process): end those whose token ran
        out, note when the next one will, and (``marking``) note every device heard from. A
        socket that joins between passes brings its own token's end
        (``Registry.soonest_expiry``)."""
        heard: set[tuple[str, str]] = set()
        soonest = float("inf")
        self.hub.registry.soonest_expiry = soonest  # before the look: a later join lowers it again
        for sub in self.hub.subscribers():
            if sub.closed:
                continue
            if sub.expires_at and now >= sub.expires_at:
                self.hub.end(sub, CLOSE_UNAUTHORIZED, "token_expired")
                continue
            if sub.expires_at:
                soonest = min(soonest, sub.expires_at)
            if marking and sub.device:
                heard.add((sub.restaurant, sub.device))
        self._next_expiry = soonest
        if marking:
            self._seen_marked = time.monotonic()
            for restaurant, device in heard:  # many screens, few devices: each once
                self.devices.seen(restaurant, device)

    def sweep(self, restaurant: str) -> int:
        """End the sockets of ``restaurant``'s revoked devices; how many were ended."""
        subs = [s for s in self.hub.subscribers() if s.restaurant == restaurant and not s.closed]
        gone = self.devices.ended_among(restaurant, {s.device for s in subs if s.device})
        ended = 0
        for sub in subs:
            if sub.device in gone:
                self.hub.end(sub, CLOSE_UNAUTHORIZED, gone[sub.device].code)
                ended += 1
        return ended
