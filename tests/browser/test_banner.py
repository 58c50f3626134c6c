"""The sync banner as a person meets it: it steps back when all is well, a tap tells how fresh
the screen is, and the menu it shows is kept current by deltas."""

from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import Page, expect

from tests.browser.actions import sign_in, wait_banner_faded
from tests.browser.conftest import wait_offline_ready
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess
from tests.support.wait import until


def test_live_fades_and_a_tap_shows_the_last_update(fresh_server: ServerProcess, page: Page, shoot):
    sign_in(page, fresh_server.url)
    banner = page.locator("#sync-banner")
    expect(banner).to_have_text("Live")
    shoot(page, "live")
    wait_banner_faded(page)  # after about 3 s
    background = banner.evaluate("n => getComputedStyle(n).backgroundColor")
    assert background == "rgba(0, 0, 0, 0)", background
    expect(page.locator("#sync-details")).to_be_hidden()
    page.click("#sync-banner button")
    expect(page.locator("#sync-details")).to_be_visible()
    expect(page.locator("#sync-banner button")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-detail=last-updated]")).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))
    expect(page.locator("[data-detail=connection]")).to_have_text("Live")
    shoot(page, "details")
    page.click("#sync-banner button")
    expect(page.locator("#sync-details")).to_be_hidden()


def test_menu_changes_arrive_as_deltas(fresh_server: ServerProcess, page: Page):
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/menu" in r.url else None)
    sign_in(page, fresh_server.url)
    page.click("#sync-banner button")
    version = (
        Rest(fresh_server.url, login(fresh_server.url, "floor")).get("/menu").json()["version"]
    )
    expect(page.locator("[data-detail=menu-updated]")).to_contain_text(f"version {version},")
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))
    item = {"name": "Pide", "price": 1100, "category_id": "mains"}
    assert manager.put("/menu/items/pide", item).status_code == 200
    expect(page.locator("[data-detail=menu-updated]")).to_contain_text(
        f"version {version + 1},", timeout=5_000
    )
    assert any(u.endswith(f"since_version={version}") for u in asked), asked
    assert page.locator("#sync-banner").get_attribute("data-menu-stale") == "false"


def test_a_menu_older_than_a_day_is_flagged_until_refreshed(
    fresh_server: ServerProcess, page: Page, shoot
):
    sign_in(page, fresh_server.url)
    wait_offline_ready(page)
    fresh_server.kill()
    # The device last reached the server two days ago: age the stored menu.
    page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('passline');
            open.onsuccess = () => {
                const tx = open.result.transaction('kv', 'readwrite');
                const kv = tx.objectStore('kv');
                const get = kv.get('menu');
                get.onsuccess = () => {
                    const old = new Date(Date.now() - 2 * 86400e3).toISOString();
                    const menu = JSON.parse(get.result);  // records are kept as JSON text
                    kv.put(JSON.stringify({...menu, fetched_at: old}), 'menu');
                };
                tx.oncomplete = () => { open.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
            };
        })"""
    )
    page.reload()
    banner = page.locator("#sync-banner")
    expect(banner).to_have_attribute("data-menu-stale", "true", timeout=60_000)
    page.click("#sync-banner button")
    expect(page.locator("[data-detail=menu-updated]")).to_contain_text("more than a day old")
    shoot(page, "stale-menu")
    fresh_server.start()
    expect(banner).to_have_attribute("data-menu-stale", "false", timeout=30_000)
    expect(page.locator("[data-detail=menu-updated]")).not_to_contain_text("more than a day old")


def test_refresh_now_reloads_what_the_server_holds(fresh_server: ServerProcess, page: Page):
    """A support call: "the screen looks wrong". Refresh now fetches the floor and the menu
    again; here a table renamed behind the app's back (a restored backup does this)."""
    sign_in(page, fresh_server.url, "floor")
    tile = page.locator("[data-table=hall-1] .name")
    expect(tile).to_have_text("H1")
    with sqlite3.connect(fresh_server.db) as db:
        db.execute("UPDATE dining_tables SET name = 'Terrace 1' WHERE id = 'hall-1'")
    page.click("#sync-banner button")
    with page.expect_request(lambda r: "/api/v1/menu?since_version=0" in r.url):
        page.click("#refresh-now")
    expect(tile).to_have_text("Terrace 1")
    expect(page.locator("#refresh-result")).to_contain_text("Refreshed from the server at")
    fresh_server.kill()
    page.click("#refresh-now")
    expect(page.locator("#refresh-result")).to_contain_text("The server did not answer")
    expect(tile).to_have_text("Terrace 1")  # what was saved stays on screen


def test_an_error_in_the_page_is_shown_and_reaches_the_server(
    fresh_server: ServerProcess, page: Page
):
    """A handler that fails on a kiosk, where nobody reads the console: the diagnostics panel
    lists it and the server logs it with the device's role and the app's build."""
    sign_in(page, fresh_server.url, "kiosk")
    page.evaluate("setTimeout(() => { throw new Error('the card reader handler broke') }, 0)")
    page.evaluate("() => { Promise.reject(new Error('a promise nobody awaited')); }")
    page.click("#diagnostics summary")
    recent = page.locator("[data-diag=recent-errors]")
    expect(recent).to_contain_text("page: Error: the card reader handler broke")
    expect(recent).to_contain_text("a promise nobody awaited")
    build = page.locator("[data-diag=version]").inner_text()
    line = until(
        lambda: [x for x in fresh_server.log_path.read_text().splitlines() if "card reader" in x],
        bool,
    )[0]
    assert "role=kiosk" in line and f"build='{build}'" in line
