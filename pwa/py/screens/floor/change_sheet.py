"""A change to an order that needs a reason — a void, a cancel, a discount, a comp or write-off,
a refund — and, where the domain's rule says so, a manager's PIN typed on this phone. The rule
is asked before anything is queued (``check``), so the waiter hears at the table what the server
would answer; an approval is fetched only when the rule asks for one (it needs the network: a
PIN is checked by the server). Text goes in through ``textContent`` only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from browser.dom import el, on_click
from browser.tasks import spawn
from domain.errors import DomainError
from domain.money import parse_price, plain_price
from screens.floor import order_forms as forms
from ui.i18n import Translator, error_text, reason_text, worded

Build = Callable[[str, str, str, str], dict]  # (reason, note, how, value) -> the change's data


@dataclass(frozen=True)
class ChangeForm:
    op: str
    title: str  # already in words
    confirm: str  # the button's words
    reasons: list[str]
    build: Build  # ``how`` is the choice picked, ``value`` what was typed
    choices: tuple[str, ...] = ()  # one to pick (a discount's percent or amount, a method)
    choice_words: Callable[[str], str] = str
    choice_label: str = ""  # the row's name, in words
    value: str | None = None  # a value to type, and what it starts as (None: no value)
    first_reason: bool = False  # a reason picked from the start (a discount's)


def void_form(t: Translator, order: dict, index: int, name: str, reasons: list[str]) -> ChangeForm:
    """Void line ``index`` (``name``) of ``order``, for one of the restaurant's ``reasons``."""

    def build(reason: str, note: str, how: str, value: str) -> dict:
        return {"order_id": order["id"], "line": index, "reason": reason, "note": note}

    title = t("change.void_title", name=name, number=order["number"])
    return ChangeForm("void_line", title, t("change.void"), reasons, build)


def cancel_form(t: Translator, order: dict, reasons: list[str]) -> ChangeForm:
    """Cancel ``order``, for one of the restaurant's ``reasons``."""

    def build(reason: str, note: str, how: str, value: str) -> dict:
        return {"order_id": order["id"], "status": "cancelled", "reason": reason, "note": note}

    title = t("floor.confirm_cancel", number=order["number"])
    return ChangeForm("set_order_status", title, t("floor.cancel"), reasons, build)


def discount_form(t: Translator, order: dict) -> ChangeForm:
    """A discount on ``order``'s check: a percentage or an amount, with a reason."""

    def build(reason: str, note: str, how: str, value: str) -> dict:
        why = reason_text(t, reason, note)
        return forms.discount_data(order["id"], None, how, value, why, t.currency)

    title = t("change.discount_title", number=order["number"])
    return ChangeForm("set_discount", title, t("change.discount"), list(forms.DISCOUNT_REASONS),
                      build, choices=("percent", "amount"), value="", first_reason=True,
                      choice_words=lambda how: t(f"change.how.{how}"),
                      choice_label=t("change.how"))  # fmt: skip


def comp_form(t: Translator, order: dict, reasons: list[str]) -> ChangeForm:
    """Close ``order``'s check unpaid: a comp (the house pays) or a write-off (the guest left),
    for one of the restaurant's ``reasons``; a manager always approves."""

    def build(reason: str, note: str, how: str, value: str) -> dict:
        return {"order_id": order["id"], "kind": how, "reason": reason, "note": note}

    title = t("change.comp_title", number=order["number"])
    return ChangeForm("comp_check", title, t("change.comp"), reasons, build,
                      choices=("comp", "write_off"), choice_label=t("change.comp_kind"),
                      choice_words=lambda kind: t(f"change.kind.{kind}"))  # fmt: skip


def refund_form(t: Translator, order: dict, payment: dict, left: int, methods: tuple[str, ...],
                reasons: list[str], drawers: list[dict] = ()) -> ChangeForm:  # fmt: skip
    """Give back up to ``left`` of ``payment`` on ``order``'s check, by one of ``methods``
    (the payment's own first), for one of the restaurant's ``reasons``. Cash given back comes
    out of the drawer the payment went into, while it is open (with one open, that one)."""
    same = payment.get("drawer") if payment.get("drawer") in {d["id"] for d in drawers} else ""

    def build(reason: str, note: str, how: str, value: str) -> dict:
        amount = parse_price(value, t.currency, field="value")
        return {"order_id": order["id"], "payment_id": payment["id"], "amount": amount,
                "method": how, "reason": reason, "note": note,
                "drawer_id": same if how == "cash" else ""}  # fmt: skip

    first = (payment["method"], *(m for m in methods if m != payment["method"]))
    title = t("change.refund_title", amount=t.money(payment["amount"]),
              method=worded(t, "pay.method", payment["method"]))  # fmt: skip
    return ChangeForm("refund_payment", title, t("change.refund"), reasons, build,
                      choices=first, choice_label=t("pay.method"),
                      choice_words=lambda m: worded(t, "pay.method", m),
                      value=plain_price(left, t.currency))  # fmt: skip


