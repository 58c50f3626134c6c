"""A network receipt printer on loopback, for tests: a real TCP listener that reads what a
printer would receive, answers the real-time paper status request (DLE EOT 4) as an Epson does,
and can be switched off (connections refused), run out of paper, or drop the link halfway
through a job. ``papers()`` decodes what it received (``escpos_text``) into the text of each
paper, cut by cut.

A real component, not a mock: the server's print worker talks to it as to a printer.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from tests.support.escpos_text import STATUS_REQUEST, decode, leftover

PAPER_OK, NO_PAPER = 0x12, 0x72


class FakePrinter:
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.jobs: list[bytearray] = []  # print data per connection, status requests taken out
        self.arrived: list[float] = []  # per connection: when its first print byte came
        self.connections = 0
        self.paper = True
        self.answers_status = True
        self.drop_after: int | None = None  # drop the next job's link after this many bytes
        self.delay_s = 0.0  # a slow printer: each chunk read after this pause
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> FakePrinter:
        """Switched on (again, on the same port)."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Switched off: new connections are refused."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accept: closing alone does not
            with contextlib.suppress(OSError):
                listener.close()

    @property
    def received(self) -> bytes:
        with self._lock:
            return b"".join(self.jobs)

    def papers(self) -> list[str]:
        """Each paper cut off, in order (a job cut short has none: its text is ``partial``)."""
        with self._lock:
            return [paper for job in self.jobs for paper in decode(bytes(job))]

    def partial(self) -> list[str]:
        """What the jobs cut off before their cut printed."""
        with self._lock:
            return [text for job in self.jobs if (text := leftover(bytes(job)))]

    def wait_for_bytes(self, count: int, timeout_s: float = 10.0) -> bytes:
        """Until ``count`` print bytes have come (or the time is up): what came."""
        deadline = time.monotonic() + timeout_s
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.received

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[str]:
        """Until ``count`` papers have come out (or the time is up): the papers."""
        deadline = time.monotonic() + timeout_s
        while len(self.papers()) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.papers()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        self.connections += 1
        job = bytearray()
        with self._lock:
            self.jobs.append(job)
            self.arrived.append(0.0)
        pending = b""
        with contextlib.closing(conn):
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:  # the sender is done: what was held back is printed too
                    self._take(job, pending)
                    return
                if self.delay_s:
                    time.sleep(self.delay_s)
                pending += chunk
                while True:  # print data up to each status request, then its answer
                    before, found, after = pending.partition(STATUS_REQUEST)
                    if not found:
                        keep = len(STATUS_REQUEST) - 1  # a request may be split across reads
                        before, after = pending[:-keep], pending[-keep:]
                    if not self._take(job, before):
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                        b"\x01\x00\x00\x00\x00\x00\x00\x00")  # fmt: skip
                        return  # the link drops: a reset, half a ticket on the paper
                    pending = after
                    if not found:
                        break
                    if self.answers_status:
                        with contextlib.suppress(OSError):
                            conn.sendall(bytes([PAPER_OK if self.paper else NO_PAPER]))

    def _take(self, job: bytearray, data: bytes) -> bool:
        """Print ``data``; False when the link is to drop inside it (what came before it is
        printed)."""
        if data and not job:
            with self._lock:
                self.arrived[self.jobs.index(job)] = time.monotonic()
        drop = self.drop_after
        if drop is not None and len(job) + len(data) >= drop:
            self.drop_after = None
            data = data[: max(0, drop - len(job))]
            if self.paper:
                with self._lock:
                    job += data
            return False
        if self.paper:
            with self._lock:
                job += data
        return True
