"""A minimal operations screen to drive the sync engine until the real screens arrive:
place a test order, move orders along, see what is pending and what needs attention.

All text goes in through ``textContent``: nothing shown is ever parsed as HTML.
"""

from __future__ import annotations

import traceback

import js

from dom import el, on_click
from domain import orders
from engine import Engine
from i18n import Translator
from idb import Database
from keyed import KeyedList


class OpsScreen:
    def __init__(self, root, engine: Engine, t: Translator, db: Database) -> None:
        self.engine = engine
        self.root = root
        controls = el("section", aria_label="Test order")
        controls.className = "panel"
        controls.appendChild(el("h2", "Place a test order"))
        self.note = el("input", id="order-note", aria_label="Order note", maxlength="500")
        self.note.setAttribute("placeholder", "Note (optional)")
        place = el("button", "Place order", id="place-order")
        place.className = "primary"
        self._place = on_click(
            place, lambda: self.engine.submit("create_order", self._order_data())
        )
        controls.appendChild(self.note)
        controls.appendChild(place)
        self.orders = el("ul", id="orders", aria_label="Active orders")
        self.rows = KeyedList(self.orders, self._row)
        self.node = el("section", id="ops")
        for node in (controls, self.orders):
            self.node.appendChild(node)
        root.appendChild(self.node)

    def _order_data(self) -> dict:
        item = next((i for i in self.engine.menu.values() if not i.get("modifiers")), None)
        item_id = item["id"] if item else "ayran"
        return {
            "table_id": None,
            "lines": [{"item_id": item_id, "qty": 1}],
            "note": self.note.value,
        }

    def render(self) -> None:
        try:
            self._render_orders(self.engine.floor()["orders"])
        except Exception:  # a screen that fails to draw must say why, not go quiet
            js.console.error("render failed:\n" + traceback.format_exc())
            raise

    def _render_orders(self, current: dict[str, dict]) -> None:
        ordered = sorted(current.values(), key=lambda o: (o["created_at"], o["id"]))
        self.rows.update([(o["id"], o) for o in ordered])

    def _row(self, order: dict) -> tuple:
        item = el("li", data_order=order["id"], data_status=order["status"])
        label = f"{order['number']} · {order['status']}"
        if order.get("note"):
            label += f" · {order['note']}"
        if order.get("pending"):
            label += " · will be sent when the connection is back"
            item.setAttribute("data-pending", "true")
        item.appendChild(el("span", label))
        proxies = []
        nxt = [s for s in orders.FLOW if s in orders.allowed_next(order["status"])]
        if nxt and not order["id"].startswith("pending:"):
            button = el("button", f"Mark {nxt[0]}", data_next=nxt[0])
            data = {"order_id": order["id"], "status": nxt[0]}
            proxies.append(
                on_click(button, lambda d=data: self.engine.submit("set_order_status", d))
            )
            item.appendChild(button)
        return item, proxies

    def tick(self) -> None:
        pass

    def close(self) -> None:
        self.rows.clear()
        self._place.destroy()
        self.node.remove()
