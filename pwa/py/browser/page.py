"""The page, wherever our Python runs: the one place that knows whether it is the main thread
or a worker.

In a worker (the page is cross-origin isolated, so PyScript can start one), ``document`` is the
batched mirror of ``browser.remote_dom`` and ``window`` is PyScript's synchronous proxy of the
page's window: for what only a page has (its address and history, localStorage, the service
worker's registration, printing, notifications' permission, sound). Everything else (fetch,
WebSocket, IndexedDB, timers, BroadcastChannel, locks, crypto) is the worker's own ``js``.

On the main thread (a browser without SharedArrayBuffer) both are the page's own objects.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

IN_WORKER = hasattr(js, "WorkerGlobalScope")  # (PyScript gives a worker a `document` too)

if IN_WORKER:
    from pyscript import window as _window

    from browser.remote_dom import Dom, Element

    hands = _window.passlineDom

    def _element(value: object) -> dict:
        if isinstance(value, Element):  # an element given as a value (a label's control)
            return {"$ref": value.ref}
        raise TypeError(f"{type(value).__name__} cannot go to the page")

    class _Hands:
        def apply(self, ops: list[list]) -> None:
            hands.apply(json.dumps(ops, default=_element))

        def read(self, ref: int, what: str, arg: Any) -> Any:
            return json.loads(hands.read(json.dumps([ref, what, arg], default=_element)))

        def later(self, flush: Any) -> None:
            asyncio.get_event_loop().call_soon(flush)

    dom: Dom | None = Dom(_Hands())
    _dispatch = create_proxy(lambda hid, info: dom.dispatch(int(hid), json.loads(str(info))))
    hands.connect(_dispatch)
    document: Any = dom.document
    window: Any = _window
else:
    dom = None
    hands = js.passlineDom
    document = js.document
    window = js.window

location: Any = window.location
local_storage: Any = window.localStorage
history: Any = window.history
# A worker started from a blob: URL resolves "/api/…" against the blob: our paths are the page's.
ORIGIN = str(location.origin) if IN_WORKER else ""


def url(path: str) -> str:
    """``path`` (``/api/v1/…``) as this thread must fetch it."""
    return ORIGIN + path if path.startswith("/") else path


def listen(target: Any, kind: str, handler: Any, prevent_keys: list[str] | None = None) -> None:
    """``addEventListener``, with the keys whose default is cancelled said up front: a worker's
    listener runs after the page's event is over (``remote_dom``). On the main thread the
    listener cancels them itself, as it always has."""
    if IN_WORKER and hasattr(target, "ref"):
        target.addEventListener(kind, handler, prevent=prevent_keys)
    else:
        target.addEventListener(kind, handler)


def markup() -> str:
    """The app's markup as drawn (``pwa/remote-dom.js``), for the next boot's first paint."""
    if dom is not None:
        dom.flush()
    return str(hands.markup())


async def picked_file(node: Any) -> Any:
    """The file a person picked in ``<input type=file>`` ``node`` (None: none), as a ``File``
    this thread can send: a worker gets a copy of its bytes from the page."""
    if not IN_WORKER:
        return node.files.item(0) if node.files.length else None
    dom.flush()
    picked = json.loads(str(await hands.file(node.ref)))
    if picked is None:
        return None
    data = to_js(base64.b64decode(picked["data"]))
    options = to_js({"type": picked["type"]}, dict_converter=js.Object.fromEntries)
    return js.File.new([data], picked["name"], options)


def now_ms() -> float:
    """The page's own clock (``performance.now``), for what measures a person's taps: idle
    locks and timers. A worker's clock starts at another moment and is not the one a tap's
    time is read on (nor the one a test's fake clock moves)."""
    return float(window.performance.now())


def keep_offline(paths: list[str]) -> bool:
    """Fetch each of ``paths`` once through the service worker, which keeps it; False while
    no worker controls the page, as on the very first visit (a fetch then bypasses it)."""
    return bool(hands.keep(json.dumps(paths)))


def print_page() -> None:
    """The print dialog, once what was drawn for it is on the page."""
    flush()
    hands.print()


def flush() -> None:
    """Send what was drawn so far now (before a long wait), not at the end of the turn."""
    if dom is not None:
        dom.flush()
