"""What the floor screen shows: areas, tables coloured by what they need, and what a waiter
can do at a table. Pure.

A table's colour is its own status, except that food waiting at the pass outranks everything:
a table with a ready order shows "ready" and a badge with how many.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import orders, tables


@dataclass(frozen=True)
class TableTile:
    table_id: str
    name: str
    status: str  # free | seated | ordered | ready | bill | dirty
    ready: int  # orders waiting at the pass
    open_orders: int
    seats: int
    pending: bool


@dataclass(frozen=True)
class Action:
    op: str  # set_table_status | set_order_status, or one of the sheets below
    target: str  # the table or order id
    status: str
    label: str  # catalogue key
    confirm: bool = False  # asks for a reason first: it cannot be undone


# Actions that open a sheet rather than send a change at once.
PAY = "pay"  # the payment sheet
ORDER = "order"  # the order pad: a table's new order, or lines added to a check
FIRE = "fire_held"  # sent at once, but named by its own op
DISCOUNT = "discount"  # the discount sheet (a reason; a manager's PIN above the threshold)
CANCEL = "cancel"  # the reason sheet
COMP = "comp"  # a comp or write-off: a reason and always a manager's PIN


def areas(floor: dict) -> list[dict]:
    return sorted(floor["areas"].values(), key=lambda a: (a.get("position", 0), a["id"]))


def by_table(floor: dict) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for order in floor["orders"].values():
        if order.get("table_id"):
            grouped.setdefault(order["table_id"], []).append(order)
    for group in grouped.values():
        group.sort(key=lambda o: (o["created_at"], o["id"]))
    return grouped


def tiles(
    floor: dict, area_id: str, grouped: dict[str, list[dict]] | None = None
) -> list[TableTile]:
    grouped = by_table(floor) if grouped is None else grouped
    out = []
    for table in floor["tables"].values():
        if table.get("area_id") != area_id:
            continue
        active = grouped.get(table["id"], [])
        ready = sum(1 for o in active if o["status"] == "ready")
        out.append(
            TableTile(
                table_id=table["id"],
                name=table["name"],
                status="ready" if ready else table["status"],
                ready=ready,
                open_orders=len(active),
                seats=table.get("seats", 0),
                pending=bool(table.get("pending")) or any(o.get("pending") for o in active),
            )
        )
    out.sort(key=lambda t: (floor["tables"][t.table_id].get("position", 0), t.name))
    return out


AWAY = "away"  # the tab of orders without a table: take-away and delivery
AWAY_PREFIX = "away."  # an open sheet of one of them: ``away.<order id>``


@dataclass(frozen=True)
class AwayTile:
    """A take-away or delivery check on the floor phone's Take-away tab."""

    key: str  # AWAY_PREFIX + the check's first order id
    number: str
    kind: str  # takeaway | delivery
    customer: str  # the name, else the phone, else ""
    status: str  # the check's most urgent: ready outranks the rest
    pending: bool


def away(floor: dict) -> dict[str, list[dict]]:
    """Open orders without a table, by check (an addition with the order it was added to),
    each check oldest first."""
    grouped: dict[str, list[dict]] = {}
    for order in floor["orders"].values():
        if not order.get("table_id"):
            grouped.setdefault(order.get("adds_to") or order["id"], []).append(order)
    for group in grouped.values():
        group.sort(key=lambda o: (o["created_at"], o["id"]))
    return grouped


def away_tiles(grouped: dict[str, list[dict]]) -> list[AwayTile]:
    out = []
    for root_id, group in grouped.items():
        first = group[0]
        customer = first.get("customer") or {}
        ready = any(o["status"] == "ready" for o in group)
        out.append(AwayTile(
            key=AWAY_PREFIX + root_id, number=first["number"],
            kind=first.get("type") or "takeaway",
            customer=customer.get("name") or customer.get("phone") or "",
            status="ready" if ready else first["status"],
            pending=any(o.get("pending") for o in group),
        ))  # fmt: skip
    out.sort(
        key=lambda t: (t.status != "ready", grouped[t.key[len(AWAY_PREFIX) :]][0]["created_at"])
    )
    return out


def ready_count(floor: dict) -> int:
    return sum(1 for o in floor["orders"].values() if o["status"] == "ready")


def table_actions(table: dict, active: list[dict]) -> list[Action]:
    """What a waiter can do for the table itself."""
    allowed = tables.allowed_next(table["status"])
    found = []
    if "seated" in allowed and table["status"] == "free":
        found.append(Action("set_table_status", table["id"], "seated", "floor.seat"))
    if table["status"] != "dirty" and not table.get("pending"):
        found.append(Action(ORDER, table["id"], "", "floor.new_order"))
    if "bill" in allowed and active:
        found.append(Action("set_table_status", table["id"], "bill", "floor.request_bill"))
    if table["status"] == "dirty":
        found.append(Action("set_table_status", table["id"], "free", "floor.clear"))
    if table["status"] == "seated" and not active:
        found.append(Action("set_table_status", table["id"], "free", "floor.unseat"))
    return found


def order_actions(order: dict) -> list[Action]:
    """What a waiter can do with one order (a pending order is not on the server yet). The
    bill, its discount and its payments are the check's: they are on its first order only."""
    if str(order["id"]).startswith("pending:"):
        return []
    nxt = orders.allowed_next(order["status"])
    found = []
    if "served" in nxt:
        found.append(Action("set_order_status", order["id"], "served", "floor.mark_served"))
    if any(line.get("hold") for line in order["lines"]) and orders.is_active(order["status"]):
        found.append(Action(FIRE, order["id"], "", "floor.fire"))
    open_check = orders.is_active(order["status"]) and not order.get("settled_at")
    if open_check and not order.get("adds_to"):
        found.append(Action(ORDER, order["id"], "", "floor.add_items"))
        # Paid through the bill (method, split, change): the payment sheet, not a status.
        found.append(Action(PAY, order["id"], "", "floor.take_payment"))
        found.append(Action(DISCOUNT, order["id"], "", "floor.discount"))
        found.append(Action(COMP, order["id"], "", "floor.comp"))
    if "cancelled" in nxt:
        found.append(Action(CANCEL, order["id"], "cancelled", "floor.cancel", confirm=True))
    return found


def voidable(order: dict) -> list[int]:
    """The lines a waiter may try to void (the rule decides whether a manager must approve)."""
    if str(order["id"]).startswith("pending:") or order["status"] == "served":
        return []
    if not orders.is_active(order["status"]) or order.get("settled_at"):
        return []
    return [i for i, line in enumerate(order["lines"]) if not line.get("voided")]


def mutation(action: Action) -> tuple[str, dict]:
    if action.op == FIRE:
        return FIRE, {"order_id": action.target}
    key = "table_id" if action.op == "set_table_status" else "order_id"
    return action.op, {key: action.target, "status": action.status}
