"""What each client mutation does, as one pure function: ``apply(state, op, data, context)``.

The server runs it inside its write transaction on the records the change touches (read from
the database), then stores what the events say. The page runs the same function on its floor to
show a change the moment it is made, before the server has it. One rule, written once: the
page's guess and the server's answer cannot disagree, down to the table that frees itself when
its last order closes.

``state`` is the reducer's (``{"seq", "areas", "tables", "orders"}`` keyed by id); it is only
read. The function returns ``(result, events)``: ``result`` is what the mutation's ack carries,
``events`` are ``(type, data)`` pairs whose meaning ``reducer`` defines. ``data`` has been
validated against ``payloads.OPS[op]`` (defaults filled in). A refusal raises DomainError.
"""

from __future__ import annotations

from collections.abc import Callable

from . import (
    corrections,
    days,
    drawers,
    order_changes,
    orders,
    payments,
    staff,
    stations,
    tables,
)
from .context import Context, Event, find_table
from .errors import DomainError
from .reducer import State

__all__ = ["OPS", "Context", "apply"]


def set_item_availability(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Sold out ("86") or back on: one tap on the kitchen or manager screen."""
    item = context.menu.get(data["item_id"])
    if item is None:
        raise DomainError("not_found", f"no menu item {data['item_id']!r}", field="item_id")
    result = {"item_id": item["id"], "available": data["available"]}
    if item.get("available", True) == data["available"]:
        return result, []
    if data["available"] and item.get("stock") == 0:
        raise DomainError(
            "out_of_stock",
            f"{item['name']} has none left in stock: the manager sets a new count first",
            field="available",
        )
    record = {"item_id": item["id"], "name": item["name"], "available": data["available"]}
    return result, [("item_availability_changed", record)]


def set_item_stock(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """The manager counts what is left (or stops counting: ``stock`` null). A count above zero
    for an item that sold out by running out puts it back on; one sold out by hand stays."""
    item = context.menu.get(data["item_id"])
    if item is None:
        raise DomainError("not_found", f"no menu item {data['item_id']!r}", field="item_id")
    record = {"item_id": item["id"], "name": item["name"], "stock": data["stock"],
              "stock_low_at": data["stock_low_at"]}  # fmt: skip
    events: list[Event] = [("stock_set", record)]
    ran_out = item.get("stock") == 0 and not item.get("available", True)
    if ran_out and (data["stock"] is None or data["stock"] > 0):
        back = {"item_id": item["id"], "name": item["name"], "available": True}
        events.append(("item_availability_changed", back))
    return {"item_id": item["id"], "stock": data["stock"]}, events


def check_modifiers(modifiers: list[dict], field: str = "modifiers") -> None:
    """What a valid item's option groups must also be: option ids unique across the item (an
    order line names options by id), each group's min at most its max and its option count."""
    seen: set[str] = set()
    for g, group in enumerate(modifiers):
        where = f"{field}[{g}]"
        for option in group["options"]:
            if option["id"] in seen:
                raise DomainError(
                    "invalid_options", f"option id {option['id']!r} is used twice", field=where
                )
            seen.add(option["id"])
        if group["min"] > group["max"]:
            raise DomainError("invalid_options", f"{group['name']}: min is above max", field=where)
        if group["min"] > len(group["options"]):
            raise DomainError(
                "invalid_options", f"{group['name']}: min is above its number of options",
                field=where,
            )  # fmt: skip


