"""The engine's requests over REST: those the session asks for (a poll of the log, a batch of
changes, a token's renewal) and the loads (the floor, the menu). What an answer means is
``sync.answers``; here each is only asked for, and the core told how it ended.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from browser.clocks import monotonic, wall
from browser.error_report import report
from browser.idb import Database
from browser.offline_people import RESUME_KEY
from browser.rest import Unreachable, request
from sync.answers import RENEW, Answer, read_load, read_poll, read_post, read_renewal, renewal
from sync.replica import Replica
from sync.session import Session


class Requests:
    """Half of ``Engine``: it holds the session, the replica and the store these use."""

    session: Session
    replica: Replica
    db: Database
    restaurant: str
    _reloads: list[Callable]
    _menu_loading: bool
    on_change: Callable[[], None]

    # The engine's own, which these call.
    async def pump(self) -> None:
        raise NotImplementedError

    def _spawn(self, coroutine) -> None:
        raise NotImplementedError

    def _kick(self) -> None:
        raise NotImplementedError

    def _floor_to_store(self) -> dict:
        raise NotImplementedError

    async def _ask(self, where: str, method: str, path: str, body: object = None) -> Answer:
        """``(status, body)`` as the server answered, or None if nothing answered (or the
        request broke on the way, reported)."""
        try:
            return await request(method, path, body, token=self.session.token)
        except Unreachable:
            return None
        except Exception as exc:
            report(where, exc)
            return None

    async def _poll(self, since: int) -> None:
        epoch = f"&epoch={self.session.line.epoch}" if self.session.line.epoch else ""
        path = f"/api/v1/events?since={since}&limit=500{epoch}"
        try:
            said = read_poll(self.session, await self._ask("sync poll", "GET", path), monotonic())
            self.replica.server_time(said, wall())
        finally:
            await self.pump()
            self.on_change()

    async def _post(self, mutations: list[dict]) -> None:
        body = {"mutations": mutations}
        try:
            answer = await self._ask("sync post", "POST", "/api/v1/mutations", body)
            read_post(self.session, answer, monotonic())
        finally:
            await self.pump()

    async def _renew(self) -> None:
        """A new access token from the device credential: the one way a 401 is answered. A
        person signed in while the server was away is signed in there by their ticket."""
        body = renewal(self.session, self.restaurant, await self.db.get("credential"))
        ticket = await self.db.get(RESUME_KEY)
        token = None
        if body is not None:
            path = "/api/v1/resume" if ticket else "/api/v1/renew"
            answer = await self._ask("renew token", "POST", path,
                                     {**body, "ticket": ticket} if ticket else body)  # fmt: skip
            token = read_renewal(self.session, answer, monotonic())
        if token is not None:
            # the worker and a reload use it too; the ticket has done its work
            await self.db.write(kv={"token": token}, kv_delete=[RESUME_KEY] if ticket else [])
            self.session.renewed(token, monotonic())
            reloads, self._reloads = self._reloads, []
            for load in reloads:
                self._spawn(load())
        await self.pump()

    def _after_renewal(self, load: Callable) -> None:
        """A load refused with 401: renew, and load again with the new token."""
        self._reloads.append(load)
        self.session.unauthorized(monotonic())
        self._kick()

    async def refresh(self) -> bool:
        """Fetch the floor and the whole menu again, now (the details panel's "Refresh now",
        for a screen someone doubts). True if the server answered both."""
        floor = await self._load_snapshot()
        menu = await self._load_menu(whole=True)
        return floor and menu

    async def _load_snapshot(self) -> bool:
        body = read_load(await self._ask("load floor", "GET", "/api/v1/floor"), "seq")
        if body == RENEW:
            self._after_renewal(self._load_snapshot)
        if not isinstance(body, Mapping):
            return False
        epoch = self.replica.snapshot_loaded(body, wall())
        self.session.snapshot_loaded(body["seq"], monotonic(), epoch)
        await self.db.write(floor=self._floor_to_store())
        self.on_change()
        return True

    async def _load_menu(self, whole: bool = False) -> bool:
        """Fetch what changed in the menu since the version we hold (all of it the first time,
        or when ``whole``)."""
        if self._menu_loading and not whole:
            return False
        self._menu_loading = True
        since = 0 if whole else self.replica.menu.version
        try:
            answer = await self._ask("load menu", "GET", f"/api/v1/menu?since_version={since}")
        finally:
            self._menu_loading = False
        body = read_load(answer, "version")
        if body == RENEW:
            self._after_renewal(lambda: self._load_menu(whole))
        # Only an answer of the network lands here: the service worker keeps no API copies, so
        # the menu's fetched-at time (its 24 h warning) moves only when the server answered.
        if not isinstance(body, Mapping):
            return False
        self.replica.menu_loaded(body, wall(), whole)
        await self.db.write(kv={"menu": self.replica.menu_record()})
        self.on_change()
        return True
