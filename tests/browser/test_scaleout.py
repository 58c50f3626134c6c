"""Scaled out, seen from the screens: the kiosk on one server process, the kitchen on another,
both on one PostgreSQL and one Redis. An outage is the kiosk's process killed."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.actions import place, sign_in, ticket
from tests.browser.conftest import wait_offline_ready
from tests.support.server_process import ServerProcess


def test_an_order_placed_offline_on_one_process_reaches_a_kitchen_on_another_once(
    pg_databases, redis_server, tmp_path, browser: Browser, shoot
):
    database = pg_databases.new()
    a, b = (ServerProcess(database, log_dir=tmp_path, args=("--broker", redis_server.url))
            for _ in range(2))  # fmt: skip
    a.start()
    b.start()
    try:
        kiosk = browser.new_context().new_page()
        kitchen = browser.new_context().new_page()
        sign_in(kiosk, a.url)
        sign_in(kitchen, b.url, "kitchen")
        place(kiosk, "online, through A")
        expect(ticket(kitchen, "online, through A")).to_be_visible(timeout=5_000)
        wait_offline_ready(kiosk)
        a.kill()
        notes = ["offline one", "offline two", "offline three"]
        for note in notes:
            place(kiosk, note)
            expect(kiosk.locator("#placed-status")).to_have_text(
                "Will be sent when the connection is back"
            )
        expect(kiosk.locator("#sync-banner")).to_have_attribute("data-waiting", "3")
        a.start()
        expect(kiosk.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=30_000)
        for note in notes:
            expect(ticket(kitchen, note)).to_have_count(1, timeout=10_000)
        kitchen.wait_for_timeout(1_000)  # a late duplicate would show by now
        for note in [*notes, "online, through A"]:
            expect(ticket(kitchen, note)).to_have_count(1)
        shoot(kitchen, "kitchen-on-b")
    finally:
        a.kill()
        b.kill()
        pg_databases.drop(database)
