"""The flag the floor and manager screens raise when no kitchen screen is connected: orders
would be taken and nobody would cook them. Each screen words it for its reader."""

from __future__ import annotations

from browser.dom import el, local_time
from browser.engine import Engine
from ui.i18n import Translator


class KitchenFlag:
    def __init__(self, engine: Engine, t: Translator, key: str) -> None:
        self.engine, self.t, self.key = engine, t, key
        self.node = el("p", id="kitchen-offline", cls="flag", role="alert", hidden="")

    def render(self) -> None:
        since = self.engine.kitchen_offline_since()
        if since:
            self.node.textContent = self.t(self.key, time=local_time(since, self.t.code))
            self.node.removeAttribute("hidden")
        else:
            self.node.setAttribute("hidden", "")
