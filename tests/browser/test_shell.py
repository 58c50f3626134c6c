"""The installable shell in a real Chromium: boot, service worker, offline boot, updates."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import wait_ready


def controlled(page: Page) -> bool:
    return page.evaluate("() => !!navigator.serviceWorker.controller")


def wait_controlled(page: Page) -> None:
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=30_000)


def wait_precached(page: Page) -> None:
    """The worker is active only once its precache install finished."""
    page.wait_for_function(
        "async () => { const r = await navigator.serviceWorker.getRegistration();"
        " return !!(r && r.active && r.active.state === 'activated'); }",
        timeout=60_000,
    )


def test_first_load_boots_and_the_worker_takes_control(app_server, page: Page, shoot):
    page.goto(app_server.url)
    expect(page.locator("#loading")).to_be_visible()
    wait_ready(page)
    expect(page.locator("#status")).to_have_attribute("data-online", "true", timeout=10_000)
    expect(page.locator("#status")).to_have_text("Live")
    wait_precached(page)
    wait_controlled(page)
    expect(page.locator("[data-diag=service-worker]")).to_contain_text("controlling")
    shoot(page, "ready")


def test_a_full_boot_never_leaves_the_origin(app_server, context: BrowserContext, page: Page):
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))  # page and worker alike
    page.goto(app_server.url)
    wait_ready(page)
    wait_precached(page)
    origin = urlparse(app_server.url).netloc
    foreign = [
        u
        for u in seen
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != origin
    ]
    assert foreign == []
    assert any(u.endswith("/vendor/pyodide/pyodide.asm.wasm") for u in seen)


def test_with_the_server_stopped_the_app_boots_from_cache_and_says_offline(
    app_server, page: Page, shoot
):
    page.goto(app_server.url)
    wait_ready(page)
    wait_precached(page)
    wait_controlled(page)
    app_server.kill()
    page.reload()
    wait_ready(page)
    expect(page.locator("#status")).to_have_attribute("data-online", "false", timeout=10_000)
    expect(page.locator("#status")).to_contain_text("Offline — showing data saved at")
    shoot(page, "offline")
    app_server.start()
    # Noticed without a reload, within a few seconds.
    expect(page.locator("#status")).to_have_attribute("data-online", "true", timeout=6_000)
    shoot(page, "back")


def test_manifest_is_valid_and_icons_are_real_pngs(app_server, page: Page):
    response = page.request.get(app_server.url + "/manifest.json")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.body())
    assert {
        "name",
        "short_name",
        "start_url",
        "scope",
        "display",
        "icons",
        "theme_color",
        "background_color",
    } <= set(manifest)
    assert manifest["display"] == "standalone"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        body = page.request.get(app_server.url + icon["src"]).body()
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]
