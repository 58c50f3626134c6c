"""Building page elements. Text always goes in through ``textContent``: nothing user-entered
is ever parsed as HTML."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import js
from pyodide.ffi import create_proxy, to_js

from browser import page
from browser.tasks import spawn


def el(tag: str, text: str = "", *, cls: str = "", **attrs: str):
    node = page.document.createElement(tag)
    if cls:
        node.className = cls
    if text:
        node.textContent = text
    for name, value in attrs.items():
        node.setAttribute(name.replace("_", "-"), value)
    return node


def on_click(node, action: Callable[[], object], event: str = "click"):
    """Run ``action`` (plain or async) on a click (or another ``event``); returns the proxy,
    for the caller to ``destroy()`` when the node goes."""

    def handler(_event) -> None:
        result = action()
        if asyncio.iscoroutine(result):
            spawn(result)

    proxy = create_proxy(handler)
    node.addEventListener(event, proxy)
    return proxy


def on_input(node, action: Callable[[], object]):
    """``on_click`` for what is typed into a field, as it is typed."""
    return on_click(node, action, "input")


def local_time(iso: str, lang: str) -> str:
    """An ISO 8601 instant as this device's clock shows it (Pyodide's own clock is UTC)."""
    options = to_js({"hour": "2-digit", "minute": "2-digit"}, dict_converter=js.Object.fromEntries)
    return str(js.Date.new(iso).toLocaleTimeString(lang, options))
