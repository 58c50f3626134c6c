"""One connection's steps, one at a time and in order, on a small pool shared by every socket.

A live socket no longer has a thread of its own (see ``hub``): its frames are answered by a
pool of threads sized for the work the database can do at once, not for the number of screens.
A connection's steps must still run in the order its frames came, never two at once: each
connection gets a ``Serial``, a queue that is handed to the pool while it has something to do.
``hold`` parks the queue while a step waits for the network (a page of backlog being sent);
``resume`` goes on with a given step first.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

Step = Callable[[], None]


class Pool:
    """The process's live worker threads, started on first use (gunicorn forks after the app
    is built, and threads do not survive a fork)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, fn: Step) -> None:
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="live")
        self._executor.submit(fn)


class Serial:
    __slots__ = ("_held", "_lock", "_pool", "_running", "_steps")

    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self._steps: deque[Step] = deque()
        self._lock = threading.Lock()
        self._running = False
        self._held = False

    def put(self, step: Step) -> None:
        """Run ``step`` after everything put before it."""
        with self._lock:
            self._steps.append(step)
            if self._running or self._held:
                return
            self._running = True
        self._pool.submit(self._run)

    def hold(self) -> None:
        """Called by a running step: nothing more runs until ``resume``."""
        with self._lock:
            self._held = True

    def resume(self, step: Step) -> None:
        """End a hold with ``step``, ahead of what was put meanwhile (from any thread)."""
        with self._lock:
            self._steps.appendleft(step)
            self._held = False
            if self._running:
                return
            self._running = True
        self._pool.submit(self._run)

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._held or not self._steps:
                    self._running = False
                    return
                step = self._steps.popleft()
            try:
                step()
            except Exception:  # a step answers its own errors; this is a bug, not an outage
                log.exception("live: a connection's step failed")
