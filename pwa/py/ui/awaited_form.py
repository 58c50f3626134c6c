"""A form someone awaits: the PIN pad, the join form. ``await form.result()`` gives what it
settled on (or raises CancelledError if the person walked away); the form is gone from the page
after. Submitting runs ``submitted`` (the subclass's), which settles with ``finish``."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from pyodide.ffi import create_proxy


class AwaitedForm:
    def __init__(self, node) -> None:
        self.node = node
        self._proxies: list = []  # the subclass's click handlers, destroyed with the form
        self._done: asyncio.Future = asyncio.get_event_loop().create_future()
        self._tasks: set = set()
        self._submit = create_proxy(self._submitted)
        self.node.addEventListener("submit", self._submit)

    async def submitted(self) -> None:
        raise NotImplementedError

    def _submitted(self, event) -> None:
        event.preventDefault()
        self.spawn(self.submitted())

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` (an answer from the server) while the form stays on the page."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def finish(self, result: object) -> None:
        if not self._done.done():
            self._done.set_result(result)

    def cancel(self) -> None:
        """The person walked away: whoever awaits ``result`` stops waiting."""
        if not self._done.done():
            self._done.cancel()

    async def result(self) -> Any:
        try:
            return await self._done
        finally:
            self.close()

    def close(self) -> None:
        self.node.removeEventListener("submit", self._submit)
        self._submit.destroy()
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
        self.node.remove()
