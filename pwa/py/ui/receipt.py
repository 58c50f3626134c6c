"""A kitchen ticket, a guest's bill or the day's Z report on receipt paper, through the
browser's print dialog.

What goes on the paper is decided here, pure (``rows``); ``print_order`` lays it in the page's
print area and opens the dialog. The print stylesheet (app.css, ``@media print``) shows only that
area, fluid between 58 and 80 mm rolls, in black on white. No printer driver: the restaurant's
receipt printer is whatever the device's print dialog offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain import bill as bills
from ui.bill_rows import summary
from ui.i18n import Translator, reason_text

KINDS = ("ticket", "bill", "z")


@dataclass(frozen=True)
class Row:
    left: str
    right: str = ""
    kind: str = "line"  # line | option | note | total | head | rule


def rows(
    kind: str, order: dict, where: str, placed: str, printed: str, t: Translator,
    settings: Mapping | None = None,
) -> list[Row]:  # fmt: skip
    """The paper, top to bottom. A kitchen ticket has no prices, and says which lines are voided
    or held; a bill is the check's bill as the payment sheet shows it (``domain.bill`` under the
    restaurant's ``settings``): voided lines left out, discounts, service charge, taxes, total.
    ``placed`` and ``printed`` are times as the device's clock shows them."""
    out = [
        Row(t(f"print.{kind}"), f"#{order['number']}", "head"),
        Row(where, placed),
        Row("", "", "rule"),
    ]
    if kind == "bill":
        out += _bill_rows(order, t, bills.Settings.read(settings or {}))
    else:
        for line in order["lines"]:
            out.append(Row(f"{line['qty']} × {line.get('name') or line['item_id']}"))
            for option in line.get("modifiers", []):
                out.append(Row(f"+ {option['name']}", "", "option"))
            if line.get("note"):
                out.append(Row(line["note"], "", "note"))
            voided = line.get("voided")
            if voided:
                why = reason_text(t, voided.get("reason", ""), voided.get("note", ""))
                out.append(Row(t("lines.voided", reason=why), "", "note"))
            elif line.get("hold"):
                out.append(Row(t("lines.hold"), "", "note"))
        if order.get("note"):
            out.append(Row(order["note"], "", "note"))
        out.append(Row("", "", "rule"))
    out.append(Row(t("print.printed", time=printed), "", "option"))
    return out


def _bill_rows(order: dict, t: Translator, settings: bills.Settings) -> list[Row]:
    made = bills.bill(order, settings)
    out = []
    for line in made.lines:
        out.append(Row(f"{line.qty} × {line.name}", t.money(line.gross)))
        out += [Row(f"+ {name}", "", "option") for name in line.modifiers]
        note = order["lines"][line.index].get("note")
        if note:
            out.append(Row(note, "", "note"))
    if order.get("note"):
        out.append(Row(order["note"], "", "note"))
    out.append(Row("", "", "rule"))
    out += [Row(t(r.key, rate=f"{r.rate / 100:g} %"), t.money(r.amount)) for r in summary(made)]
    out.append(Row(t("print.total"), t.money(made.total), "total"))
    return out


MAX_PAPER_ROWS = 200  # server.http.printers.PAPER
MAX_CELL = 80


def paper_body(kind: str, paper: list[Row], order_id: str = "") -> dict:
    """``paper`` as the kitchen's printers take it (``POST /print``): its heading as the title,
    then label and amount on each row, in the words and the money format the screen shows."""
    head = next((r for r in paper if r.kind == "head"), None)
    title = f"{head.left} {head.right}".strip() if head else kind
    rows = [[r.left[:MAX_CELL], r.right[:MAX_CELL]] for r in paper
            if r.kind not in ("head", "rule") and (r.left or r.right)]  # fmt: skip
    return {"kind": kind, "order_id": order_id, "title": title[:60] or kind,
            "rows": rows[:MAX_PAPER_ROWS] or [["", ""]]}  # fmt: skip


async def print_on_printers(ask, kind: str, paper: list[Row], order_id: str = "") -> bool:
    """The paper on the restaurant's printers set for ``kind`` (``bill``, ``z_report``); False
    when none took it (no such printer, or no server): then the browser prints it."""
    status, _ = await ask("POST", "/api/v1/print", paper_body(kind, paper, order_id))
    return status == 202


def order_paper(kind: str, order: dict, where: str, t: Translator,
                settings: Mapping | None = None) -> list[Row]:  # fmt: skip
    """The rows of a ticket or a bill printed now (times as this device's clock shows them)."""
    from datetime import UTC, datetime

    from browser.dom import local_time

    now = datetime.now(UTC).isoformat()
    placed = local_time(order.get("created_at") or now, t.code)
    return rows(kind, order, where, placed, local_time(now, t.code), t, settings)


def print_order(
    kind: str, order: dict, where: str, t: Translator, settings: Mapping | None = None
) -> None:
    """Put the ticket or bill in the print area and open the print dialog."""
    print_rows(kind, order_paper(kind, order, where, t, settings))


def lay_out(paper: list[Row], into) -> None:
    """``paper``'s rows as the receipt's lines, in element ``into`` (the print area, or a
    report shown on the screen as it will print)."""
    from browser.dom import el

    into.replaceChildren()
    for row in paper:
        line = el("div", cls=f"r {row.kind}")
        if row.kind != "rule":
            line.appendChild(el("span", row.left))
            if row.right:
                line.appendChild(el("span", row.right))
        into.appendChild(line)


def print_rows(kind: str, paper: list[Row]) -> None:
    """``paper`` in the print area, and the print dialog opened."""

    from browser import page
    from browser.dom import el

    area = page.document.getElementById("print-area")
    if not area:
        area = el("section", id="print-area", cls="receipt", aria_hidden="true")
        page.document.body.appendChild(area)
    lay_out(paper, area)
    area.setAttribute("data-kind", kind)
    page.print_page()
