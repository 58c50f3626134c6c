"""What every change rule is handed beside the floor state, and the few helpers all of them use:
who made the change (recorded on the order as its history), finding a table, a table following
its orders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import staff
from .errors import DomainError
from .reducer import State

Event = tuple[str, dict]
MAX_HISTORY = 200  # an order's history keeps its newest entries; the event log keeps them all


@dataclass(frozen=True)
class Context:
    """What a change needs beyond the state: the clock, the menu, who makes it, and what only
    the server hands out (an order's id and number; the page uses placeholders until the server
    answers)."""

    now: str  # ISO 8601, as stored
    menu: Mapping[str, dict]  # orderable items by id, each with its category's station
    order_id: str = ""
    number: str = ""
    device: str = ""  # the device that made the change: a kiosk reads only its own orders
    settings: Mapping = field(default_factory=dict)  # the restaurant's rules (bill.Settings)
    # The change's client_id. A change that adds to a record (a payment) marks what it added
    # with it, so the page never lays it twice on a state that already holds it.
    change_id: str = ""
    role: str = ""  # the device's role: recorded with the change
    device_name: str = ""  # what the manager called the device ("Bar phone")
    # Someone with the right approved this change on the spot (server: a valid approval for
    # this change; page: one is attached). A maker with the right needs none.
    approved: bool = False
    # The person signed in on the device with their own PIN: ``{id, name}``; None for a
    # role's PIN (and a kiosk).
    person: Mapping | None = None
    # What the person's job may do (``staff.rights_of``); None: the role's own rights.
    rights: frozenset[str] | None = None
    # The most the person's job discounts without asking (basis points); None: the restaurant's.
    discount_bp: int | None = None

    @property
    def by(self) -> dict:
        made = {"device": self.device, "role": self.role, "name": self.device_name}
        if self.person:
            made["person"] = dict(self.person)
        return made

    @property
    def held_rights(self) -> frozenset[str]:
        """What the person (or, with a role's PIN, the role) making the change may do. A
        context with no role is made by a caller that decided who may (the CLI, a test)."""
        if self.rights is not None:
            return self.rights
        return staff.rights_of(self.role) if self.role else frozenset(staff.RIGHTS)

    def discount_limit(self, restaurants: int) -> int:
        """The most the maker takes off without an approval: their job's own limit, else the
        restaurant's (``restaurants``)."""
        return self.discount_bp if self.discount_bp is not None else restaurants

    def may(self, right: str) -> bool:
        """Whether the maker holds ``right``, or someone who holds it approved this change."""
        return self.approved or right in self.held_rights


def changed(order: dict, context: Context, what: str, **detail: object) -> dict:
    """``order`` as a new version: the change noted in its history, with who and when."""
    entry = {"at": context.now, "what": what, "by": context.by, **detail}
    return {
        **order,
        "updated_at": context.now,
        "version": order["version"] + 1,
        "history": [*order.get("history", []), entry][-MAX_HISTORY:],
    }


def find_table(state: State, table_id: str, missing: str = "not_found") -> dict:
    table = state["tables"].get(table_id)
    if table is None:
        raise DomainError(missing, f"no table {table_id!r}", field="table_id")
    return table


def find_order(state: State, order_id: str) -> dict:
    order = state["orders"].get(order_id)
    if order is None:
        raise DomainError("not_found", f"no order {order_id!r}", field="order_id")
    return order


def follow(table: dict, status: str, events: list[Event]) -> None:
    """A table's status following its orders (not a staff action, so no transition check)."""
    if status != table["status"]:
        events.append(("table_updated", {**table, "status": status}))
