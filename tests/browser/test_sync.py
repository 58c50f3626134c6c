"""The sync engine in real Chromium, with real outages: the server process is stopped."""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import Browser, Page, expect

from server.db import Database
from server.store import Store
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.upgrade_stripping_proxy import UpgradeStrippingProxy


def sign_in(page: Page, url: str, pin: str = "2222", state: str = "live") -> None:
    """Open the engine's test console (``#/ops``) behind the floor PIN."""
    page.goto(url + "/#/ops")
    wait_ready(page)
    page.fill("#pin", pin)
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", state, timeout=20_000)


def place(page: Page, note: str) -> None:
    page.fill("#order-note", note)
    page.click("#place-order")


def order_row(page: Page, note: str):
    return page.locator("#orders li", has_text=note)


def server_orders(server: ServerProcess) -> list[dict]:
    floor = Rest(server.url, login(server.url, "floor")).get("/floor").json()
    return sorted(floor["orders"], key=lambda o: (o["created_at"], o["number"]))


def test_a_second_screen_sees_every_change_live(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    a = browser.new_context().new_page()
    b = browser.new_context().new_page()
    sign_in(a, fresh_server.url)
    sign_in(b, fresh_server.url)
    place(a, "from screen A")
    expect(order_row(b, "from screen A")).to_contain_text("new", timeout=5_000)
    order_row(b, "from screen A").get_by_role("button", name="Mark accepted").click()
    expect(order_row(a, "from screen A")).to_contain_text("accepted", timeout=5_000)
    shoot(a, "screen-a")


def test_orders_placed_while_the_server_is_down_arrive_once_in_order(
    fresh_server: ServerProcess, page: Page, shoot
):
    sign_in(page, fresh_server.url)
    wait_offline_ready(page)
    fresh_server.kill()
    notes = [f"offline-{n:02d}" for n in range(50)]
    for chunk in (notes[:20], notes[20:35], notes[35:]):
        for note in chunk:
            place(page, note)
        expect(page.locator("#orders li[data-pending]")).to_have_count(
            len(notes[: notes.index(chunk[-1]) + 1])
        )
        expect(
            page.locator("#orders li", has_text="will be sent when the connection is back").first
        ).to_be_visible()
        shoot(page, f"queued-{len(chunk)}")
        if chunk is not notes[35:]:
            page.reload()  # the outbox is in IndexedDB, the app boots from the worker's cache
            wait_ready(page)
            expect(page.locator("#sync-banner")).to_be_visible(timeout=20_000)
    fresh_server.start()
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=30_000)
    expect(page.locator("#orders li[data-pending]")).to_have_count(0)
    placed = server_orders(fresh_server)
    assert [o["note"] for o in placed] == notes  # exactly 50, in the order they were placed
    numbers = [int(re.sub(r"\D", "", o["number"])) for o in placed]
    assert numbers == sorted(numbers)


def test_a_refused_change_is_shown_and_the_rest_go_through(fresh_server: ServerProcess, page: Page):
    sign_in(page, fresh_server.url)
    place(page, "to be cancelled elsewhere")
    expect(order_row(page, "to be cancelled elsewhere")).to_contain_text("A-", timeout=5_000)
    order_id = order_row(page, "to be cancelled elsewhere").get_attribute("data-order")
    fresh_server.kill()
    order_row(page, "to be cancelled elsewhere").get_by_role("button", name="Mark accepted").click()
    place(page, "placed after the refused one")
    # Meanwhile that order was cancelled elsewhere, and that write reached the database first.
    store = Store(Database(fresh_server.db))
    cancel = {"order_id": order_id, "status": "cancelled"}
    store.submit("demo", new_client_id(), "set_order_status", cancel)
    store.db.close()
    fresh_server.start()
    attention = page.locator("#attention li")
    expect(page.locator("#sync-banner")).to_contain_text("1 change needs attention", timeout=30_000)
    page.click("#sync-banner button")  # the banner opens the list
    expect(attention).to_have_count(1)
    expect(attention).to_contain_text("cannot go from 'cancelled' to 'accepted'")
    assert [o["note"] for o in server_orders(fresh_server)] == ["placed after the refused one"]
    attention.get_by_role("button", name="Discard").click()
    expect(attention).to_have_count(0)


