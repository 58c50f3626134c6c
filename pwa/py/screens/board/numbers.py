"""What the pickup board shows, from the floor as the board reads it (numbers and states only:
``server.access.scopes.board_copy``). Pure.

Two columns: "Preparing" (new, accepted, preparing) oldest first, and "Ready" newest first, so
a number just called is at the top. By default only the orders guests collect themselves:
take-away, delivery and kiosk orders; a counter-service place shows every order.
"""

from __future__ import annotations

from dataclasses import dataclass

PREPARING = frozenset({"new", "accepted", "preparing"})
READY = "ready"
CALLED_S = 30.0  # a number turned ready stands out this long


@dataclass(frozen=True)
class Number:
    order_id: str
    number: str
    since: str  # placed (preparing) or last moved (ready)


def collected(order: dict, every_order: bool) -> bool:
    """An order whose guests come to the counter for it."""
    return every_order or order.get("type", "dine_in") != "dine_in" or bool(order.get("kiosk"))


def columns(floor: dict, every_order: bool = False) -> tuple[list[Number], list[Number]]:
    """(preparing oldest first, ready newest first)."""
    shown = [o for o in floor["orders"].values() if collected(o, every_order)]
    preparing = sorted((o for o in shown if o["status"] in PREPARING),
                       key=lambda o: (o["created_at"], o["number"]))  # fmt: skip
    ready = sorted((o for o in shown if o["status"] == READY),
                   key=lambda o: (o["updated_at"], o["number"]), reverse=True)  # fmt: skip
    return ([Number(o["id"], o["number"], o["created_at"]) for o in preparing],
            [Number(o["id"], o["number"], o["updated_at"]) for o in ready])  # fmt: skip


def newly_ready(before: set[str] | None, ready: list[Number]) -> list[str]:
    """The orders that turned ready since ``before`` (None: the first look, nothing is new)."""
    if before is None:
        return []
    return [n.order_id for n in ready if n.order_id not in before]
