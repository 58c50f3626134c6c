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
    op: str  # set_table_status | set_order_status
    target: str  # the table or order id
    status: str
    label: str  # catalogue key
    confirm: bool = False  # ask first: it cannot be undone


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


def ready_count(floor: dict) -> int:
    return sum(1 for o in floor["orders"].values() if o["status"] == "ready")


def table_actions(table: dict, active: list[dict]) -> list[Action]:
    """What a waiter can do for the table itself."""
    allowed = tables.allowed_next(table["status"])
    found = []
    if "seated" in allowed and table["status"] == "free":
        found.append(Action("set_table_status", table["id"], "seated", "floor.seat"))
    if "bill" in allowed and active:
        found.append(Action("set_table_status", table["id"], "bill", "floor.request_bill"))
    if table["status"] == "dirty":
        found.append(Action("set_table_status", table["id"], "free", "floor.clear"))
    if table["status"] == "seated" and not active:
        found.append(Action("set_table_status", table["id"], "free", "floor.unseat"))
    return found


PAY = "pay"  # an action that opens the payment sheet rather than sending a change


def order_actions(order: dict) -> list[Action]:
    """What a waiter can do with one order (a pending order is not on the server yet)."""
    if str(order["id"]).startswith("pending:"):
        return []
    nxt = orders.allowed_next(order["status"])
    found = []
    if "served" in nxt:
        found.append(Action("set_order_status", order["id"], "served", "floor.mark_served"))
    if orders.is_active(order["status"]) and not order.get("settled_at"):
        # Paid through the bill (method, split, change): the payment sheet, not a status.
        found.append(Action(PAY, order["id"], "", "floor.take_payment"))
    if "cancelled" in nxt:
        found.append(
            Action("set_order_status", order["id"], "cancelled", "floor.cancel", confirm=True)
        )
    return found


def mutation(action: Action) -> tuple[str, dict]:
    key = "table_id" if action.op == "set_table_status" else "order_id"
    return action.op, {key: action.target, "status": action.status}
