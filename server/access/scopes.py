"""What each role may read. One rule, used by /floor, /events, /orders and the live socket.

Floor, kitchen and manager read the whole restaurant: their screens show it. A kiosk stands in
front of guests: it reads the menu, the tables a guest may choose (not their status), and the
orders it placed itself, with their events. Every other event reaches it as a ``hidden``
placeholder with only its ``seq``: its cursor stays continuous, so resuming and gap detection
work as for any screen (a client's reducer ignores event types it does not know), and it learns
nothing but that something happened.
"""

from __future__ import annotations

from .tokens import Device

HIDDEN = "hidden"
_KIOSK_SEES = frozenset(
    {"menu_updated", "item_availability_changed", "area_updated", "table_updated",
     "area_removed", "table_removed"}
)  # fmt: skip
_ORDER_EVENTS = frozenset({"order_created", "order_updated"})


def limited(device: Device) -> bool:
    return device.role == "kiosk"


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
    if kind in _ORDER_EVENTS and owns(device, event["data"]):
        return event
    if kind == "table_updated":
        return {**event, "data": _table(event["data"])}
    if kind in _KIOSK_SEES:
        return event
    return {"seq": event["seq"], "type": HIDDEN, "data": {}, "at": ""}


def floor_for(device: Device, floor: dict) -> dict:
    if not limited(device):
        return floor
    return {
        **floor,
        "tables": [_table(t) for t in floor["tables"]],
        "orders": [o for o in floor["orders"] if owns(device, o)],
    }


def may_read_order(device: Device, order: dict) -> bool:
    return not limited(device) or owns(device, order)


def _table(table: dict) -> dict:
    return {k: v for k, v in table.items() if k != "status"}
