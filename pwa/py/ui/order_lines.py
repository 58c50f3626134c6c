"""An order's lines as the kitchen and the floor both show them: quantity, dish, the chosen
options, the guest's note; a voided line struck through with its reason (the kitchen must see
it was taken off, not wonder where it went), a held line marked "hold". Text goes in through
``textContent`` only."""

from __future__ import annotations

from collections.abc import Callable

from browser.dom import el
from ui.i18n import Translator, reason_text


def order_lines(lines, t: Translator, extra: Callable[[int, dict], object] | None = None):
    """The lines as a list; ``extra(index, line)`` may add a node (a button) to a line."""
    listing = el("ul", cls="lines")
    for index, line in enumerate(lines):
        item = el("li")
        item.appendChild(el("span", f"{line['qty']}×", cls="qty"))
        item.appendChild(el("span", line.get("name") or line["item_id"], cls="name"))
        voided = line.get("voided")
        if voided:
            item.className = "voided"
            item.setAttribute("data-voided", "true")
            why = reason_text(t, voided.get("reason", ""), voided.get("note", ""))
            item.appendChild(el("span", t("lines.voided", reason=why), cls="flag void-flag"))
        elif line.get("hold"):
            item.className = "held"
            item.setAttribute("data-held", "true")
            item.appendChild(el("span", t("lines.hold"), cls="flag hold-flag"))
        mods = " · ".join(m["name"] for m in line.get("modifiers", []))
        if mods:
            item.appendChild(el("div", mods, cls="mods"))
        if line.get("note"):
            item.appendChild(el("div", line["note"], cls="note"))
        added = extra(index, line) if extra else None
        if added is not None:
            item.appendChild(added)
        listing.appendChild(item)
    return listing
