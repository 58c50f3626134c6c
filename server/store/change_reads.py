"""What each change reads before its rule runs: the part of the floor the rule looks at (the
order and its check, a table, the drawers of the day), the menu items it names, and whether it
needs the restaurant's bill rules. ``mutations.run`` asks ``LOADERS[op]`` and ``MENU_READ``.
Reads only; in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from domain import orders
from domain.errors import DomainError
from domain.stations import shown_item

from . import days
from .database import Conn

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


def menu_items_for(conn: Conn, restaurant: str, ids: set[str]) -> dict[str, dict]:
    """The orderable items among ``ids``, each with its station (its own, else its
    category's)."""
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        "SELECT i.data, c.station FROM items i JOIN categories c"
        " ON c.restaurant = i.restaurant AND c.id = i.category_id"
        f" WHERE i.restaurant = ? AND i.removed = 0 AND i.id IN ({marks})",
        (restaurant, *sorted(ids)),
    ).fetchall()
    found = {}
    for row in rows:
        item = shown_item(json.loads(row["data"]), row["station"])
        found[item["id"]] = item
    return found


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
    "set_station_status": _for_set_order_status,
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
