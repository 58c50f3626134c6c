"""Building page elements. Text always goes in through ``textContent``: nothing user-entered
is ever parsed as HTML."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import js
from pyodide.ffi import create_proxy


def el(tag: str, text: str = "", *, cls: str = "", **attrs: str):
    node = js.document.createElement(tag)
    if cls:
        node.className = cls
    if text:
        node.textContent = text
    for name, value in attrs.items():
        node.setAttribute(name.replace("_", "-"), value)
    return node


_running: set = set()  # the event loop keeps only weak references to tasks


def on_click(node, action: Callable[[], object]):
    """Run ``action`` (plain or async) on a click; returns the proxy, for the caller to
    ``destroy()`` when the node goes."""

    def handler(_event) -> None:
        result = action()
        if asyncio.iscoroutine(result):
            task = asyncio.ensure_future(result)
            _running.add(task)
            task.add_done_callback(_running.discard)

    proxy = create_proxy(handler)
    node.addEventListener("click", proxy)
    return proxy
