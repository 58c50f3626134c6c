"""Sold out ("86") on the kitchen screen: one tap marks an item off for every kiosk, one more
brings it back. Through the outbox like a bump, so it works offline and lands once."""

from __future__ import annotations

from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from screens.kitchen import board as kb
from ui.i18n import Translator
from ui.keyed import KeyedList


class SoldOutPanel:
    def __init__(self, engine: Engine, t: Translator) -> None:
        self.engine, self.t = engine, t
        self.node = el("details", id="sold-out", cls="sold-out")
        self.summary = el("summary", t("kitchen.sold_out"))
        self.node.appendChild(self.summary)
        self.node.appendChild(el("p", t("kitchen.sold_out_help"), cls="help"))
        items = el("ul", cls="sold-out-list")
        self.rows = KeyedList(items, self._row)
        self.node.appendChild(items)

    def render(self, menu: dict[str, dict], station: str) -> None:
        """The station's items, what is off first; the summary counts what is off."""
        rows = kb.sold_out_rows(menu.values(), station)
        self.rows.update([(r.item_id, r) for r in rows])
        off = sum(1 for r in rows if not r.available)
        self.summary.textContent = (
            self.t("kitchen.sold_out_n", n=off) if off else self.t("kitchen.sold_out")
        )

    def toggle(self, row: kb.MenuRow) -> None:
        data = {"item_id": row.item_id, "available": not row.available}
        spawn(self.engine.submit("set_item_availability", data))

    def close(self) -> None:
        self.rows.clear()

    def _row(self, row: kb.MenuRow) -> tuple:
        item = el("li")
        state = "kitchen.is_on" if row.available else "kitchen.is_sold_out"
        button = el("button", type="button", data_item=row.item_id,
                    aria_pressed="false" if row.available else "true",
                    cls="off" if not row.available else "")  # fmt: skip
        button.appendChild(el("span", row.name, cls="name"))
        button.appendChild(el("span", self.t(state), cls="state"))
        if row.pending:
            button.appendChild(el("span", self.t("kitchen.sending"), cls="sending"))
        proxies = [on_click(button, lambda r=row: self.toggle(r))]
        item.appendChild(button)
        return item, proxies
