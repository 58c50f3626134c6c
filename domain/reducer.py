"""The floor view rebuilt from events: ``apply(state, event) -> state``.

The server appends events to its log; every client folds them into this state. The server's
tests replay its whole log through ``apply`` and compare with its own snapshot, so this file is
the definition of what an event means.

State is ``{"seq", "areas", "tables", "orders", "drawers"}`` with the collections keyed by id;
only active orders (not paid, not cancelled) are kept, and the cash drawers' shifts of the day
not closed yet. ``apply`` never mutates its input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .orders import is_active

State = dict


class SequenceGap(Exception):
    """An event arrived with a seq beyond the next one: the caller must fetch what is missing."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"expected event seq {expected}, got {got}")
        self.expected = expected
        self.got = got


def empty() -> State:
    return {"seq": 0, "areas": {}, "tables": {}, "orders": {}, "drawers": {}}


def from_snapshot(snapshot: Mapping) -> State:
    """Turn a ``GET /api/v1/floor`` body into reducer state."""
    return {
        "seq": snapshot["seq"],
        "areas": {a["id"]: a for a in snapshot["areas"]},
        "tables": {t["id"]: t for t in snapshot["tables"]},
        "orders": {o["id"]: o for o in snapshot["orders"] if is_active(o["status"])},
        # A floor saved before drawers were kept has none (and a kiosk's never has any).
        "drawers": {d["id"]: d for d in snapshot.get("drawers", ())},
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
        "drawers": sorted(
            state.get("drawers", {}).values(), key=lambda d: (d["opened_at"], d["id"])
        ),
    }


def _put(collection: str) -> Callable[[State, dict], None]:
    def handler(state: State, data: dict) -> None:
        state[collection][data["id"]] = data

    return handler


def _put_order(state: State, order: dict) -> None:
    orders = state["orders"]
    if is_active(order["status"]):
        previous = orders.get(order["id"])
        # A late copy must not roll an order back (events may be re-read after a gap fetch).
        if previous is None or previous["version"] <= order["version"]:
            orders[order["id"]] = order
    else:
        orders.pop(order["id"], None)


def _put_drawer(state: State, drawer: dict) -> None:
    """A drawer's shift, open or counted and closed (until its day is closed)."""
    drawers = state.setdefault("drawers", {})
    previous = drawers.get(drawer["id"])
    if previous is None or previous["version"] <= drawer["version"]:
        drawers[drawer["id"]] = drawer


def _day_closed(state: State, data: dict) -> None:
    """The day is closed: its counted drawers leave the floor (the day's report keeps them)."""
    state["drawers"] = {k: d for k, d in state.get("drawers", {}).items()
                        if d["status"] == "open"}  # fmt: skip


def _drop(collection: str) -> Callable[[State, dict], None]:
    def handler(state: State, data: dict) -> None:
        state[collection].pop(data["id"], None)

    return handler


def _ignore(state: State, data: dict) -> None:
    pass


# Each handler changes the working copy it is given; ``apply_all`` makes that copy once per
# call, so folding a burst of events costs one copy of the floor, not one per event.
HANDLERS: dict[str, Callable[[State, dict], None]] = {
    "area_updated": _put("areas"),
    "table_updated": _put("tables"),
    "area_removed": _drop("areas"),
    "table_removed": _drop("tables"),
    "order_created": _put_order,
    "order_updated": _put_order,
    "drawer_updated": _put_drawer,
    "day_closed": _day_closed,
    # Not part of the floor view, but they hold a seq: the cursor still moves past them.
    "menu_updated": _ignore,
    "device_status": _ignore,
    "printer_status": _ignore,  # a kitchen printer went offline or came back (sync.replica)
    "device_health": _ignore,  # a device needs a person, or no longer (sync.replica)
    "settings_saved": _ignore,  # a device's menu copy keeps the bill rules (sync.menu_cache)
    # The menu's: a device's menu copy follows them (and the ``menu_updated`` after them).
    "item_availability_changed": _ignore,
    "stock_changed": _ignore,
    "stock_low": _ignore,
    "stock_out": _ignore,
    "stock_set": _ignore,
    "item_saved": _ignore,
    "item_removed": _ignore,
    "category_saved": _ignore,
    "category_removed": _ignore,
}


def apply(state: State, event: Mapping) -> State:
    """Fold one event ``{seq, type, data}`` into ``state``.

    An event at or below the current seq is a duplicate and changes nothing; one past the next
    seq raises SequenceGap. Unknown event types only move the cursor, so an older client keeps
    working when the server learns new events.
    """
    return apply_all(state, [event])


def apply_all(state: State, events: Iterable[Mapping]) -> State:
    """``apply`` for each event in turn; ``state`` itself is never changed."""
    work: State | None = None
    for event in events:
        seq = event["seq"]
        current = work if work is not None else state
        if seq <= current["seq"]:
            continue
        if seq != current["seq"] + 1:
            raise SequenceGap(current["seq"] + 1, seq)
        if work is None:
            work = {**state, "areas": dict(state["areas"]), "tables": dict(state["tables"])}
            work["orders"] = dict(state["orders"])
            work["drawers"] = dict(state.get("drawers", {}))
        HANDLERS.get(event["type"], _ignore)(work, event["data"])
        work["seq"] = seq
    return work if work is not None else state


def apply_result(state: State, result: Mapping, creates: bool = False) -> State:
    """Fold the server's answer to one of our mutations in before its event arrives (over REST
    the answer comes first, the event with the next poll): the screen shows the server's version
    at once instead of falling back to the old one in between. Orders carry a version, so the
    event that follows, or a late answer, never rolls one back. The cursor does not move.

    Only the answer to an order's creation (``creates``) adds an order the state lacks: any
    other answer about an order not here is late, about one closed since (its closing event
    took it off, and nothing is left to outrank the old copy): it must not come back."""
    drawer = result.get("drawer")
    if isinstance(drawer, Mapping):
        work = {**state, "drawers": dict(state.get("drawers", {}))}
        _put_drawer(work, dict(drawer))
        return work
    order = result.get("order")
    if not isinstance(order, Mapping):
        return state
    if not creates and order.get("id") not in state["orders"]:
        return state
    work = {**state, "orders": dict(state["orders"])}
    _put_order(work, dict(order))
    return work
