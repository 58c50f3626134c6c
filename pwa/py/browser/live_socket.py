"""The live WebSocket: opens it, feeds what happens to callbacks, and cleans up after itself.

Callbacks handed to JavaScript must be proxies, or Pyodide destroys them after the first event;
each socket's proxies are destroyed when it closes, so a page that reconnects all day does not
leak them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_once_callable, create_proxy

from browser import page


class LiveSocket:
    def __init__(
        self,
        url: str,
        on_open: Callable[[], None],
        on_message: Callable[[str], None],
        on_close: Callable[[int], None],
    ) -> None:
        self._proxies = [
            create_proxy(lambda _e: on_open()),
            create_proxy(lambda e: on_message(str(e.data))),
            create_proxy(self._closed),
        ]
        self._on_close = on_close
        self._done = False
        self.ws = js.WebSocket.new(url)
        self.ws.onopen, self.ws.onmessage, self.ws.onclose = self._proxies
        # An error is always followed by a close event, which is where it is handled.

    def send(self, text: str) -> None:
        if self.ws.readyState == 1:  # OPEN
            self.ws.send(text)

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self._closed(None)  # the browser may take seconds to report a dead socket

    def _closed(self, event: Any) -> None:
        if self._done:
            return
        self._done = True
        self.ws.onopen = self.ws.onmessage = self.ws.onclose = None
        code = int(event.code) if event is not None else 1006
        proxies, self._proxies = self._proxies, []
        # Not now: this may be running inside one of them.
        js.setTimeout(create_once_callable(lambda: [p.destroy() for p in proxies]), 0)
        self._on_close(code)


def live_url() -> str:
    scheme = "wss" if page.location.protocol == "https:" else "ws"
    return f"{scheme}://{page.location.host}/api/v1/live"
