"""A TCP proxy that can cut every connection through it in the middle of a frame, as a flaky
access point or a proxy restarting does: what is in flight arrives in part, then the connection
is reset. WebSocket frames, HTTP requests and answers alike are cut wherever their bytes are.

A real component on loopback, not a mock: the browser talks to it as to the server.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
import time

CHUNK = 65_536
IDLE_CUT_S = 0.5  # a connection with nothing in flight when told to cut is reset after this


class CuttingProxy:
    def __init__(self, upstream_port: int, idle_cut_s: float = IDLE_CUT_S) -> None:
        """``idle_cut_s``: how long a connection told to cut waits for bytes to cut in half
        before it is reset with none; longer than the sockets' heartbeat, every open socket is
        cut mid-frame."""
        self.upstream_port = upstream_port
        self.idle_cut_s = idle_cut_s
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.cuts = 0  # connections cut so far
        self.partial = 0  # of them, cut with part of a chunk delivered
        self.sockets = 0  # WebSockets open through it now
        self._cut_from = 0.0  # connections open before this moment are to be cut
        self._lock = threading.Lock()
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> CuttingProxy:
        self._thread.start()
        return self

    def cut(self) -> None:
        """Cut every connection open now, each mid-chunk if bytes are moving."""
        self._cut_from = time.monotonic()

    def wait_for_socket(self, timeout_s: float) -> bool:
        """Until a WebSocket is open through the proxy (a device back from an outage takes a
        moment to reconnect); False if none opened in time."""
        deadline = time.monotonic() + timeout_s
        while not self.sockets and time.monotonic() < deadline:
            time.sleep(0.05)
        return bool(self.sockets)

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self.listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client: socket.socket) -> None:
        opened = time.monotonic()
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            _reset(client)  # the server is down: the device sees the connection fail
            return
        peer = {client: upstream, upstream: client}
        cut = socket_open = False
        try:
            while True:
                ready, _, _ = select.select(list(peer), [], [], 0.1)
                doomed = self._cut_from > opened
                if doomed and not ready and time.monotonic() - self._cut_from > self.idle_cut_s:
                    cut = True
                    self._count(partial=False)
                    return
                for source in ready:
                    data = source.recv(CHUNK)
                    if not data:
                        return
                    if source is client and not socket_open and _upgrades(data):
                        socket_open = True
                        self._open_socket(+1)
                    if doomed:
                        peer[source].sendall(data[: max(1, len(data) // 2)])
                        cut = True
                        self._count(partial=True)
                        return
                    peer[source].sendall(data)
        except OSError:
            cut = True
            return
        finally:
            if socket_open:
                self._open_socket(-1)
            for sock in (client, upstream):
                _reset(sock) if cut else _close(sock)

    def _count(self, partial: bool) -> None:
        with self._lock:
            self.cuts += 1
            self.partial += partial

    def _open_socket(self, change: int) -> None:
        with self._lock:
            self.sockets += change


def _upgrades(data: bytes) -> bool:
    """A request to open a WebSocket (its headers come in the first chunk on loopback)."""
    return data.startswith(b"GET ") and b"upgrade: websocket" in data.lower()


def _reset(sock: socket.socket) -> None:
    """Close with a reset, not a clean close: the peer learns at once, as from a dropped link."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
