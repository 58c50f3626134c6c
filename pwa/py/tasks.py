"""Background tasks that are not lost: the event loop keeps only weak references to tasks, so
one started and forgotten can be collected half-way. Every fire-and-forget goes through here."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

_running: set[asyncio.Future] = set()


def spawn(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Future:
    task = asyncio.ensure_future(coroutine)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task
