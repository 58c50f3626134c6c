"""What each role may read. One rule, used by /floor, /events, /orders and the live socket.

Floor, kitchen and manager read the whole restaurant: their screens show it. A kiosk stands in
front of guests: it reads the menu, the tables a guest may choose (not their status), and the
orders it placed itself, with their events. Every other event reaches it as a ``hidden``
placeholder with only its ``seq``: its cursor stays continuous, so resuming and gap detection
work as for any screen (a client's reducer ignores event types it does not know), and it learns
nothing but that something happened.

The guests' pickup board (``board``) reads less still: every order as its number, its state,
whether it is to take away or came from a kiosk, and its times; no lines, no prices, no table,
no names, no note, no one's identity. Every other event is a placeholder, as for a kiosk.

Even its own orders reach a kiosk without staff identity: which device and which person
voided, discounted or took a payment (``by`` wherever it is, the order's ``history``) is the
staff's business, not the guest's. The same rule for REST answers, the socket's backlog, its
live events and the answers to the kiosk's own changes.
"""

from __future__ import annotations

from .tokens import Device

HIDDEN = "hidden"
_KIOSK_SEES = frozenset(
    {"menu_updated", "item_availability_changed", "area_updated", "table_updated",
     "area_removed", "table_removed"}
)  # fmt: skip
_ORDER_EVENTS = frozenset({"order_created", "order_updated"})
_STAFF_ONLY = frozenset({"by", "history"})  # who did what, at any depth of an order


def limited(device: Device) -> bool:
    return device.role in ("kiosk", "board")


def board_copy(order: dict) -> dict:
    """An order as the pickup board shows it: a number and a state. The fields every order
    answer has are there, empty, so a board's copy reads like any other."""
    return {
        "id": order["id"], "number": order["number"], "status": order["status"],
        "type": order.get("type", "dine_in"), "table_id": None, "lines": [], "note": "",
        "total": 0, "created_at": order["created_at"], "updated_at": order["updated_at"],
        "version": order["version"], "kiosk": _placed_by_kiosk(order),
    }  # fmt: skip


def _placed_by_kiosk(order: dict) -> bool:
    first = (order.get("history") or [{}])[0]
    return ((first.get("by") or {}).get("role")) == "kiosk"


def owns(device: Device, order: dict) -> bool:
    return bool(device.device) and order.get("placed_by") == device.device


def event_for(device: Device, event: dict) -> dict:
    """``event`` as ``device`` may see it."""
    if not limited(device):
        return event
    # Which staff device did what is not a kiosk's business; which of its own changes made an
    # event is: its screen shows the server's version from then on.
    by = event.get("by") or {}
    event = {k: v for k, v in event.items() if k != "by"}
    if by.get("change") and device.device and by.get("device") == device.device:
        event["by"] = {"change": by["change"]}
    kind = event["type"]
    if device.role == "board":
        if kind in _ORDER_EVENTS:
            return {**event, "data": board_copy(event["data"])}
        return {"seq": event["seq"], "type": HIDDEN, "data": {}, "at": ""}
    if kind in _ORDER_EVENTS and owns(device, event["data"]):
        return {**event, "data": guest_copy(event["data"])}
    if kind == "table_updated":
        return {**event, "data": _table(event["data"])}
    if kind in _KIOSK_SEES:
        return event
    return {"seq": event["seq"], "type": HIDDEN, "data": {}, "at": ""}


def floor_for(device: Device, floor: dict) -> dict:
    if not limited(device):
        return floor
    if device.role == "board":
        return {**floor, "areas": [], "tables": [], "drawers": [], "printers": [],
                "orders": [board_copy(o) for o in floor["orders"]]}  # fmt: skip
    return {
        **floor,
        "tables": [_table(t) for t in floor["tables"]],
        "orders": [guest_copy(o) for o in floor["orders"] if owns(device, o)],
        "drawers": [],  # the till's cash is the staff's
        "printers": [],  # so is the kitchen's equipment
    }


def order_for(device: Device, order: dict) -> dict:
    """An order as ``device`` may read it (a kiosk reads only its own: ``may_read_order``)."""
    return guest_copy(order) if limited(device) else order


def result_for(device: Device, result: dict) -> dict:
    """The answer to ``device``'s own change (``{"order": ...}`` and the like) as it may see it."""
    if not limited(device):
        return result
    return {k: guest_copy(v) if k == "order" and isinstance(v, dict) else v
            for k, v in result.items()}  # fmt: skip


def guest_copy(value: object) -> object:
    """``value`` without who on the staff did what: every ``by`` and ``history`` taken out."""
    if isinstance(value, dict):
        return {k: guest_copy(v) for k, v in value.items() if k not in _STAFF_ONLY}
    if isinstance(value, list):
        return [guest_copy(v) for v in value]
    return value


def may_read_order(device: Device, order: dict) -> bool:
    return not limited(device) or owns(device, order)


def _table(table: dict) -> dict:
    return {k: v for k, v in table.items() if k != "status"}
