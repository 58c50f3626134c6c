"""Several tabs of the app on one device share one outbox in IndexedDB; one of them sends it.

The sender is whoever holds the Web Lock ``FLUSH_LOCK`` (the service worker asks for the same
lock, and sends only when no page holds it). Tabs tell each other that the shared outbox changed
over a BroadcastChannel, so a tab that does not send still shows what waits, and the sender
picks up what another tab queued.
"""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import create_proxy

from domain.protocol import FLUSH_LOCK, TABS_CHANNEL


class Tabs:
    def __init__(self, on_sender: Callable[[], None], on_changed: Callable[[], None]) -> None:
        """``on_sender``: this tab now sends (called once, maybe at once); ``on_changed``:
        another tab changed the shared outbox."""
        self._on_sender = on_sender
        self._on_changed = on_changed
        self._channel = None
        self._keep: list = []  # proxies that live as long as the page

    def join(self) -> None:
        if hasattr(js, "BroadcastChannel"):
            self._channel = js.BroadcastChannel.new(TABS_CHANNEL)
            heard = create_proxy(lambda _event: self._on_changed())
            self._keep.append(heard)
            self._channel.onmessage = heard
        locks = getattr(js.navigator, "locks", None)
        if not locks:
            self._on_sender()  # no Web Locks (an old browser): every tab sends; ids dedupe
            return

        def granted(_lock: object) -> object:
            self._on_sender()
            hold = create_proxy(lambda _resolve, _reject: None)
            self._keep.append(hold)
            return js.Promise.new(hold)  # never settles: the lock is ours while the page lives

        callback = create_proxy(granted)
        self._keep.append(callback)
        locks.request(FLUSH_LOCK, callback)

    def announce(self) -> None:
        """Tell the other tabs that the shared outbox changed."""
        if self._channel is not None:
            self._channel.postMessage("changed")
