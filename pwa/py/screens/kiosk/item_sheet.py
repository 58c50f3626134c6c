"""An item's sheet: its choices (required and optional, with their price deltas), a note and a
quantity, then "Add". What may be chosen is the cart's rule (pure, ``cart``) and the domain's
(``choice_bounds``); this only draws it. One component, so another screen can take orders with
the same sheet."""

from __future__ import annotations

from collections.abc import Callable

from browser.dom import el, on_click
from domain.pricing import choice_bounds
from screens.kiosk.cart import CartLine, missing_choices, toggle_choice, unit_price
from ui.i18n import Translator


class ItemSheet:
    def __init__(self, t: Translator, on_add: Callable[[CartLine], str | None]) -> None:
        """``on_add(line)`` takes the finished line: None if it was added, else the reason
        it was not (shown on the sheet, which stays open)."""
        self.t = t
        self.on_add = on_add
        self.node = el("div", id="item-sheet", cls="sheet dialog", role="dialog", hidden="")
        self.node.setAttribute("aria-modal", "true")
        self._proxies: list = []
        self._item: dict = {}
        self._chosen: list[str] = []
        self._qty = 1
        self.note = None

    def open(self, item: dict) -> None:
        self._item, self._chosen, self._qty = item, [], 1
        self._draw(note="")
        self.node.removeAttribute("hidden")

    def close(self) -> None:
        self._drop_proxies()
        self.node.setAttribute("hidden", "")
        self.node.replaceChildren()

    def _drop_proxies(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []

    def _draw(self, note: str, error: str = "") -> None:
        item = self._item
        self._drop_proxies()
        sheet = self.node
        sheet.replaceChildren()
        sheet.setAttribute("data-item", item["id"])
        sheet.setAttribute("aria-label", item["name"])
        sheet.appendChild(el("h2", item["name"]))
        if item.get("description"):
            sheet.appendChild(el("p", item["description"], cls="description"))
        for group in item.get("modifiers", []):
            sheet.appendChild(self._group(group))
        label = el("label", self.t("kiosk.note"), cls="field")
        self.note = el(
            "input", id="line-note", maxlength="200", placeholder=self.t("kiosk.note_placeholder")
        )
        self.note.value = note
        label.appendChild(self.note)
        sheet.appendChild(label)
        qty = el("div", cls="qty-row")
        less = el("button", "−", type="button", aria_label=self.t("kiosk.less"), cls="round")
        more = el("button", "+", type="button", aria_label=self.t("kiosk.more"), cls="round")
        qty.appendChild(less)
        qty.appendChild(el("span", str(self._qty), id="sheet-qty", cls="qty"))
        qty.appendChild(more)
        self._proxies += [
            on_click(less, lambda: self._set_qty(max(1, self._qty - 1))),
            on_click(more, lambda: self._set_qty(min(99, self._qty + 1))),
        ]
        sheet.appendChild(qty)
        sheet.appendChild(el("p", error, id="sheet-error", cls="error", role="alert"))
        buttons = el("div", cls="sheet-buttons")
        back = el("button", self.t("kiosk.back"), type="button", id="sheet-back")
        price = self.t.money(unit_price(item, self._chosen) * self._qty)
        add = el("button", self.t("kiosk.add_to_order", price=price), type="button",
                 id="add-to-cart", cls="primary")  # fmt: skip
        self._proxies += [on_click(back, self.close), on_click(add, self._add)]
        buttons.appendChild(back)
        buttons.appendChild(add)
        sheet.appendChild(buttons)

    def _group(self, group: dict):
        box = el("fieldset", cls="modifier-group", data_group=group["id"])
        low, high = choice_bounds(group)
        hint = self.t("kiosk.choose_one") if high == 1 else self.t("kiosk.choose_up_to", n=high)
        if low > 0:
            hint += f" · {self.t('kiosk.required')}"
        legend = el("legend", group["name"])
        legend.appendChild(el("span", f" · {hint}", cls="hint"))
        box.appendChild(legend)
        for option in group["options"]:
            text = option["name"]
            if option["price_delta"]:
                sign = "+" if option["price_delta"] > 0 else ""
                text += f" ({sign}{self.t.money(option['price_delta'])})"
            pressed = "true" if option["id"] in self._chosen else "false"
            button = el("button", text, type="button", cls="option", data_option=option["id"],
                        aria_pressed=pressed)  # fmt: skip
            self._proxies.append(on_click(button, lambda o=option["id"]: self._toggle(o)))
            box.appendChild(button)
        return box

    def _toggle(self, option_id: str) -> None:
        self._chosen = toggle_choice(self._item, self._chosen, option_id)
        self._draw(self.note.value)

    def _set_qty(self, qty: int) -> None:
        self._qty = qty
        self._draw(self.note.value)

    def _add(self) -> None:
        missing = missing_choices(self._item, self._chosen)
        if missing:
            names = ", ".join(g["name"] for g in missing)
            self._draw(self.note.value, self.t("kiosk.missing", groups=names))
            return
        line = CartLine(self._item["id"], tuple(self._chosen), self.note.value.strip(), self._qty)
        problem = self.on_add(line)
        if problem:
            self._draw(self.note.value, problem)
        else:
            self.close()
