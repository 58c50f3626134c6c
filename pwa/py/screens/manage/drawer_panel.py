"""The drawer tab: the cash drawers' shifts of the day. Open one by counting its float; put
cash in or take it out with what it is for; count it and close it, which shows what it should
have held, what was counted and the difference. Every step is a change through the outbox like
an order: made offline it shows at once, marked as waiting, and reaches the server once."""

from __future__ import annotations

from browser.dom import el, local_time, on_click, on_input
from browser.engine import Engine
from browser.tasks import spawn
from domain.money import plain_price
from domain.timestamps import iso
from screens.manage import cash
from screens.manage.form import Sheet, text_input
from screens.manage.panel import ListPanel
from ui.i18n import Translator


def money_input(value: str = ""):
    node = text_input(value, inputmode="decimal", maxlength="14")
    return node


class DrawerPanel(ListPanel):
    def __init__(self, engine: Engine, t: Translator) -> None:
        add = (t("drawer.open"), "open-drawer", self.opening)
        super().__init__(engine, t, "manage-drawer", add)

    def render(self) -> None:
        drawers = sorted(self.engine.floor().get("drawers", {}).values(),
                         key=lambda d: (d["opened_at"], d["id"]))  # fmt: skip
        if not self._cleared_if_changed(drawers, self.t.currency):
            return
        if not any(d["status"] == "open" for d in drawers):
            self.list.appendChild(el("p", self.t("drawer.none"), cls="help", id="drawer-none"))
        for drawer in drawers:
            self.list.appendChild(self._card(drawer))

    def _card(self, drawer: dict):
        t = self.t
        card = el("section", cls="menu-block drawer", data_drawer=drawer["id"],
                  data_status=drawer["status"])  # fmt: skip
        if drawer.get("pending"):
            card.setAttribute("data-pending", "true")
        head = el("div", cls="row head")
        head.appendChild(el("h3", drawer["name"]))
        head.appendChild(el("span", t(f"drawer.status.{drawer['status']}"),
                            cls=f"pill drawer-{drawer['status']}"))  # fmt: skip
        head.appendChild(el("span", t("drawer.opened", time=local_time(drawer["opened_at"],
                                                                         t.code)),
                            cls="muted"))  # fmt: skip
        card.appendChild(head)
        tiles = el("dl", cls="tiles")
        for key, value in cash.figures(drawer):
            tile = el("div", cls="tile")
            tile.appendChild(el("dt", t(f"drawer.fig.{key}")))
            shown = t.money(value)
            if key == "difference":
                word = cash.difference_word(value)
                shown = t(f"drawer.{word}", amount=t.money(abs(value)))
                tile.setAttribute("data-outcome", word)
            tile.appendChild(el("dd", shown, data_figure=key))
            tiles.appendChild(tile)
        card.appendChild(tiles)
        if drawer.get("pending"):
            card.appendChild(el("p", t("drawer.pending"), cls="help pending-note"))
        if drawer["status"] == "open":
            actions = el("div", cls="actions")
            for action, label, handler in (
                ("cash_in", t("drawer.cash_in"), lambda d=drawer: self.moving(d, "cash_in")),
                ("cash_out", t("drawer.cash_out"), lambda d=drawer: self.moving(d, "cash_out")),
                ("count", t("drawer.count"), lambda d=drawer: self.counting(d)),
            ):
                button = el("button", label, type="button", data_action=action,
                            cls="primary" if action == "count" else "")  # fmt: skip
                self._row_proxies.append(on_click(button, handler))
                actions.appendChild(button)
            card.appendChild(actions)
        return card

    # -- the sheets ---------------------------------------------------------------------------

    def _now(self) -> str:
        return iso(self.engine.server_now())

    def opening(self) -> None:
        t = self.t
        sheet = Sheet(t, t("drawer.open"), self._open_drawer, self._close_sheet)
        self.name = sheet.field("name", t("drawer.name"),
                                text_input(t("drawer.name_default"), maxlength="40"))  # fmt: skip
        self.amount = sheet.field("float", t("drawer.float", currency=t.currency), money_input(),
                                  hint=t("drawer.float_hint"))  # fmt: skip
        self._count_grid(sheet)
        self._open(sheet)

    def _count_grid(self, sheet: Sheet) -> None:
        """Notes and coins, each with how many: the total counts itself as they are typed (a
        currency we know the notes of; the total field alone otherwise)."""
        self.pieces: list[tuple[int, object]] = []
        values = cash.DENOMINATIONS.get(self.t.currency, ())
        if not values:
            return
        grid = el("fieldset", cls="count-grid", id="count-grid")
        grid.appendChild(el("legend", self.t("drawer.by_pieces")))
        for value in values:
            qty = el("input", type="number", inputmode="numeric", min="0", max="100000",
                     data_value=str(value), aria_label=self.t.money(value))  # fmt: skip
            cell = el("label", cls="piece")
            cell.appendChild(el("span", self.t.money(value)))
            cell.appendChild(qty)
            grid.appendChild(cell)
            sheet.proxies.append(on_input(qty, self._count_pieces))
            self.pieces.append((value, qty))
        self.pieces_total = el("p", cls="help", id="count-total", role="status")
        grid.appendChild(self.pieces_total)
        sheet.error_slot("count", grid)
        sheet.fields.appendChild(grid)

    def _typed_pieces(self) -> list[tuple[int, str]]:
        return [(value, node.value) for value, node in getattr(self, "pieces", [])]

    def _count_pieces(self) -> None:
        total = cash.pieces_total(self._typed_pieces())
        if total is not None:
            self.amount.value = plain_price(total, self.t.currency)
        self.pieces_total.textContent = (
            "" if total is None else self.t("drawer.pieces_total", amount=self.t.money(total))
        )

    def _open_drawer(self) -> None:
        data, problems = cash.open_data(self.name.value, self.amount.value, self.t.currency,
                                        self.engine.floor(), self._now(),
                                        self._typed_pieces())  # fmt: skip
        self._send(data, problems, "open_drawer")

    def moving(self, drawer: dict, kind: str) -> None:
        t = self.t
        sheet = Sheet(t, t(f"drawer.move_title.{kind}", name=drawer["name"]),
                      lambda: self._move(drawer, kind), self._close_sheet)  # fmt: skip
        self.amount = sheet.field("amount", t("drawer.amount", currency=t.currency),
                                  money_input())  # fmt: skip
        self.reason = sheet.field("reason", t("drawer.reason"), text_input("", maxlength="60"),
                                  hint=t(f"drawer.reason_hint.{kind}"))  # fmt: skip
        self._open(sheet)

    def _move(self, drawer: dict, kind: str) -> None:
        data, problems = cash.move_data(
            drawer["id"], kind, self.amount.value, self.reason.value, self.t.currency,
            self.engine.floor(), self._now(),
        )  # fmt: skip
        self._send(data, problems, "move_cash")

    def counting(self, drawer: dict) -> None:
        t = self.t
        sheet = Sheet(t, t("drawer.count_title", name=drawer["name"]),
                      lambda: self._count(drawer), self._close_sheet)  # fmt: skip
        self.amount = sheet.field("counted", t("drawer.counted", currency=t.currency),
                                  money_input(), hint=t("drawer.count_hint"))  # fmt: skip
        self._count_grid(sheet)
        self.note = sheet.field("note", t("drawer.note"), text_input("", maxlength="200"))
        self._open(sheet)

    def _count(self, drawer: dict) -> None:
        data, problems = cash.close_data(
            drawer["id"], self.amount.value, self.note.value, self.t.currency,
            self.engine.floor(), self._now(), self._typed_pieces(),
        )  # fmt: skip
        self._send(data, problems, "close_drawer")

    def _send(self, data: dict, problems: dict, op: str) -> None:
        if self.sheet is not None and self.sheet.show(problems):
            spawn(self.engine.submit(op, data))
            self._close_sheet()
