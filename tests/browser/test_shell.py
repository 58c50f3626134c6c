"""The installable shell in a real Chromium: boot, service worker, offline boot, updates."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.shell_copy import shell_copy

# Keeps every text the loading screen showed: on a fast machine it is gone before a look.
RECORD_LOADING_STEPS = """
window.__loadingSteps = [];
new MutationObserver(() => {
  const step = document.getElementById("loading-step");
  if (step && window.__loadingSteps.at(-1) !== step.textContent) {
    window.__loadingSteps.push(step.textContent);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_first_load_boots_and_the_worker_takes_control(fresh_server, page: Page, shoot):
    page.add_init_script(RECORD_LOADING_STEPS)
    page.goto(fresh_server.url)
    expect(page.locator("#loading")).to_be_visible()
    shoot(page, "loading")
    # The loading screen is drawn in the shell's colours, so the screen that follows completes
    # it rather than replacing another page (Lighthouse's Speed Index on / 10.6 s to 3.3 s).
    colours = (
        "(s) => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector(s)).backgroundColor]"
    )
    loading = page.evaluate(colours, "#loading header.bar")
    wait_ready(page)
    assert page.evaluate(colours, "#app header.bar") == loading
    steps = page.evaluate("window.__loadingSteps")
    assert any("MB" in step for step in steps), steps  # real progress, in bytes
    assert steps[-1] == "Starting Python…"
    # Our Python runs in a worker: the page is cross-origin isolated and PyScript was told so.
    assert page.evaluate("crossOriginIsolated")
    assert page.locator("script[type=py]").get_attribute("worker") == ""
    expect(page.locator("#status")).to_have_attribute("data-online", "true", timeout=10_000)
    expect(page.locator("#status")).to_have_text("Live")
    wait_offline_ready(page)
    expect(page.locator("[data-diag=service-worker]")).to_contain_text("controlling")
    shoot(page, "ready")
    page.set_viewport_size({"width": 390, "height": 844})  # a staff phone
    shoot(page, "phone")


def test_a_full_boot_never_leaves_the_origin(fresh_server, context: BrowserContext, page: Page):
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))  # page and worker alike
    page.goto(fresh_server.url)
    wait_ready(page)
    wait_offline_ready(page)
    origin = urlparse(fresh_server.url).netloc
    foreign = [
        u
        for u in seen
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != origin
    ]
    assert foreign == []
    assert any(u.endswith("/vendor/pyodide/pyodide.asm.wasm") for u in seen)


def test_with_the_server_stopped_the_app_boots_from_cache_and_says_offline(
    fresh_server, page: Page, shoot
):
    page.goto(fresh_server.url)
    wait_ready(page)
    wait_offline_ready(page)
    assert page.evaluate("crossOriginIsolated")  # the server's COOP/COEP: Python may leave
    fresh_server.kill()  # the main thread
    page.reload()
    wait_ready(page)
    assert page.evaluate("crossOriginIsolated")  # the worker's cached page keeps its headers
    expect(page.locator("#status")).to_have_attribute("data-online", "false", timeout=10_000)
    expect(page.locator("#status")).to_contain_text("Offline — showing data saved at")
    shoot(page, "offline")
    fresh_server.start()
    # Noticed without a reload, within a few seconds.
    expect(page.locator("#status")).to_have_attribute("data-online", "true", timeout=6_000)
    shoot(page, "back")


def test_manifest_is_valid_and_icons_are_real_pngs(fresh_server, page: Page):
    response = page.request.get(fresh_server.url + "/manifest.json")
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
        body = page.request.get(fresh_server.url + icon["src"]).body()
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def publish_new_build(app_dir: Path) -> str:
    """What a deploy does: new precache list, new build id."""
    script = app_dir / "vendor" / "precache.js"
    text = script.read_text()
    old = text.split('PASSLINE_BUILD = "')[1].split('"')[0]
    new = "next" + old[4:]
    script.write_text(text.replace(old, new))
    return new


def test_a_new_build_offers_an_update_that_reloads_once(tmp_path, browser, shoot):
    app_dir = shell_copy(tmp_path)
    db = str(tmp_path / "p.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_PWA_DIR": str(app_dir)}).start()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server.url)
        wait_ready(page)
        wait_offline_ready(page)
        expect(page.locator("#update")).to_be_hidden()
        new = publish_new_build(app_dir)
        # The app looks for updates every 30 minutes and when the server comes back; here, now.
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        prompt = page.get_by_role("button", name="Update available — tap to reload")
        expect(prompt).to_be_visible(timeout=30_000)
        shoot(page, "update-offered")
        page.evaluate("window.beforeUpdate = true")
        with page.expect_event("load", timeout=30_000):
            prompt.click()
        wait_ready(page)
        assert page.evaluate("window.beforeUpdate") is None  # reloaded
        running = page.evaluate(
            "() => new Promise((resolve) => { const channel = new MessageChannel();"
            " channel.port1.onmessage = (e) => resolve(e.data);"
            " navigator.serviceWorker.controller.postMessage({type: 'GET_BUILD'}, [channel.port2]); })"
        )
        assert running == new
        expect(page.locator("#update")).to_be_hidden()
    finally:
        context.close()
        server.kill()


