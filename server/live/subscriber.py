"""One live socket as the hub's loop sees it: what is queued to send, and what came in.

Only the loop thread touches the delivery and reading state; other threads read ``closed``,
``lagging``, ``cursor`` and the identity (``restaurant``, ``role``, ``device``), which are set
before the subscriber joins its restaurant. Slots, not a dict: ten thousand of these live in
one process.
"""

from __future__ import annotations

import socket
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from wsproto.connection import Connection, ConnectionType

Frames = list[tuple[int, bytes]]  # (seq or 0 for non-event frames, encoded frame)

# What became of a frame put, or of a flush: all of it went (or nothing was owed); some waits
# for the socket to turn writable; the queue is over its bound; the peer is gone.
SENT, WAITING, LAGGING, GONE = "sent", "waiting", "lagging", "gone"


class Handler(Protocol):
    """What owns a socket's conversation (``connection.LiveConnection``). Called on the loop
    thread, so each must return at once (hand real work to the connection's ``Serial``)."""

    def on_message(self, message: str | bytes) -> None: ...

    def on_silent(self) -> None: ...  # no first message in the time allowed

    def on_closed(self) -> None: ...  # the socket is gone: called once, last


class Subscriber:
    __slots__ = (
        "__weakref__", "_ending", "_held", "_partial", "_pending", "_pending_bytes", "_waiters",
        "byte_limit", "catching_up", "closed", "closed_at", "cursor", "device", "expires_at",
        "handler", "heard", "lagging", "limit", "max_message", "message", "message_size",
        "on_lagging", "pinged_at", "pong_received", "released", "restaurant", "role", "scope",
        "silent_by", "sock", "writing", "ws",
    )  # fmt: skip

    def __init__(
        self,
        sock: socket.socket,
        handler: Handler | None = None,
        limit: int = 2_000,
        byte_limit: int = 1024 * 1024,
        max_message: int = 1024 * 1024,
        silent_s: float = 0.0,
    ) -> None:
        """``silent_s``: the handler hears ``on_silent`` if no message comes in that time."""
        self.restaurant = ""  # set when it joins (after the hello)
        self.role = ""
        self.device = ""  # the device's id: a revoked device's sockets are ended
        self.expires_at = 0.0  # its access token's end (Unix time), 0 for never
        self.scope: Callable[[dict], dict] | None = None  # what this peer may see of an event
        self.sock = sock
        self.limit = limit
        self.byte_limit = byte_limit
        self.on_lagging: Callable[[bool], None] | None = None
        self.handler = handler
        self.cursor = 0
        self.closed = False  # nothing more is sent
        self.lagging = False
        self.catching_up = True
        self.pinged_at = 0.0  # when our unanswered ping went out (monotonic), 0 for none
        self.pong_received = False
        # The reading side: wsproto parses (masks, fragments, control frames, UTF-8).
        self.ws = Connection(ConnectionType.SERVER)
        self.message: list = []  # the fragments of a message still arriving
        self.message_size = 0
        self.max_message = max_message
        self.heard = False  # a first message came
        # When that first message is due (monotonic), 0 for never.
        self.silent_by = time.monotonic() + silent_s if silent_s else 0.0
        self.closed_at = 0.0
        self.released = False  # the socket is closed and the handler told
        self.writing = False  # registered for writability: bytes wait in _pending
        self._held: Frames = []  # live frames while the backlog goes out
        self._pending: deque[bytes] = deque()
        self._pending_bytes = 0  # held and pending, together
        self._partial = False  # the head of _pending is the rest of a half-sent frame
        self._ending = False  # a close frame is queued: shut down once it is sent
        self._waiters: list[tuple[Callable[[], None], float]] = []  # (called when flushed, since)

    def join(
        self,
        restaurant: str,
        role: str,
        device: str = "",
        expires_at: float = 0.0,
        scope: Callable[[dict], dict] | None = None,
        on_lagging: Callable[[bool], None] | None = None,
    ) -> None:
        """Who is on the other end, known after the hello; ``Hub.join`` then subscribes it."""
        self.restaurant = restaurant
        self.role = role
        self.device = device
        self.expires_at = expires_at
        self.scope = scope
        self.on_lagging = on_lagging

    # -- the outgoing queue (the loop thread's) -----------------------------------------------

    def hold(self, frames: Frames) -> bool:
        """Keep live frames until the backlog is out; False once that is over the bound."""
        self._held.extend(frames)
        self._pending_bytes += sum(len(f) for _, f in frames)
        return len(self._held) <= self.limit and self._pending_bytes <= self.byte_limit

    def take_held(self) -> Frames:
        """The frames held meanwhile, no longer counted as held."""
        held, self._held = self._held, []
        self._pending_bytes -= sum(len(f) for _, f in held)
        return held

    def forget(self) -> None:
        """Nothing queued or held will be sent."""
        self._pending.clear()
        self._held.clear()
        self._pending_bytes = 0

    def put(self, seq: int, frame: bytes) -> str:
        """Send ``frame`` now, or queue it behind what waits; SENT, WAITING, LAGGING or GONE."""
        if self.closed or self._ending:  # nothing goes after a close frame
            return SENT
        if seq:
            if seq <= self.cursor:
                return SENT  # already sent: the backlog and the live stream overlap by design
            self.cursor = seq
        if self._pending:
            self._pending.append(frame)
            self._pending_bytes += len(frame)
            over = len(self._pending) > self.limit or self._pending_bytes > self.byte_limit
            return LAGGING if over else WAITING
        sent = self._send(frame)
        if sent is None:
            return GONE
        if sent < len(frame):
            self._pending.append(frame[sent:])
            self._pending_bytes += len(frame) - sent
            self._partial = sent > 0
            return WAITING
        return SENT

    def flush(self) -> str:
        """Send what waits, as far as the kernel takes it; SENT, WAITING or GONE."""
        while self._pending and not self.closed:
            head = self._pending[0]
            sent = self._send(head)
            if sent is None:
                return GONE
            self._pending_bytes -= sent
            if sent < len(head):
                self._pending[0] = head[sent:]
                self._partial = True
                return WAITING
            self._pending.popleft()
            self._partial = False
        return SENT

    def _send(self, data: bytes) -> int | None:
        """Bytes the kernel took (0 if its buffer is full), or None if the peer is gone."""
        try:
            return self.sock.send(data, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return 0
        except OSError:
            return None
