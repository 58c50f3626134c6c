"""An order on a table's sheet: its number, status, lines (each with a void where it may be
voided), note, the buttons for what may be done next, print, and its history (who did what,
when). Drawn from the order and the callbacks the floor screen hands in."""

from __future__ import annotations

from collections.abc import Callable

from browser.dom import el, local_time, on_click
from screens.floor import order_forms as forms
from ui.i18n import Translator, reason_text, worded
from ui.order_lines import order_lines


def order_card(
    order: dict, t: Translator, proxies: list, *, void: Callable[[int, dict], object],
    actions: list, print_it: Callable[[str], None],
):  # fmt: skip
    """The order's ``<li>``; ``void(i, line)`` gives a line's void button (or None), ``actions``
    are its buttons, ``print_it(kind)`` prints a ``ticket`` or a ``bill``. The click proxies
    made here join ``proxies``, which the caller destroys with the sheet."""
    item = el("li", cls="order", data_order=order["id"], data_status=order["status"])
    head = el("div", cls="order-head")
    head.appendChild(el("strong", order["number"], cls="number"))
    head.appendChild(el("span", t(f"order.{order['status']}"), cls=f"pill order-{order['status']}"))
    if order.get("adds_to"):
        head.appendChild(el("span", t("floor.added"), cls="pill added"))
    if order.get("guests"):
        head.appendChild(el("span", t("floor.guests", n=order["guests"]), cls="guests"))
    head.appendChild(el("span", t("floor.total", total=t.money(order.get("total", 0))),
                        cls="total"))  # fmt: skip
    item.appendChild(head)
    item.appendChild(order_lines(order["lines"], t, void))
    if order.get("note"):
        item.appendChild(el("p", order["note"], cls="note"))
    if order.get("pending"):
        item.setAttribute("data-pending", "true")
        item.appendChild(el("p", t("floor.pending"), cls="pending-note"))
    row = el("div", cls="actions")
    for button in actions:
        row.appendChild(button)
    item.appendChild(row)
    paper = el("div", cls="actions print-actions")
    for kind in ("ticket", "bill"):
        button = el("button", t(f"print.print_{kind}"), type="button", data_print=kind)
        proxies.append(on_click(button, lambda k=kind: print_it(k)))
        paper.appendChild(button)
    item.appendChild(paper)
    item.appendChild(history(order, t))
    return item


def history(order: dict, t: Translator):
    """Who did what to the order, and when, folded away under its summary."""
    box = el("details", cls="history")
    box.appendChild(el("summary", t("floor.history")))
    listing = el("ol", cls="history-rows")
    for row in forms.history(order):
        entry = el("li")
        entry.appendChild(el("time", local_time(row.at, t.code) if row.at else ""))
        entry.appendChild(el("span", _said(row, t), cls="what"))
        role = t(f"role.{row.role}") if row.role else ""
        entry.appendChild(el("span", f"{row.who} · {role}" if row.who else role, cls="who"))
        listing.appendChild(entry)
    box.appendChild(listing)
    return box


def _said(row: forms.HistoryRow, t: Translator) -> str:
    """One history row in words."""
    d = row.detail
    if row.what == "status":
        said = t("history.status", status=t(f"order.{d.get('status', '')}"))
        if not d.get("reason"):
            return said
        return f"{said} · {reason_text(t, d['reason'], d.get('note', ''))}"
    if row.what == "void":
        why = reason_text(t, d.get("reason", ""), d.get("note", ""))
        return t("history.void", name=d.get("name", ""), reason=why)
    if row.what == "payment":
        return t("history.payment", amount=t.money(d.get("amount", 0)),
                 method=worded(t, "pay.method", d.get("method", "")))  # fmt: skip
    if row.what == "discount":
        off = f"{d['bp'] / 100:g} %" if d.get("bp") else t.money(d.get("amount", 0))
        return t("history.discount", off=off, reason=d.get("reason", ""))
    return t(f"history.{row.what}")
