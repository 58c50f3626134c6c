"""The kiosk: a guest picks dishes, chooses what each needs, says where they eat, and orders.

Three views: start, ordering (categories, item cards, the cart, an item's sheet) and placed
(the order number, or while offline a reference and a "will be sent" mark that clears itself
when the server takes the order). A minute without a touch starts over and clears the cart.
The cart's rules live in ``cart`` (pure); text goes in through ``textContent`` only.
"""

from __future__ import annotations

import js
from pyodide.ffi import create_proxy

from cart import Cart, CartLine, IdleTimer, missing_choices, toggle_choice, unit_price
from dom import el, on_click
from domain.errors import DomainError
from domain.pricing import choice_bounds
from engine import Engine
from i18n import Translator
from idb import Database
from keyed import KeyedList
from tasks import spawn

IDLE_S = 60.0
PLACED_RETURN_S = 20.0  # the thank-you stays long enough to read the number, then starts over
RECENT_KEPT = 4


def _now() -> float:
    return js.performance.now() / 1000


def _hue(text: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(text)) % 360


class KioskScreen:
    def __init__(self, root, engine: Engine, t: Translator, db: Database) -> None:
        self.engine, self.t, self.db = engine, t, db
        self.cart = Cart()
        self.idle = IdleTimer(_idle_setting(str(js.location.hash)), _now())
        self.view = "start"
        self.category: str | None = None
        self.placed: str | None = None  # client_id of the order just placed
        self.placed_at = 0.0
        self.recent: list[dict] = []  # [{client_id, number}] newest first
        self._menu_version = -1
        self._table_mode = False  # "at a table" tapped, the table not chosen yet
        self._proxies: list = []
        self._item_proxies: list = []
        self._sheet_proxies: list = []
        self._cart_proxies: list = []

        self.node = el("section", id="kiosk", cls="kiosk", aria_label=t("screen.kiosk"))
        self.start_view = self._start_view()
        self.order_view = self._order_view()
        self.placed_view = self._placed_view()
        self.sheet = el("div", id="item-sheet", cls="sheet dialog", role="dialog", hidden="")
        self.sheet.setAttribute("aria-modal", "true")
        for node in (self.start_view, self.order_view, self.placed_view, self.sheet):
            self.node.appendChild(node)
        root.appendChild(self.node)
        self._touched = create_proxy(lambda _e: self.idle.touch(_now()))
        self.node.addEventListener("pointerdown", self._touched)
        self.node.addEventListener("keydown", self._touched)
        spawn(self._load_recent())
        self._show("start")

    # -- views ----------------------------------------------------------------------------------

    def _start_view(self):
        view = el("div", id="kiosk-start", cls="kiosk-start")
        view.appendChild(el("h2", self.t("kiosk.welcome")))
        start = el(
            "button", self.t("kiosk.start"), id="start-order", type="button", cls="primary huge"
        )
        self._proxies.append(on_click(start, lambda: self._show("order")))
        view.appendChild(start)
        self.recent_list = el("ul", id="recent", cls="recent", aria_live="polite")
        view.appendChild(self.recent_list)
        return view

    def _order_view(self):
        view = el("div", id="kiosk-order", cls="kiosk-order")
        top = el("div", cls="kiosk-top")
        over = el("button", self.t("kiosk.cancel_order"), id="start-over", type="button")
        self._proxies.append(on_click(over, self.reset))
        self.categories = el(
            "nav", id="categories", role="tablist", aria_label=self.t("kiosk.categories")
        )
        top.appendChild(self.categories)
        top.appendChild(over)
        self.items = el("div", id="items", cls="item-grid")
        self.item_cards = KeyedList(self.items, self._card)
        cart = el("aside", id="cart", cls="cart", aria_label=self.t("kiosk.cart"))
        cart.appendChild(el("h2", self.t("kiosk.cart")))
        self.cart_lines = el("ul", id="cart-lines", cls="cart-lines")
        self.cart_empty = el("p", self.t("kiosk.cart_empty"), cls="empty")
        self.unavailable = el("p", cls="error", role="alert", hidden="")
        where = el("fieldset", cls="where")
        where.appendChild(el("legend", self.t("kiosk.where")))
        self.takeaway = el(
            "button", self.t("kiosk.takeaway"), id="takeaway", type="button", aria_pressed="false"
        )
        self.at_table = el(
            "button", self.t("kiosk.table"), id="at-table", type="button", aria_pressed="false"
        )
        self.table = el("select", id="table", aria_label=self.t("kiosk.choose_table"), hidden="")
        self._proxies.append(on_click(self.takeaway, lambda: self._where(True)))
        self._proxies.append(on_click(self.at_table, lambda: self._where(False)))
        picked = create_proxy(lambda _e: self._table_picked())
        self.table.addEventListener("change", picked)
        self._proxies.append(picked)
        for node in (self.takeaway, self.at_table, self.table):
            where.appendChild(node)
        self.total = el("p", id="cart-total", cls="total")
        self.place = el("button", id="place", type="button", cls="primary huge", disabled="")
        self._proxies.append(on_click(self.place, self._place_order))
        for node in (
            self.cart_lines,
            self.cart_empty,
            self.unavailable,
            where,
            self.total,
            self.place,
        ):
            cart.appendChild(node)
        body = el("div", cls="kiosk-body")
        body.appendChild(self.items)
        body.appendChild(cart)
        view.appendChild(top)
        view.appendChild(body)
        return view

    def _placed_view(self):
        view = el("div", id="kiosk-placed", cls="kiosk-placed", aria_live="polite")
        view.appendChild(el("h2", self.t("kiosk.thanks")))
        self.placed_label = el("p", cls="label")
        self.placed_number = el("p", id="placed-number", cls="placed-number")
        self.placed_status = el("p", id="placed-status", cls="placed-status")
        again = el(
            "button", self.t("kiosk.new_order"), id="new-order", type="button", cls="primary huge"
        )
        self._proxies.append(on_click(again, self.reset))
        for node in (self.placed_label, self.placed_number, self.placed_status, again):
            view.appendChild(node)
        return view

    def _show(self, view: str) -> None:
        self.view = view
        self.idle.touch(_now())
        self.node.setAttribute("data-view", view)
        for name, node in (
            ("start", self.start_view),
            ("order", self.order_view),
            ("placed", self.placed_view),
        ):
            if name == view:
                node.removeAttribute("hidden")
            else:
                node.setAttribute("hidden", "")
        if view != "order":
            self._close_sheet()
        self.render()

    def reset(self) -> None:
        """Back to the start for the next guest: nothing of this one's order stays."""
        self.cart.clear()
        self.category = None
        self.placed = None
        self._render_cart()
        self._show("start")

    # -- rendering ------------------------------------------------------------------------------

    def render(self) -> None:
        if self.engine.menu_cache.version != self._menu_version:
            self._menu_version = self.engine.menu_cache.version
            self._render_catalog()
            self._render_tables()
            self._render_cart()
        if self.view == "placed":
            self._render_placed()
        self._render_recent()

    def _render_catalog(self) -> None:
        menu = self.engine.menu_cache
        for proxy in self._item_proxies:
            proxy.destroy()
        self._item_proxies = []
        self.categories.replaceChildren()
        cats = [c for c in menu.sorted_categories() if menu.items_in(c["id"])]
        if cats and self.category not in {c["id"] for c in cats}:
            self.category = cats[0]["id"]
        for cat in cats:
            tab = el("button", cat["name"], role="tab", type="button", data_category=cat["id"])
            tab.setAttribute("aria-selected", "true" if cat["id"] == self.category else "false")
            self._item_proxies.append(on_click(tab, lambda c=cat["id"]: self._pick_category(c)))
            self.categories.appendChild(tab)
        items = menu.items_in(self.category) if self.category else []
        self.item_cards.update([(i["id"], i) for i in items])

    def _pick_category(self, category_id: str) -> None:
        self.category = category_id
        self._render_catalog()

    def _card(self, item: dict) -> tuple:
        available = item.get("available", True)
        card = el("button", cls="item-card", type="button", data_item=item["id"])
        swatch = el("span", item["name"][:1], cls="swatch", aria_hidden="true")
        swatch.setAttribute("style", f"background: hsl({_hue(item['id'])} 55% 85%)")
        card.appendChild(swatch)
        card.appendChild(el("span", item["name"], cls="name"))
        card.appendChild(el("span", self.t.money(item["price"]), cls="price"))
        if not available:
            card.setAttribute("disabled", "")
            card.appendChild(el("span", self.t("kiosk.sold_out"), cls="sold-out"))
            return card, []
        return card, [on_click(card, lambda i=item["id"]: self._open_item(i))]

    def _render_tables(self) -> None:
        floor = self.engine.floor()
        chosen = self.table.value
        self.table.replaceChildren(el("option", self.t("kiosk.choose_table"), value=""))
        tables = sorted(floor["tables"].values(), key=lambda t: (t.get("position", 0), t["name"]))
        for table in tables:
            self.table.appendChild(el("option", table["name"], value=table["id"]))
        self.table.value = chosen

    # -- an item's sheet ------------------------------------------------------------------------

    def _open_item(self, item_id: str) -> None:
        item = self.engine.menu.get(item_id)
        if item is None:
            return
        self._sheet_item, self._chosen, self._qty = item, [], 1
        self._draw_sheet(note="")
        self.sheet.removeAttribute("hidden")

    def _draw_sheet(self, note: str, error: str = "") -> None:
        item = self._sheet_item
        for proxy in self._sheet_proxies:
            proxy.destroy()
        self._sheet_proxies = []
        self.sheet.replaceChildren()
        self.sheet.setAttribute("data-item", item["id"])
        self.sheet.setAttribute("aria-label", item["name"])
        self.sheet.appendChild(el("h2", item["name"]))
        if item.get("description"):
            self.sheet.appendChild(el("p", item["description"], cls="description"))
        for group in item.get("modifiers", []):
            self.sheet.appendChild(self._group(group))
        label = el("label", self.t("kiosk.note"), cls="field")
        self.note = el(
            "input", id="line-note", maxlength="200", placeholder=self.t("kiosk.note_placeholder")
        )
        self.note.value = note
        label.appendChild(self.note)
        self.sheet.appendChild(label)
        qty = el("div", cls="qty-row")
        less = el("button", "−", type="button", aria_label=self.t("kiosk.less"), cls="round")
        more = el("button", "+", type="button", aria_label=self.t("kiosk.more"), cls="round")
        qty.appendChild(less)
        qty.appendChild(el("span", str(self._qty), id="sheet-qty", cls="qty"))
        qty.appendChild(more)
        self._sheet_proxies += [
            on_click(less, lambda: self._set_qty(max(1, self._qty - 1))),
            on_click(more, lambda: self._set_qty(min(99, self._qty + 1))),
        ]
        self.sheet.appendChild(qty)
        self.sheet.appendChild(el("p", error, id="sheet-error", cls="error", role="alert"))
        buttons = el("div", cls="sheet-buttons")
        back = el("button", self.t("kiosk.back"), type="button", id="sheet-back")
        price = self.t.money(unit_price(item, self._chosen) * self._qty)
        add = el(
            "button",
            self.t("kiosk.add_to_order", price=price),
            type="button",
            id="add-to-cart",
            cls="primary",
        )
        self._sheet_proxies += [on_click(back, self._close_sheet), on_click(add, self._add_to_cart)]
        buttons.appendChild(back)
        buttons.appendChild(add)
        self.sheet.appendChild(buttons)

    def _group(self, group: dict):
        box = el("fieldset", cls="modifier-group", data_group=group["id"])
        low, high = choice_bounds(group)
        required = low > 0
        hint = self.t("kiosk.choose_one") if high == 1 else self.t("kiosk.choose_up_to", n=high)
        legend = el("legend", group["name"])
        legend.appendChild(
            el(
                "span",
                f" · {hint}" + (f" · {self.t('kiosk.required')}" if required else ""),
                cls="hint",
            )
        )
        box.appendChild(legend)
        for option in group["options"]:
            text = option["name"]
            if option["price_delta"]:
                sign = "+" if option["price_delta"] > 0 else ""
                text += f" ({sign}{self.t.money(option['price_delta'])})"
            pressed = "true" if option["id"] in self._chosen else "false"
            button = el(
                "button",
                text,
                type="button",
                cls="option",
                data_option=option["id"],
                aria_pressed=pressed,
            )
            self._sheet_proxies.append(on_click(button, lambda o=option["id"]: self._toggle(o)))
            box.appendChild(button)
        return box

    def _toggle(self, option_id: str) -> None:
        self._chosen = toggle_choice(self._sheet_item, self._chosen, option_id)
        self._draw_sheet(self.note.value)

    def _set_qty(self, qty: int) -> None:
        self._qty = qty
        self._draw_sheet(self.note.value)

    def _add_to_cart(self) -> None:
        missing = missing_choices(self._sheet_item, self._chosen)
        if missing:
            names = ", ".join(g["name"] for g in missing)
            self._draw_sheet(self.note.value, self.t("kiosk.missing", groups=names))
            return
        line = CartLine(
            self._sheet_item["id"], tuple(self._chosen), self.note.value.strip(), self._qty
        )
        try:
            self.cart.add(line)
        except DomainError as exc:
            self._draw_sheet(self.note.value, exc.message)
            return
        self._close_sheet()
        self._render_cart()

    def _close_sheet(self) -> None:
        for proxy in self._sheet_proxies:
            proxy.destroy()
        self._sheet_proxies = []
        self.sheet.setAttribute("hidden", "")
        self.sheet.replaceChildren()

    # -- the cart -------------------------------------------------------------------------------

    def _render_cart(self) -> None:
        for proxy in self._cart_proxies:
            proxy.destroy()
        self._cart_proxies = []
        self.cart_lines.replaceChildren()
        menu = self.engine.menu
        try:
            priced, total = self.cart.priced(menu)
        except DomainError:
            priced, total = [], 0
        by_item = iter(priced)
        for line in self.cart.lines:
            row = el("li", cls="cart-line", data_item=line.item_id)
            info = el("div", cls="info")
            if line.item_id in menu:
                p = next(by_item)
                info.appendChild(el("span", p["name"], cls="name"))
                mods = " · ".join(m["name"] for m in p["modifiers"])
                if mods:
                    info.appendChild(el("span", mods, cls="mods"))
                amount = self.t.money(p["line_total"])
            else:
                info.appendChild(el("span", line.item_id, cls="name"))
                amount = "—"
            if line.note:
                info.appendChild(el("span", line.note, cls="note"))
            row.appendChild(info)
            less = el("button", "−", type="button", cls="round", aria_label=self.t("kiosk.less"))
            more = el("button", "+", type="button", cls="round", aria_label=self.t("kiosk.more"))
            self._cart_proxies += [
                on_click(less, lambda k=line.key, q=line.qty: self._line_qty(k, q - 1)),
                on_click(more, lambda k=line.key, q=line.qty: self._line_qty(k, q + 1)),
            ]
            row.appendChild(less)
            row.appendChild(el("span", str(line.qty), cls="qty"))
            row.appendChild(more)
            row.appendChild(el("span", amount, cls="amount"))
            self.cart_lines.appendChild(row)
        gone = self.cart.unavailable(menu)
        if gone:
            names = ", ".join(menu.get(g.item_id, {}).get("name", g.item_id) for g in gone)
            self.unavailable.textContent = self.t("kiosk.unavailable", name=names)
            self.unavailable.removeAttribute("hidden")
        else:
            self.unavailable.setAttribute("hidden", "")
        if self.cart.lines:
            self.cart_empty.setAttribute("hidden", "")
        else:
            self.cart_empty.removeAttribute("hidden")
        count = self.t("kiosk.items", n=self.cart.count())
        self.total.textContent = f"{count} · {self.t('kiosk.total')} {self.t.money(total)}"
        self.place.textContent = self.t("kiosk.place", total=self.t.money(total))
        self.takeaway.setAttribute("aria-pressed", "true" if self.cart.takeaway else "false")
        at_table = self._table_mode
        self.at_table.setAttribute("aria-pressed", "true" if at_table else "false")
        if at_table:
            self.table.removeAttribute("hidden")
        else:
            self.table.setAttribute("hidden", "")
        if self.cart.ready() and not gone:
            self.place.removeAttribute("disabled")
        else:
            self.place.setAttribute("disabled", "")

    def _where(self, takeaway: bool) -> None:
        self.cart.takeaway = takeaway
        self._table_mode = not takeaway
        if takeaway:
            self.cart.table_id = None
        else:
            self.cart.table_id = str(self.table.value) or None
        self._render_cart()

    def _table_picked(self) -> None:
        self.cart.table_id = str(self.table.value) or None
        self._render_cart()

    def _line_qty(self, key: str, qty: int) -> None:
        self.cart.set_qty(key, qty)
        self._render_cart()

    async def _place(self) -> None:
        if not self.cart.ready():
            return
        self.place.setAttribute("disabled", "")
        client_id = await self.engine.submit("create_order", self.cart.order())
        self.recent.insert(0, {"client_id": client_id, "number": None})
        del self.recent[RECENT_KEPT:]
        await self._save_recent()
        self.cart.clear()
        self._table_mode = False
        self._render_cart()
        self.placed, self.placed_at = client_id, _now()
        self._show("placed")

    def _place_order(self) -> None:
        spawn(self._place())

    # -- placed orders --------------------------------------------------------------------------

    def _status_of(self, client_id: str) -> tuple[str | None, bool]:
        """(the server's order number if known, whether it is still to be sent) for an order
        this kiosk placed."""
        acked = self.engine.acked.get(client_id)
        if acked and acked.get("order"):
            return acked["order"]["number"], False
        for entry in self.recent:
            if entry["client_id"] == client_id and entry.get("number"):
                return entry["number"], False
        waiting = any(m.client_id == client_id for m in self.engine.outbox.pending())
        return None, waiting

    def _render_placed(self) -> None:
        if self.placed is None:
            return
        number, waiting = self._status_of(self.placed)
        self.placed_label.textContent = self.t("kiosk.number" if number else "kiosk.reference")
        self.placed_number.textContent = number or _reference(self.placed)
        self.placed_status.textContent = self.t("kiosk.will_send" if waiting else "kiosk.sent")
        self.placed_status.setAttribute("data-pending", "true" if waiting else "false")

    def _render_recent(self) -> None:
        changed = False
        self.recent_list.replaceChildren()
        for entry in self.recent:
            number, waiting = self._status_of(entry["client_id"])
            if number and not entry.get("number"):
                entry["number"] = number  # remembered: acks are not kept across reloads
                changed = True
            item = el("li", number or _reference(entry["client_id"]))
            item.setAttribute("data-pending", "true" if waiting else "false")
            item.appendChild(
                el("span", self.t("kiosk.will_send" if waiting else "kiosk.sent"), cls="state")
            )
            self.recent_list.appendChild(item)
        if changed:
            spawn(self._save_recent())

    async def _load_recent(self) -> None:
        saved = await self.db.get("kiosk") or {}
        self.recent = list(saved.get("recent", []))[:RECENT_KEPT]
        self.render()

    async def _save_recent(self) -> None:
        await self.db.write(kv={"kiosk": {"recent": self.recent}})

    # -- time -----------------------------------------------------------------------------------

    def tick(self) -> None:
        now = _now()
        placed_read = self.view == "placed" and now - self.placed_at >= PLACED_RETURN_S
        if placed_read or (self.view != "start" and self.idle.expired(now)):
            self.reset()

    def close(self) -> None:
        self.node.removeEventListener("pointerdown", self._touched)
        self.node.removeEventListener("keydown", self._touched)
        self._touched.destroy()
        self.item_cards.clear()
        for proxy in self._proxies + self._item_proxies + self._sheet_proxies + self._cart_proxies:
            proxy.destroy()
        self.node.remove()


def _reference(client_id: str) -> str:
    """What a guest is told before the server has numbered the order: short, and unique
    enough to match at the counter."""
    return f"#{client_id[:4].upper()}"


def _idle_setting(hash_: str) -> float:
    """``#/kiosk?idle=30`` shortens or lengthens the guest timeout (at least 5 s)."""
    query = hash_.split("?", 1)[1] if "?" in hash_ else ""
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if name == "idle":
            try:
                return max(5.0, float(value))
            except ValueError:
                break
    return IDLE_S
