"""The payment sheet on a waiter's phone: the order's bill, what is still owed, split evenly,
a method, the amount, a tip, cash given and the change. Built once when opened and kept while
the floor redraws around it (a redraw must not eat what is being typed); what the bill says is
updated in place when another payment lands. The arithmetic is ``payment``'s (pure)."""

from __future__ import annotations

from collections.abc import Callable

from pyodide.ffi import create_proxy

from browser.dom import el, on_click
from domain.checks import refund_left
from domain.errors import DomainError
from domain.money import plain_price
from screens.floor import payment as pm
from ui.i18n import Translator, worded


class PaySheet:
    def __init__(
        self,
        order: dict,
        settings: dict,
        t: Translator,
        on_pay: Callable[[dict], object],
        on_close: Callable[[], None],
        on_refund: Callable[[dict], None],
        drawers: list[dict] = (),
    ) -> None:
        """``drawers``: the cash drawers open now; with several, cash names the one it goes in."""
        self.order, self.settings, self.t, self.on_pay = order, settings, t, on_pay
        self.drawers = sorted(drawers, key=lambda d: d["name"])
        self.drawer = ""
        self.on_refund = on_refund  # a payment taken by mistake: the refund sheet
        self.view = pm.pay_view(order, settings)
        self.payers = 1  # 0: split by items, the guest's lines chosen in ``self.chosen``
        self.chosen: set[int] = set()
        self.method = self.view.methods[0]
        self._proxies: list = []
        self._suggested = ""  # the amount as last suggested, to tell one a person typed
        self.node = el("section", id="pay-sheet", cls="sheet pay-sheet", role="dialog",
                       aria_label=t("pay.title", number=order["number"]))  # fmt: skip
        head = el("header")
        head.appendChild(el("h2", t("pay.title", number=order["number"])))
        close = el("button", t("app.close"), type="button", cls="close", id="pay-close")
        self._proxies.append(on_click(close, on_close))
        head.appendChild(close)
        self.node.appendChild(head)
        self.rows = el("dl", cls="bill-rows", id="bill-rows")
        self.node.appendChild(self.rows)
        self.payments = el("ul", cls="pay-payments", id="pay-payments",
                            aria_label=t("pay.payments"))  # fmt: skip
        self.node.appendChild(self.payments)
        self._payment_proxies: list = []
        self.node.appendChild(self._split())
        self.lines = el("div", cls="pay-lines", id="pay-lines", role="group",
                        aria_label=t("pay.by_items"), hidden="")  # fmt: skip
        self.node.appendChild(self.lines)
        self._line_proxies: list = []
        self.node.appendChild(self._methods())
        self.node.appendChild(self._drawer_choice())
        self.amount = self._money_field("amount", t("pay.amount"))
        self.tip = self._money_field("tip", t("pay.tip"))
        self.tendered = self._money_field("tendered", t("pay.tendered"))
        self.change = el("p", cls="change", id="pay-change", role="status")
        self.node.appendChild(self.change)
        self.error = el("p", cls="error", id="pay-error", role="alert")
        self.node.appendChild(self.error)
        take = el("button", t("pay.take"), type="button", cls="primary", id="pay-take")
        self._proxies.append(on_click(take, self._take))
        self.node.appendChild(take)
        self._show_bill()
        self._suggest()

    # -- parts ----------------------------------------------------------------------------------

    def _split(self):
        box = el("div", cls="split", role="group", aria_label=self.t("pay.split"))
        box.appendChild(el("span", self.t("pay.split"), cls="label"))
        self._split_buttons = {}
        for n in range(1, 5):
            button = el("button", str(n), type="button", data_payers=str(n),
                        aria_label=self.t("pay.split_between", n=n))  # fmt: skip
            self._proxies.append(on_click(button, lambda n=n: self._set_payers(n)))
            self._split_buttons[n] = button
            box.appendChild(button)
        items = el("button", self.t("pay.by_items"), type="button", data_payers="items")
        self._proxies.append(on_click(items, lambda: self._set_payers(0)))
        self._split_buttons[0] = items
        box.appendChild(items)
        return box

    def _show_lines(self) -> None:
        """In a split by items, each line to tap: this guest's, with its share."""
        for proxy in self._line_proxies:
            proxy.destroy()
        self._line_proxies = []
        self.lines.replaceChildren()
        if self.payers:
            self.lines.setAttribute("hidden", "")
            return
        self.lines.removeAttribute("hidden")
        for line in self.view.lines:
            text = f"{line.label} · {self.t.money(line.share)}"
            button = el("button", text, type="button", data_line=str(line.index),
                        aria_pressed="true" if line.index in self.chosen else "false")  # fmt: skip
            if line.paid:
                button.setAttribute("disabled", "")
                button.appendChild(el("span", f" · {self.t('pay.line_paid')}", cls="paid"))
            else:
                self._line_proxies.append(on_click(button, lambda i=line.index: self._pick(i)))
            self.lines.appendChild(button)

    def _pick(self, index: int) -> None:
        self.chosen ^= {index}
        self._suggest()

    def _methods(self):
        box = el("div", cls="methods", role="radiogroup", aria_label=self.t("pay.method"))
        self._method_buttons = {}
        for method in self.view.methods:
            button = el(
                "button",
                worded(self.t, "pay.method", method),
                type="button",
                role="radio",
                data_method=method,
            )
            self._proxies.append(on_click(button, lambda m=method: self._set_method(m)))
            self._method_buttons[method] = button
            box.appendChild(button)
        return box

    def _drawer_choice(self):
        """Which drawer the cash goes into, shown for cash while several are open."""
        self.drawer_box = el("div", cls="methods", role="radiogroup", id="pay-drawers",
                             aria_label=self.t("pay.drawer"), hidden="")  # fmt: skip
        self.drawer_box.appendChild(el("span", self.t("pay.drawer"), cls="label"))
        self._drawer_buttons = {}
        for drawer in self.drawers:
            button = el("button", drawer["name"], type="button", role="radio",
                        aria_checked="false", data_drawer=drawer["id"])  # fmt: skip
            self._proxies.append(on_click(button, lambda d=drawer["id"]: self._set_drawer(d)))
            self._drawer_buttons[drawer["id"]] = button
            self.drawer_box.appendChild(button)
        return self.drawer_box

    def _set_drawer(self, drawer_id: str) -> None:
        self.drawer = drawer_id
        self.error.textContent = ""  # the choice asked for is made
        for key, button in self._drawer_buttons.items():
            button.setAttribute("aria-checked", "true" if key == drawer_id else "false")

    def _money_field(self, name: str, label: str):
        wrap = el("label", cls="field", data_field=name)
        wrap.appendChild(el("span", label, cls="label"))
        field = el("input", name=name, id=f"pay-{name}", inputmode="decimal", autocomplete="off")
        wrap.appendChild(field)
        changed = create_proxy(lambda _event: self._show_change())
        field.addEventListener("input", changed)
        self._proxies.append(changed)
        self.node.appendChild(wrap)
        return field

    # -- state ----------------------------------------------------------------------------------

    def refresh(self, order: dict) -> None:
        """The check changed (another payment, a line, an addition): the bill again, the form
        kept."""
        if order == self.order:
            return
        self.order, self.view = order, pm.pay_view(order, self.settings)
        self._show_bill()
        # An amount the person typed stays (the server's answer to the last payment may come
        # while they type the next); one still as we suggested it follows the new bill.
        self._suggest(keep_amount=str(self.amount.value) != self._suggested)

    def _show_bill(self) -> None:
        t = self.t
        self.rows.replaceChildren()
        rows = [(t(r.key, rate=f"{r.rate / 100:g} %"), r.amount) for r in self.view.rows]
        rows += [(t("pay.total"), self.view.total), (t("pay.paid"), self.view.paid),
                 (t("pay.owed"), self.view.owed)]  # fmt: skip
        for label, amount in rows:
            self.rows.appendChild(el("dt", label))
            self.rows.appendChild(el("dd", t.money(amount)))
        self._show_payments()

    def _show_payments(self) -> None:
        """What was taken, each with what was given back of it, and Refund while any is left."""
        t = self.t
        for proxy in self._payment_proxies:
            proxy.destroy()
        self._payment_proxies = []
        self.payments.replaceChildren()
        for payment in self.order.get("payments", []):
            said = f"{worded(t, 'pay.method', payment['method'])} {t.money(payment['amount'])}"
            row = el("li", said, data_payment=payment.get("id", ""))
            left = refund_left(self.order, payment)
            if left < payment["amount"]:
                row.appendChild(el("span", t("pay.refunded", amount=t.money(
                    payment["amount"] - left)), cls="refunded"))  # fmt: skip
            if left > 0 and payment.get("id"):
                button = el("button", t("pay.refund"), type="button", cls="refund",
                            data_refund=payment["id"])  # fmt: skip
                self._payment_proxies.append(on_click(button, lambda p=payment: self.on_refund(p)))
                row.appendChild(button)
            self.payments.appendChild(row)

    def _set_payers(self, n: int) -> None:
        self.payers, self.chosen = n, set()
        self._suggest()

    def _set_method(self, method: str) -> None:
        self.method = method
        self._suggest(keep_amount=True)

    def _suggest(self, keep_amount: bool = False) -> None:
        for n, button in self._split_buttons.items():
            button.setAttribute("aria-pressed", "true" if n == self.payers else "false")
        for method, button in self._method_buttons.items():
            button.setAttribute("aria-checked", "true" if method == self.method else "false")
        self._show_lines()
        if not keep_amount:
            # A payment given back whole was not a payer's share: the split counts it out.
            made = sum(1 for p in self.order.get("payments", []) if refund_left(self.order, p))
            share = (pm.next_share(self.view, self.payers, made) if self.payers
                     else pm.by_lines(self.view, self.chosen))  # fmt: skip
            self._suggested = self.amount.value = plain_price(share, self.t.currency)
        self.tendered.parentElement.hidden = self.method != "cash"
        self.drawer_box.hidden = not pm.needs_drawer(self.method, self.drawers)
        self._show_change()

    def _show_change(self) -> None:
        due = pm.change_due(self.method, self.amount.value, self.tip.value,
                            self.tendered.value, self.t.currency)  # fmt: skip
        self.change.textContent = "" if due is None else (
            self.t("pay.change", amount=self.t.money(due)) if due >= 0
            else self.t("pay.short", amount=self.t.money(-due))
        )  # fmt: skip

    def _take(self) -> None:
        try:
            data = pm.payment(self.order, self.view, self.method, self.amount.value,
                              self.tip.value, self.tendered.value, self.t.currency,
                              self.chosen if not self.payers else None, self.drawers,
                              self.drawer)  # fmt: skip
        except DomainError as exc:
            self.error.textContent = self.t(
                f"pay.error.{exc.field}", owed=self.t.money(self.view.owed)
            )
            return
        self.error.textContent = ""
        self.tip.value = ""
        self.tendered.value = ""
        self.chosen = set()
        self.on_pay(data)

    def close(self) -> None:
        for proxy in self._proxies + self._line_proxies + self._payment_proxies:
            proxy.destroy()
        self.node.remove()
