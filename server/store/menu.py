"""Menu storage: categories and items, versioned so clients fetch only what changed.

Every write bumps the restaurant's menu version and stamps the touched rows with it; removals
are soft (``removed = 1``) so an incremental fetch can tell clients what to drop.
"""

from __future__ import annotations

import json

from domain import changes, payloads, schema
from domain.errors import DomainError
from domain.stations import shown_item

from . import images
from .database import Conn

Event = tuple[str, dict]


def bump_version(conn: Conn, restaurant: str) -> int:
    return conn.execute(
        "UPDATE restaurants SET menu_version = menu_version + 1 WHERE id = ?"
        " RETURNING menu_version",
        (restaurant,),
    ).fetchone()[0]


def touch_items(conn: Conn, restaurant: str, item_ids: set[str]) -> Event:
    """A new menu version for items a mutation changed (sold out, stock taken): devices fetch
    them with their next delta."""
    version = bump_version(conn, restaurant)
    marks = ",".join("?" * len(item_ids))
    conn.execute(
        f"UPDATE items SET version = ? WHERE restaurant = ? AND id IN ({marks})",
        (version, restaurant, *sorted(item_ids)),
    )
    return ("menu_updated", {"version": version})


def version(conn: Conn, restaurant: str) -> int:
    return conn.execute(
        "SELECT menu_version FROM restaurants WHERE id = ?", (restaurant,)
    ).fetchone()[0]


def set_item_fields(conn: Conn, restaurant: str, item_id: str,
                    **fields: object) -> None:  # fmt: skip
    row = conn.execute(
        "SELECT data FROM items WHERE restaurant = ? AND id = ?", (restaurant, item_id)
    ).fetchone()
    item = json.loads(row["data"])
    item.update(fields)
    conn.execute(
        "UPDATE items SET data = ? WHERE restaurant = ? AND id = ?",
        (json.dumps(item), restaurant, item_id),
    )


def bill_settings(conn: Conn, restaurant: str) -> dict:
    """The restaurant's bill rules, defaults filled in (as ``save_settings`` stores them)."""
    row = conn.execute("SELECT settings FROM restaurants WHERE id = ?", (restaurant,)).fetchone()
    return schema.validate(payloads.SAVE_SETTINGS, json.loads(row["settings"]) if row else {})


def read(conn: Conn, restaurant: str, since_version: int | None) -> dict:
    """``{version, categories, items, removed}``; with ``since_version``, only later changes."""
    since = since_version or 0
    current, currency = conn.execute(
        "SELECT menu_version, currency FROM restaurants WHERE id = ?", (restaurant,)
    ).fetchone()
    cats = conn.execute(
        "SELECT id, name, station, position, version, removed FROM categories"
        " WHERE restaurant = ? AND version > ? ORDER BY position, id",
        (restaurant, since),
    ).fetchall()
    stations = dict(
        conn.execute(
            "SELECT id, station FROM categories WHERE restaurant = ?", (restaurant,)
        ).fetchall()
    )
    rows = conn.execute(
        "SELECT id, data, version, removed FROM items WHERE restaurant = ? AND version > ?",
        (restaurant, since),
    ).fetchall()
    items = []
    for row in rows:
        if row["removed"]:
            continue
        stored = json.loads(row["data"])
        item = shown_item(stored, stations.get(stored["category_id"], ""))
        item["version"] = row["version"]
        items.append(item)
    items.sort(key=lambda i: (i["category_id"], i["position"], i["name"]))
    return {
        "version": current,
        "currency": currency,
        # The bill rules travel with the menu: a device prices a bill as the server does.
        "settings": bill_settings(conn, restaurant),
        "categories": [
            {k: c[k] for k in ("id", "name", "station", "position", "version")}
            for c in cats
            if not c["removed"]
        ],
        "items": items,
        "removed": {
            "categories": [c["id"] for c in cats if c["removed"]] if since else [],
            "items": [r["id"] for r in rows if r["removed"]] if since else [],
        },
    }


def upsert_category(
    conn: Conn, restaurant: str, category_id: str, data: dict
) -> tuple[dict, list[Event]]:
    version = bump_version(conn, restaurant)
    _put_category(conn, restaurant, category_id, data, version)
    category = {"id": category_id, **data, "version": version}
    return {"category": category}, [("menu_updated", {"version": version})]


def remove_category(conn: Conn, restaurant: str, category_id: str) -> tuple[dict, list[Event]]:
    _require(conn, "categories", restaurant, category_id)
    in_use = conn.execute(
        "SELECT COUNT(*) FROM items WHERE restaurant = ? AND category_id = ? AND removed = 0",
        (restaurant, category_id),
    ).fetchone()[0]
    if in_use:
        raise DomainError(
            "category_not_empty", f"category {category_id!r} still holds {in_use} items"
        )
    version = bump_version(conn, restaurant)
    conn.execute(
        "UPDATE categories SET removed = 1, version = ? WHERE restaurant = ? AND id = ?",
        (version, restaurant, category_id),
    )
    return {"version": version}, [("menu_updated", {"version": version})]


