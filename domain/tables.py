"""Table status: what the floor staff see on the grid, and how it may change."""

from __future__ import annotations

from .lifecycle import Lifecycle

STATUSES: tuple[str, ...] = ("free", "seated", "ordered", "bill", "dirty")

_NEXT: dict[str, frozenset[str]] = {
    "free": frozenset({"seated", "ordered"}),
    "seated": frozenset({"ordered", "free"}),
    "ordered": frozenset({"bill", "dirty"}),
    "bill": frozenset({"ordered", "dirty"}),
    "dirty": frozenset({"free"}),
}


LIFECYCLE = Lifecycle("table", _NEXT)
allowed_next = LIFECYCLE.allowed_next
check_transition = LIFECYCLE.check


def after_order_created(current: str) -> str:
    """An order placed at a table marks it ordered, whatever staff last set: a guest's kiosk
    order must never be refused because a waiter has not seated the table yet."""
    return "ordered"


def after_order_closed(current: str, status: str, others_active: int) -> str:
    """The table's status once one of its orders is paid or cancelled."""
    if others_active or current not in ("ordered", "bill"):
        return current
    return "dirty" if status == "paid" else "seated"
