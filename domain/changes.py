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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import bill, orders, tables
from .errors import DomainError
from .pricing import price_lines
from .reducer import State

Event = tuple[str, dict]


@dataclass(frozen=True)
class Context:
    """What a change needs beyond the state: the clock, the menu, and what only the server
    hands out (an order's id and number; the page uses placeholders until the server answers)."""

    now: str  # ISO 8601, as stored
    menu: Mapping[str, dict]  # orderable items by id, each with its category's station
    order_id: str = ""
    number: str = ""
    device: str = ""  # the device that made the change: a kiosk reads only its own orders
    settings: Mapping = field(default_factory=dict)  # the restaurant's bill rules (bill.Settings)
    # The change's client_id. A change that adds to a record (a payment) marks what it added
    # with it, so the page never lays it twice on a state that already holds it.
    change_id: str = ""


def _table(state: State, table_id: str, missing: str = "not_found") -> dict:
    table = state["tables"].get(table_id)
    if table is None:
        raise DomainError(missing, f"no table {table_id!r}", field="table_id")
    return table


def _follow(table: dict, status: str, events: list[Event]) -> None:
    """A table's status following its orders (not a staff action, so no transition check)."""
    if status != table["status"]:
        events.append(("table_updated", {**table, "status": status}))


def create_order(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    table = None
    if data["table_id"] is not None:
        table = _table(state, data["table_id"], "unknown_table")
    for i, line in enumerate(data["lines"]):
        item = context.menu.get(line["item_id"])
        if item is not None and not item.get("available", True):
            raise DomainError(
                "item_unavailable", f"{item['name']} is sold out", field=f"lines[{i}]"
            )
    priced, total = price_lines(data["lines"], context.menu)
    stock_events = _take_stock(data["lines"], context.menu)
    order = {
        "id": context.order_id,
        "number": context.number,
        "status": "new",
        "table_id": data["table_id"],
        "lines": priced,
        "note": data["note"],
        "total": total,
        "created_at": context.now,
        "updated_at": context.now,
        "version": 1,
        "placed_by": context.device,
    }
    events: list[Event] = [("order_created", order)]
    if table is not None and "status" in table:  # a kiosk is not told tables' status
        _follow(table, tables.after_order_created(table["status"]), events)
    return {"order": order}, events + stock_events


def _take_stock(lines: list[dict], menu: Mapping[str, dict]) -> list[Event]:
    """What an order takes from counted stock, in the order's own transaction: the new count,
    a notice when it falls to the item's threshold, and at zero the item sells out by itself.
    An order for more than is left is refused whole (the guest chooses again)."""
    wanted: dict[str, tuple[int, int]] = {}  # item id -> (quantity, first line)
    for i, line in enumerate(lines):
        qty, first = wanted.get(line["item_id"], (0, i))
        wanted[line["item_id"]] = (qty + line["qty"], first)
    events: list[Event] = []
    for item_id, (qty, first) in wanted.items():
        item = menu[item_id]
        stock = item.get("stock")
        if stock is None:
            continue
        if qty > stock:
            raise DomainError(
                "out_of_stock", f"only {stock} × {item['name']} left", field=f"lines[{first}]"
            )
        left = stock - qty
        about = {"item_id": item_id, "name": item["name"], "stock": left}
        events.append(("stock_changed", about))
        if 0 < left <= item.get("stock_low_at", 0) < stock:
            events.append(("stock_low", about))
        if left == 0:
            events.append(("stock_out", about))
            gone = {"item_id": item_id, "name": item["name"], "available": False}
            events.append(("item_availability_changed", gone))
    return events


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
                    "invalid_value", f"option id {option['id']!r} is used twice", field=where
                )
            seen.add(option["id"])
        if group["min"] > group["max"]:
            raise DomainError("invalid_value", f"{group['name']}: min is above max", field=where)
        if group["min"] > len(group["options"]):
            raise DomainError(
                "invalid_value", f"{group['name']}: min is above its number of options",
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
    table = _table(state, data["table_id"])
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


def set_order_status(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    order = state["orders"].get(data["order_id"])
    if order is None:
        raise DomainError("not_found", f"no order {data['order_id']!r}", field="order_id")
    if not orders.check_transition(order["status"], data["status"]):
        return {"order": order}, []
    status = data["status"]
    if status == "served" and order.get("settled_at"):
        status = "paid"  # paid up front (a take-away, a guest in a hurry): served ends it
    order = {
        **order,
        "status": status,
        "updated_at": context.now,
        "version": order["version"] + 1,
    }
    events: list[Event] = [("order_updated", order)]
    if order["table_id"] is not None and not orders.is_active(order["status"]):
        table = _table(state, order["table_id"])
        others = sum(
            1
            for other in state["orders"].values()
            if other["table_id"] == table["id"]
            and other["id"] != order["id"]
            and orders.is_active(other["status"])
        )
        _follow(table, tables.after_order_closed(table["status"], order["status"], others), events)
    return {"order": order}, events


def add_payment(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A payment towards an order's bill: cash (with the change it gives), card, or another
    method the restaurant takes; never more than is still owed. When the payments cover the
    bill, the order is settled; a settled order that is served is paid, and its table follows
    (one that is not served yet, a take-away paid up front, stays with the kitchen)."""
    order = state["orders"].get(data["order_id"])
    if order is None:
        raise DomainError("not_found", f"no order {data['order_id']!r}", field="order_id")
    if not orders.is_active(order["status"]):
        raise DomainError(
            "order_closed", f"order {order['number']} is {order['status']}", field="order_id"
        )
    taken = order.get("payments", [])
    if context.change_id and any(p.get("id") == context.change_id for p in taken):
        return {"order": order}, []  # already in: the server's copy overtook the page's
    rules = bill.Settings.read(context.settings)
    total = bill.bill(order, rules).total
    payment = bill.Payment(data["method"], data["amount"], data["tip"], data["tendered"])
    bill.check_payment(payment, sum(p["amount"] for p in taken), total, rules.payment_methods)
    record = {"id": context.change_id, "method": payment.method, "amount": payment.amount,
              "tip": payment.tip, "tendered": payment.tendered, "change": payment.change,
              "at": context.now, "by": context.device}  # fmt: skip
    payments = [*taken, record]
    order = {**order, "payments": payments, "updated_at": context.now,
             "version": order["version"] + 1}  # fmt: skip
    if bill.settled([bill.Payment(p["method"], p["amount"]) for p in payments], total):
        order["settled_at"] = context.now
        if order["status"] == "served":
            return set_order_status(
                {**state, "orders": {**state["orders"], order["id"]: order}},
                {"order_id": order["id"], "status": "paid"},
                context,
            )
    return {"order": order}, [("order_updated", order)]


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
    table = _table(state, data["table_id"])
    if not tables.check_transition(table["status"], data["status"]):
        return {"table": table}, []
    table = {**table, "status": data["status"]}
    return {"table": table}, [("table_updated", table)]


OPS: dict[str, Callable[[State, dict, Context], tuple[dict, list[Event]]]] = {
    "create_order": create_order,
    "set_order_status": set_order_status,
    "set_table_status": set_table_status,
    "add_payment": add_payment,
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
    return change(state, data, context)
