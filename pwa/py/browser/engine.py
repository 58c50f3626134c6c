"""The sync engine in the page: runs the pure session against the browser, and remembers.

Everything that decides lives in ``session``, ``outbox`` and ``view``; this file only carries
their decisions out (socket, fetch) and persists what must survive a reload (IndexedDB) before
the screen shows it: a mutation is stored before the UI shows it, and the floor with its cursor
is stored as one record, so a reload resumes exactly where the screen was.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import js

from browser import background_sync
from browser.error_report import report
from browser.idb import Database
from browser.live_socket import LiveSocket, live_url
from browser.rest import Unreachable, request
from browser.tabs import Tabs
from browser.tasks import spawn
from domain import payloads, reducer, schema
from domain.protocol import owner_of
from domain.timestamps import iso
from sync.backoff import Backoff
from sync.clock import Clock
from sync.menu_cache import MenuCache
from sync.outbox import Mutation, Outbox
from sync.session import (
    LIVE,
    OFFLINE,
    Close,
    Connect,
    Poll,
    PostBatch,
    Refetch,
    Renew,
    Session,
    SignIn,
)
from sync.status import Status
from sync.view import catalogue_with_pending, menu_with_pending, with_pending

TICK_S = 0.25
FLOOR_SAVE_EVERY_S = 1.0
ACKS_KEPT = 100


def _now() -> float:
    return js.performance.now() / 1000


class Engine:
    def __init__(
        self,
        db: Database,
        token: str,
        restaurant: str,
        role: str,
        on_change: Callable[[], None],
        on_server_back: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.restaurant = restaurant
        # Stored records say whose they are; this engine reads, shows and sends only its own.
        self.owner = owner_of(restaurant, role)
        self.role = role
        self.on_change = on_change
        self.on_server_back = on_server_back  # after an outage: a deploy may have happened
        # Told of every batch of new events with the states before and after them (notices).
        self.event_listeners: list[Callable[[dict, dict, list[dict]], None]] = []
        self.confirmed = reducer.empty()
        self.clock = Clock()
        self.menu_cache = MenuCache()
        self._menu_loading = False
        # The kitchen's screens: how many are connected and since when (``device_status``).
        self.kitchen: dict | None = None
        self.saved_at: str | None = None
        self.outbox = Outbox()
        rng = random.Random().random
        self.session = Session(token, 0, self.outbox, Backoff(rng=rng), Backoff(rng=rng))
        self.socket: LiveSocket | None = None
        self.device_id = ""  # the server's id for this device (the manager's list shows it)
        self.signed_out = False
        self.signed_out_why = ""  # the server's reason: the PIN pad tells it
        self._reloads: list[Callable] = []  # loads refused with 401, again once renewed
        self._shown_state = ""
        self._pumping = False
        self.acked: dict[str, dict] = {}  # client_id -> the server's result, newest last
        self._pump_again = False
        self._floor_dirty = False
        self._floor_saved_at = 0.0
        # Several tabs on one device share the outbox in IndexedDB; one of them sends it.
        self.session.may_flush = False
        self.tabs = Tabs(on_sender=self._became_sender, on_changed=self._changed_elsewhere)

    # -- start and run --------------------------------------------------------------------------

    async def start(self) -> None:
        saved = await self.db.get("floor")
        if not saved or saved.get("owner") != self.owner:
            saved = None  # another sign-in's floor: its cursor means nothing to this one
        if saved:
            self.confirmed = reducer.from_snapshot(saved["snapshot"])
            self.saved_at = saved.get("saved_at")
            self.kitchen = saved.get("kitchen")
            skew = saved.get("clock_skew_s")
            if isinstance(skew, int | float):
                self.clock = Clock(skew)  # booted offline: the server's clock as last reckoned
        menu = await self.db.get("menu")
        self.menu_cache = MenuCache.from_record(
            menu if menu and menu.get("owner") == self.restaurant else None
        )
        floor_seq = self.confirmed["seq"] if saved else None
        self.outbox = Outbox(self._own(await self.db.outbox()), floor_seq)
        self.session.outbox = self.outbox
        self.session.cursor = self.confirmed["seq"]
        if saved and isinstance(saved.get("epoch"), str):
            self.session.epoch = saved["epoch"]
        if not saved:
            await self._load_snapshot()
        self._spawn(self._load_menu())
        self.tabs.join()
        self.session.start(_now())
        self._spawn(self._run())

    def _became_sender(self) -> None:
        self.session.may_flush = True
        self._changed_elsewhere()

    def _changed_elsewhere(self) -> None:
        self._spawn(self._outbox_changed_elsewhere())

    def _own(self, records: list[dict]) -> list[dict]:
        """This sign-in's queued changes. Another role's stay stored, unsent, until that role
        signs in on this device again. A record without an owner was queued by a build that
        did not record one, under the sign-in this device still has."""
        return [{**r, "owner": r.get("owner") or self.owner} for r in records
                if r.get("owner", self.owner) == self.owner]  # fmt: skip

    async def _outbox_changed_elsewhere(self) -> None:
        records = self._own(await self.db.outbox())
        if self.session.may_flush:
            if self.outbox.merge(records):
                self.session.mutation_added(_now())
        else:  # this tab sends nothing: show what the shared store holds
            self.outbox = Outbox(records)
            self.session.outbox = self.outbox
        await self.pump()
        self.on_change()

    async def _run(self) -> None:
        ticks = 0
        while True:
            self.session.tick(_now())
            await self.pump()
            ticks += 1
            # A reconnect countdown on screen must count down.
            if self.session.state != LIVE and ticks % int(1 / TICK_S) == 0:
                self.on_change()
            await asyncio.sleep(TICK_S)

    def _spawn(self, coroutine) -> None:
        spawn(coroutine)

    def stop(self) -> None:
        """Send nothing more and close the socket: this sign-in is ending."""
        self.session.signed_out = True
        if self.socket is not None:
            self.socket.close()

    # -- what the user does ---------------------------------------------------------------------

    async def submit(self, op: str, data: dict) -> str:
        """Queue a change; it is stored before this returns, then sent when possible.

        ``data`` is checked against the mutation's spec first (DomainError if it does not
        fit) and stored with its defaults filled in: what waits in the outbox is what the
        server will validate, and what the view's overlay runs the domain's rule on."""
        data = schema.validate(payloads.OPS[op], data, "data")
        client_id = uuid.uuid4().hex
        self.outbox.add(client_id, op, data, iso(self.server_now()), owner=self.owner)
        await self._save_outbox()  # stored before the screen shows it
        self._spawn(background_sync.register())
        self.session.mutation_added(_now())
        await self.pump()
        return client_id

    async def retry(self, client_id: str) -> None:
        self.outbox.retry(client_id)
        await self._save_outbox()
        self.session.mutation_added(_now())
        await self.pump()

    async def discard(self, client_id: str) -> None:
        if self.outbox.discard(client_id) is not None:
            await self._save_outbox()
            self.on_change()

    # -- what screens read: this, not the engine's fields -----------------------------------

    def floor(self) -> dict:
        """The floor to show: the server's, with this device's unsent changes laid on top."""
        settings = self.menu_cache.settings
        return with_pending(self.confirmed, self.outbox.to_show(), self.menu, settings, self.role)

    @property
    def menu(self) -> dict[str, dict]:
        """Menu items by id, with this device's unsent sold-out taps."""
        return menu_with_pending(self.menu_cache.items, self.outbox.to_show())

    def bill_settings(self) -> dict:
        """The restaurant's bill rules, as the server prices bills (they come with the menu)."""
        return self.menu_cache.settings

    def catalogue_view(self) -> tuple[dict[str, dict], dict[str, dict]]:
        """The menu's categories and items by id, with this device's unsent menu edits."""
        cache = self.menu_cache
        return catalogue_with_pending(cache.categories, cache.items, self.outbox.to_show())

    def token(self) -> str:
        """The current access token, for what only the server does (a PIN, a photo)."""
        return self.session.token

    def answer(self, client_id: str) -> dict | None:
        """The server's result for this device's change ``client_id``, once it came (the
        last hundred are kept); None before."""
        return self.acked.get(client_id)

    def kitchen_offline_since(self) -> str | None:
        """When the last kitchen screen went away, while none is connected; else None (also
        when no kitchen screen was ever seen: a kitchen that prints has none)."""
        kitchen = self.kitchen or {}
        if kitchen.get("screens", 1) == 0 and kitchen.get("at"):
            return str(kitchen["at"])
        return None

    @property
    def catalogue(self) -> MenuCache:
        """The menu with its categories and version (read only)."""
        return self.menu_cache

    def menu_stale(self) -> bool:
        return self.menu_cache.is_stale(datetime.now(UTC))

    def order_number(self, client_id: str) -> str | None:
        """The number the server gave the order this device queued as ``client_id``, once
        its answer came (the last hundred are kept)."""
        order = (self.acked.get(client_id) or {}).get("order")
        return order["number"] if order else None

    def is_waiting(self, client_id: str) -> bool:
        """Still to be sent (or answered): a kiosk says "will be sent"."""
        return any(m.client_id == client_id for m in self.outbox.pending())

    def refusal(self, client_id: str) -> str | None:
        """Why the server refused this device's change ``client_id``; None if it did not."""
        for mutation in self.outbox.needs_attention():
            if mutation.client_id == client_id:
                return str((mutation.error or {}).get("message") or "")
        return None

    def attention(self) -> list[Mutation]:
        """The changes the server refused, for a person to retry or discard."""
        return self.outbox.needs_attention()

    def signed_out_because(self) -> str | None:
        """None while this device may work; once the server revoked it, why (the PIN pad
        says it): ``revoked``, ``pin_changed``, or "" when the server did not say."""
        return self.signed_out_why if self.signed_out else None

    def queued_ids(self) -> list[str]:
        return [record["client_id"] for record in self.outbox.records()]

    def status(self) -> Status:
        session, outbox = self.session, self.outbox
        return Status(
            state=session.state,
            attempt=session.backoff.attempt,
            retry_in=session.reconnect_at - _now(),
            sending=outbox.in_flight(),
            waiting=len(outbox.pending()),
            attention=len(outbox.needs_attention()),
            unsent=len(outbox),
            cursor=session.cursor,
            saved_at=self.saved_at,
            menu_version=self.menu_cache.version,
            menu_fetched_at=self.menu_cache.fetched_at,
            menu_stale=self.menu_stale(),
        )

    # -- carrying out the session's decisions ---------------------------------------------------

    async def pump(self) -> None:
        """Carry out what the session decided. A call that comes while a pump waits on storage
        is folded into one more round, so a burst of acks costs one write and one render."""
        if self._pumping:
            self._pump_again = True
            return
        self._pumping = True
        try:
            while True:
                self._pump_again = False
                await self._pump_once()
                if not self._pump_again:
                    break
        finally:
            self._pumping = False

    def server_now(self) -> datetime:
        """The server's time now, reckoned from this device's clock, which may be wrong."""
        return self.clock.now(datetime.now(UTC))

    def _set_clock(self, server_time: object) -> None:
        if self.clock.set_by(server_time, datetime.now(UTC)):
            self._floor_dirty = True  # kept with the floor, for a boot without the server

    async def _pump_once(self) -> None:
        if self.session.server_time is not None:
            self._set_clock(self.session.server_time)
            self.session.server_time = None
        for frame in self.session.frames_to_send():
            if self.socket is not None:
                self.socket.send(frame)
        events = self.session.events_received()
        before = self.confirmed
        self.confirmed = reducer.apply_all(self.confirmed, events)
        for event in events:
            if event["type"] == "menu_updated" and self.menu_cache.needs(event["data"]["version"]):
                self._spawn(self._load_menu())
            self.menu_cache.follow(event)
            if event["type"] == "device_status" and event["data"].get("role") == "kitchen":
                self.kitchen = {"screens": event["data"].get("screens", 0),
                                "at": event["data"].get("at")}  # fmt: skip
        for listener in self.event_listeners if events else ():
            try:
                listener(before, self.confirmed, events)
            except Exception as exc:  # a listener must never stop the pump
                report("event listener", exc)
        for action in self.session.actions():
            self._act(action)
        acks = self.session.acks_received()
        for client_id, result, op in acks:
            # The server's version replaces the optimistic one now, not when its event comes;
            # screens that placed an order read its number here.
            creates = op == "create_order"
            self.confirmed = reducer.apply_result(self.confirmed, result, creates=creates)
            self.acked[client_id] = result
            while len(self.acked) > ACKS_KEPT:
                del self.acked[next(iter(self.acked))]
        state = self.session.state
        shown = False
        if events or acks or state != self._shown_state:
            # The server's state is shown first and cached after: it can always be read again.
            # (The outbox is the opposite: stored before it is shown, in ``submit``.)
            if self._shown_state == OFFLINE and state != OFFLINE:
                self._spawn(self._load_menu())  # the menu may have changed meanwhile
                self.on_server_back()
            self._shown_state = state
            self.on_change()
            shown = True
        if events:
            self.saved_at = datetime.now(UTC).isoformat()
            self._floor_dirty = True
        if await self._save_outbox() and not shown:
            self.on_change()
        if self._floor_dirty and _now() - self._floor_saved_at >= FLOOR_SAVE_EVERY_S:
            await self._save_floor()

    async def _save_floor(self) -> None:
        """Cache the floor with its cursor, at most once a second: a busy floor would otherwise
        serialise itself on every event. A reload resumes from the cursor saved, and reads what
        came after it from the server again."""
        await self.db.write(floor=self._floor_to_store())

    def _act(self, action: object) -> None:
        if isinstance(action, Connect):
            self.socket = LiveSocket(live_url(), self._opened, self._message, self._closed)
        elif isinstance(action, Close):
            if self.socket is not None:
                self.socket.close()
        elif isinstance(action, Poll):
            self._spawn(self._poll(action.since))
        elif isinstance(action, PostBatch):
            self._spawn(self._post(list(action.mutations)))
        elif isinstance(action, Refetch):
            self._spawn(self._load_snapshot())
        elif isinstance(action, Renew):
            self._spawn(self._renew())
        elif isinstance(action, SignIn):
            self.signed_out, self.signed_out_why = True, action.why
            self.on_change()

    def _kick(self) -> None:
        """Pump soon. While a pump runs it only asks for one more round: a burst of a thousand
        frames must not become a thousand tasks."""
        if self._pumping:
            self._pump_again = True
        else:
            self._spawn(self.pump())

    def _opened(self) -> None:
        self.session.opened(_now())
        self._kick()

    def _message(self, text: str) -> None:
        self.session.received(text, _now())
        self._kick()

    def _closed(self, code: int) -> None:
        self.socket = None
        self.session.closed(_now(), code)
        self._kick()
        self.on_change()

    # Each request below tells the session how it ended, whatever happens on the way (the
    # ``finally``): a request the session never hears back from leaves it waiting forever, and
    # sync stops with no sign on screen.

    async def _exchange(
        self, where: str, method: str, path: str, body: object,
        answered: Callable[[int, object], bool], failed: Callable[[], None],
    ) -> None:  # fmt: skip
        """One request the session waits on. ``answered(status, body)`` tells the session and
        returns True; if it does not, or nothing answered, or anything raised on the way,
        ``failed()`` tells the session instead."""
        told = False
        try:
            status, answer = await request(method, path, body, token=self.session.token)
            told = answered(status, answer)
        except Unreachable:
            pass
        except Exception as exc:
            report(where, exc)
        finally:
            if not told:
                failed()
        await self.pump()

    async def _poll(self, since: int) -> None:
        epoch = f"&epoch={self.session.epoch}" if self.session.epoch else ""

        def answered(status: int, body: object) -> bool:
            if status == 401:
                self.session.poll_unauthorized(_now())
                return True
            if status != 200 or not isinstance(body, dict):
                return False
            self.session.polled(
                body.get("events"), body.get("seq"), _now(), body.get("reset"), body.get("epoch")
            )
            self._set_clock(body.get("now"))
            return True

        await self._exchange(
            "sync poll", "GET", f"/api/v1/events?since={since}&limit=500{epoch}", None,
            answered, lambda: self.session.poll_failed(_now()),
        )  # fmt: skip
        self.on_change()

    async def _post(self, mutations: list[dict]) -> None:
        def answered(status: int, body: object) -> bool:
            if status == 200:
                results = body.get("results") if isinstance(body, dict) else None
                self.session.posted(results, _now())
            else:
                self.session.post_failed(_now(), status)
            return True

        await self._exchange(
            "sync post", "POST", "/api/v1/mutations", {"mutations": mutations},
            answered, lambda: self.session.post_failed(_now()),
        )  # fmt: skip

    async def _renew(self) -> None:
        """A new access token from the device credential: the one way a 401 is answered."""
        credential = await self.db.get("credential")
        if not isinstance(credential, str) or not credential:
            self.session.refused("")  # signed in by a build without credentials: the PIN pad
            await self.pump()
            return
        body = {"restaurant": self.restaurant, "credential": credential}

        def answered(status: int, answer: object) -> bool:
            if status == 200 and isinstance(answer, dict) and answer.get("token"):
                self._spawn(self._renewed(answer["token"]))
                return True
            if status == 401:
                error = answer.get("error") if isinstance(answer, dict) else None
                self.session.refused((error or {}).get("field") or "")
                return True
            return False  # a 5xx or 429: no verdict, ask again after a backoff

        await self._exchange(
            "renew token", "POST", "/api/v1/renew", body,
            answered, lambda: self.session.renew_failed(_now()),
        )  # fmt: skip

    def _after_renewal(self, load: Callable) -> None:
        """A load refused with 401: renew, and load again with the new token."""
        self._reloads.append(load)
        self.session.unauthorized(_now())
        self._kick()

    async def _renewed(self, token: str) -> None:
        await self.db.write(kv={"token": token})  # the worker and a reload use it too
        self.session.renewed(token, _now())
        reloads, self._reloads = self._reloads, []
        for load in reloads:
            self._spawn(load())
        await self.pump()

    async def refresh(self) -> bool:
        """Fetch the floor and the whole menu again, now (the details panel's "Refresh now",
        for a screen someone doubts). True if the server answered both."""
        floor = await self._load_snapshot()
        menu = await self._load_menu(whole=True)
        return floor and menu

    async def _load_snapshot(self) -> bool:
        try:
            status, body = await request("GET", "/api/v1/floor", token=self.session.token)
        except Unreachable:
            return False
        if status == 401:
            self._after_renewal(self._load_snapshot)
            return False
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("seq"), int):
            return False
        self.confirmed = reducer.from_snapshot(body)
        if isinstance(body.get("kitchen"), dict):
            self.kitchen = body["kitchen"]
        epoch = body.get("epoch") if isinstance(body.get("epoch"), str) else ""
        self.session.snapshot_loaded(body["seq"], _now(), epoch)
        self.saved_at = datetime.now(UTC).isoformat()
        await self._save_floor()
        self.on_change()
        return True

    async def _load_menu(self, whole: bool = False) -> bool:
        """Fetch what changed in the menu since the version we hold (all of it the first time,
        or when ``whole``)."""
        if self._menu_loading and not whole:
            return False
        self._menu_loading = True
        since = 0 if whole else self.menu_cache.version
        try:
            status, body = await request(
                "GET", f"/api/v1/menu?since_version={since}", token=self.session.token
            )
        except Unreachable:
            return False
        finally:
            self._menu_loading = False
        if status == 401:
            self._after_renewal(lambda: self._load_menu(whole))
            return False
        # Only an answer of the network lands here: the service worker keeps no API copies, so
        # the menu's fetched-at time (its 24 h warning) moves only when the server answered.
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("version"), int):
            return False
        if whole:
            self.menu_cache = MenuCache()
        self.menu_cache.merge(body, datetime.now(UTC))
        await self.db.write(kv={"menu": {**self.menu_cache.to_record(), "owner": self.restaurant}})
        self.on_change()
        return True

    async def _save_outbox(self) -> bool:
        """Store what changed in the outbox, tell the other tabs; True if anything did.

        A delivered change leaves the stored queue in the same write as a floor that shows it
        (at its ack's seq): else a reload in between would show neither, and the screen would
        offer again what was done (a bill paid twice). The floor stored never goes back (see
        ``floor_record``), so a tab behind this one cannot store one that does not show it."""
        if self.confirmed["seq"]:
            self.outbox.settle(self.confirmed["seq"])
        changed, removed = self.outbox.drain_changes()
        if not changed and not removed:
            return False
        floor = self._floor_to_store() if removed and self.confirmed["seq"] else None
        await self.db.write(floor=floor, outbox_put=changed, outbox_delete=removed)
        self.tabs.announce()
        return True

    def _floor_to_store(self) -> dict:
        """The floor record, counted as stored from now (its next save is a second away)."""
        self._floor_dirty = False
        self._floor_saved_at = _now()
        return {
            "snapshot": reducer.to_snapshot(self.confirmed),
            "saved_at": self.saved_at,
            "owner": self.owner,
            "kitchen": self.kitchen,
            "epoch": self.session.epoch,
            "clock_skew_s": self.clock.skew_s,
        }
