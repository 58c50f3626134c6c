"""Sold out ("86") through the screens: the kitchen taps, every kiosk greys the item within
2 s, and an order a cut-off kiosk queued for it comes back as a clear "sold out" refusal."""

from __future__ import annotations

import io
import time

from PIL import Image
from playwright.sync_api import Browser, expect

from tests.browser.actions import place, server_orders, sign_in
from tests.browser.conftest import wait_offline_ready
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess
from tests.support.wait import until


def open_drinks(kiosk) -> None:
    if kiosk.locator("#kiosk").get_attribute("data-view") == "placed":
        kiosk.click("#new-order")
    kiosk.click("#start-order")
    kiosk.click("[data-category=drinks]")


def test_the_kitchen_sells_out_and_kiosks_grey_it_at_once(
    quick_server: ServerProcess, browser: Browser, shoot
):
    fresh_server = quick_server
    url = fresh_server.url
    kiosk = browser.new_context().new_page()
    cut_off = browser.new_context(viewport={"width": 1024, "height": 768})
    queued = cut_off.new_page()
    kitchen = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    for page, screen in ((kiosk, "kiosk"), (queued, "kiosk"), (kitchen, "kitchen")):
        sign_in(page, url, screen)
    open_drinks(kiosk)
    expect(kiosk.locator("[data-item=ayran]")).to_be_enabled()

    cut_off.set_offline(True)  # this kiosk's Wi-Fi drops; the server and the rest go on
    expect(queued.locator("#sync-banner")).to_have_attribute("data-state", "offline",
                                                             timeout=15_000)  # fmt: skip
    place(queued, "queued before the 86")

    kitchen.click("#sold-out summary")
    row = kitchen.locator("#sold-out [data-item=ayran]")
    started = time.monotonic()
    row.click()
    expect(kiosk.locator("[data-item=ayran]")).to_be_disabled(timeout=2_000)
    greyed_after = time.monotonic() - started
    expect(kiosk.locator("[data-item=ayran]")).to_contain_text("Sold out")
    expect(row).to_have_attribute("aria-pressed", "true")
    expect(kitchen.locator("#sold-out summary")).to_have_text("Sold out · 1")
    shoot(kitchen, "kitchen-sold-out")
    shoot(kiosk, "kiosk-sold-out")
    assert greyed_after < 2.0

    cut_off.set_offline(False)
    attention = queued.locator("#attention li")
    expect(queued.locator("#sync-banner")).to_contain_text("1 change needs attention",
                                                           timeout=30_000)  # fmt: skip
    queued.click("#sync-banner")
    expect(queued.locator("#placed-status")).to_have_text(
        "Not accepted: Ayran is sold out. Please ask a member of staff."
    )
    expect(attention).to_contain_text("New order: Ayran is sold out")
    shoot(queued, "kiosk-refused-sold-out")
    assert "queued before the 86" not in str(server_orders(fresh_server))

    row.click()  # back on
    expect(kiosk.locator("[data-item=ayran]")).to_be_enabled(timeout=2_000)
    expect(kitchen.locator("#sold-out summary")).to_have_text("Sold out")


def test_a_photo_shows_on_the_kiosk_and_offline_too(fresh_server: ServerProcess, browser: Browser,
                                                    shoot):  # fmt: skip
    url = fresh_server.url
    image = Image.new("RGB", (800, 600), (30, 120, 200))
    image.paste((250, 250, 250), (300, 200, 500, 400))
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG")
    manager = Rest(url, login(url, "manager"))
    put = manager.put("/menu/items/ayran/image", data=jpeg.getvalue(),
                      headers={"Content-Type": "image/jpeg"})  # fmt: skip
    assert put.status_code == 200, put.text
    # A photo in a category this kiosk never shows online: offline it is there all the same.
    other = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 160, 40)).save(other, "JPEG")
    hummus = manager.put("/menu/items/hummus/image", data=other.getvalue(),
                         headers={"Content-Type": "image/jpeg"})  # fmt: skip
    assert hummus.status_code == 200, hummus.text
    context = browser.new_context()
    # The service worker's script is held back until the kiosk has drawn its photos, as on a
    # first visit over a slow link: pictures loaded before the worker took the page over are
    # not in its cache, so only the kiosk's own fetch of every photo can put them there.
    held = []
    context.route("**/service-worker.js", lambda route: held.append(route))
    kiosk = context.new_page()
    sign_in(kiosk, url)
    open_drinks(kiosk)
    photo = kiosk.locator("[data-item=ayran] img")
    expect(photo).to_have_attribute("src", put.json()["item"]["image"])
    kiosk.wait_for_function(
        "() => { const i = document.querySelector('[data-item=ayran] img');"
        " return i && i.complete && i.naturalWidth === 640; }"
    )
    shoot(kiosk, "kiosk-photo")
    until(lambda: len(held), lambda n: n >= 1)
    for route in held:
        route.continue_()
    context.unroute("**/service-worker.js")
    # Offline, after a reload: the worker has both photos (the kiosk fetched every photo once).
    wait_offline_ready(kiosk)
    until(
        lambda: kiosk.evaluate(
            "async () => (await (await caches.open('passline-media')).keys()).length"
        ),
        lambda n: n >= 2,
    )
    context.set_offline(True)
    kiosk.reload()
    sign_in_again = kiosk.locator("#kiosk")
    expect(sign_in_again).to_be_visible(timeout=60_000)
    open_drinks(kiosk)
    kiosk.wait_for_function(
        "() => { const i = document.querySelector('[data-item=ayran] img');"
        " return i && i.complete && i.naturalWidth === 640; }",
        timeout=15_000,
    )
    # An item whose photo never loaded shows its colour swatch (no broken picture).
    expect(kiosk.locator("[data-item=tea] img")).to_have_count(0)
    kiosk.click("[data-category=starters]")
    kiosk.wait_for_function(
        "() => { const i = document.querySelector('[data-item=hummus] img');"
        " return i && i.complete && i.naturalWidth === 640; }",
        timeout=15_000,
    )