def test_a_kiosk_installs_full_screen(fresh_server, page: Page):
    page.goto(fresh_server.url + "/?mode=kiosk")
    wait_ready(page)
    href = page.evaluate("document.querySelector('link[rel=manifest]').href")
    manifest = page.request.get(href)
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = json.loads(manifest.body())
    assert body["display"] == "fullscreen" and body["start_url"].startswith("/?mode=kiosk")


def test_a_device_without_network_boots_from_cache_too(
    fresh_server, context: BrowserContext, page: Page, shoot
):
    page.goto(fresh_server.url)
    wait_ready(page)
    wait_offline_ready(page)
    context.set_offline(True)  # the device's own network is gone, not only the server
    page.reload()
    wait_ready(page)
    expect(page.locator("#status")).to_have_attribute("data-online", "false", timeout=10_000)
    shoot(page, "device-offline")
    context.set_offline(False)
    expect(page.locator("#status")).to_have_attribute("data-online", "true", timeout=6_000)


def test_with_the_server_gone_the_floor_comes_from_the_devices_own_copy(fresh_server, page: Page):
    """Server data offline comes from the engine's IndexedDB copy, saved when the network
    answered. The worker answers no API request from a cache (a cached answer would look like
    the server answering): the request fails, and the screen still shows the saved floor."""
    from tests.browser.actions import sign_in

    sign_in(page, fresh_server.url, "floor")
    wait_offline_ready(page)
    expect(page.locator("button.table")).to_have_count(12)
    fresh_server.kill()
    page.reload()
    wait_ready(page)
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "offline", timeout=30_000)
    expect(page.locator("button.table")).to_have_count(12)
    failed = page.evaluate(
        "async () => { try { await fetch('/api/v1/floor'); return 'answered'; }"
        " catch (e) { return String(e); } }"
    )
    assert "Failed to fetch" in failed


WORKER_STATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? (registration.active || registration.installing
                         || registration.waiting || {state: "none"}).state : "no registration";
}"""


@pytest.mark.parametrize("what_failed", ["its script", "caching the app"])
def test_a_worker_whose_first_install_failed_installs_when_the_link_comes_back(
    fresh_server, context: BrowserContext, page: Page, what_failed: str
):
    """The link died as the worker was registered (its script did not load) or as it cached
    the app (the browser drops the half-installed worker): neither is tried again before the
    next page load, and a kitchen screen left open for days would never start without the
    server. When the link comes back, it installs."""
    failing = [True]

    def worker_fetch(route) -> None:
        script = route.request.url.endswith("/service-worker.js")
        by_worker = route.request.service_worker is not None
        if failing[0] and (script if what_failed == "its script" else by_worker and not script):
            route.abort("connectionreset")
        else:
            route.fallback()

    context.route("**/*", worker_fetch)
    page.goto(fresh_server.url + "/#/kitchen")
    wait_ready(page)
    page.wait_for_function(
        f"({WORKER_STATE})().then(s => window.workerState = s) && "
        "window.workerState === 'no registration'",
        timeout=30_000,
    )
    failing[0] = False
    context.set_offline(True)  # the Wi-Fi drops and comes back: the browser says "online"
    context.set_offline(False)
    wait_offline_ready(page)
    context.set_offline(True)
    page.reload()
    wait_ready(page)
    expect(page.locator("#pin")).to_be_visible()  # the app started with no network at all
