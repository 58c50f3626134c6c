"""The app's frame in the page: header, status line, update prompt, diagnostics.

All text goes in through ``textContent``: nothing shown is ever parsed as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

from pyodide.ffi import create_proxy

from browser import page
from browser.dom import el


class Shell:
    DIAGNOSTICS = (
        "Version",
        "Storage used",
        "Persistent storage",
        "Service worker",
        "Cursor",
        "Queue length",
        "Last seen server",
        "Notifications",
        "Recent errors",
    )

    def __init__(self) -> None:
        self.root = page.document.getElementById("app")
        self.status = el("div", cls="status", role="status", aria_live="polite", id="status")
        self.update = el("div", cls="status update", id="update", hidden="")
        self.update_button = el("button", "Update available — tap to reload", cls="primary")
        self.update.appendChild(self.update_button)
        self._proxies: list = []
        self._cells: dict[str, object] = {}

    def show(self) -> None:
        header = el("header", cls="bar")
        self.title = el("h1", "Passline")
        self.controls = el("div", cls="controls")  # language, sign-out: the screen fills it
        header.appendChild(self.title)
        header.appendChild(self.controls)
        # Diagnostics are for whoever supports the device: there, but folded away.
        panel = el("details", cls="panel", id="diagnostics")
        panel.appendChild(el("summary", "Diagnostics"))
        table = el("dl", cls="diag")
        for name in self.DIAGNOSTICS:
            table.appendChild(el("dt", name))
            cell = el("dd", "…", data_diag=name.lower().replace(" ", "-"))
            table.appendChild(cell)
            self._cells[name] = cell
        panel.appendChild(table)
        self.main = el("main", id="screen")
        for node in (header, self.status, self.update, self.main, panel):
            self.root.appendChild(node)
        page.document.getElementById("loading").remove()
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
