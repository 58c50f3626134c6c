"""The kiosk: a guest picks dishes, chooses what each needs, says where they eat, and orders.

Three views: start (with the last orders placed here), ordering (categories and item cards,
with the cart beside them, ``cart_panel``, and an item's sheet, ``item_sheet``) and placed (the
order number, or while offline a reference and a "will be sent" mark that clears itself when
the server takes the order). A minute without a touch starts over and clears the cart. The
cart's rules live in ``cart`` (pure); text goes in through ``textContent`` only.
"""

from __future__ import annotations

from pyodide.ffi import create_proxy

from browser import page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from domain.errors import DomainError
from screens.kiosk.cart import Cart, CartLine, IdleTimer
from screens.kiosk.cart_panel import CartPanel
from screens.kiosk.item_sheet import ItemSheet
from ui.catalogue import Catalogue
from ui.i18n import Translator

IDLE_S = 60.0
PLACED_RETURN_S = 20.0  # the thank-you stays long enough to read the number, then starts over
RECENT_KEPT = 4


def _now() -> float:
    return page.now_ms() / 1000  # the page's clock: it times a guest's taps


class KioskScreen:
    def __init__(self, root, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.cart = Cart()
        self.idle = IdleTimer(_idle_setting(str(page.location.hash)), _now())
        self.view = "start"
        self.placed: str | None = None  # client_id of the order just placed
        self.placed_at = 0.0
        self.recent: list[dict] = []  # [{client_id, number}] newest first
        self._menu_version = -1
        self._menu_prefetched = -1  # the menu revision whose photos were fetched
        self._proxies: list = []
        self.catalogue = Catalogue(t, self._open_item)
        self.sheet = ItemSheet(t, self._add_line)
        self.cart_panel = CartPanel(self.cart, t, self._place_order)

        self.node = el("section", id="kiosk", cls="kiosk", aria_label=t("screen.kiosk"))
        self.start_view = self._start_view()
        self.order_view = self._order_view()
        self.placed_view = self._placed_view()
        for node in (self.start_view, self.order_view, self.placed_view, self.sheet.node):
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
        top.appendChild(self.catalogue.tabs)
        top.appendChild(over)
        body = el("div", cls="kiosk-body")
        body.appendChild(self.catalogue.items)
        body.appendChild(self.cart_panel.node)
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
            self.sheet.close()
        self.render()

    def reset(self) -> None:
        """Back to the start for the next guest: nothing of this one's order stays."""
        self.cart.clear()
        self.catalogue.reset()
        self.placed = None
        self.cart_panel.render(self.engine.menu)
        self._show("start")

    # -- rendering ------------------------------------------------------------------------------

    def render(self) -> None:
        if self.engine.catalogue.revision != self._menu_version:
            self._menu_version = self.engine.catalogue.revision
            self.catalogue.render(self.engine.catalogue)
            self._prefetch_photos()
            self.cart_panel.set_tables(list(self.engine.floor()["tables"].values()))
            self.cart_panel.render(self.engine.menu)
        if self.view == "placed":
            self._render_placed()
        self._render_recent()

    def _prefetch_photos(self) -> None:
        """Every photo of the menu, fetched once through the service worker, which keeps it:
        a guest browsing a category the kiosk never showed while online still sees pictures.
        Only once a worker controls the page (not yet on the very first visit): a fetch before
        that bypasses it. ``tick`` asks again every second until then."""
        if self._menu_prefetched == self._menu_version:
            return
        photos = [i["image"] for i in self.engine.catalogue.items.values() if i.get("image")]
        if self.device.keep_offline(photos):
            self._menu_prefetched = self._menu_version

    # -- an item's sheet and the cart ------------------------------------------------------

    def _open_item(self, item_id: str) -> None:
        item = self.engine.menu.get(item_id)
        if item is not None:
            self.sheet.open(item)

    def _add_line(self, line: CartLine) -> str | None:
        try:
            self.cart.add(line)
        except DomainError as exc:
            return exc.message
        self.cart_panel.render(self.engine.menu)
        return None

    async def _place(self) -> None:
        if not self.cart.ready():
            return
        self.cart_panel.place.setAttribute("disabled", "")
        client_id = await self.engine.submit("create_order", self.cart.order())
        self.recent.insert(0, {"client_id": client_id, "number": None})
        del self.recent[RECENT_KEPT:]
        await self._save_recent()
        self.cart.clear()
        self.cart_panel.placed()
        self.placed, self.placed_at = client_id, _now()
        self._show("placed")

    def _place_order(self) -> None:
        spawn(self._place())

    # -- placed orders --------------------------------------------------------------------------

    def _status_of(self, client_id: str) -> tuple[str | None, str, str]:
        """(the server's order number if known, ``sent`` / ``waiting`` / ``refused``, and the
        server's reason when refused) for an order this kiosk placed."""
        number = self.engine.order_number(client_id)
        if number:
            return number, "sent", ""
        for entry in self.recent:
            if entry["client_id"] == client_id and entry.get("number"):
                return entry["number"], "sent", ""
        refused = self.engine.refusal(client_id)
        if refused is not None:
            return None, "refused", refused
        return None, ("waiting" if self.engine.is_waiting(client_id) else "sent"), ""

    def _status_text(self, state: str, reason: str) -> str:
        if state == "refused":
            return self.t("kiosk.refused", reason=reason)
        return self.t("kiosk.will_send" if state == "waiting" else "kiosk.sent")

    def _render_placed(self) -> None:
        if self.placed is None:
            return
        number, state, reason = self._status_of(self.placed)
        self.placed_label.textContent = self.t("kiosk.number" if number else "kiosk.reference")
        self.placed_number.textContent = number or _reference(self.placed)
        self.placed_status.textContent = self._status_text(state, reason)
        self.placed_status.setAttribute("data-pending", "true" if state == "waiting" else "false")
        self.placed_status.setAttribute("data-state", state)

    def _render_recent(self) -> None:
        changed = False
        self.recent_list.replaceChildren()
        for entry in self.recent:
            number, state, reason = self._status_of(entry["client_id"])
            if number and not entry.get("number"):
                entry["number"] = number  # remembered: acks are not kept across reloads
                changed = True
            item = el("li", number or _reference(entry["client_id"]))
            item.setAttribute("data-pending", "true" if state == "waiting" else "false")
            item.setAttribute("data-state", state)
            item.appendChild(el("span", self._status_text(state, reason), cls="state"))
            self.recent_list.appendChild(item)
        if changed:
            spawn(self._save_recent())

    async def _load_recent(self) -> None:
        saved = await self.device.setting("kiosk")
        self.recent = list(saved.get("recent", []))[:RECENT_KEPT]
        self.render()

    async def _save_recent(self) -> None:
        await self.device.keep("kiosk", {"recent": self.recent})

    # -- time -----------------------------------------------------------------------------------

    def tick(self) -> None:
        now = _now()
        placed_read = self.view == "placed" and now - self.placed_at >= PLACED_RETURN_S
        if placed_read or (self.view != "start" and self.idle.expired(now)):
            self.reset()
        self._prefetch_photos()

    def close(self) -> None:
        self.node.removeEventListener("pointerdown", self._touched)
        self.node.removeEventListener("keydown", self._touched)
        self._touched.destroy()
        self.catalogue.close()
        self.sheet.close()
        self.cart_panel.close()
        for proxy in self._proxies:
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
