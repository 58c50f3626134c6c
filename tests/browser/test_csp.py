"""The app under its Content-Security-Policy (``server/headers.py``): every screen used as a
person would, and not one violation. A policy that blocked something PyScript or Pyodide needs
would show here first, as a report, before it shows as a screen that never boots."""

from __future__ import annotations

import requests
from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import place, rest_order, sign_in, ticket
from tests.browser.conftest import wait_offline_ready
from tests.support.server_process import ServerProcess

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
));
"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__csp")


def screen(browser: Browser) -> Page:
    context = browser.new_context()
    context.add_init_script(WATCH)
    return context.new_page()


def test_every_screen_runs_under_the_policy(fresh_server: ServerProcess, browser: Browser):
    header = requests.get(fresh_server.url + "/", timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'" in header
    assert "'unsafe-inline'" not in header and "default-src 'self'" in header

    kiosk = screen(browser)
    sign_in(kiosk, fresh_server.url, "kiosk")
    wait_offline_ready(kiosk)
    place(kiosk, "under the policy")  # catalogue, item sheet with a note, cart, placing
    expect(kiosk.locator(".item-card .swatch").first).to_be_attached()
    kiosk.click("#sync-banner button")
    kiosk.click("#diagnostics summary")
    assert violations(kiosk) == []

    kitchen = screen(browser)
    sign_in(kitchen, fresh_server.url, "kitchen")
    card = ticket(kitchen, "under the policy")
    card.get_by_role("button", name="Accept").click()
    expect(card.get_by_role("button", name="Start")).to_be_visible()
    assert violations(kitchen) == []

    rest_order(fresh_server, "for the floor")
    floor = screen(browser)
    sign_in(floor, fresh_server.url, "floor")
    floor.locator("button.table").first.click()
    floor.click("#sync-banner button")
    floor.click("#refresh-now")
    expect(floor.locator("#refresh-result")).to_contain_text("Refreshed")
    assert violations(floor) == []
