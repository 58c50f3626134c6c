"""The close of day: the manager closes the restaurant's business day once every cash drawer is
counted and closed and no check is left open, or with the open ones carried over to the next
day (and said so). The server then fixes the day's figures (the Z report) as they are at that
moment: a later correction (a refund tomorrow of today's check) is a change of the day it is
made in. Each close covers what happened since the one before, as a till's Z counter does.
Pure; the page runs the same rule on its floor.
"""

from __future__ import annotations

from . import orders
from .context import Context, Event
from .drawers import open_drawers
from .errors import DomainError
from .reducer import State


def open_checks(state: State) -> list[dict]:
    """The checks still active (an addition belongs to its check's)."""
    return sorted(
        (o for o in state["orders"].values()
         if orders.is_active(o["status"]) and not o.get("adds_to")),
        key=lambda o: (o["created_at"], o["id"]),
    )  # fmt: skip


def close_day(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Close business day ``data["day"]``: refused while a drawer is open, or a check is unpaid
    and not carried over (``carry_over``); a check paid and still with the kitchen (a take-away
    paid up front) is carried without asking."""
    drawers = open_drawers(state)
    if drawers:
        names = ", ".join(sorted(d["name"] for d in drawers))
        raise DomainError("drawers_open", f"count and close every drawer first: {names}",
                          field="drawers")  # fmt: skip
    active = open_checks(state)
    unpaid = [o["number"] for o in active if not o.get("settled_at")]
    if unpaid and not data["carry_over"]:
        raise DomainError("checks_open", f"{len(unpaid)} checks are open ({', '.join(unpaid)}):"
                          " close them, or carry them over to the next day",
                          field="carry_over")  # fmt: skip
    record = {"day": data["day"], "closed_at": context.now, "by": context.by,
              "carried": [o["number"] for o in active]}  # fmt: skip
    return {"day": record}, [("day_closed", record)]
