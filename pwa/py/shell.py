"""The app's frame in the page: header, status line, update prompt, diagnostics.

All text goes in through ``textContent``: nothing shown is ever parsed as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import create_proxy


def _el(tag: str, *, cls: str = "", text: str = "", **attrs: str):
    node = js.document.createElement(tag)
    if cls:
        node.className = cls
    if text:
        node.textContent = text
    for name, value in attrs.items():
        node.setAttribute(name.replace("_", "-"), value)
    return node


class Shell:
    DIAGNOSTICS = (
        "Version",
        "Storage used",
        "Persistent storage",
        "Service worker",
        "Cursor",
        "Queue length",
        "Last seen server",
    )

    def __init__(self) -> None:
        self.root = js.document.getElementById("app")
        self.status = _el("div", cls="status", role="status", aria_live="polite", id="status")
        self.update = _el("div", cls="status update", id="update", hidden="")
        self.update_button = _el("button", cls="primary", text="Update available — tap to reload")
        self.update.appendChild(self.update_button)
        self._proxies: list = []
        self._cells: dict[str, object] = {}

    def show(self) -> None:
        header = _el("header", cls="bar")
        header.appendChild(_el("h1", text="Passline"))
        panel = _el("section", cls="panel", id="diagnostics", aria_label="Diagnostics")
        panel.appendChild(_el("h2", text="Diagnostics"))
        table = _el("dl", cls="diag")
        for name in self.DIAGNOSTICS:
            table.appendChild(_el("dt", text=name))
            cell = _el("dd", text="…", data_diag=name.lower().replace(" ", "-"))
            table.appendChild(cell)
            self._cells[name] = cell
        panel.appendChild(table)
        for node in (header, self.status, self.update, panel):
            self.root.appendChild(node)
        js.document.getElementById("loading").remove()
        self.root.removeAttribute("hidden")

    def set_status(self, text: str, online: bool | None) -> None:
        self.status.textContent = text
        self.status.className = "status " + ("online" if online else "offline")
        self.status.setAttribute(
            "data-online", "unknown" if online is None else str(online).lower()
        )

    def set_diag(self, name: str, value: str) -> None:
        self._cells[name].textContent = value

    def offer_update(self, apply: Callable[[], None]) -> None:
        if self._proxies:
            return  # already offered
        proxy = create_proxy(lambda _event: apply())
        self._proxies.append(proxy)
        self.update_button.addEventListener("click", proxy)
        self.update.removeAttribute("hidden")
