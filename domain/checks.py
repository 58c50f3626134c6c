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
    paid = sum(p["amount"] for p in root.get("payments", []))
    if not paid:
        return
    after = with_orders(state, order)
    root = after["orders"].get(root["id"], root)
    total = bill.bill(check(after, root), bill.Settings.read(context.settings)).total
    if root["status"] == "cancelled" or total < paid:
        raise DomainError(
            "paid_beyond", f"{paid} is paid already; the bill would be {total}: refund first",
            field="order_id",
        )  # fmt: skip
