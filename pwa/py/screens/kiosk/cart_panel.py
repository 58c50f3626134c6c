"""The cart beside the menu: its lines with quantities and totals, where the guest eats
(take-away, or a table), and the button that places the order. The cart's rules are
``cart.Cart``'s (pure); this draws them and passes taps back."""

from __future__ import annotations

from collections.abc import Callable

from pyodide.ffi import create_proxy

from browser.dom import el, on_click
from domain.errors import DomainError
from screens.kiosk.cart import Cart
from ui.i18n import Translator


class CartPanel:
    def __init__(self, cart: Cart, t: Translator, on_place: Callable[[], None]) -> None:
        self.cart, self.t = cart, t
        self.menu: dict[str, dict] = {}
        self.table_mode = False  # "at a table" tapped, the table not chosen yet
        self._proxies: list = []
        self._line_proxies: list = []

        self.node = el("aside", id="cart", cls="cart", aria_label=t("kiosk.cart"))
        self.node.appendChild(el("h2", t("kiosk.cart")))
        self.lines = el("ul", id="cart-lines", cls="cart-lines")
        self.empty = el("p", t("kiosk.cart_empty"), cls="empty")
        self.unavailable = el("p", cls="error", role="alert", hidden="")
        where = el("fieldset", cls="where")
        where.appendChild(el("legend", t("kiosk.where")))
        self.takeaway = el(
            "button", t("kiosk.takeaway"), id="takeaway", type="button", aria_pressed="false"
        )
        self.at_table = el(
            "button", t("kiosk.table"), id="at-table", type="button", aria_pressed="false"
        )
        self.table = el("select", id="table", aria_label=t("kiosk.choose_table"), hidden="")
        self._proxies.append(on_click(self.takeaway, lambda: self._where(True)))
        self._proxies.append(on_click(self.at_table, lambda: self._where(False)))
        picked = create_proxy(lambda _e: self._table_picked())
        self.table.addEventListener("change", picked)
        self._proxies.append(picked)
        for node in (self.takeaway, self.at_table, self.table):
            where.appendChild(node)
        self.total = el("p", id="cart-total", cls="total")
        self.place = el("button", id="place", type="button", cls="primary huge", disabled="")
        self._proxies.append(on_click(self.place, on_place))
        for node in (self.lines, self.empty, self.unavailable, where, self.total, self.place):
            self.node.appendChild(node)

    def set_tables(self, tables: list[dict]) -> None:
        chosen = self.table.value
        self.table.replaceChildren(el("option", self.t("kiosk.choose_table"), value=""))
        for table in sorted(tables, key=lambda t: (t.get("position", 0), t["name"])):
            self.table.appendChild(el("option", table["name"], value=table["id"]))
        self.table.value = chosen

    def placed(self) -> None:
        """The order went out: the next guest starts with no table chosen."""
        self.table_mode = False
        self.render()

    def render(self, menu: dict[str, dict] | None = None) -> None:
        if menu is not None:
            self.menu = menu
        menu = self.menu
        for proxy in self._line_proxies:
            proxy.destroy()
        self._line_proxies = []
        self.lines.replaceChildren()
        try:
            priced, total = self.cart.priced(menu)
        except DomainError:
            priced, total = [], 0
        by_item = iter(priced)
        for line in self.cart.lines:
            self.lines.appendChild(
                self._line(line, next(by_item) if line.item_id in menu else None)
            )
        gone = self.cart.unavailable(menu)
        if gone:
            names = ", ".join(menu.get(g.item_id, {}).get("name", g.item_id) for g in gone)
            self.unavailable.textContent = self.t("kiosk.unavailable", name=names)
            self.unavailable.removeAttribute("hidden")
        else:
            self.unavailable.setAttribute("hidden", "")
        _shown(self.empty, not self.cart.lines)
        count = self.t("kiosk.items", n=self.cart.count())
        self.total.textContent = f"{count} · {self.t('kiosk.total')} {self.t.money(total)}"
        self.place.textContent = self.t("kiosk.place", total=self.t.money(total))
        self.takeaway.setAttribute("aria-pressed", "true" if self.cart.takeaway else "false")
        self.at_table.setAttribute("aria-pressed", "true" if self.table_mode else "false")
        _shown(self.table, self.table_mode)
        if self.cart.ready() and not gone:
            self.place.removeAttribute("disabled")
        else:
            self.place.setAttribute("disabled", "")

    def _line(self, line, priced: dict | None):
        row = el("li", cls="cart-line", data_item=line.item_id)
        info = el("div", cls="info")
        if priced is not None:
            info.appendChild(el("span", priced["name"], cls="name"))
            mods = " · ".join(m["name"] for m in priced["modifiers"])
            if mods:
                info.appendChild(el("span", mods, cls="mods"))
            amount = self.t.money(priced["line_total"])
        else:  # gone from the menu since it went in the cart
            info.appendChild(el("span", line.item_id, cls="name"))
            amount = "—"
        if line.note:
            info.appendChild(el("span", line.note, cls="note"))
        row.appendChild(info)
        less = el("button", "−", type="button", cls="round", aria_label=self.t("kiosk.less"))
        more = el("button", "+", type="button", cls="round", aria_label=self.t("kiosk.more"))
        self._line_proxies += [
            on_click(less, lambda k=line.key, q=line.qty: self._line_qty(k, q - 1)),
            on_click(more, lambda k=line.key, q=line.qty: self._line_qty(k, q + 1)),
        ]
        row.appendChild(less)
        row.appendChild(el("span", str(line.qty), cls="qty"))
        row.appendChild(more)
        row.appendChild(el("span", amount, cls="amount"))
        return row

    def _where(self, takeaway: bool) -> None:
        self.cart.takeaway = takeaway
        self.table_mode = not takeaway
        self.cart.table_id = None if takeaway else (str(self.table.value) or None)
        self.render()

    def _table_picked(self) -> None:
        self.cart.table_id = str(self.table.value) or None
        self.render()

    def _line_qty(self, key: str, qty: int) -> None:
        self.cart.set_qty(key, qty)
        self.render()

    def close(self) -> None:
        for proxy in self._proxies + self._line_proxies:
            proxy.destroy()
        self._proxies, self._line_proxies = [], []


def _shown(node, shown: bool) -> None:
    if shown:
        node.removeAttribute("hidden")
    else:
        node.setAttribute("hidden", "")
