"""What the waiter's forms on the floor phone decide, without the page: the order the pad sends,
a void, cancel or discount with its reason, and an order's history as lines to read. Pure; the
rules that accept or refuse them are ``domain.order_changes``'s (asked through
``sync.view.refused`` before anything is queued)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain import order_changes
from domain.errors import DomainError
from domain.money import parse_percent, parse_price
from screens.kiosk.cart import Cart

KINDS = order_changes.ORDER_TYPES
MAX_GUESTS = 100
# Why a discount is given: words for the day report, not a rule (any reason is accepted).
DISCOUNT_REASONS = ("regular", "birthday", "complaint", "staff", order_changes.OTHER)


@dataclass(frozen=True)
class PadTarget:
    """What the pad orders for: a table's new order, lines added to an open check, or a
    take-away or delivery order."""

    kind: str = "dine_in"  # dine_in | takeaway | delivery
    table_id: str | None = None
    adds_to: str | None = None


def pad_order(
    cart: Cart, target: PadTarget, guests: str = "", customer: Mapping[str, str] | None = None,
    note: str = "",
) -> dict:  # fmt: skip
    """The ``create_order`` data for what the waiter put together; DomainError naming the
    field for a guest count that is not one."""
    lines = [line.order_line() for line in cart.lines]
    if target.adds_to:
        return {"adds_to": target.adds_to, "table_id": None, "lines": lines, "note": note}
    data: dict = {
        "type": target.kind,
        "table_id": target.table_id if target.kind == "dine_in" else None,
        "lines": lines,
        "note": note,
    }
    if guests.strip():
        if not guests.strip().isdigit() or not 1 <= int(guests) <= MAX_GUESTS:
            raise DomainError(
                "invalid_value", f"guests: a number from 1 to {MAX_GUESTS}", field="guests"
            )
        data["guests"] = int(guests)
    given = {k: v.strip() for k, v in (customer or {}).items() if v.strip()}
    if given and target.kind != "dine_in":
        data["customer"] = given
    return data


def reason_choices(settings: Mapping) -> list[str]:
    """The reasons a waiter picks from: the restaurant's, then "other" (with words)."""
    return [*order_changes.reasons(settings), order_changes.OTHER]


def discount_data(
    order_id: str, line: int | None, how: str, value: str, reason: str, currency: str
) -> dict:
    """``set_discount`` data from the form: ``how`` is "percent" (``12.5`` is 12.5 %) or
    "amount" (money as the restaurant writes it). An empty value takes the discount off."""
    data = {"order_id": order_id, "line": line, "amount": 0, "bp": 0, "reason": reason}
    text = value.strip()
    if not text:
        return {**data, "reason": ""}
    if how == "percent":
        bp = parse_percent(text, field="value")
        if not bp:
            raise DomainError("invalid_value", "a percentage above 0", field="value")
        return {**data, "bp": bp}
    return {**data, "amount": parse_price(text, currency, field="value")}


@dataclass(frozen=True)
class HistoryRow:
    at: str  # ISO time
    what: str  # placed | added | status | void | discount | payment | fired
    detail: dict
    who: str  # the person, and the name the manager gave the device; "" when neither is known
    role: str


def history(order: Mapping) -> list[HistoryRow]:
    """Who did what to the order, newest first."""
    rows = []
    for entry in order.get("history", []):
        by = entry.get("by") or {}
        detail = {k: v for k, v in entry.items() if k not in ("at", "what", "by")}
        role = by.get("role") or ""
        # A device signed in without a name is called "<role> device" by the server: the
        # role, in the reader's language, says as much.
        name = by.get("name") or ""
        who = "" if name in ("", f"{role} device") else name
        person = (by.get("person") or {}).get("name")
        if person:  # a person signed in as themselves: their name, and the device's after it
            who = f"{person} · {who}" if who else person
        rows.append(HistoryRow(entry.get("at", ""), entry.get("what", ""), detail, who, role))
    return rows[::-1]
