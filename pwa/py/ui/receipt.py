"""A kitchen ticket or a guest's bill on receipt paper, through the browser's print dialog.

What goes on the paper is decided here, pure (``rows``); ``print_order`` lays it in the page's
print area and opens the dialog. The print stylesheet (app.css, ``@media print``) shows only that
area, fluid between 58 and 80 mm rolls, in black on white. No printer driver: the restaurant's
receipt printer is whatever the device's print dialog offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.i18n import Translator

KINDS = ("ticket", "bill")


@dataclass(frozen=True)
class Row:
    left: str
    right: str = ""
    kind: str = "line"  # line | option | note | total | head | rule


def rows(kind: str, order: dict, where: str, placed: str, printed: str, t: Translator) -> list[Row]:
    """The paper, top to bottom. A kitchen ticket has no prices; a bill has them and the total.
    ``placed`` and ``printed`` are times as the device's clock shows them."""
    bill = kind == "bill"
    out = [
        Row(t(f"print.{kind}"), f"#{order['number']}", "head"),
        Row(where, placed),
        Row("", "", "rule"),
    ]
    for line in order["lines"]:
        price = t.money(line["line_total"]) if bill and "line_total" in line else ""
        out.append(Row(f"{line['qty']} × {line.get('name') or line['item_id']}", price))
        for option in line.get("modifiers", []):
            out.append(Row(f"+ {option['name']}", "", "option"))
        if line.get("note"):
            out.append(Row(line["note"], "", "note"))
    if order.get("note"):
        out.append(Row(order["note"], "", "note"))
    out.append(Row("", "", "rule"))
    if bill:
        out.append(Row(t("print.total"), t.money(order.get("total", 0)), "total"))
    out.append(Row(t("print.printed", time=printed), "", "option"))
    return out


def print_order(kind: str, order: dict, where: str, t: Translator) -> None:
    """Put the ticket or bill in the print area and open the print dialog."""
    from datetime import UTC, datetime

    import js

    from browser.dom import el, local_time

    area = js.document.getElementById("print-area")
    if not area:
        area = el("section", id="print-area", cls="receipt", aria_hidden="true")
        js.document.body.appendChild(area)
    now = datetime.now(UTC).isoformat()
    placed = local_time(order.get("created_at") or now, t.code)
    area.replaceChildren()
    area.setAttribute("data-kind", kind)
    for row in rows(kind, order, where, placed, local_time(now, t.code), t):
        line = el("div", cls=f"r {row.kind}")
        if row.kind != "rule":
            line.appendChild(el("span", row.left))
            if row.right:
                line.appendChild(el("span", row.right))
        area.appendChild(line)
    js.window.print()
