"""Notices while the app is in the background: a floor phone hears that a table's order is
ready at the pass, a manager's device that stock runs low; a tap opens the table or the menu.

Two things a headless browser cannot do are stood in for, and only those: its pages are always
"visible", so the page is told it is hidden (``document.visibilityState``, as a locked phone
tells it); and nobody can tap a system notification, so the test dispatches the
``notificationclick`` the browser would, in the real service worker, on the real notification.
"""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.actions import sign_in
from tests.browser.conftest import wait_ready
from tests.support.client import Rest, login, new_client_id, order_body
from tests.support.server_process import ServerProcess

HIDE = """() => {
    Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"});
    document.dispatchEvent(new Event("visibilitychange"));
}"""
SHOWN = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map(n => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}))"""
TAP = """async () => {
    const [notification] = await self.registration.getNotifications();
    self.dispatchEvent(new NotificationEvent("notificationclick", {notification}));
}"""


def shown(page: Page, count: int, timeout_s: float = 10) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    while True:
        found = page.evaluate(SHOWN)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def tap(context: BrowserContext) -> None:
    [worker] = context.service_workers
    worker.evaluate(TAP)


def make_ready(url: str, table_id: str) -> dict:
    order = Rest(url, login(url, "kiosk")).post("/orders", order_body(table_id)).json()["order"]
    kitchen = Rest(url, login(url, "kitchen"))
    for status in ("accepted", "preparing", "ready"):
        body = {"client_id": new_client_id(), "status": status}
        assert kitchen.post(f"/orders/{order['id']}/status", body).status_code == 200
    return order


def test_a_waiter_s_phone_in_the_pocket_hears_the_table_is_ready(
    fresh_server: ServerProcess, browser, shoot
):
    url = fresh_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    floor = context.new_page()
    sign_in(floor, url, "floor")
    switch = floor.locator("#notify")
    expect(switch).to_have_text("Notify me")
    context.grant_permissions(["notifications"], origin=url)  # the person says "Allow"
    shoot(floor, "asking")
    switch.click()
    expect(switch).to_be_hidden()  # allowed: nothing left to ask; Diagnostics says so
    expect(floor.locator("#diagnostics")).to_contain_text("Notifications")
    expect(floor.locator("#diagnostics")).to_contain_text("granted")

    # On screen, the floor itself shows it: no notification on top.
    first = make_ready(url, "hall-2")
    expect(floor.locator("button.table[data-table=hall-2]")).to_have_attribute(
        "data-status", "ready"
    )
    assert shown(floor, 1, timeout_s=1) == []

    floor.evaluate(HIDE)  # the phone goes into the pocket
    second = make_ready(url, "hall-3")
    [notice] = shown(floor, 1)
    assert notice["title"] == "Ready at the pass: H3"
    assert notice["body"] == f"Order {second['number']}: 1× Classic burger"
    assert notice["url"] == "/#/floor/hall-3" and notice["tag"] == f"ready-{second['id']}"
    assert first["id"] not in notice["tag"]

    tap(context)
    sheet = floor.locator("#table-sheet")
    expect(sheet).to_be_visible()
    expect(sheet).to_have_attribute("data-table", "hall-3")
    expect(sheet.locator(f"[data-order='{second['id']}']")).to_be_visible()
    assert floor.evaluate("location.hash") == "#/floor/hall-3"
    assert shown(floor, 0) == [], "a tapped notification goes away"


def test_a_manager_hears_that_stock_runs_low_and_the_tap_opens_the_menu(
    fresh_server: ServerProcess, browser
):
    url = fresh_server.url
    manager = Rest(url, login(url, "manager"))
    stock = {"item_id": "ayran", "stock": 4, "stock_low_at": 2}
    answer = manager.post(
        "/mutations",
        {"mutations": [{"client_id": new_client_id(), "op": "set_item_stock", "data": stock}]},
    )
    assert answer.json()["results"][0]["type"] == "ack", answer.text

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["notifications"], origin=url)
    page = context.new_page()
    page.goto(f"{url}/#/manage/day")
    wait_ready(page)
    page.fill("#pin", "9999")
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#tab-day")).to_have_attribute("aria-selected", "true", timeout=20_000)
    expect(page.locator("#notify")).to_be_hidden()
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
    page.evaluate(HIDE)

    kiosk = Rest(url, login(url, "kiosk"))
    line = {"item_id": "ayran", "qty": 2}
    assert kiosk.post("/orders", order_body(None, [line])).status_code == 201
    [notice] = shown(page, 1)
    assert (notice["title"], notice["body"]) == ("Low stock: Ayran", "2 left")
    assert notice["url"] == "/#/manage/menu"

    tap(context)
    expect(page.locator("#tab-menu")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#manage-menu")).to_be_visible()
