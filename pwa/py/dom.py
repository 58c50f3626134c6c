"""Building page elements. Text always goes in through ``textContent``: nothing user-entered
is ever parsed as HTML."""

from __future__ import annotations

import js


def el(tag: str, text: str = "", *, cls: str = "", **attrs: str):
    node = js.document.createElement(tag)
    if cls:
        node.className = cls
    if text:
        node.textContent = text
    for name, value in attrs.items():
        node.setAttribute(name.replace("_", "-"), value)
    return node
