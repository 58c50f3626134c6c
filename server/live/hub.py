"""Every live socket of this process on one loop thread that never blocks.

The loop owns each socket once its handshake is done (``adopt``): it reads and parses what the
peer sends (wsproto, sans-I/O), hands whole messages to the socket's handler, and sends every
byte the server sends, with non-blocking sends. No thread waits on a socket, so a socket costs
its buffers and a few objects, not a thread: ten thousand screens fit in one process. The work
a message asks for (the database) is done by the connection's steps on a small pool (``serial``).

Fan-out: a committed event is encoded once and costs a healthy subscriber one ``send``. Bytes a
subscriber's kernel buffer does not take are kept in its own bounded pending queue and flushed
when its socket turns writable. A subscriber that reaches the bound is lagging: it is cut off and
resumes from its cursor. No one else waits.

Ordering: a new subscriber first receives its backlog from the log (sent by its connection's
steps through ``send``), while live frames for it are held; when the backlog is done the held
frames follow, and the subscriber's cursor drops anything it already has. Events arrive from the
relay in seq order with no gap, whichever process committed them.

The loop also answers the peer's pings, sends its own and drops peers that stop answering them
(owning every send keeps a ping from landing inside a half-sent frame), closes sockets that say
nothing after connecting, and finishes the closing handshake; what is due by the clock is
``timekeeping``'s to say.
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

from wsproto.connection import ConnectionState

from domain.protocol import CLOSE_LAGGING

from . import reading
from .frames import PING_FRAME, close_frame, event_frame
from .registry import Registry
from .subscriber import GONE, LAGGING, SENT, WAITING, Frames, Subscriber
from .timekeeping import DEAD, PING, SILENT, SWEEP_S, Heartbeat, Verdict, Watch

QUEUE_LIMIT = 2_000  # frames a subscriber may have waiting before it counts as lagging
# ...and bytes: a peer that sends and never reads must not make the server hold its answers.
QUEUE_BYTES = 1024 * 1024
READ_BYTES = 65_536

log = logging.getLogger(__name__)


class Hub:
    def __init__(self, ping_interval_s: float | None = 25.0) -> None:
        self.ping_interval_s = ping_interval_s
        self._lock = threading.Lock()
        self.registry = Registry()  # the joined ones, by restaurant
        self._all: set[Subscriber] = set()  # every adopted socket (the loop's own)
        self._watched = Watch()
        self._heartbeat = Heartbeat(ping_interval_s) if ping_interval_s else None
        # Per restaurant, when its kitchen screens last came or went: the floor shows it.
        self.kitchen_status: dict[str, dict] = {}
        self._work: deque[tuple] = deque()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._selector: selectors.BaseSelector | None = None
        self._thread: threading.Thread | None = None

    # -- called from request and connection threads -------------------------------------------

    def adopt(self, sub: Subscriber) -> Subscriber:
        """Take a socket whose handshake is done: from now on only the loop reads and writes it."""
        with contextlib.suppress(OSError):
            sub.sock.setblocking(False)
        self._submit(("adopt", sub))
        self._ensure_thread()
        return sub

    def join(self, sub: Subscriber) -> None:
        """From now on ``sub`` hears its restaurant's events (held until it is caught up); its
        identity is set first (``Subscriber.join``)."""
        self.registry.add(sub)

    def subscribe(
        self,
        restaurant: str,
        role: str,
        sock: socket.socket,
        limit: int = QUEUE_LIMIT,
        on_lagging: Callable[[bool], None] | None = None,
        device: str = "",
        expires_at: float = 0.0,
        scope: Callable[[dict], dict] | None = None,
    ) -> Subscriber:
        """``adopt`` and ``join`` at once, for a socket with nothing to say (tests, benches)."""
        sub = self.adopt(Subscriber(sock, limit=limit))
        sub.join(restaurant, role, device, expires_at, scope, on_lagging)
        self.join(sub)
        return sub

    def end(self, sub: Subscriber, code: int, reason: str) -> None:
        """Close ``sub`` with ``code``: a close frame after what is queued for it, then the
        socket is shut down for writing, and closed once the peer answers (or ``DRAIN_S``)."""
        self._submit(("end", sub, close_frame(code, reason)))

    def subscribers(self) -> list[Subscriber]:
        return self.registry.all()

    def sockets(self) -> int:
        """Sockets this process holds, joined or not."""
        return len(self._all)

    def send(
        self,
        sub: Subscriber,
        frames: Frames,
        *,
        caught_up: bool = False,
        on_flushed: Callable[[], None] | None = None,
    ) -> None:
        """Queue frames for one subscriber, after everything queued before them.

        ``caught_up`` ends the backlog: live frames held meanwhile follow. ``on_flushed`` is
        called (on the loop thread) once the kernel took all of it, or the subscriber is gone.
        """
        self._submit(("direct", sub, frames, caught_up, on_flushed))

    def publish(self, restaurant: str, events: list[dict]) -> None:
        """A restaurant's next events, in seq order with no gap (the relay sees to it)."""
        if not events:
            return
        frames = [(e["seq"], event_frame(e)) for e in events]
        if self.registry.published(restaurant, len(events)):
            self._submit(("publish", restaurant, frames, events))

    def connections(self) -> dict[str, dict[str, int]]:
        return self.registry.connections()

    def events_per_second(self) -> float:
        return self.registry.events_per_second()

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
                self._selector = selectors.DefaultSelector()
                self._selector.register(self._wake_r, selectors.EVENT_READ, None)
                self._thread = threading.Thread(target=self._run, name="live-loop", daemon=True)
                self._thread.start()

    # -- the loop thread ------------------------------------------------------------------------

    def _run(self) -> None:
        now = time.monotonic()
        next_ping = now + (self._heartbeat.tick_s if self._heartbeat else 0)
        next_sweep = now + SWEEP_S
        while True:
            try:
                next_ping, next_sweep = self._turn(next_ping, next_sweep)
            except Exception:  # this thread is every screen's lifeline: log, never die
                log.exception("live loop turn failed")

    def _turn(self, next_ping: float, next_sweep: float) -> tuple[float, float]:
        """Wait for work or ready sockets, then do it; returns the next ping and sweep times."""
        assert self._selector is not None
        due = min(next_ping, next_sweep) if self._heartbeat else next_sweep
        for key, mask in self._selector.select(max(0.0, due - time.monotonic())):
            sub = key.data
            if sub is None:
                with contextlib.suppress(BlockingIOError):
                    while self._wake_r.recv(4096):
                        pass
                continue
            if mask & selectors.EVENT_WRITE and not sub.released:
                self._flush(sub)
            if mask & selectors.EVENT_READ and not sub.released:
                self._read(sub)
        while self._work:
            self._handle(self._work.popleft())
        now = time.monotonic()
        if now >= next_sweep:
            self._carry_out(self._watched.sweep(now))
            next_sweep = now + SWEEP_S
        if self._heartbeat and now >= next_ping:
            self._carry_out(self._heartbeat.due(now, self.registry.all))
            next_ping = now + self._heartbeat.tick_s
        return next_ping, next_sweep

    def _carry_out(self, verdicts: Iterator[Verdict]) -> None:
        for sub, verdict in verdicts:
            if verdict == PING:
                self._deliver(sub, 0, PING_FRAME)
            elif verdict == DEAD:
                self._drop(sub, lagging=False, hard=True)
            elif verdict == SILENT and sub.handler is not None:
                sub.handler.on_silent()

    def _handle(self, item: tuple) -> None:
        kind = item[0]
        if kind == "publish":
            _, restaurant, shared, events = item
            subs = self.registry.of(restaurant)
            for sub in subs:
                try:
                    frames = shared
                    if sub.scope is not None:  # encoded for this peer alone
                        frames = [(e["seq"], event_frame(sub.scope(e))) for e in events]
                    if sub.catching_up:
                        if not sub.hold(frames):
                            self._drop(sub, lagging=True)
                        continue
                    for seq, frame in frames:
                        self._deliver(sub, seq, frame)
                except Exception:  # one broken subscriber must not cost the others this event
                    log.exception("dropping a subscriber that failed")
                    self._drop(sub, lagging=False, hard=True)
        elif kind == "direct":
            _, sub, frames, caught_up, on_flushed = item
            for seq, frame in frames:
                self._deliver(sub, seq, frame)
            if caught_up and not sub.closed:
                sub.catching_up = False
                for seq, frame in sub.take_held():
                    self._deliver(sub, seq, frame)
            if on_flushed is not None:
                if sub._pending and not sub.closed:
                    sub._waiters.append((on_flushed, time.monotonic()))
                    self._watched.add(sub)
                else:
                    on_flushed()
        elif kind == "adopt":
            self._adopt(item[1])
        elif kind == "end":
            self._end(item[1], item[2])

    def _adopt(self, sub: Subscriber) -> None:
        assert self._selector is not None
        try:
            self._selector.register(sub.sock, selectors.EVENT_READ, sub)
        except (ValueError, OSError):  # closed before the loop got to it
            self._drop(sub, lagging=False)
            self._release(sub)
            return
        self._all.add(sub)
        if sub.silent_by:
            self._watched.add(sub)

    def _end(self, sub: Subscriber, frame: bytes) -> None:
        if sub.closed or sub._ending:
            return
        sub.take_held()  # nothing more after the close frame
        sub.catching_up = False
        self._deliver(sub, 0, frame)
        sub._ending = True
        sub.closed_at = time.monotonic()
        self._watched.add(sub)
        if not sub._pending:
            self._finish(sub)

    def _read(self, sub: Subscriber) -> None:
        try:
            data = sub.sock.recv(READ_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the peer is gone, or we shut the socket down
            self._release(sub)
            return
        heard = reading.take(sub, data)
        for frame in heard.replies:
            self._deliver(sub, 0, frame)
        for message in heard.messages:
            if sub.handler is None or sub.closed or sub._ending:
                break
            try:
                sub.handler.on_message(message)
            except Exception:
                log.exception("live: a handler failed on a message")
                self._end(sub, close_frame(1011, "internal error"))
        if heard.close is not None:
            self._end(sub, heard.close)
        if heard.done:
            self._release(sub)

    def _deliver(self, sub: Subscriber, seq: int, frame: bytes) -> None:
        self._after(sub, sub.put(seq, frame))

    def _flush(self, sub: Subscriber) -> None:
        if self._after(sub, sub.flush()) != SENT:
            return
        self._want_write(sub, False)
        if sub._ending and not sub.closed:
            self._finish(sub)
        self._flushed(sub)

    def _after(self, sub: Subscriber, outcome: str) -> str:
        if outcome == WAITING:
            self._want_write(sub, True)
        elif outcome == LAGGING:
            self._drop(sub, lagging=True)
        elif outcome == GONE:
            self._drop(sub, lagging=False, hard=True)
        return outcome

    def _flushed(self, sub: Subscriber) -> None:
        waiters, sub._waiters = sub._waiters, []
        for done, _ in waiters:
            try:
                done()
            except Exception:
                log.exception("live: a flush callback failed")

    def _want_write(self, sub: Subscriber, on: bool) -> None:
        if sub.writing == on or sub.released or sub not in self._all:
            return
        assert self._selector is not None
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if on else 0)
        try:
            self._selector.modify(sub.sock, events, sub)
            sub.writing = on
        except (ValueError, KeyError, OSError):
            self._drop(sub, lagging=False, hard=True)

    def _finish(self, sub: Subscriber) -> None:
        """The close frame is out: shut our side for writing only. Shutting both sides while
        the peer's frames sit unread would send a reset, and the peer would lose the close
        frame; the loop reads on until the peer's close, or ``DRAIN_S``."""
        self._drop(sub, lagging=False)
        if sub.ws.state is not ConnectionState.OPEN:  # the peer closed first: that was the reply
            self._release(sub)
            return
        with contextlib.suppress(OSError):
            sub.sock.shutdown(socket.SHUT_WR)

    def _drop(self, sub: Subscriber, *, lagging: bool, hard: bool = False) -> None:
        """Nothing more is sent to ``sub``. ``hard``: the socket goes at once, no handshake."""
        if not sub.closed:
            sub.closed = True
            sub.closed_at = time.monotonic()
            self._watched.add(sub)
            sub.lagging = lagging
            mid_frame = sub._partial
            sub.forget()
            self._flushed(sub)
            if lagging:
                if not mid_frame:  # a close frame inside a half-sent frame would corrupt it
                    with contextlib.suppress(OSError):
                        sub.sock.send(close_frame(CLOSE_LAGGING, "too far behind; resume from"
                                                  " cursor"), socket.MSG_DONTWAIT)  # fmt: skip
                hard = True
                if sub.on_lagging is not None:
                    sub.on_lagging(mid_frame)
        if hard:
            with contextlib.suppress(OSError):
                sub.sock.shutdown(socket.SHUT_RDWR)
            self._release(sub)

    def _release(self, sub: Subscriber) -> None:
        """The socket is closed and forgotten; its handler hears it last."""
        if sub.released:
            return
        self._drop(sub, lagging=False)
        self.registry.release(sub)
        self._watched.discard(sub)
        if sub in self._all:
            self._all.discard(sub)
            assert self._selector is not None
            with contextlib.suppress(KeyError, ValueError, OSError):
                self._selector.unregister(sub.sock)
        with contextlib.suppress(OSError):
            sub.sock.close()
        if sub.handler is not None:
            try:
                sub.handler.on_closed()
            except Exception:
                log.exception("live: a handler failed on close")
