"""What the kitchen display shows, from the floor state: tickets in columns, their age and
colour, a station's share of each order, the all-day counts, and what a bump does. Pure.

For all stations a ticket is the whole order and a bump moves the order on (a kitchen with one
line, or the pass). For one station a ticket is its lines, in the column of the station's own
progress (``domain.stations``), and a bump starts or finishes them: the order becomes ready
when the last station finishes.

A ticket keeps its place: columns are ordered oldest first, so a new ticket lands at the end
and never moves the one under a cook's finger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from domain import stations as st

# Column -> the order statuses it holds.
COLUMNS: tuple[tuple[str, frozenset[str]], ...] = (
    ("new", frozenset({"new", "accepted"})),
    ("preparing", frozenset({"preparing"})),
    ("ready", frozenset({"ready"})),
)
BUMP_TO = {"new": "accepted", "accepted": "preparing", "preparing": "ready"}
# A station's progress -> its column; "waiting": its lines are all held back or voided.
STAGE_COLUMN = {"new": "new", "waiting": "new", "preparing": "preparing", "done": "ready"}
STATION_BUMP = {"new": st.STARTED, "preparing": st.DONE}
OPEN = frozenset({"new", "accepted", "preparing"})  # still to cook: what all-day counts
ALL_STATIONS = ""


@dataclass(frozen=True)
class Settings:
    amber_after_min: float = 8.0
    red_after_min: float = 15.0
    station: str = ALL_STATIONS

    def aging(self, age_s: float) -> str:
        minutes = age_s / 60
        if minutes >= self.red_after_min:
            return "red"
        if minutes >= self.amber_after_min:
            return "amber"
        return "fresh"

    def valid(self) -> bool:
        return 0 < self.amber_after_min < self.red_after_min <= 24 * 60


@dataclass(frozen=True)
class Ticket:
    order_id: str
    number: str
    status: str
    where: str  # the table's name, or "" for take-away
    created_at: str
    lines: tuple[dict, ...]
    note: str
    pending: bool  # a change to it is still on its way to the server
    added: bool = False  # lines added to a check already in the kitchen (dessert after mains)
    kind: str = "dine_in"  # dine_in | takeaway | delivery
    by: str = ""  # who placed it with their own PIN ("" for a kiosk or a role's PIN)
    station: str = ALL_STATIONS
    stage: str = ""  # for one station: its progress (new | waiting | preparing | done)

    @property
    def column(self) -> str:
        if self.station and self.status != "ready":  # the pass called it ready: it is done
            return STAGE_COLUMN[self.stage]
        return next(name for name, statuses in COLUMNS if self.status in statuses)

    @property
    def bump_label(self) -> str:
        """The key of what its bump button says."""
        if self.station:
            return f"kitchen.bump_station.{self.stage if self.column != 'ready' else 'done'}"
        return f"kitchen.bump.{self.status}"

    @property
    def created(self) -> datetime:
        return parsed_time(self.created_at)

    def age_s(self, now: datetime) -> float:
        return max(0.0, (now - self.created).total_seconds())


_PARSED: dict[str, datetime] = {}


def parsed_time(moment: str) -> datetime:
    """Timestamps parsed once: ages are computed for every ticket every second."""
    found = _PARSED.get(moment)
    if found is None:
        if len(_PARSED) > 5000:
            _PARSED.clear()
        found = _PARSED[moment] = datetime.fromisoformat(moment)
    return found


SHOWN = frozenset().union(*(statuses for _, statuses in COLUMNS))

# Per order id: (the order dict it was made from, table name, station, ticket). The reducer
# keeps an unchanged order as the same object, so a burst of events rebuilds only what changed.
TicketCache = dict[str, tuple[dict, str, str, "Ticket | None"]]


def tickets(
    floor: dict, station: str = ALL_STATIONS, cache: TicketCache | None = None
) -> list[Ticket]:
    """The tickets for ``station`` (all stations when empty), oldest first. An order with
    nothing for this station is not this station's ticket. With ``cache`` (kept by the caller
    between calls), orders that did not change reuse their ticket."""
    table_names = {t["id"]: t["name"] for t in floor["tables"].values()}
    out = []
    for order in floor["orders"].values():
        if order["status"] not in SHOWN:
            continue
        where = table_names.get(order.get("table_id") or "", "")
        if cache is not None:
            hit = cache.get(order["id"])
            if hit is not None and hit[0] is order and hit[1] == where and hit[2] == station:
                if hit[3] is not None:
                    out.append(hit[3])
                continue
        made = _ticket(order, where, station)
        if cache is not None:
            cache[order["id"]] = (order, where, station, made)
        if made is not None:
            out.append(made)
    if cache is not None and len(cache) > 2 * len(floor["orders"]) + 100:
        for gone in [k for k in cache if k not in floor["orders"]]:
            del cache[gone]
    out.sort(key=first_come)
    return out


def first_come(ticket: Ticket) -> tuple:
    """Oldest first. Orders committed together (a kiosk's queue sent after an outage) share a
    time: then the number the server gave them, in the order it took them (A-999 before A-1000)."""
    digits = "".join(ch for ch in ticket.number if ch.isdigit())
    return (ticket.created_at, int(digits) if digits else 0, ticket.number, ticket.order_id)


def _ticket(order: dict, where: str, station: str) -> Ticket | None:
    lines = tuple(
        line
        for line in order["lines"]
        if station == ALL_STATIONS or line.get("station", "") == station
    )
    if not lines:
        return None
    return Ticket(
        order_id=order["id"],
        number=order["number"],
        status=order["status"],
        where=where,
        created_at=order["created_at"],
        lines=lines,
        note=order.get("note", ""),
        pending=bool(order.get("pending")),
        added=bool(order.get("adds_to")),
        kind=order.get("type", "dine_in"),
        by=placed_by(order),
        station=station,
        stage=(st.station_status(order, station) or "waiting") if station else "",
    )


def placed_by(order: dict) -> str:
    """The name of whoever placed (or added) the order with their own PIN, or ""."""
    first = (order.get("history") or [{}])[0]
    return str(((first.get("by") or {}).get("person") or {}).get("name") or "")


def columns(board: Iterable[Ticket]) -> dict[str, list[Ticket]]:
    shown: dict[str, list[Ticket]] = {name: [] for name, _ in COLUMNS}
    for ticket in board:
        shown[ticket.column].append(ticket)
    return shown


def all_day(board: Iterable[Ticket]) -> list[tuple[str, int]]:
    """How many of each item are still to cook, most first (then by name)."""
    counts: Counter[str] = Counter()
    for ticket in board:
        if ticket.status in OPEN and ticket.column != "ready":  # a station's done: not to cook
            for line in ticket.lines:
                if not line.get("voided") and not line.get("hold"):  # nothing to cook yet
                    counts[line["name"]] += line["qty"]
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def stations(menu_items: Iterable[dict]) -> list[str]:
    return sorted({i.get("station", "") for i in menu_items} - {""})


@dataclass(frozen=True)
class MenuRow:
    """An item in the kitchen's sold-out list."""

    item_id: str
    name: str
    available: bool
    pending: bool  # tapped here, not yet confirmed by the server


def sold_out_rows(menu_items: Iterable[dict], station: str) -> list[MenuRow]:
    """The station's items (all of them for all stations): sold out first, then by name, so
    what is off is seen at a glance and the rest is found alphabetically."""
    rows = [
        MenuRow(i["id"], i["name"], bool(i.get("available", True)), bool(i.get("pending")))
        for i in menu_items
        if station == ALL_STATIONS or i.get("station") == station
    ]
    return sorted(rows, key=lambda r: (r.available, r.name.casefold(), r.item_id))


# Every key a kitchen screen answers (``key_command``, and the board's arrows and bump keys):
# the page cancels their default for it outside form fields (``browser.page.listen``).
KEYS = [*"123456789", "r", "R", "ArrowLeft", "ArrowRight", "Enter", " ", "Spacebar"]


def key_command(key: str, shown: int) -> tuple[str, int] | None:
    """What a bump bar's key asks of a screen showing ``shown`` tickets: ("bump", index) for
    1-9, ("recall", 0) for R; None for a key that is not the screen's."""
    if key.isdigit() and key != "0" and int(key) <= shown:
        return "bump", int(key) - 1
    if key.lower() == "r":
        return "recall", 0
    return None


def bump_target(ticket: Ticket) -> str | None:
    """The status one bump moves a whole-order ticket to; None when the kitchen is done with it
    (ready: the floor serves it, the kitchen only clears it from its screen)."""
    return BUMP_TO.get(ticket.status)


def bump_change(ticket: Ticket) -> tuple[str, dict] | None:
    """The change one bump sends: the order moved on, or the station's lines started or done;
    None when there is nothing to send (done: the bump clears it from this screen; waiting:
    its lines are held back)."""
    if not ticket.station:
        target = bump_target(ticket)
        return None if target is None else (
            "set_order_status", {"order_id": ticket.order_id, "status": target})  # fmt: skip
    step = STATION_BUMP.get(ticket.stage) if ticket.column != "ready" else None
    if step is None:
        return None
    return "set_station_status", {"order_id": ticket.order_id, "station": ticket.station,
                                  "status": step}  # fmt: skip


def recall_change(ticket: Ticket) -> tuple[str, dict] | None:
    """What recalling a ticket sends: a station takes its done lines back to preparing (the
    order leaves ready if it was); for all stations a recall only puts it back on the screen."""
    if ticket.station and ticket.stage == "done":
        return "set_station_status", {"order_id": ticket.order_id, "station": ticket.station,
                                      "status": st.STARTED}  # fmt: skip
    return None


class Bumps:
    """Tickets this screen cleared (ready ones, bumped off while they wait for the floor) and
    the order they went in, so the last one can be recalled."""

    def __init__(self, cleared: Iterable[str] = ()) -> None:
        self.cleared: list[str] = list(cleared)
        self.history: list[str] = []  # every bump, newest last: what recall undoes

    def bumped(self, order_id: str, cleared: bool) -> None:
        if cleared and order_id not in self.cleared:
            self.cleared.append(order_id)
        self.history.append(order_id)
        del self.history[:-20]

    def recall(self) -> str | None:
        """The last bumped ticket, put back on the screen if it had been cleared from it."""
        if not self.history:
            return None
        order_id = self.history.pop()
        if order_id in self.cleared:
            self.cleared.remove(order_id)
        return order_id

    def visible(self, board: list[Ticket]) -> list[Ticket]:
        """Cleared tickets stay off while they are done: a course fired later, or a recall,
        brings one back."""
        hidden = set(self.cleared)
        return [t for t in board if t.order_id not in hidden or t.column != "ready"]

    def forget_gone(self, active_ids: set[str]) -> None:
        """Orders served or paid elsewhere need no place in the cleared list any more."""
        self.cleared = [i for i in self.cleared if i in active_ids]
