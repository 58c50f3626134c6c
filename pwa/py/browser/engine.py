"""The sync engine in the page: runs the pure core against the browser, and remembers.

Everything that decides lives in ``sync``: the connection (``session``), the queue
(``outbox``), what this device holds of the server's state and what follows from news
(``replica``), what to show (``view``). This file reads the clocks, carries the decisions out
(socket, fetch) and persists what must survive a reload (IndexedDB) before the screen shows it:
a mutation is stored before the UI shows it, and the floor with its cursor is stored as one
record, so a reload resumes exactly where the screen was.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from datetime import datetime

from browser import background_sync, page
from browser.clocks import monotonic, wall
from browser.error_report import REPORTER, report
from browser.idb import Database
from browser.live_socket import LiveSocket, live_url
from browser.requests import Requests
from browser.tabs import Tabs
from browser.tasks import spawn
from domain import payloads, schema
from domain.protocol import REPLIES_KEY, owner_of
from domain.timestamps import iso
from sync.actions import Close, Connect, Poll, PostBatch, Refetch, Renew, SignIn
from sync.backoff import Backoff
from sync.health_report import health_report
from sync.menu_cache import MenuCache
from sync.outbox import Mutation, Outbox, own
from sync.parcel import parcel_of, with_replies
from sync.replica import Replica
from sync.session import LIVE, Session
from sync.status import Status, status_of
from sync.view import catalogue_with_pending, menu_with_pending, with_pending

TICK_S = 0.25
STORAGE_EVERY_S = 300.0  # how often the device's storage use is read for its health report


class Engine(Requests):
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
        # What the person signed in here may do (their job's rights); None: the role's own.
        self.rights: frozenset[str] | None = None
        self.discount_bp: int | None = None  # their job's own discount limit, if any
        self.on_change = on_change
        self.on_server_back = on_server_back  # after an outage: a deploy may have happened
        # Told of every batch of new events with the states before and after them (notices).
        self.event_listeners: list[Callable[[dict, dict, list[dict]], None]] = []
        self.replica = Replica(self.owner, restaurant)
        self._menu_loading = False
        rng = random.Random().random
        self.session = Session(token, 0, Outbox(), Backoff(rng=rng), Backoff(rng=rng))
        self.session.health_source = self._health
        self.storage = (0, 0)  # bytes used, quota: read every few minutes
        self.socket: LiveSocket | None = None
        self.device_id = ""  # the server's id for this device (the manager's list shows it)
        self.signed_out = False
        self.signed_out_why = ""  # the server's reason: the PIN pad tells it
        self._reloads: list[Callable] = []  # loads refused with 401, again once renewed
        self._pumping = False
        self._pump_again = False
        # Several tabs on one device share the outbox in IndexedDB; one of them sends it.
        self.session.may_flush = False
        self.tabs = Tabs(on_sender=self._became_sender, on_changed=self._changed_elsewhere)

    # -- start and run --------------------------------------------------------------------------

    async def start(self) -> None:
        epoch = self.replica.restore(await self.db.get("floor"), await self.db.get("menu"))
        floor_seq = self.replica.confirmed["seq"] if epoch is not None else None
        replies = await self.db.get(REPLIES_KEY)
        records, answered = with_replies(await self.db.outbox(), replies)
        # What the worker heard while no page was open is read once; the parcel is made anew
        # for this sign-in (signing in dropped the last one's).
        heard = [REPLIES_KEY] if replies is not None else []
        await self.db.write(outbox_put=answered, kv_delete=heard, parcel=self._parcel)
        self.session.outbox = Outbox(own(records, self.owner), floor_seq)
        self.session.cursor = self.replica.confirmed["seq"]
        if epoch is not None:
            self.session.line.epoch = epoch
        else:
            await self._load_snapshot()
        self._spawn(self._load_menu())
        self._spawn(self._watch_storage())
        self.tabs.join()
        self.session.start(monotonic())
        self._spawn(self._run())

    @property
    def outbox(self) -> Outbox:
        """The queue the session sends (another tab's writes may replace it: the session's)."""
        return self.session.outbox

    def _became_sender(self) -> None:
        self.session.may_flush = True
        self._changed_elsewhere()

    def _changed_elsewhere(self) -> None:
        self._spawn(self._outbox_changed_elsewhere())

    async def _outbox_changed_elsewhere(self) -> None:
        records = own(await self.db.outbox(), self.owner)
        self.session.queue_changed_elsewhere(records, monotonic())
        await self.pump()
        self.on_change()

    async def _run(self) -> None:
        ticks = 0
        while True:
            self.session.tick(monotonic())
            await self.pump()
            ticks += 1
            # A reconnect countdown on screen must count down.
            if self.session.state != LIVE and ticks % int(1 / TICK_S) == 0:
                self.on_change()
            await asyncio.sleep(TICK_S)

    def _spawn(self, coroutine) -> None:
        spawn(coroutine)

    def _health(self, now: float) -> dict:
        """This device's health, for the session to send with a ping."""
        return health_report(
            self.outbox, REPORTER.log.recent(REPORTER.log.keep), wall(), build=REPORTER.build,
            rtt_ms=self.session.rtt_ms, reconnects_hour=self.session.reconnects_hour(now),
            storage=self.storage,
        )  # fmt: skip

    async def _watch_storage(self) -> None:
        storage = page.window.navigator.storage
        while storage and not self.signed_out:
            try:
                estimate = await storage.estimate()
                self.storage = (int(estimate.usage or 0), int(estimate.quota or 0))
            except Exception:  # not told: the report says 0 of 0
                pass
            await asyncio.sleep(STORAGE_EVERY_S)

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
        self.session.mutation_added(monotonic())
        await self.pump()
        return client_id

    async def retry(self, client_id: str) -> None:
        self.outbox.retry(client_id)
        await self._save_outbox()
        self.session.mutation_added(monotonic())
        await self.pump()

    async def discard(self, client_id: str) -> None:
        if self.outbox.discard(client_id) is not None:
            await self._save_outbox()
            self.on_change()

    # -- what screens read: this, not the engine's fields -----------------------------------

    def floor(self) -> dict:
        """The floor to show: the server's, with this device's unsent changes laid on top."""
        settings = self.replica.menu.settings
        return with_pending(
            self.replica.confirmed, self.outbox.to_show(), self.menu, settings, self.role,
            self.rights, self.discount_bp,
        )  # fmt: skip

    @property
    def menu(self) -> dict[str, dict]:
        """Menu items by id, with this device's unsent sold-out taps."""
        return menu_with_pending(self.replica.menu.items, self.outbox.to_show())

    def bill_settings(self) -> dict:
        """The restaurant's bill rules, as the server prices bills (they come with the menu)."""
        return self.replica.menu.settings

    def catalogue_view(self) -> tuple[dict[str, dict], dict[str, dict]]:
        """The menu's categories and items by id, with this device's unsent menu edits."""
        cache = self.replica.menu
        return catalogue_with_pending(cache.categories, cache.items, self.outbox.to_show())

    def token(self) -> str:
        """The current access token, for what only the server does (a PIN, a photo)."""
        return self.session.token

    def answer(self, client_id: str) -> dict | None:
        """The server's result for this device's change ``client_id``, once it came (the
        last hundred are kept); None before."""
        return self.replica.answer(client_id)

    def has_printers(self) -> bool:
        """The restaurant has kitchen printers (a ticket is reprinted there, not by the
        browser)."""
        return self.replica.has_printers()

    def printers_in_trouble(self) -> list[dict]:
        """The kitchen printers that cannot print now (their jobs wait), by name."""
        return self.replica.printers_in_trouble()

    def devices_in_trouble(self) -> list[dict]:
        """The devices whose health needs a person (``device_health`` notices)."""
        return self.replica.devices_in_trouble()

    def kitchen_offline_since(self) -> str | None:
        """When the last kitchen screen went away, while none is connected; else None."""
        return self.replica.kitchen_offline_since()

    @property
    def catalogue(self) -> MenuCache:
        """The menu with its categories and version (read only)."""
        return self.replica.menu

    def order_number(self, client_id: str) -> str | None:
        """The number the server gave the order this device queued as ``client_id``, once
        its answer came (the last hundred are kept)."""
        return self.replica.order_number(client_id)

    def is_waiting(self, client_id: str) -> bool:
        """Still to be sent (or answered): a kiosk says "will be sent"."""
        return self.outbox.waiting(client_id)

    def refusal(self, client_id: str) -> str | None:
        """Why the server refused this device's change ``client_id``; None if it did not."""
        return self.outbox.refusal(client_id)

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
        return status_of(self.session, self.replica, monotonic(), wall())

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
        return self.replica.clock.now(wall())

    async def _pump_once(self) -> None:
        if self.session.server_time is not None:
            self.replica.server_time(self.session.server_time, wall())
            self.session.server_time = None
        for frame in self.session.frames_to_send():
            if self.socket is not None:
                self.socket.send(frame)
        events = self.session.events_received()
        for action in self.session.actions():
            self._act(action)
        acks = self.session.acks_received()
        follow = self.replica.receive(events, acks, self.session.state, wall())
        for listener in self.event_listeners if events else ():
            try:
                listener(follow.before, follow.after, events)
            except Exception as exc:  # a listener must never stop the pump
                report("event listener", exc)
        if follow.load_menu:
            self._spawn(self._load_menu())
        if follow.server_back:
            self.on_server_back()
        if follow.render:
            # The server's state is shown first and stored after: it can always be read again.
            # (The outbox is the opposite: stored before it is shown, in ``submit``.)
            self.on_change()
        if await self._save_outbox() and not follow.render:
            self.on_change()
        if self.replica.floor_due(monotonic()):
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
        self.session.opened(monotonic())
        self._kick()

    def _message(self, text: str) -> None:
        self.session.received(text, monotonic())
        self._kick()

    def _closed(self, code: int) -> None:
        self.socket = None
        self.session.closed(monotonic(), code)
        self._kick()
        self.on_change()

    async def _save_outbox(self) -> bool:
        """Store what changed in the outbox, tell the other tabs; True if anything did.

        A delivered change leaves the stored queue in the same write as a floor that shows it
        (at its ack's seq): else a reload in between would show neither, and the screen would
        offer again what was done (a bill paid twice). The floor stored never goes back (see
        ``floor_record``), so a tab behind this one cannot store one that does not show it."""
        seq = self.replica.confirmed["seq"]
        if seq:
            self.outbox.settle(seq)
        changed, removed = self.outbox.drain_changes()
        if not changed and not removed:
            return False
        floor = self._floor_to_store() if removed and seq else None
        await self.db.write(
            floor=floor, outbox_put=changed, outbox_delete=removed, parcel=self._parcel
        )
        self.tabs.announce()
        return True

    def _parcel(self, records: list[dict]) -> dict:
        """What the worker sends of the stored queue while no page is open (``sync.parcel``)."""
        return parcel_of(records, self.owner, self.restaurant)

    def _floor_to_store(self) -> dict:
        """The floor record, counted as stored from now (its next save is a second away)."""
        return self.replica.floor_record(monotonic(), self.session.line.epoch)
