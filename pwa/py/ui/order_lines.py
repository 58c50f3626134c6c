"""An order's lines as the kitchen and the floor both show them: quantity, dish, the chosen
options, the guest's note. Text goes in through ``textContent`` only."""

from __future__ import annotations

from browser.dom import el


def order_lines(lines) -> object:
    listing = el("ul", cls="lines")
    for line in lines:
        item = el("li")
        item.appendChild(el("span", f"{line['qty']}×", cls="qty"))
        item.appendChild(el("span", line.get("name") or line["item_id"], cls="name"))
        mods = " · ".join(m["name"] for m in line.get("modifiers", []))
        if mods:
            item.appendChild(el("div", mods, cls="mods"))
        if line.get("note"):
            item.appendChild(el("div", line["note"], cls="note"))
        listing.appendChild(item)
    return listing