def fire_background_sync(context, origin: str) -> None:
    """What Chromium does minutes after a failed sync, now: through the DevTools protocol."""
    blank = context.new_page()  # not the app: nothing here flushes by itself
    cdp = context.new_cdp_session(blank)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda p: registrations.extend(p["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    blank.wait_for_timeout(500)
    ours = [r for r in registrations if r["scopeURL"].startswith(origin) and not r["isDeleted"]]
    assert ours, registrations
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": origin,
            "registrationId": ours[0]["registrationId"],
            "tag": "passline-outbox",
            "lastChance": False,
        },
    )


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
    expect(page.locator("#orders li[data-pending]")).to_have_count(3)
    page.close()  # the kiosk's tab is gone; the orders are only in IndexedDB now
    fresh_server.start()
    fire_background_sync(context, fresh_server.url)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(server_orders(fresh_server)) < 3:
        time.sleep(0.25)
    assert [o["note"] for o in server_orders(fresh_server)] == ["closed-1", "closed-2", "closed-3"]
    # The app, opened again, finds nothing left to send, and sends nothing twice.
    again = context.new_page()
    again.goto(fresh_server.url + "/#/ops")
    expect(again.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=20_000)
    again.wait_for_timeout(1000)
    assert len(server_orders(fresh_server)) == 3
    context.close()


def record_sends(page: Page, sent: list[str]) -> None:
    """Every client_id this page submits on its live socket."""

    def frame(payload: str | bytes) -> None:
        message = json.loads(payload)
        if message.get("type") == "submit":
            sent.append(message["client_id"])

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
    second.goto(fresh_server.url + "/#/ops")
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
    first.wait_for_timeout(1000)
    placed = [o["note"] for o in server_orders(fresh_server)]
    assert sorted(placed) == sorted(notes) and len(placed) == 10
    # One flusher: each of the ten left this device once, though both tabs queued them.
    assert len(sent) == len(set(sent)) == 10, sent
    context.close()


def test_a_second_screen_catches_up_after_its_own_outage_without_a_reload(
    tmp_path, browser: Browser
):
    """Screen B loses its network (Wi-Fi gone) while A keeps working; when B's network is back
    it shows everything it missed, on the same page. A 1 s heartbeat makes B notice its dead
    socket in 2 s instead of 50."""
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_PING_INTERVAL_S": "1"}).start()
    try:
        a = browser.new_context().new_page()
        b_context = browser.new_context()
        b = b_context.new_page()
        sign_in(a, server.url)
        sign_in(b, server.url)
        place(a, "before B's outage")
        expect(order_row(b, "before B's outage")).to_be_visible(timeout=5_000)
        b_context.set_offline(True)
        expect(b.locator("#sync-banner")).to_have_attribute("data-state", "offline", timeout=15_000)
        for n in range(3):
            place(a, f"missed by B {n}")
        expect(order_row(a, "missed by B 2")).to_contain_text("A-", timeout=5_000)
        order_row(a, "before B's outage").get_by_role("button", name="Mark accepted").click()
        expect(order_row(b, "missed by B 0")).to_have_count(0)
        b_context.set_offline(False)
        expect(b.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=30_000)
        for n in range(3):
            expect(order_row(b, f"missed by B {n}")).to_contain_text("A-", timeout=5_000)
        expect(order_row(b, "before B's outage")).to_contain_text("accepted")
        assert b.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    finally:
        server.kill()


def test_behind_a_proxy_that_refuses_websockets_it_polls_and_still_delivers(
    fresh_server: ServerProcess, page: Page, shoot
):
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        sign_in(page, proxy.url, state="polling")
        expect(page.locator("#sync-banner")).to_contain_text("Connected (polling)")
        assert proxy.refused_upgrades >= 1
        place(page, "sent over plain HTTP")
        expect(order_row(page, "sent over plain HTTP")).to_contain_text("A-", timeout=10_000)
        assert [o["note"] for o in server_orders(fresh_server)] == ["sent over plain HTTP"]
        # Another device's change arrives by polling, within a few seconds.
        other = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
        body = {"client_id": new_client_id(), "table_id": None, "note": "from the kiosk",
                "lines": [{"item_id": "ayran", "qty": 1}]}  # fmt: skip
        assert other.post("/orders", body).status_code in (200, 201)
        expect(order_row(page, "from the kiosk")).to_be_visible(timeout=8_000)
        shoot(page, "polling")
