"""Background tasks that are not lost: the event loop keeps only weak references to tasks, so
one started and forgotten can be collected half-way. Every fire-and-forget goes through here,
and a task that fails is reported (``on_error``, set by ``error_report``), not silently dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

_running: set[asyncio.Future] = set()


def _unreported(_where: str, _exc: BaseException) -> None:
    pass  # until error_report installs itself


on_error: Callable[[str, BaseException], None] = _unreported


def _finished(task: asyncio.Future) -> None:
    _running.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        coroutine = getattr(task, "get_coro", lambda: None)()
        on_error(f"task {getattr(coroutine, '__qualname__', '?')}", exc)


def spawn(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Future:
    task = asyncio.ensure_future(coroutine)
    _running.add(task)
    task.add_done_callback(_finished)
    return task
