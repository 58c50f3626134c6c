"""The rules tab: how the restaurant's bills are made (taxes included or added, a service
charge, the payment methods it takes), the discount above which a manager approves, and the
reasons staff choose from when they void a line or cancel an order, and after how many idle
minutes a shared phone locks. Saved as one change
(``save_settings``) through the outbox; every phone's next bill follows it."""

from __future__ import annotations

from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from domain import bill
from domain.order_changes import reasons
from domain.timestamps import iso
from screens.manage import edits
from screens.manage.form import Sheet, text_input
from ui.i18n import Translator, reason_text


class RulesPanel:
    def __init__(self, engine: Engine, t: Translator) -> None:
        self.engine, self.t = engine, t
        self.sheet: Sheet | None = None
        self.node = el("section", id="manage-rules", cls="manage-panel")
        block = el("section", cls="menu-block")
        head = el("div", cls="row head")
        head.appendChild(el("h3", t("manage.rules")))
        edit = el("button", t("manage.edit"), type="button", id="edit-rules")
        self._proxies = [on_click(edit, self._edit)]
        head.appendChild(edit)
        block.appendChild(head)
        self.summary = el("dl", cls="rules-summary", id="rules-summary")
        block.appendChild(self.summary)
        self.node.appendChild(block)
        self._shown: dict | None = None

    def opened(self) -> None:
        self.render()

    def render(self) -> None:
        rules = self.engine.bill_settings()
        if rules == self._shown:
            return
        self._shown = rules
        t, read = self.t, bill.Settings.read(rules)
        rows = [
            (t("manage.tax_mode"), t(f"manage.tax_mode.{read.tax_mode}")),
            (t("manage.service"), f"{read.service_bp / 100:g} %"),
            (t("manage.methods"), ", ".join(read.payment_methods)),
            (t("manage.approval_above"), f"{read.discount_approval_bp / 100:g} %"),
            (
                t("manage.reasons"),
                ", ".join(reason_text(t, r) for r in reasons(rules)),
            ),
            (t("manage.lock_after"), t("manage.lock_minutes", n=rules.get("lock_after_min") or 0)
             if rules.get("lock_after_min") else t("manage.lock_never")),
        ]  # fmt: skip
        self.summary.replaceChildren()
        for label, value in rows:
            self.summary.appendChild(el("dt", label))
            self.summary.appendChild(el("dd", value))

    def _edit(self) -> None:
        self._close_sheet()
        t, rules = self.t, self.engine.bill_settings()
        read = bill.Settings.read(rules)
        sheet = self.sheet = Sheet(t, t("manage.rules"), lambda: spawn(self._save()),
                                   self._close_sheet, "rules-sheet")  # fmt: skip
        self.mode = el("select", id="rules-tax-mode")
        for mode in bill.TAX_MODES:
            option = el("option", t(f"manage.tax_mode.{mode}"), value=mode)
            if mode == read.tax_mode:
                option.setAttribute("selected", "")
            self.mode.appendChild(option)
        sheet.field("tax_mode", t("manage.tax_mode"), self.mode)
        self.service = sheet.field(
            "service_bp", t("manage.service"),
            text_input(f"{read.service_bp / 100:g}", inputmode="decimal", id="rules-service"),
        )  # fmt: skip
        self.methods = sheet.field(
            "payment_methods", t("manage.methods"),
            text_input(", ".join(read.payment_methods), id="rules-methods"),
            hint=t("manage.methods_hint"),
        )  # fmt: skip
        self.threshold = sheet.field(
            "discount_approval_bp", t("manage.approval_above"),
            text_input(f"{read.discount_approval_bp / 100:g}", inputmode="decimal",
                       id="rules-threshold"),
        )  # fmt: skip
        self.reasons = el("textarea", rows="5", id="rules-reasons")
        self.reasons.value = "\n".join(reasons(rules))
        sheet.field("reasons", t("manage.reasons"), self.reasons, hint=t("manage.reasons_hint"))
        self.lock = sheet.field(
            "lock_after_min", t("manage.lock_after"),
            text_input(str(rules.get("lock_after_min") or 0), inputmode="numeric",
                       id="rules-lock"),
            hint=t("manage.lock_hint"),
        )  # fmt: skip
        self.node.appendChild(sheet.node)

    async def _save(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        data, problems = edits.rules_data(
            str(self.mode.value), str(self.service.value), str(self.methods.value),
            str(self.threshold.value), str(self.reasons.value), iso(self.engine.server_now()),
            str(self.lock.value),
        )  # fmt: skip
        if not sheet.show(problems):
            return
        await self.engine.submit("save_settings", data)
        self._close_sheet()

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self.sheet.close()
            self.sheet = None

    def close(self) -> None:
        self._close_sheet()
        for proxy in self._proxies:
            proxy.destroy()
