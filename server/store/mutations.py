"""Client mutations against the database: read what a change touches, apply the domain's rule
(``domain.changes``, the same function the page runs for its optimistic view), store what the
resulting events say.

``run`` works inside the caller's write transaction on already-validated data and returns
``(result, events)``; it never commits and never publishes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from domain import changes, orders
from domain.errors import DomainError
from domain.timestamps import iso

from . import days, menu
from .database import Conn

Event = tuple[str, dict]


@dataclass(frozen=True)
class Author:
    """Who makes a change: the device (as the manager named it), its role, the person signed in
    on it with their own PIN (``{id, name}`` as they are now, None for a role's PIN), and
    whether a manager approved this change on the spot (``approvals``)."""

    device: str = ""
    role: str = ""
    approved: bool = False
    device_name: str = ""
    person: dict | None = None


def who(conn: Conn, restaurant: str, device: str) -> tuple[str, dict | None]:
    """The device's name, and the person signed in on it (their name as it is now)."""
    row = conn.execute(
        "SELECT d.name, d.person, s.name AS person_name FROM devices d LEFT JOIN staff s"
        " ON s.restaurant = d.restaurant AND s.id = d.person"
        " WHERE d.restaurant = ? AND d.id = ?",
        (restaurant, device),
    ).fetchone()
    if row is None:
        return "", None
    person = {"id": row["person"], "name": row["person_name"]} if row["person"] else None
    return row["name"], person


Loader = Callable[[Conn, str, dict], dict]


def load_order(conn: Conn, restaurant: str, order_id: str) -> dict:
    row = conn.execute(
        "SELECT data FROM orders WHERE restaurant = ? AND id = ?", (restaurant, order_id)
    ).fetchone()
    if row is None:
        raise DomainError("not_found", f"no order {order_id!r}", field="order_id")
    return json.loads(row["data"])


def load_table(conn: Conn, restaurant: str, table_id: str, missing: str = "not_found") -> dict:
    row = conn.execute(
        "SELECT id, name, area_id, seats, status, position FROM dining_tables"
        " WHERE restaurant = ? AND id = ?",
        (restaurant, table_id),
    ).fetchone()
    if row is None:
        raise DomainError(missing, f"no table {table_id!r}", field="table_id")
    return dict(row)


def save_table(conn: Conn, restaurant: str, table: dict) -> None:
    """A ``table_updated`` record is the whole table: new, renamed, reseated or another status."""
    conn.execute(
        "INSERT INTO dining_tables (restaurant, id, name, area_id, seats, status, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (restaurant, id) DO UPDATE SET"
        " name = excluded.name, area_id = excluded.area_id, seats = excluded.seats,"
        " status = excluded.status, position = excluded.position",
        (restaurant, table["id"], table["name"], table["area_id"], table["seats"],
         table["status"], table.get("position", 0)),
    )  # fmt: skip


def save_area(conn: Conn, restaurant: str, area: dict) -> None:
    conn.execute(
        "INSERT INTO areas (restaurant, id, name, position) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (restaurant, id) DO UPDATE SET name = excluded.name,"
        " position = excluded.position",
        (restaurant, area["id"], area["name"], area["position"]),
    )


def save_order(conn: Conn, restaurant: str, order: dict, *, new: bool) -> None:
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


def menu_items_for(conn: Conn, restaurant: str, ids: set[str]) -> dict[str, dict]:
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


def next_order_number(conn: Conn, restaurant: str, now: datetime) -> str:
    tz = conn.execute("SELECT tz FROM restaurants WHERE id = ?", (restaurant,)).fetchone()["tz"]
    day = now.astimezone(ZoneInfo(tz)).date().isoformat()  # numbers restart each local day
    row = conn.execute(
        "INSERT INTO order_numbers (restaurant, day, last) VALUES (?, ?, 1)"
        " ON CONFLICT (restaurant, day) DO UPDATE SET last = order_numbers.last + 1 RETURNING last",
        (restaurant, day),
    ).fetchone()
    return orders.format_number(row["last"])


# -- what each change reads: the part of the floor its rule looks at -------------------------


def _state(
    tables: list[dict] = (), order_list: list[dict] = (), areas: list[dict] = (),
    drawers: list[dict] = (),
) -> dict:  # fmt: skip
    return {
        "seq": 0,
        "areas": {a["id"]: a for a in areas},
        "tables": {t["id"]: t for t in tables},
        "orders": {o["id"]: o for o in order_list},
        "drawers": {d["id"]: d for d in drawers},
    }


def drawers_of_the_day(conn: Conn, restaurant: str) -> list[dict]:
    """The drawers' shifts no close of day has taken in yet: open, or counted and closed."""
    rows = conn.execute(
        "SELECT data FROM drawer_shifts WHERE restaurant = ? AND day IS NULL"
        " ORDER BY opened_at, id",
        (restaurant,),
    ).fetchall()
    return [json.loads(r["data"]) for r in rows]


def save_drawer(conn: Conn, restaurant: str, drawer: dict) -> None:
    conn.execute(
        "INSERT INTO drawer_shifts (restaurant, id, status, data, opened_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (restaurant, id) DO UPDATE SET"
        " status = excluded.status, data = excluded.data",
        (restaurant, drawer["id"], drawer["status"], json.dumps(drawer), drawer["opened_at"]),
    )


def _for_payment(conn: Conn, restaurant: str, data: dict) -> dict:
    """A payment's or refund's check (as for a status change) and the drawers cash goes into."""
    return {**_for_set_order_status(conn, restaurant, data),
            "drawers": {d["id"]: d for d in drawers_of_the_day(conn, restaurant)}}  # fmt: skip


def _for_drawer(conn: Conn, restaurant: str, data: dict) -> dict:
    return _state(drawers=drawers_of_the_day(conn, restaurant))


def _for_close_day(conn: Conn, restaurant: str, data: dict) -> dict:
    """Every open check (whether it is carried over) and the drawers (all counted); a day
    closed already is refused first, whatever else is open."""
    days.require_after_last(conn, restaurant, data["day"])
    closed = sorted(orders.CLOSED)
    active = conn.execute(
        f"SELECT data FROM orders WHERE restaurant = ? AND status NOT IN"
        f" ({','.join('?' * len(closed))})",
        (restaurant, *closed),
    ).fetchall()
    return _state(order_list=[json.loads(r["data"]) for r in active],
                  drawers=drawers_of_the_day(conn, restaurant))  # fmt: skip


def _for_set_order_status(conn: Conn, restaurant: str, data: dict) -> dict:
    """The order (whatever its status: moving a closed one must be refused by name), its
    check (the order it was added to, the orders added to it), its table, and the table's
    other active orders (whether the table frees itself)."""
    order = load_order(conn, restaurant, data["order_id"])
    found = {order["id"]: order}
    if order.get("adds_to"):
        root = load_order(conn, restaurant, order["adds_to"])
        found[root["id"]] = root
    closed = sorted(orders.CLOSED)
    open_ = f"status NOT IN ({','.join('?' * len(closed))})"
    for root_id in [o["id"] for o in found.values() if not o.get("adds_to")]:
        added = conn.execute(
            f"SELECT data FROM orders WHERE restaurant = ? AND {open_}"
            f" AND {conn.dialect.json_text('data', '$.adds_to')} = ?",
            (restaurant, *closed, root_id),
        ).fetchall()
        found.update((o["id"], o) for o in (json.loads(r["data"]) for r in added))
    if order["table_id"] is None:
        return _state([], list(found.values()))
    others = conn.execute(
        f"SELECT data FROM orders WHERE restaurant = ? AND table_id = ? AND {open_}",
        (restaurant, order["table_id"], *closed),
    ).fetchall()
    for row in others:
        other = json.loads(row["data"])
        found.setdefault(other["id"], other)
    table = load_table(conn, restaurant, order["table_id"])
    return _state([table], list(found.values()))


def _for_create_order(conn: Conn, restaurant: str, data: dict) -> dict:
    """The table, or for an addition the check it is added to (and that check's table)."""
    if data.get("adds_to"):
        try:
            return _for_set_order_status(conn, restaurant, {"order_id": data["adds_to"]})
        except DomainError:
            return _state()  # the rule names what is missing
    if data["table_id"] is None:
        return _state()
    return _state([load_table(conn, restaurant, data["table_id"], "unknown_table")])


def _for_set_table_status(conn: Conn, restaurant: str, data: dict) -> dict:
    return _state([load_table(conn, restaurant, data["table_id"])])


def _areas(conn: Conn, restaurant: str, area_id: str) -> list[dict]:
    row = conn.execute(
        "SELECT id, name, position FROM areas WHERE restaurant = ? AND id = ?",
        (restaurant, area_id),
    ).fetchone()
    return [dict(row)] if row else []


def _for_remove_area(conn: Conn, restaurant: str, data: dict) -> dict:
    tables = conn.execute(
        "SELECT id, name, area_id, seats, status, position FROM dining_tables"
        " WHERE restaurant = ? AND area_id = ?",
        (restaurant, data["area_id"]),
    ).fetchall()
    return _state([dict(t) for t in tables], areas=_areas(conn, restaurant, data["area_id"]))


def _for_save_table(conn: Conn, restaurant: str, data: dict) -> dict:
    try:
        tables = [load_table(conn, restaurant, data["table_id"])]
    except DomainError:
        tables = []  # a new table
    return _state(tables, areas=_areas(conn, restaurant, data["area_id"]))


def _for_remove_table(conn: Conn, restaurant: str, data: dict) -> dict:
    table = load_table(conn, restaurant, data["table_id"])
    closed = sorted(orders.CLOSED)
    active = conn.execute(
        "SELECT data FROM orders WHERE restaurant = ? AND table_id = ?"
        f" AND status NOT IN ({','.join('?' * len(closed))})",
        (restaurant, table["id"], *closed),
    ).fetchall()
    return _state([table], [json.loads(r["data"]) for r in active])


def _nothing(conn: Conn, restaurant: str, data: dict) -> dict:
    return _state()


LOADERS: dict[str, Loader] = {
    "create_order": _for_create_order,
    "set_order_status": _for_set_order_status,
    "set_table_status": _for_set_table_status,
    "add_payment": _for_payment,  # paid in full, the table may free itself; cash in a drawer
    "comp_check": _for_set_order_status,
    "refund_payment": _for_payment,
    "open_drawer": _for_drawer,
    "move_cash": _for_drawer,
    "close_drawer": _for_drawer,
    "close_day": _for_close_day,
    "void_line": _for_set_order_status,  # voiding the last line cancels the order
    "set_discount": _for_set_order_status,
    "fire_held": _for_set_order_status,
    "save_settings": _nothing,
    "set_item_availability": _nothing,
    "set_item_stock": _nothing,
    "save_area": _nothing,
    "remove_area": _for_remove_area,
    "save_table": _for_save_table,
    "remove_table": _for_remove_table,
    "save_category": _nothing,
    "remove_category": _nothing,
    "save_item": _nothing,
    "remove_item": _nothing,
}


def _items_in_category(conn: Conn, restaurant: str, data: dict) -> dict:
    rows = conn.execute(
        "SELECT id FROM items WHERE restaurant = ? AND category_id = ? AND removed = 0",
        (restaurant, data["category_id"]),
    ).fetchall()
    return menu_items_for(conn, restaurant, {r["id"] for r in rows})


def _item(conn: Conn, restaurant: str, data: dict) -> dict:
    return menu_items_for(conn, restaurant, {data["item_id"]})


# Changes whose rule reads menu items, beside the floor: which ones.
MENU_READ: dict[str, Loader] = {
    "create_order": lambda conn, restaurant, data: menu_items_for(
        conn, restaurant, {line["item_id"] for line in data["lines"]}
    ),
    "set_item_availability": _item,
    "set_item_stock": _item,
    "save_item": _item,
    "remove_item": _item,
    "remove_category": _items_in_category,
}
# Changes whose rule reads the restaurant's bill rules (methods, taxes, service charge).
NEEDS_SETTINGS = frozenset(
    {"add_payment", "comp_check", "refund_payment", "set_order_status", "void_line", "set_discount"}
)


# Events that change an item's row: the item gets a new menu version, devices fetch it.
ITEM_EVENTS = frozenset({"item_availability_changed", "stock_changed", "stock_set"})
# Events of the manager's menu edits: their rows take a new version as they are stored.
MENU_EDITS = frozenset({"item_saved", "item_removed", "category_saved", "category_removed"})


def run(
    conn: Conn, restaurant: str, op: str, data: dict, now: datetime,
    author: Author = Author(), client_id: str = "",
) -> tuple[dict, list[Event]]:  # fmt: skip
    """Apply mutation ``op`` to the database; ``(result, events)`` or DomainError."""
    state = LOADERS[op](conn, restaurant, data)
    read_menu = MENU_READ.get(op)
    items = read_menu(conn, restaurant, data) if read_menu else {}
    named, person = author.device_name, author.person
    if author.device and not named:  # the write path says who; a caller that did not, asks
        named, person = who(conn, restaurant, author.device)
    context = changes.Context(
        now=iso(now), menu=items, device=author.device, change_id=client_id,
        role=author.role, device_name=named, approved=author.approved, person=person,
        settings=menu.bill_settings(conn, restaurant) if op in NEEDS_SETTINGS else {},
    )  # fmt: skip
    if op == "create_order" and not data.get("adds_to"):  # an addition takes its check's number
        context = replace(
            context, order_id=uuid.uuid4().hex, number=next_order_number(conn, restaurant, now)
        )
    elif op == "create_order":
        context = replace(context, order_id=uuid.uuid4().hex)
    result, events = changes.apply(state, op, data, context)
    for kind, record in events:
        STORE[kind](conn, restaurant, record)
    touched = {record["item_id"] for kind, record in events if kind in ITEM_EVENTS}
    if touched:
        events = [*events, menu.touch_items(conn, restaurant, touched)]
    elif any(kind in MENU_EDITS for kind, _ in events):
        events = [*events, ("menu_updated", {"version": menu.version(conn, restaurant)})]
    return result, events


# -- what each event means for the rows: the database is a projection of the log -------------

STORE: dict[str, Callable[[Conn, str, dict], None]] = {
    "order_created": lambda conn, restaurant, order: save_order(conn, restaurant, order, new=True),
    "order_updated": lambda conn, restaurant, order: save_order(conn, restaurant, order, new=False),
    "table_updated": save_table,
    "drawer_updated": save_drawer,
    "day_closed": days.close,
    "area_updated": save_area,
    "area_removed": lambda conn, restaurant, r: conn.execute(
        "DELETE FROM areas WHERE restaurant = ? AND id = ?", (restaurant, r["id"])
    ),
    "table_removed": lambda conn, restaurant, r: conn.execute(
        "DELETE FROM dining_tables WHERE restaurant = ? AND id = ?", (restaurant, r["id"])
    ),
    "stock_set": lambda conn, restaurant, r: menu.set_item_fields(
        conn, restaurant, r["item_id"], stock=r["stock"], stock_low_at=r["stock_low_at"]
    ),
    "item_saved": lambda conn, restaurant, item: menu.upsert_item(
        conn, restaurant, item["id"], {k: v for k, v in item.items() if k != "id"}
    ),
    "item_removed": lambda conn, restaurant, r: menu.remove_item(conn, restaurant, r["id"]),
    "category_saved": lambda conn, restaurant, c: menu.upsert_category(
        conn, restaurant, c["id"], {k: v for k, v in c.items() if k != "id"}
    ),
    "category_removed": lambda conn, restaurant, r: menu.remove_category(conn, restaurant, r["id"]),
    "item_availability_changed": lambda conn, restaurant, r: menu.set_item_fields(
        conn, restaurant, r["item_id"], available=r["available"]
    ),
    "stock_changed": lambda conn, restaurant, r: menu.set_item_fields(
        conn, restaurant, r["item_id"], stock=r["stock"]
    ),
    "settings_saved": lambda conn, restaurant, settings: conn.execute(
        "UPDATE restaurants SET settings = ? WHERE id = ?", (json.dumps(settings), restaurant)
    ),
    "stock_low": lambda conn, restaurant, r: None,  # notices: the log is their record
    "stock_out": lambda conn, restaurant, r: None,
}
