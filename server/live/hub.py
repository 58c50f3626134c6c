"""Fan-out of committed events to live subscribers from one thread that never blocks.

Every byte the server sends on a live socket after the hello goes through the hub's one fan-out
thread, with non-blocking sends (``MSG_DONTWAIT``). A healthy subscriber costs one ``send`` per
event, with no thread to wake. Bytes a subscriber's kernel buffer does not take are kept in
its own bounded pending queue and flushed when its socket turns writable. A subscriber that
reaches the bound is lagging: it is cut off and resumes from its cursor. No one else waits.

Ordering: a new subscriber first receives its backlog from the log (sent by its connection
thread through ``send``), while live frames for it are held; when the backlog is done the held
frames follow, and the subscriber's cursor drops anything it already has. Events arrive from the
relay in seq order with no gap, whichever process committed them.

The thread also sends socket-level pings and drops peers that stop answering them: owning every
send is what keeps a ping from landing inside a half-sent frame. (simple-websocket's reader
thread still answers a client's own pings; browsers send none.)
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Callable

from .frames import event_frame

QUEUE_LIMIT = 2_000  # frames a subscriber may have waiting before it counts as lagging
# ...and bytes: a peer that sends and never reads must not make the server hold its answers.
QUEUE_BYTES = 1024 * 1024
RATE_WINDOW_S = 10.0
PING_FRAME = struct.pack("!BB", 0x89, 0)  # FIN + ping opcode, empty payload

log = logging.getLogger(__name__)
Frames = list[tuple[int, bytes]]  # (seq or 0 for non-event frames, encoded frame)


class Subscriber:
    """One live connection as the fan-out thread sees it. Only that thread touches the
    delivery state; other threads read ``closed``, ``lagging`` and ``cursor``."""

    def __init__(
        self,
        restaurant: str,
        role: str,
        sock: socket.socket,
        limit: int,
        on_lagging: Callable[[bool], None] | None = None,
        answered_ping: Callable[[], bool] | None = None,
        device: str = "",
        expires_at: float = 0.0,
        scope: Callable[[dict], dict] | None = None,
    ) -> None:
        self.restaurant = restaurant
        self.scope = scope  # what this peer may see of an event (a kiosk: its own orders)
        self.role = role
        self.device = device  # the device's id: a revoked device's sockets are ended
        self.expires_at = expires_at  # its access token's end (Unix time), 0 for never
        self.sock = sock
        self.limit = limit
        self.on_lagging = on_lagging
        self.answered_ping = answered_ping
        self.cursor = 0
        self.closed = False
        self.lagging = False
        self.catching_up = True
        self.awaiting_pong = False
        self._held: Frames = []
        self._pending: deque[bytes] = deque()
        self._pending_bytes = 0  # held and pending, together
        self.byte_limit = QUEUE_BYTES
        self._partial = False  # the head of _pending is the rest of a half-sent frame
        self._ending = False  # a close frame is queued: shut down once it is sent
        self._waiters: list[threading.Event] = []


class Hub:
    def __init__(self, ping_interval_s: float | None = 25.0) -> None:
        self.ping_interval_s = ping_interval_s
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._recent: deque[tuple[float, int]] = deque()
        # Per restaurant, when its kitchen screens last came or went: the floor shows it.
        self.kitchen_status: dict[str, dict] = {}
        self._work: deque[tuple] = deque()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._thread: threading.Thread | None = None

    # -- called from request and connection threads -------------------------------------------

    def subscribe(
        self,
        restaurant: str,
        role: str,
        sock: socket.socket,
        limit: int = QUEUE_LIMIT,
        on_lagging: Callable[[bool], None] | None = None,
        answered_ping: Callable[[], bool] | None = None,
        device: str = "",
        expires_at: float = 0.0,
        scope: Callable[[dict], dict] | None = None,
    ) -> Subscriber:
        sub = Subscriber(
            restaurant, role, sock, limit, on_lagging, answered_ping, device, expires_at, scope
        )
        with self._lock:
            self._subscribers.setdefault(restaurant, set()).add(sub)
        self._ensure_thread()
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            subs = self._subscribers.get(sub.restaurant)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subscribers[sub.restaurant]
        self._submit(("close", sub))

    def end(self, sub: Subscriber, code: int, reason: str) -> None:
        """Close ``sub`` with ``code``: a close frame after what is queued for it, then the
        socket is shut down (its connection thread then sees the close and cleans up)."""
        payload = struct.pack("!H", code) + reason.encode()[:123]
        self._submit(("end", sub, struct.pack("!BB", 0x88, len(payload)) + payload))

    def subscribers(self) -> list[Subscriber]:
        with self._lock:
            return [s for group in self._subscribers.values() for s in group]

    def send(self, sub: Subscriber, frames: Frames, *, caught_up: bool = False) -> None:
        """Queue frames for one subscriber, after everything queued before them.

        ``caught_up`` ends the backlog: live frames held meanwhile follow.
        """
        self._submit(("direct", sub, frames, caught_up, None))

    def send_and_wait(self, sub: Subscriber, frames: Frames, timeout: float) -> bool:
        """Like ``send``, then wait until the subscriber's kernel buffer took all of it.
        False if it did not in ``timeout`` or the subscriber was dropped."""
        done = threading.Event()
        self._submit(("direct", sub, frames, False, done))
        return done.wait(timeout) and not sub.closed

    def publish(self, restaurant: str, events: list[dict]) -> None:
        """A restaurant's next events, in seq order with no gap (the relay sees to it)."""
        if not events:
            return
        frames = [(e["seq"], event_frame(e)) for e in events]
        with self._lock:
            self._recent.append((time.monotonic(), len(events)))
            if restaurant not in self._subscribers:
                return
        self._submit(("publish", restaurant, frames, events))

    def connections(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {r: dict(Counter(s.role for s in subs)) for r, subs in self._subscribers.items()}

    def events_per_second(self) -> float:
        cutoff = time.monotonic() - RATE_WINDOW_S
        with self._lock:
            while self._recent and self._recent[0][0] < cutoff:
                self._recent.popleft()
            return round(sum(n for _, n in self._recent) / RATE_WINDOW_S, 2)

    def _submit(self, item: tuple) -> None:
        self._work.append(item)
        # A full wake-up pipe means the thread is awake already.
        with contextlib.suppress(BlockingIOError):
            self._wake_w.send(b"\0")

    def _ensure_thread(self) -> None:
        # Started on first use, not in the constructor: gunicorn may fork after the app is built,
        # and a thread does not survive a fork.
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hub-fanout", daemon=True)
                self._thread.start()

    # -- the fan-out thread ---------------------------------------------------------------------

    def _run(self) -> None:
        next_ping = time.monotonic() + (self.ping_interval_s or 0)
        while True:
            try:
                next_ping = self._turn(next_ping)
            except Exception:  # this thread is every screen's lifeline: log, never die
                log.exception("fan-out turn failed")

    def _turn(self, next_ping: float) -> float:
        """Wait for work or writable sockets, then do it; returns the next ping time."""
        poller = select.poll()
        poller.register(self._wake_r, select.POLLIN)
        waiting = {}
        with self._lock:
            subs = [s for group in self._subscribers.values() for s in group]
        for sub in subs:
            if sub._pending and not sub.closed:
                fd = sub.sock.fileno()
                if fd >= 0:
                    waiting[fd] = sub
                    poller.register(fd, select.POLLOUT)
        timeout_ms = None
        if self.ping_interval_s:
            timeout_ms = max(0, int((next_ping - time.monotonic()) * 1000))
        for fd, _ in poller.poll(timeout_ms):
            if fd in waiting:
                self._flush(waiting[fd])
        try:
            while self._wake_r.recv(4096):
                pass
        except BlockingIOError:
            pass
        while self._work:
            self._handle(self._work.popleft())
        if self.ping_interval_s and time.monotonic() >= next_ping:
            self._heartbeat(subs)
            next_ping = time.monotonic() + self.ping_interval_s
        return next_ping

    def _handle(self, item: tuple) -> None:
        kind = item[0]
        if kind == "publish":
            _, restaurant, shared, events = item
            with self._lock:
                subs = list(self._subscribers.get(restaurant, ()))
            for sub in subs:
                try:
                    frames = shared
                    if sub.scope is not None:  # encoded for this peer alone
                        frames = [(e["seq"], event_frame(sub.scope(e))) for e in events]
                    if sub.catching_up:
                        sub._held.extend(frames)
                        sub._pending_bytes += sum(len(f) for _, f in frames)
                        if len(sub._held) > sub.limit or sub._pending_bytes > sub.byte_limit:
                            self._drop(sub, lagging=True)
                        continue
                    for seq, frame in frames:
                        self._deliver(sub, seq, frame)
                except Exception:  # one broken subscriber must not cost the others this event
                    log.exception("dropping a subscriber that failed")
                    self._drop(sub, lagging=False)
                    with contextlib.suppress(Exception):
                        sub.sock.shutdown(socket.SHUT_RDWR)
        elif kind == "direct":
            _, sub, frames, caught_up, done = item
            for seq, frame in frames:
                self._deliver(sub, seq, frame)
            if caught_up and not sub.closed:
                sub.catching_up = False
                held, sub._held = sub._held, []
                sub._pending_bytes -= sum(len(f) for _, f in held)
                for seq, frame in held:
                    self._deliver(sub, seq, frame)
            if done is not None:
                if sub._pending and not sub.closed:
                    sub._waiters.append(done)
                else:
                    done.set()
        elif kind == "close":
            self._drop(item[1], lagging=False)
        elif kind == "end":
            _, sub, frame = item
            if sub.closed or sub._ending:
                return
            sub._pending_bytes -= sum(len(f) for _, f in sub._held)
            sub._held.clear()  # nothing more after the close frame
            sub.catching_up = False
            self._deliver(sub, 0, frame)
            sub._ending = True
            if not sub._pending:
                self._finish(sub)

    def _deliver(self, sub: Subscriber, seq: int, frame: bytes) -> None:
        if sub.closed or sub._ending:  # nothing goes after a close frame
            return
        if seq:
            if seq <= sub.cursor:
                return  # already sent: the backlog and the live stream overlap by design
            sub.cursor = seq
        if sub._pending:
            sub._pending.append(frame)
            sub._pending_bytes += len(frame)
            if len(sub._pending) > sub.limit or sub._pending_bytes > sub.byte_limit:
                self._drop(sub, lagging=True)
            return
        sent = self._send(sub, frame)
        if sent is not None and sent < len(frame):
            sub._pending.append(frame[sent:])
            sub._pending_bytes += len(frame) - sent
            sub._partial = sent > 0

    def _flush(self, sub: Subscriber) -> None:
        while sub._pending and not sub.closed:
            head = sub._pending[0]
            sent = self._send(sub, head)
            if sent is None:
                return
            sub._pending_bytes -= sent
            if sent < len(head):
                sub._pending[0] = head[sent:]
                sub._partial = True
                return
            sub._pending.popleft()
            sub._partial = False
        if sub._ending:
            self._finish(sub)
        for done in sub._waiters:
            done.set()
        sub._waiters.clear()

    def _send(self, sub: Subscriber, data: bytes) -> int | None:
        """Bytes the kernel took (0 if its buffer is full), or None if the peer is gone."""
        try:
            return sub.sock.send(data, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return 0
        except OSError:
            self._drop(sub, lagging=False)
            return None

    def _finish(self, sub: Subscriber, *, hard: bool = False) -> None:
        """The close frame is out: shut our side for writing only. Shutting both sides while
        the peer's frames sit unread would send a reset, and the peer would lose the close
        frame; the connection thread reads on until the peer's close, or gives up."""
        self._drop(sub, lagging=False)
        with contextlib.suppress(OSError):
            sub.sock.shutdown(socket.SHUT_RDWR if hard else socket.SHUT_WR)

    def _heartbeat(self, subs: list[Subscriber]) -> None:
        for sub in subs:
            if sub._ending and not sub.closed:
                self._finish(sub, hard=True)  # its close frame did not go out in an interval
                continue
            if sub.closed or sub.catching_up:
                continue
            if sub.awaiting_pong and sub.answered_ping is not None and not sub.answered_ping():
                self._drop(sub, lagging=False)  # silent for a whole interval: a dead peer
                with contextlib.suppress(OSError):
                    sub.sock.shutdown(socket.SHUT_RDWR)
                continue
            sub.awaiting_pong = True
            self._deliver(sub, 0, PING_FRAME)

    def _drop(self, sub: Subscriber, *, lagging: bool) -> None:
        if sub.closed:
            return
        sub.closed = True
        sub.lagging = lagging
        mid_frame = sub._partial
        sub._pending.clear()
        sub._held.clear()
        sub._pending_bytes = 0
        for done in sub._waiters:
            done.set()
        sub._waiters.clear()
        if lagging and sub.on_lagging is not None:
            sub.on_lagging(mid_frame)
