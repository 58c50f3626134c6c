"""Client mutations against the database: read what a change touches (``change_reads``), apply
the domain's rule (``domain.changes``, the same function the page runs for its optimistic
view), store what the resulting events say.

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

from domain import changes, orders, staff
from domain.timestamps import iso

from . import change_reads, days, menu, printing
from .database import Conn
from .staff import jobs_of

Event = tuple[str, dict]


@dataclass(frozen=True)
class Author:
    """Who makes a change: the device (as the manager named it), its role, the person signed in
    on it with their own PIN (``{id, name}`` as they are now, None for a role's PIN), and
    whether someone with the right approved this change on the spot (``approvals``)."""

    device: str = ""
    role: str = ""
    approved: bool = False
    device_name: str = ""
    person: dict | None = None
    job: str = ""  # the person's: what they may do (``domain.staff.rights_of``)


def who(conn: Conn, restaurant: str, device: str) -> tuple[str, dict | None, str]:
    """The device's name, the person signed in on it (their name as it is now) and their job
    ("" for none: a role's PIN)."""
    row = conn.execute(
        "SELECT d.name, d.person, s.name AS person_name, s.job FROM devices d LEFT JOIN staff s"
        " ON s.restaurant = d.restaurant AND s.id = d.person"
        " WHERE d.restaurant = ? AND d.id = ?",
        (restaurant, device),
    ).fetchone()
    if row is None:
        return "", None, ""
    if not row["person"]:
        return row["name"], None, ""
    return row["name"], {"id": row["person"], "name": row["person_name"]}, row["job"] or ""


def _maker(conn: Conn, restaurant: str, role: str, job: str) -> dict:
    """What the person's job may do (one of the three, or the restaurant's own) and how much it
    discounts without asking; for a role's PIN (no job), the role's own: nothing to add."""
    if not job:
        return {}
    own = [] if job in staff.DEFAULT_JOBS else jobs_of(conn, restaurant)
    held = staff.job_of(job, staff.jobs_with(own))
    return {"rights": held.rights, "discount_bp": held.discount_bp}


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


def save_drawer(conn: Conn, restaurant: str, drawer: dict) -> None:
    conn.execute(
        "INSERT INTO drawer_shifts (restaurant, id, status, data, opened_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (restaurant, id) DO UPDATE SET"
        " status = excluded.status, data = excluded.data",
        (restaurant, drawer["id"], drawer["status"], json.dumps(drawer), drawer["opened_at"]),
    )


def next_order_number(conn: Conn, restaurant: str, now: datetime) -> str:
    tz = conn.execute("SELECT tz FROM restaurants WHERE id = ?", (restaurant,)).fetchone()["tz"]
    day = now.astimezone(ZoneInfo(tz)).date().isoformat()  # numbers restart each local day
    row = conn.execute(
        "INSERT INTO order_numbers (restaurant, day, last) VALUES (?, ?, 1)"
        " ON CONFLICT (restaurant, day) DO UPDATE SET last = order_numbers.last + 1 RETURNING last",
        (restaurant, day),
    ).fetchone()
    return orders.format_number(row["last"])


# Events that change an item's row: the item gets a new menu version, devices fetch it.
ITEM_EVENTS = frozenset({"item_availability_changed", "stock_changed", "stock_set"})
# Events of the manager's menu edits: their rows take a new version as they are stored.
MENU_EDITS = frozenset({"item_saved", "item_removed", "category_saved", "category_removed"})


def run(
    conn: Conn, restaurant: str, op: str, data: dict, now: datetime,
    author: Author = Author(), client_id: str = "",
) -> tuple[dict, list[Event]]:  # fmt: skip
    """Apply mutation ``op`` to the database; ``(result, events)`` or DomainError."""
    state = change_reads.LOADERS[op](conn, restaurant, data)
    read_menu = change_reads.MENU_READ.get(op)
    items = read_menu(conn, restaurant, data) if read_menu else {}
    named, person, job = author.device_name, author.person, author.job
    if author.device and not named:  # the write path says who; a caller that did not, asks
        named, person, job = who(conn, restaurant, author.device)
    context = changes.Context(
        now=iso(now), menu=items, device=author.device, change_id=client_id,
        role=author.role, device_name=named, approved=author.approved, person=person,
        **_maker(conn, restaurant, author.role, job if person else ""),
        settings=menu.bill_settings(conn, restaurant) if op in change_reads.NEEDS_SETTINGS else {},
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
    # The papers it prints, in this transaction: a job exists exactly when its change does.
    events = [*events, *printing.queue_papers(conn, restaurant, events, now)]
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
    "printer_status": lambda conn, restaurant, r: None,
    "device_health": lambda conn, restaurant, r: None,
    "stock_out": lambda conn, restaurant, r: None,
}
