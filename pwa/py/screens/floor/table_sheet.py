"""A table's sheet on the floor (or a take-away's): its orders with their lines and what a waiter
can do with each, drawn again only when what it shows changed. The taps go to the floor screen,
which opens the forms and queues the changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from browser.dom import el, on_click
from screens.floor import plan as fp
from screens.floor.order_card import order_card
from ui.i18n import Translator


class TableSheet:
    def __init__(
        self,
        t: Translator,
        on_close: Callable[[], None],
        on_action: Callable[[fp.Action], None],
        on_void: Callable[[dict, int, str], None],
        on_print: Callable[[str, dict, str], None],
    ) -> None:
        self.t = t
        self._on_close, self._on_action = on_close, on_action
        self._on_void, self._on_print = on_void, on_print
        self.open_table: str | None = None
        self._proxies: list = []
        self._drawn = ""  # what the sheet shows (``_unchanged``)
        self.node = el("section", id="table-sheet", cls="sheet", role="dialog", hidden="")
        self.node.setAttribute("aria-modal", "false")

    def render(self, open_table: str | None, floor: dict, grouped: dict[str, list[dict]],
               away: dict[str, list[dict]]) -> None:  # fmt: skip
        self.open_table = open_table
        if (open_table or "").startswith(fp.AWAY_PREFIX):
            self._render_away(away)
        else:
            self._render_table(floor, grouped)

    def close(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []

    def _unchanged(self, *drawn: object) -> bool:
        """True if the sheet already shows ``drawn``; else remember it as drawn. A sheet is
        rebuilt only when what it shows changed: rebuilt on every render (the banner ticking
        through reconnects) its buttons were replaced under a waiter's thumb and the tap lost
        (found by the chaos run). Compared as text: records may be shared with live state."""
        key = json.dumps(drawn, sort_keys=True, default=str)
        if key == self._drawn:
            return True
        self._drawn = key
        return False

    def _render_table(self, floor: dict, grouped: dict[str, list[dict]]) -> None:
        table = floor["tables"].get(self.open_table or "")
        orders = grouped.get(table["id"], []) if table is not None else []
        if self._unchanged("table", self.open_table, table, orders):
            return
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
        if table is None:
            self.node.setAttribute("hidden", "")
            self.node.replaceChildren()
            return
        self.node.replaceChildren()
        self.node.setAttribute("data-table", table["id"])
        self.node.setAttribute("tabindex", "-1")
        head = el("header")
        head.appendChild(el("h2", self.t("floor.table", name=table["name"])))
        status = "ready" if any(o["status"] == "ready" for o in orders) else table["status"]
        head.appendChild(el("span", self.t(f"table.{status}"), cls=f"pill status-{status}"))
        close = el("button", self.t("app.close"), type="button", cls="close")
        self._proxies.append(on_click(close, self._on_close))
        head.appendChild(close)
        self.node.appendChild(head)
        if table.get("pending"):
            self.node.appendChild(el("p", self.t("floor.pending"), cls="pending-note"))
        actions = el("div", cls="actions table-actions")
        for action in fp.table_actions(table, orders):
            actions.appendChild(self._action_button(action))
        self.node.appendChild(actions)
        if not orders:
            self.node.appendChild(el("p", self.t("floor.no_orders"), cls="empty"))
        listing = el("ul", cls="sheet-orders")
        for order in orders:
            listing.appendChild(self._order(order, table["name"]))
        self.node.appendChild(listing)
        self.node.removeAttribute("hidden")

    def _render_away(self, away: dict[str, list[dict]]) -> None:
        """A take-away or delivery check: its orders, who it is for, and what can be done."""
        orders = away.get((self.open_table or "")[len(fp.AWAY_PREFIX) :], [])
        if self._unchanged("away", self.open_table, orders):
            return
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
        self.node.replaceChildren()
        if not orders:  # paid and collected, or cancelled: nothing left to show
            self.node.setAttribute("hidden", "")
            return
        first = orders[0]
        kind = self.t(f"kitchen.{first.get('type') or 'takeaway'}")
        self.node.setAttribute("data-table", self.open_table or "")
        self.node.setAttribute("tabindex", "-1")
        head = el("header")
        head.appendChild(el("h2", f"{kind} {first['number']}"))
        close = el("button", self.t("app.close"), type="button", cls="close")
        self._proxies.append(on_click(close, self._on_close))
        head.appendChild(close)
        self.node.appendChild(head)
        customer = first.get("customer") or {}
        said = [customer[k] for k in ("name", "phone", "address") if customer.get(k)]
        if said:
            self.node.appendChild(el("p", " · ".join(said), cls="customer"))
        listing = el("ul", cls="sheet-orders")
        for order in orders:
            listing.appendChild(self._order(order, kind))
        self.node.appendChild(listing)
        self.node.removeAttribute("hidden")

    def _order(self, order: dict, where: str):
        voidable = set(fp.voidable(order))
        return order_card(
            order, self.t, self._proxies,
            void=lambda i, line: self._void_button(order, i, line) if i in voidable else None,
            actions=[self._action_button(a) for a in fp.order_actions(order)],
            print_it=lambda kind: self._on_print(kind, order, where),
        )  # fmt: skip

    def _void_button(self, order: dict, index: int, line: dict):
        name = line.get("name") or line["item_id"]
        label = self.t("floor.void_line", name=name)
        button = el("button", self.t("floor.void"), type="button", cls="void",
                    data_void=str(index), aria_label=label)  # fmt: skip
        self._proxies.append(on_click(button, lambda: self._on_void(order, index, name)))
        return button

    def _action_button(self, action: fp.Action):
        button = el("button", self.t(action.label), type="button", data_action=action.label)
        if action.confirm:
            button.className = "danger"
        self._proxies.append(on_click(button, lambda: self._on_action(action)))
        return button