class ChangeSheet:
    def __init__(
        self, t: Translator, form: ChangeForm,
        check: Callable[[str, dict], DomainError | None],
        approve: Callable[[str, dict, str], Awaitable[str]],
        send: Callable[[str, dict], None], close: Callable[[], None],
    ) -> None:  # fmt: skip
        """``approve(op, data, pin)`` answers a signed approval or raises DomainError."""
        self.t, self.form, self.check, self.approve = t, form, check, approve
        self.send, self.on_close = send, close
        self.reason = form.reasons[0] if form.first_reason else ""
        self.how = form.choices[0] if form.choices else ""
        self._proxies: list = []
        self.node = el("section", id="change-sheet", cls="sheet change-sheet",
                       role="dialog", aria_label=form.title)  # fmt: skip
        self.node.setAttribute("aria-modal", "true")
        self.node.appendChild(el("h2", form.title))
        if form.choices:
            self._choice_row()
        if form.value is not None:
            self.value = self._input("change-value", "change.value", "text", 12)
            self.value.setAttribute("inputmode", "decimal")
            self.value.value = form.value
        self.reason_buttons = el("fieldset", cls="reasons")
        self.reason_buttons.appendChild(el("legend", t("change.reason")))
        for reason in form.reasons:
            button = el("button", reason_text(t, reason), type="button", role="radio",
                        data_reason=reason, aria_checked="false")  # fmt: skip
            self._proxies.append(on_click(button, lambda r=reason: self._pick(r)))
            self.reason_buttons.appendChild(button)
        self.node.appendChild(self.reason_buttons)
        self.note = self._input("change-note", "change.note", "text", 200)
        self.pin_box = el("div", cls="pin-box", hidden="")
        self.pin_box.appendChild(el("p", t("change.pin_needed"), cls="pin-help"))
        self.pin = self._input("change-pin", "change.manager_pin", "password", 12, self.pin_box)
        self.pin.setAttribute("inputmode", "numeric")
        self.pin.setAttribute("autocomplete", "off")
        self.node.appendChild(self.pin_box)
        self.error = el("p", id="change-error", cls="error", role="alert")
        self.node.appendChild(self.error)
        buttons = el("div", cls="sheet-buttons")
        back = el("button", t("change.back"), type="button", id="change-back")
        self.go = el("button", form.confirm, type="button", id="change-confirm", cls="danger")
        self._proxies += [on_click(back, close), on_click(self.go, self._confirm)]
        buttons.appendChild(back)
        buttons.appendChild(self.go)
        self.node.appendChild(buttons)
        if form.first_reason:
            self._pick(self.reason)

    def _input(self, id_: str, label: str, kind: str, size: int, parent=None):
        box = el("label", self.t(label), cls="field")
        entry = el("input", id=id_, type=kind, maxlength=str(size))
        box.appendChild(entry)
        (parent or self.node).appendChild(box)
        return entry

    def _choice_row(self) -> None:
        row = el("div", cls="how", role="radiogroup", aria_label=self.form.choice_label)
        self.how_buttons = []
        for how in self.form.choices:
            button = el("button", self.form.choice_words(how), type="button", role="radio",
                        data_how=how)  # fmt: skip
            self._proxies.append(on_click(button, lambda h=how: self._pick_how(h)))
            self.how_buttons.append(button)
            row.appendChild(button)
        self.node.appendChild(row)
        self._pick_how(self.how)

    def _pick_how(self, how: str) -> None:
        self.how = how
        for button in self.how_buttons:
            chosen = button.getAttribute("data-how") == how
            button.setAttribute("aria-checked", "true" if chosen else "false")

    def _pick(self, reason: str) -> None:
        self.reason = reason
        for button in self.reason_buttons.querySelectorAll("[data-reason]"):
            chosen = button.getAttribute("data-reason") == reason
            button.setAttribute("aria-checked", "true" if chosen else "false")

    def _confirm(self) -> None:
        value = str(self.value.value) if self.form.value is not None else ""
        try:
            data = self.form.build(self.reason, str(self.note.value).strip(), self.how, value)
        except DomainError as exc:
            self._show(exc)
            return
        problem = self.check(self.form.op, data)
        if problem is None:
            self._done(data)
        elif problem.code != "approval_needed" or problem.field == "discount":
            self._show(problem)  # a PIN for this change does not approve a discount it moves
        elif not str(self.pin.value):
            self.pin_box.removeAttribute("hidden")
            self._show(problem)
            self.pin.focus()
        else:
            self.go.setAttribute("disabled", "")
            spawn(self._approved(data, str(self.pin.value)))

    async def _approved(self, data: dict, pin: str) -> None:
        try:
            approval = await self.approve(self.form.op, data, pin)
        except DomainError as exc:
            self.pin.value = ""
            self.go.removeAttribute("disabled")
            self._show(exc)
            return
        self._done({**data, "approval": approval})

    def _done(self, data: dict) -> None:
        self.send(self.form.op, data)
        self.on_close()

    def _show(self, exc: DomainError) -> None:
        self.error.textContent = error_text(self.t, exc)

    def close(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
        self.node.remove()
