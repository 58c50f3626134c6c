"""What a screen may ask of this device beyond the engine's view of the floor and the menu.

Screens reach IndexedDB and the network only through the engine and this: their own settings
kept on the device (a kitchen's layout, a kiosk's last orders, the last day's figures), and the
few things that need the server now, under this sign-in's current token (a manager's PIN for
an approval, the day's figures, the device list, a photo). A test holds ``screens/`` to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import js
from pyodide.ffi import create_once_callable
from pyscript.ffi import to_js

from browser import page
from browser.engine import Engine
from browser.idb import Database
from browser.rest import Unreachable, request

Answer = tuple[int, dict]  # (0, {}) when the server did not answer


class Device:
    def __init__(self, db: Database, engine: Engine) -> None:
        self._db = db
        self._engine = engine
        self._kept: set[str] = set()  # files fetched for the worker to keep

    def keep_offline(self, urls: Iterable[str]) -> bool:
        """Fetch each file once through the service worker, which keeps it (a menu's photos:
        a guest browsing a category the kiosk never showed online still sees them). False
        while no worker controls the page, as on the very first visit: a fetch then bypasses
        it, so ask again later."""
        fresh = [url for url in urls if url not in self._kept]
        if not page.keep_offline(fresh):
            return False
        self._kept.update(fresh)
        return True

    async def setting(self, name: str) -> dict:
        """A screen's own record on this device (``{}`` if none yet)."""
        value = await self._db.get(name)
        return value if isinstance(value, dict) else {}

    async def keep(self, name: str, value: dict) -> None:
        await self._db.write(kv={name: value})

    async def ask(self, method: str, path: str, body: dict | None = None) -> Answer:
        """The server's JSON answer now, or ``(0, {})`` if it did not answer."""
        try:
            status, answer = await request(method, path, body, token=self._engine.token())
        except Unreachable:
            return 0, {}
        return status, answer if isinstance(answer, dict) else {}

    async def upload(self, path: str, file: Any) -> Answer:
        """``PUT`` a file (a photo) as its own body, as the browser holds it."""
        options = {
            "method": "PUT",
            "body": file,
            "headers": {
                "Content-Type": file.type or "application/octet-stream",
                "Authorization": f"Bearer {self._engine.token()}",
            },
        }
        try:
            response = await js.fetch(
                page.url(path), to_js(options, dict_converter=js.Object.fromEntries)
            )
            body = json.loads(await response.text() or "{}")
        except Exception:  # no answer, or not the server's JSON: the same to the person
            return 0, {}
        return response.status, body if isinstance(body, dict) else {}

    async def download(self, path: str) -> Any | None:
        """A file the server makes (the day's orders as CSV), as a blob; None if it did not."""
        options = {"headers": {"Authorization": f"Bearer {self._engine.token()}"}}
        try:
            response = await js.fetch(
                page.url(path), to_js(options, dict_converter=js.Object.fromEntries)
            )
        except Exception:
            return None
        if response.status != 200:
            return None
        return await response.blob()

    async def save_file(self, path: str, name: str) -> bool:
        """The file the server makes at ``path``, fetched with this sign-in's token and saved
        on the device as ``name``; False if the server did not give it."""
        blob = await self.download(path)
        if blob is None:
            return False
        url = js.URL.createObjectURL(blob)
        link = page.document.createElement("a")
        link.href, link.download = url, name
        page.document.body.appendChild(link)
        link.click()
        link.remove()
        js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 10_000)
        return True
