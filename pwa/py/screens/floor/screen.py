"""The floor on a staff phone: area tabs, a grid of tables coloured by what they need, and a
table's sheet with its orders and the actions a waiter takes there.

What to show comes from ``floor_plan`` (pure); this file draws it and wires the taps. Text goes
in through ``textContent`` only.
"""

from __future__ import annotations

import js

from browser.dom import el, on_click
from browser.engine import Engine
from browser.idb import Database
from browser.tasks import spawn
from domain.orders import is_active
from screens.floor import plan as fp
from screens.floor.pay_sheet import PaySheet
from ui.i18n import Translator
from ui.keyed import KeyedList
from ui.kitchen_flag import KitchenFlag
from ui.order_lines import order_lines
from ui.receipt import print_order
from ui.router import part


class FloorScreen:
    def __init__(self, root, engine: Engine, t: Translator, db: Database) -> None:
        self.engine, self.t, self.db = engine, t, db
        self.area_id: str | None = None
        # ``#/floor/hall-2`` (a tapped notification, a reload) opens with that table's sheet.
        self.open_table: str | None = part(str(js.location.hash)) or None
        self.confirming: str | None = None  # the order whose cancel waits for a second tap
        self.paying: PaySheet | None = None  # kept across redraws: it holds what is typed
        self._proxies: list = []
        self._sheet_proxies: list = []
        self.node = el("section", id="floor", cls="floor", aria_label=t("screen.floor"))
        self.ready_total = el("p", id="ready-total", cls="ready-total", role="status", hidden="")
        self.kitchen_flag = KitchenFlag(engine, t, "floor.kitchen_offline")
        self.tabs = el("nav", cls="area-tabs", role="tablist", aria_label=t("floor.areas"))
        self.tab_rows = KeyedList(self.tabs, self._tab)
        self.grid = el("ul", id="tables", cls="tables")
        self.table_rows = KeyedList(self.grid, self._tile)
        self.sheet = el("section", id="table-sheet", cls="sheet", role="dialog", hidden="")
        self.sheet.setAttribute("aria-modal", "false")
        for node in (self.kitchen_flag.node, self.ready_total, self.tabs, self.grid, self.sheet):
            self.node.appendChild(node)
        root.appendChild(self.node)

    # -- drawing --------------------------------------------------------------------------------

    def render(self) -> None:
        self.kitchen_flag.render()
        floor = self.engine.floor()
        areas = fp.areas(floor)
        if areas and self.area_id not in {a["id"] for a in areas}:
            self.area_id = areas[0]["id"]
        grouped = fp.by_table(floor)
        ready_by_area: dict[str, int] = {}
        for table_id, orders in grouped.items():
            table = floor["tables"].get(table_id)
            if table is not None:
                n = sum(1 for o in orders if o["status"] == "ready")
                ready_by_area[table["area_id"]] = ready_by_area.get(table["area_id"], 0) + n
        self.tab_rows.update(
            [
                (
                    a["id"],
                    (a["id"], a["name"], a["id"] == self.area_id, ready_by_area.get(a["id"], 0)),
                )
                for a in areas
            ]
        )
        tiles = fp.tiles(floor, self.area_id or "", grouped)
        self.table_rows.update([(tile.table_id, tile) for tile in tiles])
        ready = fp.ready_count(floor)
        if ready:
            self.ready_total.textContent = self.t("floor.ready_total", n=ready)
            self.ready_total.removeAttribute("hidden")
        else:
            self.ready_total.setAttribute("hidden", "")
        self._render_sheet(floor, grouped)
        if self.paying is not None:
            order = floor["orders"].get(self.paying.order["id"])
            if order is None or not is_active(order["status"]):
                self._close_pay()  # paid in full (or closed elsewhere): nothing left to take
            else:
                self.paying.refresh(order)

    def _tab(self, value: tuple) -> tuple:
        area_id, name, selected, ready = value
        tab = el("button", name, role="tab", type="button", data_area=area_id)
        tab.setAttribute("aria-selected", "true" if selected else "false")
        if ready:
            tab.appendChild(el("span", str(ready), cls="badge"))
        return tab, [on_click(tab, lambda a=area_id: self._pick_area(a))]

    def _pick_area(self, area_id: str) -> None:
        self.area_id = area_id
        self.render()

    def _tile(self, tile: fp.TableTile) -> tuple:
        item = el("li")
        status = self.t(f"table.{tile.status}")
        button = el(
            "button",
            cls=f"table status-{tile.status}",
            type="button",
            data_table=tile.table_id,
            data_status=tile.status,
            aria_label=f"{tile.name}, {status}",
        )
        button.appendChild(el("span", tile.name, cls="name"))
        button.appendChild(el("span", status, cls="status-text"))
        if tile.ready:
            button.appendChild(el("span", self.t("floor.ready", n=tile.ready), cls="badge ready"))
        if tile.pending:
            button.setAttribute("data-pending", "true")
        item.appendChild(button)
        return item, [on_click(button, lambda i=tile.table_id: self._open(i))]

    def follow(self, hash_: str) -> None:
        """The address names a table (a tapped notification): open its sheet."""
        if part(hash_):
            self._open(part(hash_))

    def _open(self, table_id: str) -> None:
        self.open_table, self.confirming = table_id, None
        js.history.replaceState(None, "", f"#/floor/{table_id}")
        self.render()
        self.sheet.focus()

    def _close_sheet(self) -> None:
        self.open_table, self.confirming = None, None
        js.history.replaceState(None, "", "#/floor")
        self.render()

    # -- the table's sheet ----------------------------------------------------------------------

    def _render_sheet(self, floor: dict, grouped: dict[str, list[dict]]) -> None:
        for proxy in self._sheet_proxies:
            proxy.destroy()
        self._sheet_proxies = []
        table = floor["tables"].get(self.open_table or "")
        if table is None:
            self.sheet.setAttribute("hidden", "")
            self.sheet.replaceChildren()
            return
        orders = grouped.get(table["id"], [])
        self.sheet.replaceChildren()
        self.sheet.setAttribute("data-table", table["id"])
        self.sheet.setAttribute("tabindex", "-1")
        head = el("header")
        head.appendChild(el("h2", self.t("floor.table", name=table["name"])))
        status = "ready" if any(o["status"] == "ready" for o in orders) else table["status"]
        head.appendChild(el("span", self.t(f"table.{status}"), cls=f"pill status-{status}"))
        close = el("button", self.t("app.close"), type="button", cls="close")
        self._sheet_proxies.append(on_click(close, self._close_sheet))
        head.appendChild(close)
        self.sheet.appendChild(head)
        if table.get("pending"):
            self.sheet.appendChild(el("p", self.t("floor.pending"), cls="pending-note"))
        actions = el("div", cls="actions table-actions")
        for action in fp.table_actions(table, orders):
            actions.appendChild(self._action_button(action))
        self.sheet.appendChild(actions)
        if not orders:
            self.sheet.appendChild(el("p", self.t("floor.no_orders"), cls="empty"))
        listing = el("ul", cls="sheet-orders")
        for order in orders:
            listing.appendChild(self._order(order, table["name"]))
        self.sheet.appendChild(listing)
        self.sheet.removeAttribute("hidden")

    def _order(self, order: dict, where: str):
        item = el("li", cls="order", data_order=order["id"], data_status=order["status"])
        head = el("div", cls="order-head")
        head.appendChild(el("strong", order["number"], cls="number"))
        head.appendChild(
            el("span", self.t(f"order.{order['status']}"), cls=f"pill order-{order['status']}")
        )
        head.appendChild(
            el(
                "span",
                self.t("floor.total", total=self.t.money(order.get("total", 0))),
                cls="total",
            )
        )
        item.appendChild(head)
        item.appendChild(order_lines(order["lines"]))
        if order.get("note"):
            item.appendChild(el("p", order["note"], cls="note"))
        if order.get("pending"):
            item.setAttribute("data-pending", "true")
            item.appendChild(el("p", self.t("floor.pending"), cls="pending-note"))
        actions = el("div", cls="actions")
        for action in fp.order_actions(order):
            if action.confirm and self.confirming == order["id"]:
                actions.appendChild(
                    el(
                        "p",
                        self.t("floor.confirm_cancel", number=order["number"]),
                        cls="confirm",
                        role="alert",
                    )
                )
                actions.appendChild(self._action_button(action, confirmed=True))
                keep = el("button", self.t("floor.keep"), type="button")
                self._sheet_proxies.append(on_click(keep, self._keep))
                actions.appendChild(keep)
            else:
                actions.appendChild(self._action_button(action))
        item.appendChild(actions)
        paper = el("div", cls="actions print-actions")
        for kind in ("ticket", "bill"):
            button = el("button", self.t(f"print.print_{kind}"), type="button", data_print=kind)
            self._sheet_proxies.append(
                on_click(button, lambda k=kind, o=order: print_order(k, o, where, self.t))
            )
            paper.appendChild(button)
        item.appendChild(paper)
        return item

    def _action_button(self, action: fp.Action, confirmed: bool = False):
        button = el("button", self.t(action.label), type="button", data_action=action.label)
        if action.confirm:
            button.className = "danger"
        if confirmed:
            button.setAttribute("data-confirm", "true")

        def run() -> None:
            if action.op == fp.PAY:
                self._open_pay(action.target)
                return
            if action.confirm and not confirmed:
                self.confirming = action.target
                self.render()
                return
            self.confirming = None
            op, data = fp.mutation(action)
            spawn(self.engine.submit(op, data))

        self._sheet_proxies.append(on_click(button, run))
        return button

    def _open_pay(self, order_id: str) -> None:
        self._close_pay()
        order = self.engine.floor()["orders"].get(order_id)
        if order is None:
            return
        self.paying = PaySheet(
            order, self.engine.bill_settings(), self.t,
            lambda data: spawn(self.engine.submit("add_payment", data)), self._close_pay,
        )  # fmt: skip
        self.node.appendChild(self.paying.node)
        self.paying.amount.focus()

    def _close_pay(self) -> None:
        if self.paying is not None:
            self.paying.close()
            self.paying = None

    def _keep(self) -> None:
        self.confirming = None
        self.render()

    def tick(self) -> None:
        pass

    def close(self) -> None:
        self.tab_rows.clear()
        self.table_rows.clear()
        for proxy in self._proxies + self._sheet_proxies:
            proxy.destroy()
        self._close_pay()
        self.node.remove()