def check_item(conn: Conn, restaurant: str, data: dict, where: str = "") -> None:
    """What a validated item must also be: in a category, options unique, min below max, a
    picture this restaurant holds. Editing and importing the menu both ask it."""
    field = f"{where}." if where else ""
    _require(conn, "categories", restaurant, data["category_id"], field=f"{field}category_id")
    changes.check_modifiers(data["modifiers"], f"{field}modifiers")
    if data.get("image") and not images.exists(conn, restaurant, data["image"]):
        raise DomainError("unknown_image", "no such picture on this server", field=f"{field}image")


def upsert_item(conn: Conn, restaurant: str, item_id: str, data: dict) -> tuple[dict, list[Event]]:
    check_item(conn, restaurant, data)
    version = bump_version(conn, restaurant)
    item = _put_item(conn, restaurant, item_id, data, version)
    return {"item": {**item, "version": version}}, [("menu_updated", {"version": version})]


def _put_item(conn: Conn, restaurant: str, item_id: str, data: dict, version: int) -> dict:
    item = {"id": item_id, **data}
    conn.execute(
        "INSERT INTO items (restaurant, id, category_id, data, version, removed)"
        " VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (restaurant, id) DO UPDATE SET"
        " category_id = excluded.category_id, data = excluded.data,"
        " version = excluded.version, removed = 0",
        (restaurant, item_id, data["category_id"], json.dumps(item), version),
    )
    return item


def _put_category(conn: Conn, restaurant: str, category_id: str, data: dict, version: int) -> None:
    conn.execute(
        "INSERT INTO categories (restaurant, id, name, station, position, version, removed)"
        " VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (restaurant, id) DO UPDATE SET"
        " name = excluded.name, station = excluded.station, position = excluded.position,"
        " version = excluded.version, removed = 0",
        (restaurant, category_id, data["name"], data["station"], data["position"], version),
    )
    # Items carry their category's station, so clients must refetch them too.
    conn.execute(
        "UPDATE items SET version = ? WHERE restaurant = ? AND category_id = ? AND removed = 0",
        (version, restaurant, category_id),
    )


def import_rows(
    conn: Conn, restaurant: str, categories: list[dict], items: list[dict]
) -> tuple[dict, list[Event]]:
    """Write categories and items (each a whole row, with its id) under one new menu version:
    one ``menu_updated`` for a whole import. Nothing given, nothing changed."""
    if not categories and not items:
        return {"version": None}, []
    version = bump_version(conn, restaurant)
    for category in categories:
        _put_category(conn, restaurant, category["id"], category, version)
    for item in items:
        data = {k: v for k, v in item.items() if k != "id"}
        check_item(conn, restaurant, data)
        _put_item(conn, restaurant, item["id"], data, version)
    return {"version": version}, [("menu_updated", {"version": version})]


def set_image(
    conn: Conn, restaurant: str, item_id: str, picture: images.Picture | None
) -> tuple[dict, list[Event]]:
    """Give an item a new picture (stored once per content), or none."""
    row = conn.execute(
        "SELECT data FROM items WHERE restaurant = ? AND id = ? AND removed = 0",
        (restaurant, item_id),
    ).fetchone()
    if row is None:
        raise DomainError("not_found", f"no item {item_id!r}")
    item = json.loads(row["data"])
    item["image"] = "" if picture is None else images.store(conn, restaurant, picture)
    version = bump_version(conn, restaurant)
    data = {k: v for k, v in item.items() if k != "id"}
    item = _put_item(conn, restaurant, item_id, data, version)
    return {"item": {**item, "version": version}}, [("menu_updated", {"version": version})]


def remove_item(conn: Conn, restaurant: str, item_id: str) -> tuple[dict, list[Event]]:
    _require(conn, "items", restaurant, item_id)
    version = bump_version(conn, restaurant)
    conn.execute(
        "UPDATE items SET removed = 1, version = ? WHERE restaurant = ? AND id = ?",
        (version, restaurant, item_id),
    )
    return {"version": version}, [("menu_updated", {"version": version})]


def _require(
    conn: Conn, table: str, restaurant: str, row_id: str, field: str | None = None
) -> None:
    found = conn.execute(
        f"SELECT 1 FROM {table} WHERE restaurant = ? AND id = ? AND removed = 0",
        (restaurant, row_id),
    ).fetchone()
    if found is None:
        what = table.rstrip("s").replace("categorie", "category")
        code = "not_found" if field is None else "unknown_category"
        raise DomainError(code, f"no {what} {row_id!r}", field=field)
