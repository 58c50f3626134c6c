"""Where the app's errors go: the console, the diagnostics panel, and the server.

The decisions (deduplicate, count, how often to send) are ``error_log``'s; this adapter catches
what fails anywhere in the page: a Python task, a render, a clock tick, and, through the window's
``error`` and ``unhandledrejection`` events, any handler (a Python exception raised inside an
event listener reaches JavaScript as an uncaught error).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import js
from pyodide.ffi import JsException, create_proxy

from browser import page, tasks
from browser.rest import Unreachable, request
from sync.error_log import ErrorLog, Report

SEND_CHECK_S = 2.0


def _describe(error: object) -> str:
    if isinstance(error, JsException):  # a JavaScript Error: its own "Name: message" says it
        return str(error)
    if isinstance(error, BaseException):
        return f"{type(error).__name__}: {error}"
    message = getattr(error, "message", None)  # a JS Error, or an ErrorEvent
    return str(message) if message else str(error)


class Reporter:
    def __init__(self) -> None:
        self.log = ErrorLog()
        self.token: str | None = None  # reports go out once the device is signed in
        self.build = ""
        self.on_change: Callable[[list[Report]], None] = lambda _recent: None
        self._keep: list = []

    def report(self, where: str, error: object) -> None:
        message = _describe(error)
        js.console.error(f"passline {where}: {message}")
        self.log.record(where, message, datetime.now().strftime("%H:%M:%S"))
        try:
            self.on_change(self.log.recent())
        except Exception as exc:  # showing the error failed: the console has it
            js.console.error(f"passline could not show an error: {exc!r}")

    def listen(self) -> None:
        def window_error(event) -> None:
            self.report("page", event.error if event.error else event)

        def rejected(event) -> None:
            self.report("promise", event.reason)

        # The page's errors, and with Python in a worker, the worker's own too.
        for scope in (page.window, js) if page.IN_WORKER else (page.window,):
            for name, handler in (("error", window_error), ("unhandledrejection", rejected)):
                proxy = create_proxy(handler)
                self._keep.append(proxy)
                scope.addEventListener(name, proxy)
        tasks.on_error = lambda task_name, exc: self.report(task_name, exc)

    async def run(self) -> None:
        """Send what was recorded, at the log's pace, for as long as the page lives."""
        while True:
            await asyncio.sleep(SEND_CHECK_S)
            if not self.token:
                continue
            reports = self.log.to_send(js.performance.now() / 1000)
            if reports:
                await self._send(reports)

    async def _send(self, reports: list[dict]) -> None:
        try:
            status, _ = await request(
                "POST",
                "/api/v1/client-errors",
                {"build": self.build[:32], "errors": reports},
                token=self.token,
            )
        except Unreachable:
            self.log.send_failed()
            return
        # 429: the server has heard enough from this device for now; the panel still shows it.
        if status in (202, 429, 422):
            self.log.sent()
        else:
            self.log.send_failed()


REPORTER = Reporter()


def report(where: str, error: object) -> None:
    REPORTER.report(where, error)
