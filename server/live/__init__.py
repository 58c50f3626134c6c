"""The live side: the WebSocket at ``/api/v1/live`` (``connection``) and how committed events
reach every screen. The hub's loop owns this process's sockets once their handshake is done
(``adoption``): one thread reads and writes them all, each socket with its own bounded queue,
so no stalled peer stalls the others and a socket costs no thread; a connection's frames are
answered in order on a small pool (``serial``). The relay hands the hub events in seq order
from this process's commits, from the broker (Redis: other processes' commits) and, for what
neither brought, from the log. A batch of changes means the same here as on REST
(``batches``). The device watcher ends the sockets of revoked devices and of expired tokens.

Promises: a screen resumed from its cursor misses no event and sees none twice; every socket
message has a role, an input bound and a rate; bad input is an ``error`` frame.

May import: ``domain``, ``store``, ``access``.
"""

from __future__ import annotations

from .connection import init_app

__all__ = ["init_app"]
