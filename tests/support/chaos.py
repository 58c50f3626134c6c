"""The chaos harness: real Chromium contexts (three kiosks, a kitchen, a floor) signed in through
the UI against a real server, driven by a seeded schedule (``chaos_plan``) that mixes what staff
and guests do with real faults, then checked once everything has settled.

Faults are real: the server process killed -9 and started again, a context's network cut
(``set_offline``), a tab reloaded or closed and opened again while it may be flushing, Background
Sync fired through the DevTools protocol while the page flushes too, a batch a device sent
replayed whole over REST.

What is checked (``verify``): every order a kiosk placed, by the ``client_id`` its page sent,
exists on the server once with the line it was given; no order exists that no kiosk placed; the
log has no gap; no outbox holds anything; each kiosk shows every order as sent; the kitchen shows
what the server holds, ticket by ticket and status by status.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.actions import fire_background_sync, place, sign_in
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.browser.device import kv_value, stored
from tests.support.chaos_plan import Step
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess

KITCHEN_OPEN = ("new", "accepted", "preparing")


@dataclass
class Kiosk:
    context: BrowserContext
    page: Page
    offline: bool = False


@dataclass
class Chaos:
    browser: Browser
    server: ServerProcess
    kiosks: list[Kiosk] = field(default_factory=list)
    kitchen: Page | None = None
    floor: Page | None = None
    placed: dict[str, str] = field(default_factory=dict)  # note -> client_id the page sent
    sent: dict[str, dict] = field(default_factory=dict)  # client_id -> its submit frame
    batches: list[dict] = field(default_factory=list)  # REST batches: url, headers, body
    faults: Counter = field(default_factory=Counter)
    all_offline: bool = False
    server_down: bool = False
    last_fault_at: float = 0.0
    taken: int = 0  # steps taken so far

    # -- setting up ---------------------------------------------------------------------------

    def start(self, kiosks: int = 3) -> None:
        for _ in range(kiosks):
            context = self.browser.new_context()
            page = context.new_page()
            self._record(context, page)
            sign_in(page, self.server.url)
            wait_offline_ready(page)
            self.kiosks.append(Kiosk(context, page))
        self.kitchen = self.browser.new_context().new_page()
        sign_in(self.kitchen, self.server.url, "kitchen")
        self.floor = self.browser.new_context().new_page()
        sign_in(self.floor, self.server.url, "floor")

    def _record(self, context: BrowserContext, page: Page) -> None:
        """What a kiosk sends: socket submits (their exact data), REST batches (replayable)."""

        def finished(request) -> None:
            if request.method == "POST" and request.url.endswith("/api/v1/mutations"):
                body = json.loads(request.post_data)
                for m in body["mutations"]:
                    self.sent[m["client_id"]] = m
                self.batches.append({"url": request.url, "body": body,
                                     "auth": request.headers.get("authorization", "")})  # fmt: skip

        self._record_page(page)
        context.on("requestfinished", finished)

    def close(self) -> None:
        contexts = [k.context for k in self.kiosks]
        contexts += [p.context for p in (self.kitchen, self.floor) if p is not None]
        for context in contexts:
            context.close()

    # -- the schedule -------------------------------------------------------------------------

    def run(self, steps: list[Step]) -> None:
        """Take ``steps``, after any taken before (a note names its step: unique per run)."""
        for step in steps:
            n, self.taken = self.taken, self.taken + 1
            getattr(self, f"_{step.kind}")(step.target, n)
            if step.kind not in ("place", "bump"):
                self.faults[step.kind] += 1
                self.last_fault_at = time.monotonic()

    def _place(self, target: int, n: int) -> None:
        kiosk = self.kiosks[target]
        note = f"chaos-{n:05d}-k{target}"
        place(kiosk.page, note)
        self.placed[note] = kv_value(kiosk.page, "kiosk")["recent"][0]["client_id"]

    def _bump(self, target: int, n: int) -> None:
        assert self.kitchen is not None
        buttons = self.kitchen.locator("#kitchen .ticket button.bump")
        if buttons.count():
            buttons.first.click()

    def _kill(self, target: int, n: int) -> None:
        self.server.kill()
        self.server_down = True

    def _restart(self, target: int, n: int) -> None:
        self.server.start()
        self.server_down = False

    def _offline(self, target: int, n: int) -> None:
        self.kiosks[target].offline = True
        self.kiosks[target].context.set_offline(True)

    def _online(self, target: int, n: int) -> None:
        self.kiosks[target].offline = False
        if not self.all_offline:
            self.kiosks[target].context.set_offline(False)

    def _offline_all(self, target: int, n: int) -> None:
        self.all_offline = True
        for kiosk in self.kiosks:
            kiosk.context.set_offline(True)

    def _online_all(self, target: int, n: int) -> None:
        self.all_offline = False
        for kiosk in self.kiosks:
            kiosk.context.set_offline(kiosk.offline)

    def _reload(self, target: int, n: int) -> None:
        page = self.kiosks[target].page
        page.reload()
        wait_ready(page)
        expect(page.locator("#kiosk")).to_be_visible(timeout=20_000)

    def _reopen(self, target: int, n: int) -> None:
        kiosk = self.kiosks[target]
        kiosk.page.close()  # mid-flush, perhaps: the outbox is in IndexedDB
        kiosk.page = kiosk.context.new_page()
        self._record_page(kiosk.page)
        kiosk.page.goto(self.server.url + "/#/kiosk")
        wait_ready(kiosk.page)
        expect(kiosk.page.locator("#kiosk")).to_be_visible(timeout=20_000)

    def _record_page(self, page: Page) -> None:
        def frame(payload: str | bytes) -> None:
            message = json.loads(payload)
            if message.get("type") == "submit":
                self.sent[message["client_id"]] = message
            elif message.get("type") == "submit_batch":
                for m in message["mutations"]:
                    self.sent[m["client_id"]] = m

        page.on("websocket", lambda ws: ws.on("framesent", frame))

    def _sync(self, target: int, n: int) -> None:
        kiosk = self.kiosks[target]
        if self.server_down or kiosk.offline or self.all_offline:
            return  # a sync event needs a network; Chromium would not fire it either
        fire_background_sync(kiosk.context, self.server.url)

    def _replay(self, target: int, n: int) -> None:
        """A batch a kiosk sent, sent again whole: every order in it must come back replayed."""
        if self.server_down or not self.batches:
            return
        batch = self.batches[n % len(self.batches)]
        answer = requests.post(batch["url"], json=batch["body"], timeout=10,
                               headers={"Authorization": batch["auth"]})  # fmt: skip
        if answer.status_code == 200:
            for result in answer.json()["results"]:
                assert result["type"] == "ack" and result.get("replayed"), result

    # -- settling and checking ----------------------------------------------------------------

    def settle(self, timeout_s: float = 90.0) -> float:
        """Network and server back; until every outbox is empty. Seconds from the last fault
        (or from now, if there was none) until then."""
        if self.server_down:
            self._restart(0, 0)
        self._online_all(0, 0)
        for i in range(len(self.kiosks)):
            self._online(i, 0)
        started = time.monotonic()
        for page in self.pages():
            expect(page.locator("#sync-banner")).to_have_attribute(
                "data-waiting", "0", timeout=int(timeout_s * 1000)
            )
        return time.monotonic() - (self.last_fault_at or started)

    def pages(self) -> list[Page]:
        staff = [p for p in (self.kitchen, self.floor) if p is not None]
        return [k.page for k in self.kiosks] + staff

    def verify(self, timeout_s: float = 30.0) -> list[str]:
        """What is wrong at the end; empty when the run holds."""
        problems: list[str] = []
        manager = Rest(self.server.url, login(self.server.url, "manager"))
        events = _all_events(manager)
        seqs = [e["seq"] for e in events]
        if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            problems.append("the log has a gap")
        created = Counter()
        orders: dict[str, dict] = {}
        for e in events:
            if e["type"] == "order_created":
                note = e["data"]["lines"][0].get("note", "")
                created[note] += 1
                orders[e["data"]["id"]] = e["data"]
            elif e["type"] == "order_updated":
                orders[e["data"]["id"]] = e["data"]
        for note, client_id in self.placed.items():
            if created[note] != 1:
                problems.append(f"{note} ({client_id}) is on the server {created[note]} times")
            frame = self.sent.get(client_id)
            if frame is not None and frame["data"]["lines"][0].get("note") != note:
                problems.append(f"{client_id} was sent with another order's lines")
        for note in set(created) - set(self.placed):
            problems.append(f"{note} is on the server but no kiosk placed it")
        for i, page in enumerate(self.pages()):
            outbox = stored(page)["outbox"]
            if outbox:
                problems.append(f"screen {i} still holds {len(outbox)} in its outbox")
        for i, kiosk in enumerate(self.kiosks):
            waiting = kiosk.page.locator("#recent li[data-pending=true]").count()
            if waiting:
                problems.append(f"kiosk {i} shows {waiting} order(s) still waiting")
        problems += self._kitchen_matches(orders, timeout_s)
        return problems

    def _kitchen_matches(self, orders: dict[str, dict], timeout_s: float) -> list[str]:
        assert self.kitchen is not None
        want = {oid: o["status"] for oid, o in orders.items() if o["status"] in KITCHEN_OPEN}
        deadline = time.monotonic() + timeout_s
        while True:
            shown = self.kitchen.evaluate(
                """() => Object.fromEntries([...document.querySelectorAll('#kitchen .ticket')]
                     .map(t => [t.dataset.order, t.dataset.status]))"""
            )
            open_shown = {k: v for k, v in shown.items() if v in KITCHEN_OPEN}
            wrong = {k: v for k, v in shown.items() if orders.get(k, {}).get("status") != v}
            if open_shown == want and not wrong:
                return []
            if time.monotonic() > deadline:
                return [f"the kitchen shows {len(open_shown)} open tickets, the server has"
                        f" {len(want)}; {len(wrong)} shown with another status"]  # fmt: skip
            self.kitchen.wait_for_timeout(250)


def _all_events(rest: Rest) -> list[dict]:
    out: list[dict] = []
    since = 0
    while True:
        page = rest.get(f"/events?since={since}&limit=500").json()
        out += page["events"]
        if not page["events"] or out[-1]["seq"] >= page["seq"]:
            return out
        since = out[-1]["seq"]
