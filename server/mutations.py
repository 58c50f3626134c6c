"""What each client mutation does to the database, keyed by op name.

Each handler runs inside the caller's write transaction, takes already-validated data, and
returns ``(result, events)``; it never commits and never publishes. Payload shapes were checked
against ``domain.payloads`` before the transaction started; rules that need the database (the
table exists, the item is on the menu) are checked here.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from domain import orders, tables
from domain.errors import DomainError
from domain.pricing import price_lines
from domain.timestamps import iso

Event = tuple[str, dict]
Handler = Callable[[sqlite3.Connection, str, dict, datetime], tuple[dict, list[Event]]]


def load_order(conn: sqlite3.Connection, restaurant: str, order_id: str) -> dict:
    row = conn.execute(
        "SELECT data FROM orders WHERE restaurant = ? AND id = ?", (restaurant, order_id)
    ).fetchone()
    if row is None:
        raise DomainError("not_found", f"no order {order_id!r}", field="order_id")
    return json.loads(row["data"])


def load_table(
    conn: sqlite3.Connection, restaurant: str, table_id: str, missing: str = "not_found"
) -> dict:
    row = conn.execute(
        "SELECT id, name, area_id, seats, status, position FROM dining_tables"
        " WHERE restaurant = ? AND id = ?",
        (restaurant, table_id),
    ).fetchone()
    if row is None:
        raise DomainError(missing, f"no table {table_id!r}", field="table_id")
    return dict(row)


def save_table(conn: sqlite3.Connection, restaurant: str, table: dict) -> None:
    conn.execute(
        "UPDATE dining_tables SET status = ? WHERE restaurant = ? AND id = ?",
        (table["status"], restaurant, table["id"]),
    )


def save_order(conn: sqlite3.Connection, restaurant: str, order: dict, *, new: bool) -> None:
    if new:
        conn.execute(
            "INSERT INTO orders (restaurant, id, status, table_id, data, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                restaurant,
                order["id"],
                order["status"],
                order["table_id"],
                json.dumps(order),
                order["created_at"],
            ),
        )
    else:
        conn.execute(
            "UPDATE orders SET status = ?, data = ? WHERE restaurant = ? AND id = ?",
            (order["status"], json.dumps(order), restaurant, order["id"]),
        )


def menu_items_for(conn: sqlite3.Connection, restaurant: str, ids: set[str]) -> dict[str, dict]:
    """The orderable items among ``ids``, with their category's station filled in."""
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        "SELECT i.data, c.station FROM items i JOIN categories c"
        " ON c.restaurant = i.restaurant AND c.id = i.category_id"
        f" WHERE i.restaurant = ? AND i.removed = 0 AND i.id IN ({marks})",
        (restaurant, *sorted(ids)),
    ).fetchall()
    found = {}
    for row in rows:
        item = json.loads(row["data"])
        item["station"] = row["station"]
        found[item["id"]] = item
    return found


def next_order_number(conn: sqlite3.Connection, restaurant: str, now: datetime) -> str:
    tz = conn.execute("SELECT tz FROM restaurants WHERE id = ?", (restaurant,)).fetchone()["tz"]
    day = now.astimezone(ZoneInfo(tz)).date().isoformat()  # numbers restart each local day
    row = conn.execute(
        "INSERT INTO order_numbers (restaurant, day, last) VALUES (?, ?, 1)"
        " ON CONFLICT (restaurant, day) DO UPDATE SET last = last + 1 RETURNING last",
        (restaurant, day),
    ).fetchone()
    return orders.format_number(row["last"])


def create_order(
    conn: sqlite3.Connection, restaurant: str, data: dict, now: datetime
) -> tuple[dict, list[Event]]:
    events: list[Event] = []
    table = None
    if data["table_id"] is not None:
        table = load_table(conn, restaurant, data["table_id"], "unknown_table")
    items = menu_items_for(conn, restaurant, {line["item_id"] for line in data["lines"]})
    for i, line in enumerate(data["lines"]):
        item = items.get(line["item_id"])
        if item is not None and not item.get("available", True):
            raise DomainError(
                "item_unavailable", f"{item['name']} is not available now", field=f"lines[{i}]"
            )
    priced, total = price_lines(data["lines"], items)
    stamp = iso(now)
    order = {
        "id": uuid.uuid4().hex,
        "number": next_order_number(conn, restaurant, now),
        "status": "new",
        "table_id": data["table_id"],
        "lines": priced,
        "note": data["note"],
        "total": total,
        "created_at": stamp,
        "updated_at": stamp,
        "version": 1,
    }
    save_order(conn, restaurant, order, new=True)
    events.append(("order_created", order))
    if table is not None:
        _follow(conn, restaurant, table, tables.after_order_created(table["status"]), events)
    return {"order": order}, events


def set_order_status(
    conn: sqlite3.Connection, restaurant: str, data: dict, now: datetime
) -> tuple[dict, list[Event]]:
    order = load_order(conn, restaurant, data["order_id"])
    if not orders.check_transition(order["status"], data["status"]):
        return {"order": order}, []
    order = {
        **order,
        "status": data["status"],
        "updated_at": iso(now),
        "version": order["version"] + 1,
    }
    save_order(conn, restaurant, order, new=False)
    events: list[Event] = [("order_updated", order)]
    if order["table_id"] is not None and not orders.is_active(order["status"]):
        table = load_table(conn, restaurant, order["table_id"])
        placeholders = ",".join("?" * len(orders.CLOSED))
        others = conn.execute(
            "SELECT COUNT(*) FROM orders WHERE restaurant = ? AND table_id = ?"
            f" AND status NOT IN ({placeholders})",
            (restaurant, table["id"], *sorted(orders.CLOSED)),
        ).fetchone()[0]
        status = tables.after_order_closed(table["status"], order["status"], others)
        _follow(conn, restaurant, table, status, events)
    return {"order": order}, events


def _follow(
    conn: sqlite3.Connection, restaurant: str, table: dict, status: str, events: list[Event]
) -> None:
    """A table's status following its orders (not a staff action, so no transition check)."""
    if status != table["status"]:
        table = {**table, "status": status}
        save_table(conn, restaurant, table)
        events.append(("table_updated", table))


def set_table_status(
    conn: sqlite3.Connection, restaurant: str, data: dict, now: datetime
) -> tuple[dict, list[Event]]:
    table = load_table(conn, restaurant, data["table_id"])
    if not tables.check_transition(table["status"], data["status"]):
        return {"table": table}, []
    table = {**table, "status": data["status"]}
    save_table(conn, restaurant, table)
    return {"table": table}, [("table_updated", table)]


HANDLERS: dict[str, Handler] = {
    "create_order": create_order,
    "set_order_status": set_order_status,
    "set_table_status": set_table_status,
}
