"""The floor view rebuilt from events: ``apply(state, event) -> state``.

The server appends events to its log; every client folds them into this state. The server's
tests replay its whole log through ``apply`` and compare with its own snapshot, so this file is
the definition of what an event means.

State is ``{"seq", "areas", "tables", "orders"}`` with the three collections keyed by id; only
active orders (not paid, not cancelled) are kept. ``apply`` never mutates its input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .orders import is_active

State = dict


class SequenceGap(Exception):
    """An event arrived with a seq beyond the next one: the caller must fetch what is missing."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"expected event seq {expected}, got {got}")
        self.expected = expected
        self.got = got


def empty() -> State:
    return {"seq": 0, "areas": {}, "tables": {}, "orders": {}}


def from_snapshot(snapshot: Mapping) -> State:
    """Turn a ``GET /api/v1/floor`` body into reducer state."""
    return {
        "seq": snapshot["seq"],
        "areas": {a["id"]: a for a in snapshot["areas"]},
        "tables": {t["id"]: t for t in snapshot["tables"]},
        "orders": {o["id"]: o for o in snapshot["orders"] if is_active(o["status"])},
    }


def to_snapshot(state: State) -> dict:
    """The inverse of ``from_snapshot``, in the order screens list things."""
    return {
        "seq": state["seq"],
        "areas": sorted(state["areas"].values(), key=lambda a: (a.get("position", 0), a["id"])),
        "tables": sorted(
            state["tables"].values(), key=lambda t: (t.get("position", 0), t["name"], t["id"])
        ),
        "orders": sorted(state["orders"].values(), key=lambda o: (o["created_at"], o["id"])),
    }


def _put(collection: str) -> Callable[[State, dict], State]:
    def handler(state: State, data: dict) -> State:
        return {**state, collection: {**state[collection], data["id"]: data}}

    return handler


def _put_order(state: State, order: dict) -> State:
    orders = dict(state["orders"])
    if is_active(order["status"]):
        previous = orders.get(order["id"])
        # A late copy must not roll an order back (events may be re-read after a gap fetch).
        if previous is None or previous["version"] <= order["version"]:
            orders[order["id"]] = order
    else:
        orders.pop(order["id"], None)
    return {**state, "orders": orders}


def _ignore(state: State, data: dict) -> State:
    return state


HANDLERS: dict[str, Callable[[State, dict], State]] = {
    "area_updated": _put("areas"),
    "table_updated": _put("tables"),
    "order_created": _put_order,
    "order_updated": _put_order,
    # Not part of the floor view, but they hold a seq: the cursor still moves past them.
    "menu_updated": _ignore,
    "device_status": _ignore,
}


def apply(state: State, event: Mapping) -> State:
    """Fold one event ``{seq, type, data}`` into ``state``.

    An event at or below the current seq is a duplicate and changes nothing; one past the next
    seq raises SequenceGap. Unknown event types only move the cursor, so an older client keeps
    working when the server learns new events.
    """
    seq = event["seq"]
    if seq <= state["seq"]:
        return state
    if seq != state["seq"] + 1:
        raise SequenceGap(state["seq"] + 1, seq)
    handler = HANDLERS.get(event["type"], _ignore)
    return {**handler(state, event["data"]), "seq": seq}


def apply_all(state: State, events: list[Mapping]) -> State:
    for event in events:
        state = apply(state, event)
    return state
