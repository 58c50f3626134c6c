"""The sync engine in real Chromium, through the real screens, with real outages: the server
process is stopped. Orders are placed on the kiosk and watched on the kitchen display."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Browser, Page, expect

from server.store import SqliteDatabase, Store
from tests.browser.actions import (
    fire_background_sync,
    notes_of,
    place,
    rest_order,
    server_orders,
    sign_in,
    ticket,
)
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.browser.device import kv_value
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.upgrade_stripping_proxy import UpgradeStrippingProxy
from tests.support.wait import until


def test_a_second_screen_sees_every_change_live(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    kiosk = browser.new_context().new_page()
    kitchen_a = browser.new_context().new_page()
    kitchen_b = browser.new_context().new_page()
    sign_in(kiosk, fresh_server.url)
    sign_in(kitchen_a, fresh_server.url, "kitchen")
    sign_in(kitchen_b, fresh_server.url, "kitchen")
    place(kiosk, "from the kiosk")
    expect(ticket(kitchen_a, "from the kiosk")).to_be_visible(timeout=5_000)
    ticket(kitchen_b, "from the kiosk").get_by_role("button", name="Accept").click()
    expect(ticket(kitchen_a, "from the kiosk").get_by_role("button", name="Start")).to_be_visible(
        timeout=5_000
    )
    shoot(kitchen_a, "kitchen-a")


def test_orders_placed_while_the_server_is_down_arrive_once_in_order(
    fresh_server: ServerProcess, page: Page, shoot
):
    sign_in(page, fresh_server.url)
    wait_offline_ready(page)
    fresh_server.kill()
    notes = [f"offline-{n:02d}" for n in range(50)]
    banner = page.locator("#sync-banner")
    for chunk in (notes[:20], notes[20:35], notes[35:]):
        for note in chunk:
            place(page, note)
            expect(page.locator("#placed-status")).to_have_text(
                "Will be sent when the connection is back"
            )
        expect(banner).to_have_attribute("data-waiting", str(notes.index(chunk[-1]) + 1))
        shoot(page, f"queued-{len(chunk)}")
        if chunk is not notes[35:]:
            page.reload()  # the outbox is in IndexedDB, the app boots from the worker's cache
            wait_ready(page)
            expect(page.locator("#kiosk")).to_be_visible(timeout=20_000)
            expect(page.locator("#recent li[data-pending=true]")).to_have_count(4)
    fresh_server.start()
    expect(banner).to_have_attribute("data-waiting", "0", timeout=30_000)
    placed = server_orders(fresh_server)
    assert notes_of(placed) == notes  # exactly 50, in the order they were placed
    numbers = [int(re.sub(r"\D", "", o["number"])) for o in placed]
    assert numbers == sorted(numbers)
    # The kiosk's recent orders now carry the server's numbers, not references.
    recent = page.locator("#recent li")
    expect(recent.first).to_contain_text(placed[-1]["number"])
    expect(recent.first).to_have_attribute("data-pending", "false")


def test_a_refused_change_is_shown_and_the_rest_go_through(fresh_server: ServerProcess, page: Page):
    doomed = rest_order(fresh_server, "to be cancelled elsewhere")
    kept = rest_order(fresh_server, "bumped after the refused one")
    sign_in(page, fresh_server.url, "kitchen")
    expect(ticket(page, "bumped after the refused one")).to_be_visible()
    fresh_server.kill()
    ticket(page, "to be cancelled elsewhere").get_by_role("button", name="Accept").click()
    ticket(page, "bumped after the refused one").get_by_role("button", name="Accept").click()
    # Meanwhile the first was cancelled elsewhere, and that write reached the database first.
    store = Store(SqliteDatabase(fresh_server.db))
    cancel = {"order_id": doomed["id"], "status": "cancelled", "reason": "wrong_item"}
    store.submit("demo", new_client_id(), "set_order_status", cancel)
    store.db.close()
    fresh_server.start()
    attention = page.locator("#attention li")
    expect(page.locator("#sync-banner")).to_contain_text("1 change needs attention", timeout=30_000)
    page.click("#sync-banner button")  # the banner opens the list
    expect(attention).to_have_count(1)
    expect(attention).to_contain_text("cannot go from 'cancelled' to 'accepted'")
    assert [(o["id"], o["status"]) for o in server_orders(fresh_server)] == [
        (kept["id"], "accepted")
    ]
    expect(ticket(page, "to be cancelled elsewhere")).to_have_count(0)
    attention.get_by_role("button", name="Discard").click()
    expect(attention).to_have_count(0)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "0")


def test_with_the_page_closed_the_worker_delivers_the_outbox(
    fresh_server: ServerProcess, browser: Browser
):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, fresh_server.url)
    wait_offline_ready(page)
    fresh_server.kill()
    for note in ("closed-1", "closed-2", "closed-3"):
        place(page, note)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "3")
    page.close()  # the kiosk's tab is gone; the orders are only in IndexedDB now
    fresh_server.start()
    fire_background_sync(context, fresh_server.url)
    until(lambda: len(server_orders(fresh_server)), lambda n: n >= 3)
    assert notes_of(server_orders(fresh_server)) == ["closed-1", "closed-2", "closed-3"]
    # The app, opened again, finds nothing left to send, and sends nothing twice.
    again = context.new_page()
    again.goto(fresh_server.url + "/#/kiosk")
    expect(again.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=20_000)
    again.wait_for_timeout(3_000)  # a window long enough for a second send to show
    assert len(server_orders(fresh_server)) == 3
    context.close()


def record_sends(page: Page, sent: list[str]) -> None:
    """Every client_id this page submits on its live socket, alone or in a batch."""

    def frame(payload: str | bytes) -> None:
        message = json.loads(payload)
        if message.get("type") == "submit":
            sent.append(message["client_id"])
        elif message.get("type") == "submit_batch":
            sent.extend(m["client_id"] for m in message["mutations"])

    page.on("websocket", lambda ws: ws.on("framesent", frame))


def record_batches(context, sent: list[str]) -> None:
    """Every client_id in a REST batch that reached the server, from this context's pages and
    its service worker. (Attempts refused while the server is down are retries, not sends.)"""

    def finished(req) -> None:
        if req.method == "POST" and req.url.endswith("/api/v1/mutations"):
            sent.extend(m["client_id"] for m in json.loads(req.post_data)["mutations"])

    context.on("requestfinished", finished)


def test_two_tabs_queueing_at_once_send_each_order_once(
    fresh_server: ServerProcess, browser: Browser
):
    context = browser.new_context()
    sent: list[str] = []
    record_batches(context, sent)
    first = context.new_page()
    record_sends(first, sent)
    sign_in(first, fresh_server.url)
    wait_offline_ready(first)
    second = context.new_page()  # the same device: signed in already, same outbox store
    record_sends(second, sent)
    second.goto(fresh_server.url + "/#/kiosk")
    expect(second.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
    fresh_server.kill()
    notes = []
    for n in range(5):
        for tab, name in ((first, "first"), (second, "second")):
            notes.append(f"{name}-{n}")
            place(tab, notes[-1])
    expect(first.locator("#sync-banner")).to_have_attribute("data-waiting", "10", timeout=10_000)
    fresh_server.start()
    for tab in (first, second):
        expect(tab.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=30_000)
    first.wait_for_timeout(3_000)  # a window long enough for a second send to show
    placed = notes_of(server_orders(fresh_server))
    assert sorted(placed) == sorted(notes) and len(placed) == 10
    # One flusher: each of the ten left this device once, though both tabs queued them.
    assert len(sent) == len(set(sent)) == 10, sent
    context.close()


def test_a_second_screen_catches_up_after_its_own_outage_without_a_reload(
    tmp_path, browser: Browser
):
    """The kitchen screen loses its network (Wi-Fi gone) while the kiosk keeps working; when
    the kitchen's network is back it shows everything it missed, on the same page. A 1 s
    heartbeat makes it notice its dead socket in 2 s instead of 50."""
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_PING_INTERVAL_S": "1"}).start()
    try:
        kiosk = browser.new_context().new_page()
        kitchen_context = browser.new_context()
        kitchen = kitchen_context.new_page()
        sign_in(kiosk, server.url)
        sign_in(kitchen, server.url, "kitchen")
        place(kiosk, "before the outage")
        expect(ticket(kitchen, "before the outage")).to_be_visible(timeout=5_000)
        first = kiosk.locator("#placed-number").inner_text()
        kitchen_context.set_offline(True)
        banner = kitchen.locator("#sync-banner")
        expect(banner).to_have_attribute("data-state", "offline", timeout=15_000)
        for n in range(3):
            place(kiosk, f"missed {n}")
        expect(kiosk.locator("#placed-status")).to_have_text("Sent to the kitchen", timeout=5_000)
        floor = Rest(server.url, login(server.url, "floor"))  # another device moves one along
        order_id = next(
            o["id"] for o in floor.get("/floor").json()["orders"] if o["number"] == first
        )
        body = {"client_id": new_client_id(), "status": "accepted"}
        assert floor.post(f"/orders/{order_id}/status", body).status_code == 200
        expect(ticket(kitchen, "missed 0")).to_have_count(0)
        kitchen_context.set_offline(False)
        expect(banner).to_have_attribute("data-state", "live", timeout=30_000)
        for n in range(3):
            expect(ticket(kitchen, f"missed {n}")).to_be_visible(timeout=5_000)
        expect(ticket(kitchen, "before the outage")).to_have_attribute("data-status", "accepted")
        assert kitchen.evaluate("performance.getEntriesByType('navigation').length") == 1
    finally:
        server.kill()


def test_behind_a_proxy_that_refuses_websockets_it_polls_and_still_delivers(
    fresh_server: ServerProcess, page: Page, shoot
):
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        sign_in(page, proxy.url, "kitchen", state="polling")
        expect(page.locator("#sync-banner")).to_contain_text("Connected (polling)")
        assert proxy.refused_upgrades >= 1
        # Another device's order arrives by polling, within a few seconds...
        order = rest_order(fresh_server, "from the kiosk")
        card = ticket(page, "from the kiosk")
        expect(card).to_be_visible(timeout=8_000)
        # ...and this screen's bump goes out over plain HTTP.
        card.get_by_role("button", name="Accept").click()
        expect(card.get_by_role("button", name="Start")).to_be_visible()
        expect(card.locator(".sending")).to_have_count(0, timeout=10_000)  # acked
        expect(card.get_by_role("button", name="Start")).to_be_visible()  # and stays so
        assert [(o["id"], o["status"]) for o in server_orders(fresh_server)] == [
            (order["id"], "accepted")
        ]
        shoot(page, "polling")


# Read every 5 ms, each time in one transaction over both stores: whether a change of this
# order is queued, and the order's status in the floor the page stored.
WATCH_QUEUE_AND_FLOOR = """(orderId) => {
  window.queueAndFloor = [];
  const look = () => {
    const request = indexedDB.open("passline");
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(["kv", "outbox"], "readonly");
      const floor = tx.objectStore("kv").get("floor");
      const queue = tx.objectStore("outbox").getAll();
      tx.oncomplete = () => {
        const stored = JSON.parse(floor.result || "{}").snapshot || { orders: [] };
        const order = stored.orders.find((o) => o.id === orderId);
        const queued = queue.result.some((m) => m.data && m.data.order_id === orderId);
        window.queueAndFloor.push([queued, order ? order.status : null]);
        db.close();
      };
    };
  };
  window.watching = setInterval(look, 5);
}"""


def test_a_change_leaves_the_queue_only_with_a_stored_floor_that_shows_it(
    fresh_server: ServerProcess, page: Page
):
    """Over plain HTTP the ack comes before the change's event: had the queue dropped the bump
    and the stored floor not shown it, a reload then would show the ticket unbumped."""
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        sign_in(page, proxy.url, "kitchen", state="polling")
        order = rest_order(fresh_server, "watched")
        card = ticket(page, "watched")
        expect(card).to_be_visible(timeout=8_000)
        page.evaluate(WATCH_QUEUE_AND_FLOOR, order["id"])
        card.get_by_role("button", name="Accept").click()
        expect(card.locator(".sending")).to_have_count(0, timeout=10_000)  # acked
        # The next polls bring its event, and the stored floor shows it: seconds on a busy
        # machine, so waited for, not slept.
        page.wait_for_function(
            "() => { const s = window.queueAndFloor; const last = s[s.length - 1];"
            " return last && !last[0] && last[1] === 'accepted'; }", timeout=20_000,
        )  # fmt: skip
        seen = page.evaluate("clearInterval(window.watching) || window.queueAndFloor")
    after = seen[seen.index([True, "new"]) :]  # from the tap: queued, the floor not yet changed
    assert after[-1] == [False, "accepted"]
    # Never gone from the queue while the stored floor still has the ticket new.
    assert [False, "new"] not in after


def test_a_tab_behind_never_stores_its_floor_over_a_newer_one(
    fresh_server: ServerProcess, browser: Browser
):
    """Two kitchen tabs on one device share one stored floor. Had the tab behind (its link
    slow) stored its floor over the one the other stored as it ended a bump it delivered, a
    reload without the server would show the ticket new: bumped again."""
    context = browser.new_context()
    ahead = context.new_page()
    sign_in(ahead, fresh_server.url, "kitchen")
    wait_offline_ready(ahead)
    order = rest_order(fresh_server, "bumped once")
    until(lambda: stored_status(ahead, order["id"]), lambda s: s == "new", timeout=10)
    polls = {"allowed": 0}

    def one_event_at_a_time(route) -> None:
        """The tab behind polls (its socket is refused); it reads only what it is let read,
        one event. (The tab ahead is live: its socket brings everything.)"""
        if not polls["allowed"]:
            route.abort("connectionreset")
            return
        polls["allowed"] -= 1
        answer = route.fetch()
        body = answer.json()
        body["events"] = body["events"][:1]
        body["seq"] = body["events"][0]["seq"] if body["events"] else body["seq"]
        route.fulfill(response=answer, json=body)

    context.route(re.compile(r"/api/v1/events\?"), one_event_at_a_time)  # via the worker
    behind = context.new_page()
    behind.route_web_socket(re.compile(r"/api/v1/live"), lambda ws: ws.close())
    # Its Python on the main thread (the fallback for browsers without cross-origin isolation):
    # Playwright's socket routes do not reach a socket opened from a worker.
    behind.goto(fresh_server.url + "/?thread=main#/kitchen")
    expect(ticket(behind, "bumped once")).to_be_visible(timeout=20_000)
    rest_order(fresh_server, "after it")  # an event before the bump, for the tab behind
    expect(ticket(ahead, "after it")).to_be_visible(timeout=10_000)
    ahead.evaluate(WATCH_QUEUE_AND_FLOOR, order["id"])
    ticket(ahead, "bumped once").get_by_role("button", name="Accept").click()
    until(lambda: ahead.evaluate("window.queueAndFloor.at(-1)"), [False, "accepted"].__eq__)
    polls["allowed"] = 1  # the tab behind reads one event and stores its floor, behind
    # Route handlers run while Playwright waits: wait in it, not in time.sleep.
    until(lambda: behind.wait_for_timeout(100) or polls["allowed"], lambda n: n == 0, timeout=15)
    behind.wait_for_timeout(2_000)  # past its next floor save
    seen = ahead.evaluate("clearInterval(window.watching) || window.queueAndFloor")
    done = seen.index([False, "accepted"])
    assert [False, "new"] not in seen[done:]  # never undone, with nothing left queued
    # What a person sees: the kitchen opened again with the server gone.
    fresh_server.kill()
    ahead.close()
    behind.close()
    again = context.new_page()
    again.goto(fresh_server.url + "/#/kitchen")
    expect(ticket(again, "bumped once")).to_have_attribute("data-status", "accepted",
                                                           timeout=30_000)  # fmt: skip
    context.close()


def stored_status(page: Page, order_id: str) -> str | None:
    floor = (kv_value(page, "floor") or {}).get("snapshot") or {}
    return next((o["status"] for o in floor.get("orders", []) if o["id"] == order_id), None)
