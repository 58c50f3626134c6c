"""The waiter's order pad: the kiosk's catalogue and item sheet (the same components), the lines
put together with their quantity and a "hold" per line (fire later), guests or the customer's
details, and Send. For a table's new order, lines added to an open check, or a take-away or
delivery order. What it sends is ``order_forms.pad_order`` (pure), checked by the domain's
rule before it is queued; text goes in through ``textContent`` only."""

from __future__ import annotations

from collections.abc import Callable

from browser.dom import el, on_click
from domain.errors import DomainError
from screens.floor import order_forms as forms
from screens.kiosk.cart import Cart, CartLine
from screens.kiosk.item_sheet import ItemSheet
from ui.catalogue import Catalogue
from ui.i18n import Translator, error_text

CUSTOMER_FIELDS = (("name", "text", "name", 80), ("phone", "tel", "tel", 24),
                   ("address", "text", "street-address", 300))  # fmt: skip


class OrderPad:
    def __init__(
        self, t: Translator, target: forms.PadTarget, title: str,
        check: Callable[[dict], DomainError | None], send: Callable[[dict], None],
        close: Callable[[], None],
    ) -> None:  # fmt: skip
        """``check(data)`` is the domain's answer before queuing; ``send(data)`` queues it."""
        self.t, self.target, self.check, self.send, self.on_close = t, target, check, send, close
        self.cart = Cart()
        self.menu: dict[str, dict] = {}
        self._proxies: list = []
        self._line_proxies: list = []
        self.node = el("section", id="order-pad", cls="order-pad", role="dialog",
                       aria_label=title)  # fmt: skip
        self.node.setAttribute("aria-modal", "true")
        head = el("header", cls="pad-head")
        head.appendChild(el("h2", title))
        back = el("button", t("pad.back"), type="button", id="pad-back")
        self._proxies.append(on_click(back, close))
        head.appendChild(back)
        self.node.appendChild(head)
        self.kind_row = el("div", cls="pad-kinds", role="radiogroup", aria_label=t("pad.type"))
        self.fields = el("div", cls="pad-fields")
        self.inputs: dict[str, object] = {}
        if not target.adds_to:
            self._where()
        self.catalogue = Catalogue(t, self._open_item, prefix="pad-")
        self.sheet = ItemSheet(t, self._add)
        self.lines = el("ul", id="pad-lines", cls="pad-lines")
        self.error = el("p", id="pad-error", cls="error", role="alert")
        self.send_button = el("button", id="pad-send", type="button", cls="primary huge")
        self._proxies.append(on_click(self.send_button, self._send))
        for node in (self.catalogue.tabs, self.catalogue.items, self.lines, self.error,
                     self.send_button, self.sheet.node):  # fmt: skip
            self.node.appendChild(node)

    # -- where the order goes -------------------------------------------------------------------

    def _where(self) -> None:
        if self.target.kind == "dine_in":
            self._field("guests", "number", "off", 3, "pad.guests")
        else:
            for kind in ("takeaway", "delivery"):
                button = el("button", self.t(f"pad.kind.{kind}"), type="button",
                            role="radio", data_kind=kind)  # fmt: skip
                self._proxies.append(on_click(button, lambda k=kind: self._pick_kind(k)))
                self.kind_row.appendChild(button)
            self.node.appendChild(self.kind_row)
            for name, kind, complete, size in CUSTOMER_FIELDS:
                self._field(name, kind, complete, size, f"pad.customer.{name}")
            self._pick_kind(self.target.kind)
        self.node.appendChild(self.fields)

    def _field(self, name: str, kind: str, complete: str, size: int, label: str) -> None:
        box = el("label", self.t(label), cls="field", data_field=name)
        entry = el("input", type=kind, autocomplete=complete, maxlength=str(size),
                   id=f"pad-{name}", name=name)  # fmt: skip
        if kind == "number":
            entry.setAttribute("min", "1")
            entry.setAttribute("max", str(forms.MAX_GUESTS))
            entry.setAttribute("inputmode", "numeric")
        box.appendChild(entry)
        self.inputs[name] = entry
        self.fields.appendChild(box)

    def _pick_kind(self, kind: str) -> None:
        self.target = forms.PadTarget(kind=kind)
        for button in self.kind_row.children:
            chosen = button.getAttribute("data-kind") == kind
            button.setAttribute("aria-checked", "true" if chosen else "false")

    # -- the menu and the lines -----------------------------------------------------------------

    def render(self, catalogue, menu: dict[str, dict]) -> None:
        self.menu = menu
        self.catalogue.render(catalogue)
        self._render_lines()

    def _open_item(self, item_id: str) -> None:
        item = self.menu.get(item_id)
        if item is not None:
            self.sheet.open(item)

    def _add(self, line: CartLine) -> str | None:
        try:
            self.cart.add(line)
        except DomainError as exc:
            return exc.message
        self._render_lines()
        return None

    def _render_lines(self) -> None:
        for proxy in self._line_proxies:
            proxy.destroy()
        self._line_proxies = []
        self.lines.replaceChildren()
        try:
            priced, total = self.cart.priced(self.menu)
        except DomainError:
            priced, total = [], 0
        by_line = iter(priced)
        for line in self.cart.lines:
            shown = next(by_line) if line.item_id in self.menu else None
            self.lines.appendChild(self._line(line, shown))
        if not self.cart.lines:
            self.lines.appendChild(el("li", self.t("pad.empty"), cls="empty"))
        self.send_button.textContent = self.t("pad.send", total=self.t.money(total))
        if self.cart.lines:
            self.send_button.removeAttribute("disabled")
        else:
            self.send_button.setAttribute("disabled", "")

    def _line(self, line: CartLine, priced: dict | None):
        name = priced["name"] if priced else line.item_id
        row = el("li", cls="pad-line", data_item=line.item_id)
        info = el("div", cls="info")
        info.appendChild(el("span", name, cls="name"))
        mods = " · ".join(m["name"] for m in priced["modifiers"]) if priced else ""
        if mods:
            info.appendChild(el("span", mods, cls="mods"))
        if line.note:
            info.appendChild(el("span", line.note, cls="note"))
        row.appendChild(info)
        hold = el("button", self.t("pad.hold"), type="button", cls="hold",
                  aria_pressed="true" if line.hold else "false",
                  aria_label=self.t("pad.hold_line", name=name))  # fmt: skip
        less = el("button", "−", type="button", cls="round",
                  aria_label=self.t("pad.less", name=name))  # fmt: skip
        more = el("button", "+", type="button", cls="round",
                  aria_label=self.t("pad.more", name=name))  # fmt: skip
        self._line_proxies += [
            on_click(hold, lambda k=line.key: self._hold(k)),
            on_click(less, lambda k=line.key, q=line.qty: self._qty(k, q - 1)),
            on_click(more, lambda k=line.key, q=line.qty: self._qty(k, q + 1)),
        ]
        for node in (hold, less, el("span", str(line.qty), cls="qty"), more):
            row.appendChild(node)
        return row

    def _hold(self, key: str) -> None:
        self.cart.toggle_hold(key)
        self._render_lines()

    def _qty(self, key: str, qty: int) -> None:
        self.cart.set_qty(key, qty)
        self._render_lines()

    # -- sending --------------------------------------------------------------------------------

    def _send(self) -> None:
        values = {name: str(entry.value) for name, entry in self.inputs.items()}
        customer = {k: values.get(k, "") for k, *_ in CUSTOMER_FIELDS}
        try:
            data = forms.pad_order(self.cart, self.target, values.get("guests", ""), customer)
        except DomainError as exc:
            self._refused(exc)
            return
        problem = self.check(data)
        if problem is not None:
            self._refused(problem)
            return
        self.send(data)

    def _refused(self, exc: DomainError) -> None:
        self.error.textContent = error_text(self.t, exc)
        field = (exc.field or "").split(".")[-1]
        entry = self.inputs.get(field)
        if entry is not None:
            entry.setAttribute("aria-invalid", "true")
            entry.focus()

    def close(self) -> None:
        self.sheet.close()
        self.catalogue.close()
        for proxy in self._proxies + self._line_proxies:
            proxy.destroy()
        self._proxies, self._line_proxies = [], []
        self.node.remove()
