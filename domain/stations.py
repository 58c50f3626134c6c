"""Kitchen stations: which lines each one cooks, how far each has got with an order, and when
an order is ready. Pure; the one rule the server, the station screens and the pass share.

A line belongs to its item's station (its category's unless the item names its own). A station
bumps **its** lines: started (``started_at``), then done (``done_at``); a recall takes its done
lines back to started. Lines voided or held back do not count: there is nothing to cook until
the waiter fires them. Lines with no station are the pass's own (a drink the runner pours).

**An order is ready when every line that counts is done** (or the pass says so with
``set_order_status``): the station whose bump finishes the last line moves the order to ready in
the same change, so two stations bumping at once, online or offline, converge whatever order
their bumps arrive in. A station's first start moves a new order to preparing; a recall of a
ready order takes it back to preparing. Voids and fired courses leave the status as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import checks
from .context import Context, Event, changed, find_order
from .errors import DomainError
from .reducer import State

PASS = ""  # the station of lines no station cooks: the pass plates or pours them
STARTED, DONE = "preparing", "done"
# The statuses of an order the kitchen still has in hand (what the station screens show).
IN_KITCHEN = frozenset({"new", "accepted", "preparing", "ready"})


def own_station(item: dict) -> str:
    """The station a menu item names itself ("": its category's), as stored or as shown."""
    return str(item["own_station"] if "own_station" in item else item.get("station") or "")


def shown_item(item: dict, category_station: str) -> dict:
    """A menu item as devices get it: ``station`` where its lines go (its own, else its
    category's), ``own_station`` what the item itself says (what the item form edits)."""
    own = own_station(item)
    return {**item, "own_station": own, "station": own or category_station}


def station_of(line: dict) -> str:
    return str(line.get("station") or PASS)


def counts(line: dict) -> bool:
    """A line there is something to cook for: not voided, not held back."""
    return not line.get("voided") and not line.get("hold")


@dataclass(frozen=True)
class Progress:
    """One station's share of an order."""

    station: str
    status: str  # new | preparing | done
    lines: int  # lines that count
    done: int  # of them, done
    started_at: str  # its first start ("" if not started)
    done_at: str  # when its last line was done ("" until all are)


def progress(order: dict) -> list[Progress]:
    """Each station with lines that count on ``order``, by name (the pass's own first)."""
    by_station: dict[str, list[dict]] = {}
    for line in order["lines"]:
        if counts(line):
            by_station.setdefault(station_of(line), []).append(line)
    out = []
    for station, lines in sorted(by_station.items()):
        done = [line["done_at"] for line in lines if line.get("done_at")]
        started = [line["started_at"] for line in lines if line.get("started_at")]
        finished = len(done) == len(lines)
        status = DONE if finished else STARTED if started else "new"
        out.append(Progress(station, status, len(lines), len(done), min(started, default=""),
                            max(done) if finished else ""))  # fmt: skip
    return out


def station_status(order: dict, station: str) -> str | None:
    """new | preparing | done for ``station``'s share of ``order``; None if it has none."""
    return next((p.status for p in progress(order) if p.station == station), None)


def all_done(order: dict) -> bool:
    """Every line that counts is done (and there is at least one)."""
    shares = progress(order)
    return bool(shares) and all(p.status == DONE for p in shares)


def status_after(order: dict, recalled: bool = False) -> str:
    """The order's status once a station's bump left its lines as they are: the rule for
    "ready". Only a recall (done lines taken back) makes a ready order preparing again: one
    the pass called ready stays so when a station's late bump starts lines it no longer needs."""
    status = order["status"]
    if status not in IN_KITCHEN:
        return status  # served with a next course fired, say: the floor has it
    if all_done(order):
        return "ready"
    if status == "ready":
        return "preparing" if recalled else status
    if status in ("new", "accepted") and any(p.status != "new" for p in progress(order)):
        return "preparing"
    return status


def holding_up(order: dict) -> list[Progress]:
    """The stations the order waits on once another station is done: the pass's question
    "who holds this up?". Empty while no station is done, or when all are."""
    shares = progress(order)
    if not any(p.status == DONE for p in shares):
        return []
    return [p for p in shares if p.status != DONE]


def waiting_since(order: dict) -> str:
    """Since when the order has waited on the stations ``holding_up`` names: the last done
    station's finish; "" when nothing holds it up."""
    finished = [p.done_at for p in progress(order) if p.status == DONE]
    return max(finished) if finished and holding_up(order) else ""


def set_station_status(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A station bumps its lines of one order: ``preparing`` (started, or recalled from done)
    or ``done``. Bumping what already is so changes nothing: two screens of one station
    bumping the same ticket offline leave one change, not a failed one."""
    order = find_order(state, data["order_id"])
    checks.require_open(order)
    station, target = data["station"], data["status"]
    mine = [i for i, line in enumerate(order["lines"])
            if counts(line) and station_of(line) == station]  # fmt: skip
    if not mine:
        raise DomainError(
            "not_this_station", f"order {order['number']} has nothing for {station or 'the pass'}",
            field="station",
        )  # fmt: skip
    lines = list(order["lines"])
    recalled = False
    for i in mine:
        line = dict(lines[i])
        line.setdefault("started_at", context.now)
        if target == DONE:
            line.setdefault("done_at", context.now)
        elif line.pop("done_at", None):
            recalled = True
        lines[i] = line
    if lines == order["lines"]:
        return {"order": order}, []
    moved = {**order, "lines": lines}
    status = status_after(moved, recalled)
    what = "station_done" if target == DONE else "station_started"
    extra = {"status": status} if status != order["status"] else {}
    order = changed({**moved, "status": status}, context, what, station=station, **extra)
    return {"order": order}, [("order_updated", order)]
