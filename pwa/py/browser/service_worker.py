"""Adapter for the service worker: register it, notice a waiting update, apply it on request."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from pyodide.ffi import JsException, create_proxy
from pyscript.ffi import to_js

from browser import page
from browser.tasks import spawn

UPDATE_CHECK_EVERY_S = 30 * 60  # kiosks never reload by themselves: look for updates instead


class ServiceWorker:
    def __init__(self, on_state: Callable[[str], None], on_update: Callable[[Callable], None]):
        self.on_state = on_state
        self.on_update = on_update
        self.registration = None
        self.on_open: Callable[[str], None] = lambda _url: None  # a tapped notification's address
        self._reloading = False
        self._proxies: list = []  # kept alive for as long as the page lives

    def _listen(self, target, event: str, handler: Callable) -> None:
        proxy = create_proxy(handler)
        self._proxies.append(proxy)
        target.addEventListener(event, proxy)

    async def start(self) -> None:
        container = page.window.navigator.serviceWorker
        if not container:
            self.on_state("not supported")
            return
        self._listen(container, "controllerchange", self._controller_changed)
        self._listen(container, "message", self._message)
        container.startMessages()  # a tap may come before the page is done loading
        self._listen(page.window, "online", lambda _event: self.check_for_update())
        asyncio.get_event_loop().call_later(UPDATE_CHECK_EVERY_S, self._periodic_check)
        # Registered after Python is ready: registering earlier downloads the runtime twice on
        # a first visit (the page and the worker's precache both fetch it).
        try:
            await self._register()
        except JsException:
            # Its script did not load (the link flapped): registered when the network is back.
            self.on_state("not installed yet")
            return
        if self.registration.waiting and container.controller:
            self.on_update(self.apply_update)
        await container.ready
        self.report()

    async def _register(self) -> None:
        self.registration = await page.window.navigator.serviceWorker.register("/service-worker.js")
        self._listen(self.registration, "updatefound", self._update_found)

    def _message(self, event) -> None:
        data = event.data
        if data and getattr(data, "type", None) == "open" and getattr(data, "url", None):
            self.on_open(str(data.url))

    def report(self) -> None:
        container = page.window.navigator.serviceWorker
        if container.controller:
            self.on_state(f"controlling this page ({container.controller.state})")
        elif self.registration and self.registration.active:
            self.on_state("active, not yet controlling this page")
        else:
            self.on_state("installing")

    def _update_found(self, _event) -> None:
        # With Python in a worker this runs a moment after the event: the new build may have
        # finished installing already (then it is the one waiting).
        worker = self.registration.installing or self.registration.waiting
        if not worker:
            return

        def changed(_e) -> None:
            self.report()
            # "installed" with a controller present means a new build waits behind this one.
            if worker.state == "installed" and page.window.navigator.serviceWorker.controller:
                self.on_update(self.apply_update)

        self._listen(worker, "statechange", changed)
        changed(None)

    def apply_update(self) -> None:
        waiting = self.registration.waiting if self.registration else None
        if waiting:
            self._reloading = True
            waiting.postMessage(to_js({"type": "SKIP_WAITING"}))

    def _controller_changed(self, _event) -> None:
        # Also fired when a first install claims the page: reload only when the user asked.
        if self._reloading:
            self._reloading = False
            page.location.reload()
        else:
            self.report()

    def check_for_update(self) -> None:
        if page.window.navigator.serviceWorker:
            spawn(self._update())

    async def _update(self) -> None:
        # The server may not be there (the check runs as the link comes back, and may be early):
        # the next check asks again. Unawaited, this failure surfaced as an unretrieved future
        # on screens that came back online (found by the chaos run).
        with contextlib.suppress(JsException):
            reg = self.registration
            if not reg or not (reg.active or reg.installing or reg.waiting):
                # Never installed: its script did not load, or the first install failed (the
                # link died while it cached the app) and the browser dropped it. Neither is
                # tried again before the next page load, and a screen left open for days would
                # never start without the server.
                await self._register()
                self.report()
                return
            await reg.update()

    def _periodic_check(self) -> None:
        self.check_for_update()
        asyncio.get_event_loop().call_later(UPDATE_CHECK_EVERY_S, self._periodic_check)
