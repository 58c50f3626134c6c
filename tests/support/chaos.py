"""The chaos harness: real Chromium contexts (three kiosks, a kitchen, a floor) signed in through
the UI against real server processes, driven by a seeded schedule (``chaos_plan``) that mixes
what guests and staff do with real faults, then checked once everything has settled.

Faults are real: a server process killed -9 and started again, a device's network cut
(``set_offline``) or everyone's, a proxy some devices reach the server through cutting their
connections mid-frame, a tab reloaded or closed and opened again while it may be flushing,
Background Sync fired through the DevTools protocol while the page flushes too, a batch a device
sent replayed whole over REST, a device's clock moved (its page's ``Date.now``, which Python's
clock in Pyodide reads).

What is checked (``verify``): every order a kiosk placed, by the ``client_id`` its page sent,
exists on the server once with the line it was given; no order exists that no kiosk placed; no
change any device sent was applied twice (each event names its change); the log has no gap; no
outbox holds anything but changes the server refused, each shown on its screen; each kiosk shows
every order as sent; every screen holds the server's floor (its stored state at the server's
seq); the kitchen shows what the server holds, ticket by ticket and status by status.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial

import requests
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from domain import reducer
from tests.browser.actions import NoServiceWorker, fire_background_sync, place, sign_in
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.browser.device import kv_value, stored
from tests.support.chaos_plan import KIOSKS, STAFF, WORK, Step
from tests.support.client import Rest, login
from tests.support.cutting_proxy import IDLE_CUT_S, CuttingProxy
from tests.support.lanes import InTurn, Lane, OwnThread
from tests.support.server_process import ServerProcess

KITCHEN_OPEN = ("new", "accepted", "preparing")
# The clock moves a device is given in turn: behind, a day ahead, a little either way, right.
CLOCK_MOVES_MS = (-3 * 3600_000, 26 * 3600_000, -7 * 60_000, 40 * 60_000, 0)
MOVE_CLOCK = """(offset) => {
  if (!Date.realNow) Date.realNow = Date.now;
  Date.now = () => Date.realNow() + offset;
}"""
SCREEN_STATE = ("areas", "tables", "orders")
PLACED_ITEM = "ayran"  # what ``actions.place`` orders: one, with the note
AWAY = "away"
NETWORK_NOISE = (
    "Failed to load resource",
    "WebSocket connection to",
    "net::ERR_",
    # Chromium's own line when the worker's script cannot be fetched for an update check (the
    # server killed or the link down at that moment); the app catches the failure and checks
    # again. Seen once in a clean-clone run of the two-process chaos test.
    "An unknown error occurred when fetching the script",
)  # the floor phone's take-away tab (screens/floor/plan.py)


# Done where the servers are, not on a device: they touch no page.
REFUSED_CHANGE = re.compile(r"\brefused restaurant=.*? change='([^']*)'")  # the server's log line
SOCKET_BACK_S = 15.0  # a drop waits this long at most for a proxied device's socket
ON_SERVERS = frozenset({"kill", "restart", "drop", "replay"})
EVERYONE_OFFLINE = {"offline_all": True, "online_all": False}
PEOPLE = frozenset({"place", *WORK})
BACKLOG = 3  # steps a device may have waiting: the schedule runs ahead of it no further


@dataclass
class Device:
    screen: str  # kiosk | kitchen | floor
    lane: Lane  # where its page may be touched
    context: BrowserContext
    page: Page
    url: str  # the server as this device reaches it: a process, or the cutting proxy before it
    offline: bool = False  # cut off alone
    all_offline: bool = False  # cut off with everyone


@dataclass
class Chaos:
    """``browser``: every device in it, acting in turn on this thread (a seed replays the very
    same run); None: each device in its own Chromium on its own thread, all acting at once
    (a seed gives each device the same steps in the same order; how they interleave varies)."""

    browser: Browser | None
    servers: list[ServerProcess]
    proxied: tuple[int, ...] = (2, KIOSKS + 1)  # devices behind the cutting proxy
    idle_cut_s: float = IDLE_CUT_S  # see CuttingProxy
    devices: list[Device] = field(default_factory=list)
    proxies: list[CuttingProxy] = field(default_factory=list)
    placed: dict[str, str] = field(default_factory=dict)  # note -> client_id the page sent
    sent: dict[str, dict] = field(default_factory=dict)  # client_id -> the mutation as sent
    batches: list[dict] = field(default_factory=list)  # REST batches: url, headers, body
    faults: Counter = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)  # changes the server refused, as shown
    held_refused: set[str] = field(default_factory=set)  # their client_ids, held by devices
    down: Counter = field(default_factory=Counter)  # process -> kills in force on it
    last_fault_at: float = 0.0
    agreed_at: float = 0.0  # when verify saw the last screen hold the server's state
    findings: list[str] = field(default_factory=list)  # wrong states met on the way
    timeline: list[tuple[int, str, int]] = field(default_factory=list)  # (step, kind, target)
    taken: int = 0  # steps taken so far
    errors: list[str] = field(default_factory=list)  # what the pages logged as errors
    spent: dict[str, tuple[float, int]] = field(default_factory=dict)  # kind -> (seconds, steps)
    working: list[Future] = field(default_factory=list)  # steps posted to devices, not seen done
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def server(self) -> ServerProcess:
        return self.servers[0]

    @property
    def kiosks(self) -> list[Device]:
        return [d for d in self.devices if d.screen == "kiosk"]

    @property
    def kitchen(self) -> Page:
        return self.devices[KIOSKS].page

    @property
    def floor(self) -> Page:
        return self.devices[KIOSKS + 1].page

    # -- setting up ---------------------------------------------------------------------------

    def start(self) -> None:
        """Three kiosks, the kitchen, the floor: each on a server process in turn, some through
        a cutting proxy, each signed in through its screen."""
        self.proxies = [CuttingProxy(s.port, self.idle_cut_s).start() for s in self.servers]
        for i, screen in enumerate(("kiosk",) * KIOSKS + STAFF):
            server = i % len(self.servers)
            url = self.proxies[server].url if i in self.proxied else self.servers[server].url
            lane = InTurn(self.browser) if self.browser else OwnThread(f"chaos-{i}-{screen}")
            self.devices.append(lane.call(partial(self._open, screen, lane, url)))
        for signing_in in [d.lane.post(partial(self._sign_in, d)) for d in self.devices]:
            signing_in.result()

    def _open(self, screen: str, lane: Lane, url: str) -> Device:
        context = lane.browser.new_context()
        device = Device(screen, lane, context, context.new_page(), url)
        self._record(device)
        return device

    def _sign_in(self, device: Device) -> None:
        sign_in(device.page, device.url, device.screen)
        if device.screen == "kiosk":
            wait_offline_ready(device.page)  # it must take orders with the server gone

    def _record(self, device: Device) -> None:
        """What a device sends: socket submits (their exact data), REST batches (replayable)."""

        def finished(request) -> None:
            if request.method == "POST" and request.url.endswith("/api/v1/mutations"):
                body = json.loads(request.post_data)
                for m in body["mutations"]:
                    self.sent[m["client_id"]] = m
                self.batches.append({"url": request.url, "body": body,
                                     "auth": request.headers.get("authorization", "")})  # fmt: skip

        self._record_page(device.page)
        device.context.on("requestfinished", finished)

    def _record_page(self, page: Page) -> None:
        def frame(payload: str | bytes) -> None:
            message = json.loads(payload)
            if message.get("type") == "submit":
                self.sent[message["client_id"]] = message
            elif message.get("type") == "submit_batch":
                for m in message["mutations"]:
                    self.sent[m["client_id"]] = m

        page.on("websocket", lambda ws: ws.on("framesent", frame))
        page.on("console", self._console)

    def _console(self, message) -> None:
        """An error the app logged: an exception nothing caught. Failed loads and sockets are
        the faults themselves, logged by the browser, not by the app."""
        text = message.text
        if message.type == "error" and not any(n in text for n in NETWORK_NOISE):
            self.errors.append(text[:300])

    def close(self) -> None:
        for device in self.devices:
            try:
                device.lane.call(device.context.close)
            finally:
                device.lane.stop()
        for proxy in self.proxies:
            proxy.close()

    # -- the schedule -------------------------------------------------------------------------

    def run(self, steps: list[Step]) -> None:
        """Take ``steps``, after any taken before (a note names its step: unique per run). A
        device's step goes to its lane; what strikes the servers is done here, when the
        schedule reaches it. A step that failed on a device is raised here."""
        for step in steps:
            n, self.taken = self.taken, self.taken + 1
            self.timeline.append((n, step.kind, step.target))
            if step.kind in ON_SERVERS:
                self._timed(step, n)
            elif step.kind in EVERYONE_OFFLINE:
                self._count(step.kind, 0.0)
                for device in self.devices:
                    self._post(device, partial(self._cut_with_everyone, device, step.kind))
            else:
                self._post(self._actor(step), partial(self._timed, step, n))

    def _story(self, target: int, last: int = 15) -> str:
        """What the schedule had this device do, and what struck everyone, most recent last."""
        device = self.devices[target]
        mine = [
            f"{n}:{kind}" for n, kind, t in self.timeline
            if kind in ON_SERVERS or kind in EVERYONE_OFFLINE
            or self._actor(Step(kind, t)) is device
        ]  # fmt: skip
        return " ".join(mine[-last:])

    def _actor(self, step: Step) -> Device:
        if step.kind == "place":
            return self.kiosks[step.target]
        if step.kind == "bump":
            return self.devices[KIOSKS]
        if step.kind in WORK:
            return self.devices[KIOSKS + 1]
        return self.devices[step.target]

    def _post(self, device: Device, job: Callable[[], object]) -> None:
        while device.lane.backlog() >= BACKLOG:
            self._raise_failures()
            time.sleep(0.01)
        self.working.append(device.lane.post(job))
        self._raise_failures()

    def _raise_failures(self) -> None:
        for done in [f for f in self.working if f.done()]:
            self.working.remove(done)
            done.result()  # raises what the step raised on its device

    def drain(self) -> None:
        """Until every device has taken every step posted to it."""
        while self.working:
            self.working.pop(0).result()

    def _timed(self, step: Step, n: int) -> None:
        began = time.monotonic()
        getattr(self, f"_{step.kind}")(step.target, n)
        self._count(step.kind, time.monotonic() - began)

    def _count(self, kind: str, seconds: float) -> None:
        with self.lock:
            spent, count = self.spent.get(kind, (0.0, 0))
            self.spent[kind] = (spent + seconds, count + 1)
            if kind not in PEOPLE:
                self.faults[kind] += 1
                self.last_fault_at = time.monotonic()

    def _place(self, target: int, n: int) -> None:
        kiosk = self.kiosks[target].page
        note = f"chaos-{n:05d}-k{target}"
        place(kiosk, note)
        self.placed[note] = kv_value(kiosk, "kiosk")["recent"][0]["client_id"]

    def _bump(self, target: int, n: int) -> None:
        """The kitchen works one ticket through to ready, a bump at a time."""
        tickets = self.kitchen.locator("#kitchen .ticket:has(button.bump:not([data-bump=ready]))")
        ticket = _one_of(tickets, target)
        if ticket is None:
            return
        order = ticket.get_attribute("data-order")
        for _ in range(3):
            bump = self.kitchen.locator(f"#kitchen .ticket[data-order='{order}'] button.bump")
            status = bump.get_attribute("data-bump") if bump.count() else "ready"
            if status == "ready":
                return
            bump.click()
            # The ticket moves on at once; or it is gone, if the floor served it meanwhile. A
            # tap that does nothing for seconds is a finding (the run goes on: what the end
            # state holds is checked anyway).
            moved = f"#kitchen .ticket[data-order='{order}'] button.bump[data-bump='{status}']"
            try:
                expect(self.kitchen.locator(moved)).to_have_count(0, timeout=15_000)
            except AssertionError:
                self.findings.append(f"step {n}: the kitchen's tap on {status} did nothing for"
                                     f" 15 s; its steps before: {self._story(KIOSKS)}")  # fmt: skip
                return

    def _pick_tab(self, area: str | None, target: int = 0) -> None:
        """The floor phone's tab: an area's (``area``, or the ``target``-th), or take-away."""
        if area is not None:
            self.floor.locator(f"#floor [role=tab][data-area='{area}']").click()
            return
        areas = self.floor.locator(f"#floor [role=tab][data-area]:not([data-area='{AWAY}'])")
        _tap_one_of(areas, target)

    def _open_away(self, status: str, target: int) -> bool:
        self._pick_tab(AWAY)
        tiles = self.floor.locator(f"button.table.away[data-status={status}]:not([data-pending])")
        return _tap_one_of(tiles, target)

    def _close_sheet(self) -> None:
        close = self.floor.locator("#table-sheet:not([hidden]) button.close")
        if close.count():
            close.click()

    def _serve(self, target: int, n: int) -> None:
        """The floor hands out what is ready, up to three orders."""
        for i in range(3):
            if not self._open_away("ready", target + i):
                break
            served = self.floor.locator("#table-sheet").get_by_role("button", name="Mark served")
            if served.count():
                served.first.click()
            self._close_sheet()

    def _pay(self, target: int, n: int) -> None:
        """Up to two served take-aways paid in full, by card, through the payment sheet."""
        for i in range(2):
            if not self._open_away("served", target + i):
                break
            take = self.floor.locator("#table-sheet").get_by_role("button", name="Take payment")
            if take.count():
                take.first.click()
                pay = self.floor.locator("#pay-sheet")
                pay.get_by_role("radio", name="Card").click()
                pay.locator("#pay-take").click()
                expect(pay).to_have_count(0, timeout=10_000)  # paid in full: the sheet closes
            self._close_sheet()

    def _seat(self, target: int, n: int) -> None:
        """A table seated if free, freed if seated with nothing ordered, cleared if dirty."""
        self._pick_tab(None, target)
        tiles = self.floor.locator("button.table:not(.away):not([data-pending])")
        if not _tap_one_of(tiles, target):
            return
        sheet = self.floor.locator("#table-sheet")
        for name in ("Seat guests", "Free the table", "Clear table"):
            button = sheet.get_by_role("button", name=name, exact=True)
            if button.count():
                button.click()
                break
        self._close_sheet()

    def _kill(self, target: int, n: int) -> None:
        """The server process the target device uses dies (kill -9); others live on."""
        which = target % len(self.servers)
        if not self.down[which]:
            self.servers[which].kill()
        self.down[which] += 1

    def _restart(self, target: int, n: int) -> None:
        which = target % len(self.servers)
        self.down[which] -= 1
        if not self.down[which]:
            del self.down[which]
            self.servers[which].start()

    def _offline(self, target: int, n: int) -> None:
        self.devices[target].offline = True
        self.devices[target].context.set_offline(True)

    def _online(self, target: int, n: int) -> None:
        device = self.devices[target]
        device.offline = False
        device.context.set_offline(device.all_offline)

    @staticmethod
    def _cut_with_everyone(device: Device, kind: str) -> None:
        """The whole network down (or back): each device hears it on its own lane, in the
        order of its own steps."""
        device.all_offline = EVERYONE_OFFLINE[kind]
        device.context.set_offline(device.all_offline or device.offline)

    def _reload(self, target: int, n: int) -> None:
        device = self.devices[target]
        device.page.reload()
        wait_ready(device.page)
        expect(device.page.locator(f"#{device.screen}")).to_be_visible(timeout=20_000)

    def _reopen(self, target: int, n: int) -> None:
        device = self.devices[target]
        device.page.close()  # mid-flush, perhaps: the outbox is in IndexedDB
        device.page = device.context.new_page()
        self._record_page(device.page)
        device.page.goto(f"{device.url}/#/{device.screen}")
        wait_ready(device.page)
        expect(device.page.locator(f"#{device.screen}")).to_be_visible(timeout=20_000)

    def _reachable(self, device: Device) -> bool:
        server = self.devices.index(device) % len(self.servers)
        return not self.down[server] and not device.offline and not device.all_offline

    def _sync(self, target: int, n: int) -> None:
        device = self.devices[target]
        if not self._reachable(device):
            return  # a sync event needs a network; Chromium would not fire it either
        try:
            fire_background_sync(device.context, device.url)
        except NoServiceWorker as exc:
            self.findings.append(f"device {target} ({device.screen}): {exc}; its steps before:"
                                 f" {self._story(target)}")  # fmt: skip

    def _replay(self, target: int, n: int) -> None:
        """A batch a device sent, sent again whole: every change in it must come back replayed
        (or refused again, if the server refused it the first time)."""
        if self.down or not self.batches:
            return
        batch = self.batches[n % len(self.batches)]
        answer = requests.post(batch["url"], json=batch["body"], timeout=10,
                               headers={"Authorization": batch["auth"]})  # fmt: skip
        if answer.status_code == 200:
            for result in answer.json()["results"]:
                assert result["type"] == "reject" or result.get("replayed"), result

    def _clock(self, target: int, n: int) -> None:
        """The device's clock moves (set by hand, or a dead battery): on the open page and on
        every page it opens from now on."""
        device = self.devices[target]
        offset = CLOCK_MOVES_MS[n % len(CLOCK_MOVES_MS)]
        device.context.add_init_script(f"({MOVE_CLOCK})({offset})")
        device.page.evaluate(MOVE_CLOCK, offset)

    def _drop(self, target: int, n: int) -> None:
        """The proxy in front of some devices cuts every connection through it mid-frame. Their
        sockets may still be reconnecting from an outage the step before: the cut waits a
        moment for one, so it strikes a live link (it is the link's drop this step tests)."""
        behind = {i % len(self.servers) for i in self.proxied}
        for which, proxy in enumerate(self.proxies):
            if which in behind and not self.down[which]:
                proxy.wait_for_socket(SOCKET_BACK_S)
            proxy.cut()

    # -- settling and checking ----------------------------------------------------------------

    def settle(self, timeout_s: float = 90.0) -> float:
        """Every step taken; network and servers back; until every outbox holds nothing
        unsent. Seconds from the last fault (or from now, if there was none) until then."""
        self.drain()
        for which in list(self.down):
            self.down[which] = 1
            self._restart(which, 0)
        started = time.monotonic()
        deadline = started + timeout_s
        for sent in [d.lane.post(partial(self._send_all, d, deadline)) for d in self.devices]:
            sent.result()
        return time.monotonic() - (self.last_fault_at or started)

    @staticmethod
    def _send_all(device: Device, deadline: float) -> None:
        device.offline = device.all_offline = False
        device.context.set_offline(False)
        # Nothing left to send: what stays is only what the server refused (the banner counts
        # those too, as needing a person), checked and reported by ``verify``.
        while any(r["state"] != "attention" for r in stored(device.page)["outbox"]):
            if time.monotonic() > deadline:
                return  # ``verify`` names what is still unsent
            device.page.wait_for_timeout(250)

    def verify(self, timeout_s: float = 30.0) -> list[str]:
        """What is wrong at the end; empty when the run holds."""
        problems: list[str] = []
        manager = Rest(self.server.url, login(self.server.url, "manager"))
        events = _all_events(manager)
        seqs = [e["seq"] for e in events]
        if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            problems.append("the log has a gap")
        problems += _each_change_once(events)
        created = Counter()
        first_lines: dict[str, list[dict]] = {}  # note -> the lines its order was created with
        orders: dict[str, dict] = {}
        for e in events:
            if e["type"] == "order_created":
                note = e["data"]["lines"][0].get("note", "")
                created[note] += 1
                first_lines[note] = e["data"]["lines"]
                orders[e["data"]["id"]] = e["data"]
            elif e["type"] == "order_updated":
                orders[e["data"]["id"]] = e["data"]
        for note, client_id in self.placed.items():
            if created[note] != 1:
                problems.append(f"{note} ({client_id}) is on the server {created[note]} times")
                continue
            given = _as_given(first_lines[note])
            if [g[:3] for g in given] != [(PLACED_ITEM, 1, note)]:
                problems.append(f"{note} is on the server with other lines than were ordered")
            frame = self.sent.get(client_id)  # unseen if only the service worker sent it
            if frame is not None and given != _as_given(frame["data"]["lines"]):
                problems.append(f"{note} is on the server with other lines than its kiosk sent")
        for note in set(created) - set(self.placed):
            problems.append(f"{note} is on the server but no kiosk placed it")
        checks = [
            d.lane.post(partial(self._device_problems, i, d, orders, timeout_s))
            for i, d in enumerate(self.devices)
        ]  # fmt: skip
        for check in checks:
            problems += check.result()
        # Each device's check waits until its screen holds the server's state: when the last
        # is done, every screen agrees (if nothing is wrong).
        self.agreed_at = time.monotonic()
        problems += self._refused_out_of_sight()
        problems += [f"a page logged: {e}" for e in dict.fromkeys(self.errors)]
        problems += self.findings
        return problems

    def _refused_out_of_sight(self) -> list[str]:
        """A change the server refused stays queued, shown, until a person retries or discards
        it (and no one here does): one the server logged that no device holds left its queue
        unseen, and a person never learned that what they did did not happen."""
        logged = {
            m.group(1)
            for s in self.servers
            for m in REFUSED_CHANGE.finditer(s.log_path.read_text(errors="replace"))
        }
        return [f"the server refused change {c}, and no device holds it for a person"
                for c in sorted(logged - self.held_refused)]  # fmt: skip

    def _device_problems(self, i: int, device: Device, orders: dict[str, dict],
                         timeout_s: float) -> list[str]:  # fmt: skip
        """What is wrong on one device, checked on its own lane."""
        problems = self._outbox_problems(i, device)
        worker = device.page.evaluate(
            "async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? null"
        )
        if worker != "activated":
            problems.append(f"device {i} ({device.screen}) has no active service worker ({worker}):"
                            f" it would not start without the server")  # fmt: skip
        if device.screen == "kiosk":
            waiting = device.page.locator("#recent li[data-pending=true]").count()
            if waiting:
                problems.append(f"kiosk {i} shows {waiting} order(s) still waiting")
        problems += self._holds_the_servers_floor(i, device, timeout_s)
        if device.screen == "kitchen":
            problems += self._kitchen_matches(orders, timeout_s)
        return problems

    def _outbox_problems(self, i: int, device: Device) -> list[str]:
        """Only refused changes may stay, each shown on the device's screen for a person."""
        problems = []
        for record in stored(device.page)["outbox"]:
            if record["state"] != "attention":
                problems.append(f"device {i} ({device.screen}) still holds {record['op']} unsent")
                continue
            code = (record.get("error") or {}).get("code")
            with self.lock:
                self.refused.append(f"device {i} {record['op']}: {code}")
                self.held_refused.add(record["client_id"])
            shown = device.page.locator(f"#attention li[data-attention='{record['client_id']}']")
            if not shown.count():
                problems.append(f"device {i} holds a refused {record['op']} it does not show")
        return problems

    def _holds_the_servers_floor(self, i: int, device: Device, timeout_s: float) -> list[str]:
        """The state the device keeps (the floor it stores with its cursor) is the server's,
        as this device may read it, once its cursor reaches the server's."""
        deadline = time.monotonic() + timeout_s
        while True:
            token = kv_value(device.page, "token")
            server = Rest(self.server.url, token).get("/floor").json()
            held = (kv_value(device.page, "floor") or {}).get("snapshot") or {}
            if held.get("seq") == server["seq"]:
                # The server's floor in the order a device stores it (``to_snapshot``).
                want = reducer.to_snapshot(reducer.from_snapshot(server))
                differ = [k for k in SCREEN_STATE if held.get(k) != want[k]]
                if not differ:
                    return []
                if time.monotonic() > deadline:
                    return [f"device {i} ({device.screen}) holds other {', '.join(differ)}"
                            f" than the server at seq {server['seq']}"]  # fmt: skip
            elif time.monotonic() > deadline:
                return [f"device {i} ({device.screen}) stopped at seq {held.get('seq')},"
                        f" the server is at {server['seq']}"]  # fmt: skip
            device.page.wait_for_timeout(250)

    def _kitchen_matches(self, orders: dict[str, dict], timeout_s: float) -> list[str]:
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


def _one_of(items: Locator, target: int) -> Locator | None:
    """The ``target``-th of what is on screen now (counted once: the list may change)."""
    count = items.count()
    return items.nth(target % count) if count else None


def _tap_one_of(items: Locator, target: int) -> bool:
    """Tap the ``target``-th of a list; False if there is none, or if the list changed under
    the finger (an event moved the tile away) and the tapped one is gone. A tile that stays
    on screen and cannot be tapped is a failure."""
    count = items.count()
    if not count:
        return False
    try:
        items.nth(target % count).click(timeout=5_000)
    except PlaywrightTimeout:
        if items.count() != count:
            return False
        raise
    return True


def _as_given(lines: list[dict]) -> list[tuple]:
    """What a guest chose on a line, as sent or as the server priced it."""
    return [
        (line["item_id"], line["qty"], line.get("note", ""),
         sorted(m["id"] if isinstance(m, dict) else m for m in line.get("modifiers", [])))
        for line in lines
    ]  # fmt: skip


def _each_change_once(events: list[dict]) -> list[str]:
    """A change applied twice would show as its events in two commits: every change's events
    must be one run of seqs written at one moment."""
    made: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        change = (event.get("by") or {}).get("change")
        if change:
            made[change].append(event)
    problems = []
    for change, its in made.items():
        seqs = [e["seq"] for e in its]
        if seqs != list(range(seqs[0], seqs[0] + len(seqs))) or len({e["at"] for e in its}) > 1:
            problems.append(f"change {change} was applied more than once (seqs {seqs})")
    return problems


def _all_events(rest: Rest) -> list[dict]:
    out: list[dict] = []
    since = 0
    while True:
        page = rest.get(f"/events?since={since}&limit=500").json()
        out += page["events"]
        if not page["events"] or out[-1]["seq"] >= page["seq"]:
            return out
        since = out[-1]["seq"]
