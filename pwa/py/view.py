"""What a screen shows: the server's floor with the user's unsent changes laid on top.

Pure. The confirmed state is the domain reducer's, folded from the server's events; pending
mutations from the outbox are projected over it on every render (Replicache's rebase idea), so a
change shows the moment it is made and is replaced by the server's own version when its event
arrives. Nothing here is ever written back: dropping the overlay always leaves the server's truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain import orders, tables
from domain.errors import DomainError
from domain.pricing import price_lines
from domain.protocol import ATTENTION
from domain.reducer import State
from outbox import Mutation

PENDING_NUMBER = "…"  # an order's number comes from the server; until then it has none


# Each overlay changes the working copy it is given (see ``with_pending``): a thousand queued
# orders cost one copy of the floor per render, not one per order.


def _create_order(state: State, m: Mutation, menu: dict[str, dict]) -> None:
    data = m.data
    try:
        lines, total = price_lines(_with_defaults(data["lines"]), menu)
    except DomainError:
        lines, total = data["lines"], 0  # the server will have the last word
    order = {
        "id": f"pending:{m.client_id}",
        "number": PENDING_NUMBER,
        "status": "new",
        "table_id": data.get("table_id"),
        "lines": lines,
        "note": data.get("note", ""),
        "total": total,
        "created_at": m.created_at,
        "updated_at": m.created_at,
        "version": 0,
        "pending": m.client_id,
    }
    state["orders"][order["id"]] = order
    table = state["tables"].get(order["table_id"] or "")
    if table is not None:
        status = tables.after_order_created(table["status"])
        state["tables"][table["id"]] = {**table, "status": status, "pending": m.client_id}


def _set_order_status(state: State, m: Mutation, menu: dict[str, dict]) -> None:
    order = state["orders"].get(m.data["order_id"])
    if order is None:
        return
    target = m.data["status"]
    try:
        orders.check_transition(order["status"], target)
    except DomainError:
        return  # it will be refused; show the server's state, not an impossible one
    if orders.is_active(target):
        state["orders"][order["id"]] = {**order, "status": target, "pending": m.client_id}
    else:
        state["orders"].pop(order["id"])


def _set_table_status(state: State, m: Mutation, menu: dict[str, dict]) -> None:
    table = state["tables"].get(m.data["table_id"])
    if table is None:
        return
    try:
        tables.check_transition(table["status"], m.data["status"])
    except DomainError:
        return
    changed = {**table, "status": m.data["status"], "pending": m.client_id}
    state["tables"][table["id"]] = changed


OVERLAYS: dict[str, Callable[[State, Mutation, dict[str, dict]], None]] = {
    "create_order": _create_order,
    "set_order_status": _set_order_status,
    "set_table_status": _set_table_status,
}


def with_pending(
    confirmed: State, pending: Iterable[Mutation], menu: dict[str, dict] | None = None
) -> State:
    """The floor to show: ``confirmed`` with every unsent or unanswered mutation applied, in
    order. Mutations that need attention are not applied: the server refused them.
    ``confirmed`` itself is never changed; without pending changes it is returned as it is."""
    state: State | None = None
    for mutation in pending:
        overlay = OVERLAYS.get(mutation.op)
        if mutation.state == ATTENTION or overlay is None:
            continue
        if state is None:
            state = {**confirmed, "tables": dict(confirmed["tables"])}
            state["orders"] = dict(confirmed["orders"])
        overlay(state, mutation, menu or {})
    return state if state is not None else confirmed


def _with_defaults(lines: list[dict]) -> list[dict]:
    return [{"modifiers": [], "note": "", **line} for line in lines]
