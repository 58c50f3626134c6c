"""Who may do what. One table, read by REST and socket alike."""

from __future__ import annotations

from .errors import DomainError

ROLES: tuple[str, ...] = ("kiosk", "floor", "kitchen", "manager", "board")
# Devices nobody signs in on: at work once paired (a kiosk, the guests' pickup board).
UNATTENDED = frozenset({"kiosk", "board"})

# The statuses each role may set on an order; a kiosk only places orders.
_ORDER_STATUSES: dict[str, frozenset[str]] = {
    "kiosk": frozenset(),
    "board": frozenset(),  # it only shows numbers
    "kitchen": frozenset({"accepted", "preparing", "ready", "served", "cancelled"}),  # the pass
    "floor": frozenset({"accepted", "preparing", "ready", "served", "paid", "cancelled"}),
    "manager": frozenset({"accepted", "preparing", "ready", "served", "paid", "cancelled"}),
}
# The manager screen's changes to the menu and the floor plan.
MANAGER_EDITS = frozenset(
    {"set_item_stock", "save_settings", "save_area", "remove_area", "save_table", "remove_table",
     "save_category", "remove_category", "save_item", "remove_item"}
)  # fmt: skip
# The cash drawer's shifts (opened, cash in and out, counted and closed) and the close of day:
# a manager's.
DRAWER_CHANGES = frozenset({"open_drawer", "move_cash", "close_drawer", "close_day"})
# What staff on the floor do with orders and tables.
ORDER_CHANGES = frozenset(
    {"create_order", "set_order_status", "set_table_status", "add_payment", "void_line",
     "set_discount", "fire_held", "comp_check", "refund_payment", "set_station_status"}
)  # fmt: skip
_OPS: dict[str, frozenset[str]] = {
    "kiosk": frozenset({"create_order"}),
    "board": frozenset(),
    "kitchen": frozenset({"set_order_status", "set_station_status", "set_item_availability"}),
    "floor": frozenset(ORDER_CHANGES),
    "manager": frozenset(
        {
            *ORDER_CHANGES,
            "set_item_availability",
            *MANAGER_EDITS,
            *DRAWER_CHANGES,
        }
    ),
}


def check_allowed(role: str, op: str, data: dict | None = None) -> None:
    """Raise ``forbidden`` unless ``role`` may run ``op`` with ``data``."""
    if op not in _OPS.get(role, ()):
        raise DomainError("forbidden", f"a {role} device may not {op.replace('_', ' ')}")
    if op == "set_order_status" and data and data["status"] not in _ORDER_STATUSES[role]:
        raise DomainError("forbidden", f"a {role} device may not mark an order {data['status']}")
    if op == "create_order" and data and role == "kiosk":
        if data.get("type") == "delivery":
            raise DomainError("forbidden", "a kiosk takes orders to eat here or take away")
        if data.get("adds_to"):
            raise DomainError("forbidden", "a kiosk places new orders only")
