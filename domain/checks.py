"""What a check is, and the guards every change to one keeps. Pure.

**A check** is an order and the orders added to it later ("added" tickets: dessert after the
mains): each addition is an order of its own, so the kitchen gets a ticket for the new lines
only and each has its own life from new to served; the bill and its payments are the check's,
kept on the first order.
"""

from __future__ import annotations

from . import bill, orders
from .context import Context, find_order
from .errors import DomainError
from .reducer import State


def root_of(state: State, order: dict) -> dict:
    """The check's first order (an addition points at it)."""
    if not order.get("adds_to"):
        return order
    return find_order(state, order["adds_to"])


def additions(state: State, root: dict) -> list[dict]:
    """The open orders added to ``root``, oldest first."""
    found = [
        o for o in state["orders"].values()
        if o.get("adds_to") == root["id"] and orders.is_active(o["status"])
    ]  # fmt: skip
    return sorted(found, key=lambda o: (o["created_at"], o["id"]))


def check(state: State, root: dict) -> dict:
    """The check as one order for ``bill.bill``: the first order's discount and payments, every
    open order's lines."""
    lines = list(root["lines"])
    for added in additions(state, root):
        lines += added["lines"]
    return {**root, "lines": lines}


def paid(root: dict) -> int:
    """What a check holds of the guests' money: its payments less what was refunded of them."""
    taken = sum(p["amount"] for p in root.get("payments", []))
    return taken - sum(r["amount"] for r in root.get("refunds", []))


def refund_left(root: dict, payment: dict) -> int:
    """What is left of ``payment`` to give back: what it paid less what was refunded of it."""
    back = sum(r["amount"] for r in root.get("refunds", []) if r["payment_id"] == payment.get("id"))
    return payment["amount"] - back


def with_orders(state: State, *changed_orders: dict) -> State:
    return {**state, "orders": {**state["orders"], **{o["id"]: o for o in changed_orders}}}


# -- the guards -------------------------------------------------------------------------------


def require_open(order: dict) -> None:
    if not orders.is_active(order["status"]):
        raise DomainError(
            "order_closed", f"order {order['number']} is {order['status']}", field="order_id"
        )


def require_unpaid(order: dict) -> None:
    require_open(order)
    if order.get("settled_at"):
        raise DomainError(
            "already_paid", f"order {order['number']} is paid already", field="order_id"
        )


def covers_payments(state: State, order: dict, context: Context) -> None:
    """A change that lowers a check's bill (a void, a discount, a cancelled addition) may not
    take it below what has been paid: the money would be owed back, and nothing here pays out."""
    root = root_of(state, order)
    held = paid(root)
    if not held:
        return
    after = with_orders(state, order)
    root = after["orders"].get(root["id"], root)
    total = bill.bill(check(after, root), bill.Settings.read(context.settings)).total
    if root["status"] == "cancelled" or total < held:
        raise DomainError(
            "paid_beyond", f"{held} is paid already; the bill would be {total}: refund first",
            field="order_id",
        )  # fmt: skip


# -- discounts: a rate, held against the bill as it is now -----------------------------------


def discount_rate(given: dict, base: int) -> int:
    """What a discount takes of ``base``, as a rate in basis points rounded up: an amount off
    is a rate too, and grows as the bill under it shrinks."""
    if given.get("bp"):
        return int(given["bp"])
    amount = int(given.get("amount", 0))
    if not amount:
        return 0
    return bill.FULL if base <= 0 else -(-amount * bill.FULL // base)


def allowed_rate(given: dict, limit: int) -> int:
    """The most a discount may take without asking again: the restaurant's limit, or what a
    manager approved for it."""
    return max(limit, int(given.get("approved_bp", 0)))


def require_discounts_allowed(state: State, order: dict, context: Context) -> None:
    """After a change that shrinks a check (a void, a cancelled addition), every discount on it
    is held against the bill as it is now: one that now takes more than the waiter's limit (or
    than the manager approved) needs a manager's approval again, and the change is refused
    saying which discount. Without this, 9 % off a 1,790 bill and the dear line voided left
    the cheap line at almost nothing. An approval for this change (a void) is not one for the
    discounts it moves: each keeps what was approved for it. Whoever holds the right to discount
    beyond the limit decides.
    """
    if "discount" in context.held_rights:
        return
    root = root_of(state, order)
    if not orders.is_active(root["status"]):
        return  # the whole check is gone: no discount left to hold
    limit = context.discount_limit(bill.Settings.read(context.settings).discount_approval_bp)
    whole = root.get("discount")
    if whole:
        base = bill.bill(check(state, root), bill.Settings()).subtotal
        _within(whole, base, limit, "the check's discount")
    for member in [root, *additions(state, root)]:
        for line in member["lines"]:
            if line.get("discount") and not line.get("voided"):
                _within(
                    line["discount"], line["line_total"], limit, f"the discount on {line['name']}"
                )


def _within(given: dict, base: int, limit: int, which: str) -> None:
    rate = discount_rate(given, base)
    if rate > allowed_rate(given, limit):
        raise DomainError(
            "approval_needed", f"{which} would be {rate / 100:g} % of what is left, above"
            f" {allowed_rate(given, limit) / 100:g} %: make it a rate, take it off, or a manager"
            " does this on their device", field="discount",
        )  # fmt: skip
