"""The app as a tablet reaches it in a restaurant: over HTTPS through the real Caddy, with the
deployment's own Caddyfile. The browser trusts Caddy's CA as a tablet that installed its root
would: the page is a secure context, so the service worker, the offline app, is there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import notes_of, place, server_orders, sign_in
from tests.browser.conftest import CHROMIUM_FLAGS, wait_offline_ready, wait_ready
from tests.support.wait import until


@pytest.fixture
def tablet(playwright, browser_type_launch_args, behind_caddy) -> Iterator[Browser]:
    _, caddy = behind_caddy
    trust = f"--ignore-certificate-errors-spki-list={caddy.spki_hash()}"
    browser = playwright.chromium.launch(
        **{**browser_type_launch_args, "args": [*CHROMIUM_FLAGS, trust]}
    )
    yield browser
    browser.close()


def test_through_caddy_the_app_goes_live_works_offline_and_delivers_once(behind_caddy, tablet):
    server, caddy = behind_caddy
    page: Page = tablet.new_page()
    sign_in(page, caddy.url)  # "live": the socket came up through Caddy
    assert page.evaluate("() => window.isSecureContext && window.crossOriginIsolated")
    wait_offline_ready(page)
    place(page, "via caddy")
    until(lambda: notes_of(server_orders(server)), lambda n: n == ["via caddy"])

    server.kill()  # the app server is gone; Caddy still answers (502)
    place(page, "while the server is down")
    page.reload()  # a tablet restarted mid-outage: the worker brings the app back
    wait_ready(page)
    expect(page.locator("#kiosk")).to_be_visible(timeout=20_000)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "1", timeout=20_000)
    expect(page.locator("#sync-banner")).not_to_have_attribute("data-state", "live")

    server.start()
    until(lambda: len(server_orders(server)), lambda n: n >= 2, timeout=30)
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=30_000)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "0")
    assert notes_of(server_orders(server)) == ["via caddy", "while the server is down"]
