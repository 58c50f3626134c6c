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