def save_item(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A new item, or the form's fields of one: its availability, stock and picture stay as
    they are (they have their own changes)."""
    check_modifiers(data["modifiers"])
    before = context.menu.get(data["item_id"]) or {
        "available": True, "image": "", "stock": None, "stock_low_at": 0,
    }  # fmt: skip
    kept = {k: before.get(k) for k in ("available", "image", "stock", "stock_low_at")}
    item = {"id": data["item_id"], **kept, **{k: v for k, v in data.items() if k != "item_id"}}
    return {"item": item}, [("item_saved", item)]


def remove_item(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    if data["item_id"] not in context.menu:
        raise DomainError("not_found", f"no menu item {data['item_id']!r}", field="item_id")
    return {"item_id": data["item_id"]}, [("item_removed", {"id": data["item_id"]})]


def save_category(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    category = {"id": data["category_id"], "name": data["name"], "station": data["station"],
                "position": data["position"]}  # fmt: skip
    return {"category": category}, [("category_saved", category)]


def remove_category(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Only an empty category goes: its items would have nowhere to be."""
    category_id = data["category_id"]
    held = sum(1 for item in context.menu.values() if item.get("category_id") == category_id)
    if held:
        raise DomainError(
            "category_not_empty", f"the category still holds {held} items: move or remove them",
            field="category_id",
        )  # fmt: skip
    return {"category_id": category_id}, [("category_removed", {"id": category_id})]


def save_area(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    area = {"id": data["area_id"], "name": data["name"], "position": data["position"]}
    return {"area": area}, [("area_updated", area)]


def remove_area(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    if data["area_id"] not in state["areas"]:
        raise DomainError("not_found", f"no area {data['area_id']!r}", field="area_id")
    held = [t["name"] for t in state["tables"].values() if t["area_id"] == data["area_id"]]
    if held:
        raise DomainError(
            "area_not_empty", f"the area still has tables ({', '.join(sorted(held))})",
            field="area_id",
        )  # fmt: skip
    return {"area_id": data["area_id"]}, [("area_removed", {"id": data["area_id"]})]


def save_table(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A new table (free), or a table renamed, moved or with other seats: its status stays."""
    if data["area_id"] not in state["areas"]:
        raise DomainError("unknown_area", f"no area {data['area_id']!r}", field="area_id")
    before = state["tables"].get(data["table_id"]) or {"status": "free"}
    table = {"id": data["table_id"], "name": data["name"], "area_id": data["area_id"],
             "seats": data["seats"], "position": data["position"]}  # fmt: skip
    if "status" in before:
        table["status"] = before["status"]
    return {"table": table}, [("table_updated", table)]


def remove_table(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Only an empty table goes: one with guests or open orders would lose them."""
    table = find_table(state, data["table_id"])
    open_orders = sum(
        1 for o in state["orders"].values()
        if o["table_id"] == table["id"] and orders.is_active(o["status"])
    )  # fmt: skip
    if open_orders or table.get("status", "free") != "free":
        raise DomainError(
            "table_in_use", f"{table['name']} is not free: close its orders first",
            field="table_id",
        )  # fmt: skip
    return {"table_id": table["id"]}, [("table_removed", {"id": table["id"]})]


def save_settings(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """The manager's rules for bills: from the next payment on, every bill follows them (a
    bill already paid keeps what it was paid under)."""
    methods = data["payment_methods"]
    if len(set(methods)) != len(methods):
        raise DomainError(
            "invalid_value", "a payment method is listed twice", field="payment_methods"
        )
    return {"settings": data}, [("settings_saved", data)]


def set_table_status(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    table = find_table(state, data["table_id"])
    if not tables.check_transition(table["status"], data["status"]):
        return {"table": table}, []
    table = {**table, "status": data["status"]}
    return {"table": table}, [("table_updated", table)]


OPS: dict[str, Callable[[State, dict, Context], tuple[dict, list[Event]]]] = {
    "create_order": order_changes.create_order,
    "set_order_status": order_changes.set_order_status,
    "set_table_status": set_table_status,
    "add_payment": payments.add_payment,
    "comp_check": payments.comp_check,
    "refund_payment": payments.refund_payment,
    "open_drawer": drawers.open_drawer,
    "move_cash": drawers.move_cash,
    "close_drawer": drawers.close_drawer,
    "close_day": days.close_day,
    "void_line": corrections.void_line,
    "set_discount": corrections.set_discount,
    "fire_held": order_changes.fire_held,
    "set_station_status": stations.set_station_status,
    "save_settings": save_settings,
    "set_item_availability": set_item_availability,
    "set_item_stock": set_item_stock,
    "save_area": save_area,
    "remove_area": remove_area,
    "save_table": save_table,
    "remove_table": remove_table,
    "save_category": save_category,
    "remove_category": remove_category,
    "save_item": save_item,
    "remove_item": remove_item,
}


def apply(state: State, op: str, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Run mutation ``op`` against ``state``: ``(result, events)``, or DomainError."""
    change = OPS.get(op)
    if change is None:
        raise DomainError("unknown_op", f"no operation {op!r}", field="op")
    needs = staff.OP_RIGHTS.get(op)
    if needs is not None and needs not in context.held_rights:
        raise DomainError("forbidden", f"{op.replace('_', ' ')} needs the right to {needs}",
                          field=needs)  # fmt: skip
    return change(state, data, context)
