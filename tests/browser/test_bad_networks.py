"""What a restaurant's network really does, and what the screens must make of it: a dead server
is an outage (never a cached answer), a Wi-Fi login page is not the server, and the worker's
batches fit the server's limit whatever language the notes are in."""

from __future__ import annotations

import time
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import (
    fire_background_sync,
    rest_order,
    server_orders,
    sign_in,
    ticket,
)
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.browser.device import put_outbox
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess
from tests.support.upgrade_stripping_proxy import PASS, PORTAL, UpgradeStrippingProxy
from tests.support.wait import until

FETCH = """async ([url, token]) => {
  try {
    const response = await fetch(url, { headers: { Authorization: "Bearer " + token } });
    return response.status;
  } catch (error) {
    return String(error);
  }
}"""


def states_for(page: Page, seconds: float) -> set[str]:
    """Every state the banner shows during ``seconds`` (a window long enough for a cached
    answer to show up as "polling")."""
    seen = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.add(page.locator("#sync-banner").get_attribute("data-state"))
        page.wait_for_timeout(100)
    return seen


def test_a_stopped_server_is_an_outage_never_a_cached_answer(
    fresh_server: ServerProcess, page: Page
):
    sign_in(page, fresh_server.url, "floor")
    wait_offline_ready(page)
    token = login(fresh_server.url, "floor")
    seq = Rest(fresh_server.url, token).get("/events", params={"since": 0}).json()["seq"]
    # The very requests the engine makes once its socket is gone, made once while the server
    # answers: a worker that kept them would answer them again once it is gone.
    for path in (f"/api/v1/events?since={seq}&limit=500", "/api/v1/floor", "/api/v1/menu"):
        assert page.evaluate(FETCH, [fresh_server.url + path, token]) == 200
    fresh_server.kill()
    for path in (f"/api/v1/events?since={seq}&limit=500", "/api/v1/floor", "/api/v1/menu"):
        assert "Failed to fetch" in str(page.evaluate(FETCH, [fresh_server.url + path, token]))
    banner = page.locator("#sync-banner")
    expect(banner).to_have_attribute("data-state", "offline", timeout=15_000)
    assert states_for(page, 3) == {"offline"}


def test_a_wifi_login_page_is_an_outage_and_sync_resumes_after_it(
    fresh_server: ServerProcess, page: Page
):
    """A captive portal answers 200 with HTML to everything. Before, the engine choked on it
    and never asked again: sync stopped with "Connected (polling)" on screen."""
    waiting = rest_order(fresh_server, "placed before the portal")
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        sign_in(page, proxy.url, "kitchen", state="polling")
        wait_offline_ready(page)
        card = ticket(page, "placed before the portal")
        expect(card).to_be_visible()
        proxy.mode = PORTAL
        banner = page.locator("#sync-banner")
        expect(banner).to_have_attribute("data-state", "offline", timeout=15_000)
        with page.expect_response(lambda r: r.url.endswith("/api/v1/mutations")) as posted:
            card.get_by_role("button", name="Accept").click()  # posted into the portal's page
        assert posted.value.headers["content-type"].startswith("text/html")
        expect(banner).to_have_attribute("data-waiting", "1")
        rest_order(fresh_server, "placed during the portal")
        proxy.mode = PASS
        expect(banner).to_have_attribute("data-state", "polling", timeout=15_000)
        expect(ticket(page, "placed during the portal")).to_be_visible(timeout=10_000)
        expect(banner).to_have_attribute("data-waiting", "0", timeout=10_000)
    statuses = {o["id"]: o["status"] for o in server_orders(fresh_server)}
    assert statuses[waiting["id"]] == "accepted"


def test_the_worker_sizes_batches_in_bytes(fresh_server: ServerProcess, browser: Browser):
    """Six orders of fifty lines, each line with a 198-letter Turkish note: about 22 KB each
    in UTF-8 but 12 K in UTF-16 units. Counted in units, four go in one 87 KB batch, which the
    server refuses (64 KB), and the worker retries it for ever. Counted in bytes, all arrive.
    (The page cuts the batches the worker sends: it stores them with its queue.)"""
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, fresh_server.url, "kiosk")
    wait_offline_ready(page)
    fresh_server.kill()  # queued while the server is gone: the page cannot send them itself
    note = "ğüşıöç" * 33  # 198 letters, each two bytes in UTF-8
    records = [
        {
            "client_id": uuid.uuid4().hex,
            "op": "create_order",
            "data": {"table_id": None, "note": "",
                     "lines": [{"item_id": "ayran", "qty": 1, "note": note}] * 50},
            "created_at": "2026-11-22T12:00:00Z",
            "position": 1000 + n,
            "state": "pending",
            "attempts": 0,
            "not_before": 0,
            "error": None,
            "extra": {},
            "owner": "demo/kiosk",
        }
        for n in range(6)
    ]  # fmt: skip
    put_outbox(page, records)
    page.reload()  # the app, booted from its cache, finds them queued and makes the parcel
    wait_ready(page)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "6")
    page.close()  # with no page open, the worker sends them
    fresh_server.start()
    fire_background_sync(context, fresh_server.url)
    until(lambda: len(server_orders(fresh_server)), lambda n: n == 6)
    context.close()
