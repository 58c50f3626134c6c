"""What every REST endpoint that changes an order, a table or an item does: check the role may,
count the change against the device's rate, and submit it through the store's write path
(exactly once per ``client_id``, as on the live socket)."""

from __future__ import annotations

from flask import g

from domain.roles import check_allowed

from ..access import scopes
from .routes import services


def count_changes(n: int) -> None:
    device = g.device
    services().mutation_rates.check(device.role, (device.restaurant, device.device), n)


CREATES = frozenset({"create_order", "open_drawer"})  # answered 201 unless a replay


def submit(op: str, data: dict, client_id: str) -> tuple[dict, int]:
    """The change's answer, 201 for a new order or shift, else 200 (a replay answers as the
    first did)."""
    check_allowed(g.device.role, op, data)
    count_changes(1)
    device = g.device
    result, replayed, _ = services().store.submit(
        device.restaurant, client_id, op, data, device.device, device.role
    )
    return scopes.result_for(device, result), 200 if replayed or op not in CREATES else 201
