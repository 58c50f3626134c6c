"""The flag the kitchen, the pass and the manager raise when a kitchen printer cannot print:
its tickets wait on the server (nothing is lost) and someone should look at it, or re-route
it. Its state comes from the log (``printer_status``), so every screen sees it at once."""

from __future__ import annotations

from browser.dom import el
from browser.engine import Engine
from ui.i18n import Translator


class PrinterFlag:
    def __init__(self, engine: Engine, t: Translator) -> None:
        self.engine, self.t = engine, t
        self.node = el("p", id="printer-offline", cls="flag", role="alert", hidden="")
        self._shown = ""

    def render(self) -> None:
        down = self.engine.printers_in_trouble()
        text = " · ".join(
            self.t("printers.flag", name=p.get("name", p["id"]), n=int(p.get("waiting") or 0),
                   why=str(p.get("last_error") or ""))
            for p in down
        )  # fmt: skip
        if text == self._shown:
            return
        self._shown = text
        self.node.textContent = text
        if text:
            self.node.removeAttribute("hidden")
        else:
            self.node.setAttribute("hidden", "")
