"""What this device holds of the server's state, and what follows from each piece of news.

The floor as the server confirmed it, the menu, the kitchen screens' presence, the server's
answers to this device's changes (the last hundred), the server's clock as reckoned here, and
when the floor is next due to be stored. The engine feeds it what the session received, with
the clocks passed in, and carries out what it answers (``Follow``): render, fetch the menu,
say the server is back, store the floor. Pure: no browser, tested in CPython.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from domain import reducer
from sync.clock import Clock
from sync.menu_cache import MenuCache
from sync.session import OFFLINE

ANSWERS_KEPT = 100  # a kiosk's thank-you screen reads its order's number here
# The floor is stored at most this often: a busy floor would otherwise serialise itself on
# every event. A reload resumes from the cursor stored and reads what came after it again.
FLOOR_SAVE_EVERY_S = 1.0


@dataclass(frozen=True)
class Follow:
    """What a piece of news asks of the engine. (Whether the floor is due to be stored is
    asked after the outbox is stored: that may store it too, ``floor_due``.)"""

    # The floor before these events and after them (before the answers that came with them):
    # what those told of changes compare (notices), the device's own answered changes aside.
    before: dict
    after: dict
    render: bool = False
    load_menu: bool = False  # the menu moved past the version held, or the link came back
    server_back: bool = False  # after an outage: a deploy may have happened meanwhile


class Replica:
    def __init__(self, owner: str, restaurant: str) -> None:
        self.owner = owner  # the sign-in a stored floor must belong to
        self.restaurant = restaurant  # the menu is the restaurant's, whatever the role
        self.confirmed = reducer.empty()
        self.menu = MenuCache()
        self.clock = Clock()
        self.kitchen: dict | None = None  # {"screens", "at"}: the kitchen's screens
        self.printers: dict[str, dict] = {}  # id -> {name, offline_since, last_error, waiting}
        # device id -> its last device_health notice, while it needs a person (managers').
        self.troubled: dict[str, dict] = {}
        self.saved_at: str | None = None  # when the floor was last brought up to date
        self.answers: dict[str, dict] = {}  # client_id -> the server's result, newest last
        self._shown_state = ""
        self._floor_dirty = False
        self._floor_saved_at: float | None = None

    # -- what a reload starts from ------------------------------------------------------------

    def restore(self, floor: object, menu: object) -> str | None:
        """Take the stored floor and menu, where they are this sign-in's. The stored floor's
        epoch ("" if it had none), or None if no floor of this sign-in was stored: the screen
        needs a snapshot (another sign-in's cursor means nothing here)."""
        if isinstance(menu, Mapping) and menu.get("owner") == self.restaurant:
            self.menu = MenuCache.from_record(dict(menu))
        if not isinstance(floor, Mapping) or floor.get("owner") != self.owner:
            return None
        self.confirmed = reducer.from_snapshot(floor["snapshot"])
        self.saved_at = floor.get("saved_at")
        self.kitchen = floor.get("kitchen")
        self._take_printers(floor.get("printers"))
        self._take_troubles(floor.get("troubled"))
        skew = floor.get("clock_skew_s")
        if isinstance(skew, int | float):
            self.clock = Clock(skew)  # booted offline: the server's clock as last reckoned
        return floor["epoch"] if isinstance(floor.get("epoch"), str) else ""

    def floor_record(self, now: float, epoch: str) -> dict:
        """The floor to store, with the epoch of the log its seq counts in; counted as stored
        at ``now`` (the next is a second away)."""
        self._floor_dirty = False
        self._floor_saved_at = now
        return {
            "snapshot": reducer.to_snapshot(self.confirmed),
            "saved_at": self.saved_at,
            "owner": self.owner,
            "kitchen": self.kitchen,
            "printers": list(self.printers.values()),
            "troubled": list(self.troubled.values()),
            "epoch": epoch,
            "clock_skew_s": self.clock.skew_s,
        }

    def menu_record(self) -> dict:
        return {**self.menu.to_record(), "owner": self.restaurant}

    # -- news ----------------------------------------------------------------------------------

    def receive(
        self, events: list[dict], acks: Iterable[tuple[str, dict, str]], state: str,
        wall: datetime,
    ) -> Follow:  # fmt: skip
        """Events, then answers to this device's changes, and the connection's state now;
        ``wall``: the device's date and time."""
        before = self.confirmed
        self.confirmed = after = reducer.apply_all(self.confirmed, events)
        load_menu = False
        for event in events:
            if event["type"] == "menu_updated" and self.menu.needs(event["data"]["version"]):
                load_menu = True
            self.menu.follow(event)
            if event["type"] == "printer_status" and isinstance(event["data"], Mapping):
                self._take_printers([event["data"]], whole=False)
            if event["type"] == "device_health":
                self._take_troubles([event["data"]], whole=False)
            if event["type"] == "device_status" and event["data"].get("role") == "kitchen":
                self.kitchen = {"screens": event["data"].get("screens", 0),
                                "at": event["data"].get("at")}  # fmt: skip
        answered = False
        for client_id, result, op in acks:
            # The server's version replaces the optimistic one now, not when its event comes;
            # screens that placed an order read its number here.
            self.confirmed = reducer.apply_result(
                self.confirmed, result, creates=op == "create_order"
            )
            self.answers[client_id] = result
            while len(self.answers) > ANSWERS_KEPT:
                del self.answers[next(iter(self.answers))]
            answered = True
        back = self._shown_state == OFFLINE and state != OFFLINE
        render = bool(events) or answered or state != self._shown_state
        self._shown_state = state
        if events:
            self.saved_at = wall.isoformat()
            self._floor_dirty = True
        return Follow(before, after, render, load_menu or back, server_back=back)

    def snapshot_loaded(self, body: Mapping, wall: datetime) -> str:
        """A whole floor from the server (``/floor``) replaces what was held; its epoch."""
        self.confirmed = reducer.from_snapshot(dict(body))
        if isinstance(body.get("kitchen"), Mapping):
            self.kitchen = dict(body["kitchen"])
        self._take_printers(body.get("printers"))
        self._take_troubles(body.get("devices_in_trouble"))
        self.saved_at = wall.isoformat()
        return body["epoch"] if isinstance(body.get("epoch"), str) else ""

    def menu_loaded(self, body: Mapping, wall: datetime, whole: bool) -> None:
        """The server's menu, whole or what changed since the version held."""
        if whole:
            self.menu = MenuCache()
        self.menu.merge(dict(body), wall)

    def server_time(self, said: object, wall: datetime) -> None:
        """The server said its time (a welcome, a poll) when this device's clock read
        ``wall``; the reckoning is stored with the floor, for a boot without the server."""
        if self.clock.set_by(said, wall):
            self._floor_dirty = True

    def floor_due(self, now: float) -> bool:
        """Whether the floor changed since it was stored and a second has passed."""
        last = self._floor_saved_at
        return self._floor_dirty and (last is None or now - last >= FLOOR_SAVE_EVERY_S)

    # -- what screens read ---------------------------------------------------------------------

    def answer(self, client_id: str) -> dict | None:
        return self.answers.get(client_id)

    def order_number(self, client_id: str) -> str | None:
        order = (self.answers.get(client_id) or {}).get("order")
        return order["number"] if order else None

    def _take_printers(self, found: object, whole: bool = True) -> None:
        """The printers' states from a snapshot (``whole``: all of them) or one's news."""
        if not isinstance(found, list):
            return
        if whole:
            self.printers = {}
        for printer in found:
            if isinstance(printer, Mapping) and isinstance(printer.get("id"), str):
                self.printers[printer["id"]] = dict(printer)

    def _take_troubles(self, found: object, whole: bool = True) -> None:
        """The devices needing a person, from a snapshot (``whole``) or one's news: a notice
        with no troubles says it is fine again."""
        if not isinstance(found, list):
            return
        if whole:
            self.troubled = {}
        for notice in found:
            if not isinstance(notice, Mapping) or not isinstance(notice.get("device"), str):
                continue
            if isinstance(notice.get("troubles"), list) and notice["troubles"]:
                self.troubled[notice["device"]] = dict(notice)
            else:
                self.troubled.pop(notice["device"], None)

    def devices_in_trouble(self) -> list[dict]:
        """The devices whose health needs a person (the managers' flag), by name."""
        return sorted(self.troubled.values(), key=lambda d: (str(d.get("name")), d["device"]))

    def has_printers(self) -> bool:
        return bool(self.printers)

    def printers_in_trouble(self) -> list[dict]:
        """The printers that cannot print now (off, out of paper), by name."""
        down = [p for p in self.printers.values() if p.get("offline_since")]
        return sorted(down, key=lambda p: (str(p.get("name")), p["id"]))

    def kitchen_offline_since(self) -> str | None:
        """When the last kitchen screen went away, while none is connected; else None (also
        when no kitchen screen was ever seen: a kitchen that prints has none)."""
        kitchen = self.kitchen or {}
        if kitchen.get("screens", 1) == 0 and kitchen.get("at"):
            return str(kitchen["at"])
        return None
