"""The three screens as people use them: a guest orders on the kiosk, the kitchen cooks and
bumps, the floor serves and takes payment. Real server, real outages (the process is stopped)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import wait_banner_faded
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.support.chaos import MOVE_CLOCK
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess

WALL = {"width": 1920, "height": 1080}
TABLET = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
PINS = {"kiosk": "1111", "floor": "2222", "kitchen": "3333", "manager": "9999", "manage": "9999"}


CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll('#app *')) {
    if (!el.offsetParent || el.closest('[disabled]')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) low.push([el.textContent.trim().slice(0, 30), ratio.toFixed(2)]);
  }
  return low;
}"""


def open_screen(browser: Browser, url: str, screen: str, viewport: dict, **context) -> Page:
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(f"{url}/#/{screen}")
    wait_ready(page)
    enter_pin(page, PINS[screen])
    expect(page.locator(f"#{screen}")).to_be_visible(timeout=20_000)
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
    return page


def enter_pin(page: Page, pin: str, enter: str = "Enter") -> None:
    """Tap the digits on the pad, as a person does, then Enter."""
    pad = page.locator("#sign-in")
    for digit in pin:
        pad.get_by_role("button", name=digit, exact=True).click()
    pad.get_by_role("button", name=enter, exact=True).click()


def build_burger_order(kiosk: Page, table: str = "H3") -> None:
    kiosk.click("#start-order")
    kiosk.click("[data-category=grill]")
    kiosk.click("[data-item=classic-burger]")
    sheet = kiosk.locator("#item-sheet")
    sheet.locator("#add-to-cart").click()
    expect(sheet.locator("#sheet-error")).to_have_text("Please choose: Cooking, Side")
    for option in ("medium", "fries", "bacon"):
        sheet.locator(f"[data-option={option}]").click()
    sheet.locator("#line-note").fill("no pickles")
    sheet.get_by_role("button", name="One more").click()
    expect(sheet.locator("#add-to-cart")).to_have_text("Add to order · ₺31.80")
    sheet.locator("#add-to-cart").click()
    kiosk.click("[data-category=drinks]")
    kiosk.click("[data-item=cola]")
    kiosk.locator("#add-to-cart").click()
    expect(kiosk.locator("#cart-lines li")).to_have_count(2)
    expect(kiosk.locator("#cart-total")).to_have_text("3 items · Total ₺35.30")
    expect(kiosk.locator("#place")).to_be_disabled()  # where will they eat?
    kiosk.click("#at-table")
    kiosk.locator("#table").select_option(label=table)
    expect(kiosk.locator("#place")).to_have_text("Place order · ₺35.30")
    kiosk.click("#place")


def ticket(kitchen: Page, number: str):
    return kitchen.locator("#kitchen .ticket", has_text=number)


def table_tile(floor: Page, name: str):
    return floor.locator(
        "button.table", has=floor.locator(".name", has_text=re.compile(f"^{name}$"))
    )


def test_kiosk_to_kitchen_to_floor_and_paid(fresh_server: ServerProcess, browser: Browser, shoot):
    kiosk = open_screen(browser, fresh_server.url, "kiosk", TABLET, has_touch=True)
    kitchen = open_screen(browser, fresh_server.url, "kitchen", WALL)
    floor = open_screen(browser, fresh_server.url, "floor", PHONE, has_touch=True, is_mobile=True)
    shoot(kiosk, "kiosk-start-tablet")
    build_burger_order(kiosk)
    number = kiosk.locator("#placed-number")
    expect(number).to_have_text(re.compile(r"^A-\d{3}$"), timeout=10_000)
    expect(kiosk.locator("#placed-status")).to_have_text("Sent to the kitchen")
    shoot(kiosk, "kiosk-placed-tablet")
    placed = number.inner_text()

    card = ticket(kitchen, placed)
    expect(card).to_be_visible(timeout=5_000)
    expect(card.locator(".where")).to_have_text("H3")
    expect(card).to_contain_text("2×Classic burger")
    expect(card.locator(".mods").first).to_have_text("Medium · Fries · Bacon")
    expect(card.locator(".note")).to_have_text("no pickles")
    expect(kitchen.locator("#all-day-list")).to_contain_text("2Classic burger")
    expect(table_tile(floor, "H3")).to_have_attribute("data-status", "ordered", timeout=5_000)

    card.get_by_role("button", name="Accept").click()
    expect(card.get_by_role("button", name="Start")).to_be_visible(timeout=5_000)
    card.get_by_role("button", name="Start").click()
    expect(kitchen.locator("[data-column=preparing] .ticket", has_text=placed)).to_be_visible()
    shoot(kitchen, "kitchen-wall")
    # A bump bar is a keyboard: select the ticket, Enter bumps it.
    kitchen.keyboard.press("ArrowRight")
    expect(card).to_have_class(re.compile("selected"))
    kitchen.keyboard.press("Enter")
    expect(kitchen.locator("[data-column=ready] .ticket", has_text=placed)).to_be_visible()

    tile = table_tile(floor, "H3")
    expect(tile).to_have_attribute("data-status", "ready", timeout=5_000)
    expect(tile.locator(".badge")).to_have_text("1 ready")
    expect(floor.locator("#ready-total")).to_have_text("1 order ready at the pass")
    shoot(floor, "floor-phone")
    tile.click()
    sheet = floor.locator("#table-sheet")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text(placed)
    expect(sheet).to_contain_text("Total ₺35.30")
    shoot(floor, "floor-sheet-phone")
    sheet.get_by_role("button", name="Mark served").click()
    expect(sheet.locator("[data-status=served]")).to_be_visible(timeout=5_000)
    expect(card).to_have_count(0, timeout=5_000)  # served: off the kitchen's screen
    sheet.get_by_role("button", name="Take payment").click()
    floor.locator("#pay-take").click()  # the whole bill, in cash
    expect(sheet.locator(".order")).to_have_count(0, timeout=5_000)
    expect(sheet.locator(".pill").first).to_have_text("Needs clearing", timeout=5_000)
    sheet.get_by_role("button", name="Clear table").click()
    expect(table_tile(floor, "H3")).to_have_attribute("data-status", "free", timeout=5_000)
    expect(kiosk.locator("#placed-number")).to_have_text(placed)


def test_the_same_with_the_server_stopped_half_way(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    kiosk = open_screen(browser, fresh_server.url, "kiosk", TABLET)
    kitchen = open_screen(browser, fresh_server.url, "kitchen", WALL)
    floor = open_screen(browser, fresh_server.url, "floor", PHONE)
    for page in (kiosk, kitchen, floor):
        wait_offline_ready(page)

    fresh_server.kill()  # the uplink dies at rush hour
    build_burger_order(kiosk, table="H5")
    expect(kiosk.locator("#placed-status")).to_have_text("Will be sent when the connection is back")
    expect(kiosk.locator("#placed-number")).to_have_text(re.compile(r"^#[0-9A-F]{4}$"))
    expect(kiosk.locator("#placed-status")).to_have_attribute("data-pending", "true")
    shoot(kiosk, "kiosk-offline-tablet")
    fresh_server.start()
    expect(kiosk.locator("#placed-number")).to_have_text(re.compile(r"^A-\d{3}$"), timeout=20_000)
    expect(kiosk.locator("#placed-status")).to_have_attribute("data-pending", "false")
    placed = kiosk.locator("#placed-number").inner_text()
    card = ticket(kitchen, placed)
    expect(card).to_be_visible(timeout=20_000)

    fresh_server.kill()  # and again, while the kitchen cooks
    for step in ("Accept", "Start", "Ready"):
        card.get_by_role("button", name=step).click()
    expect(kitchen.locator("[data-column=ready] .ticket", has_text=placed)).to_be_visible()
    expect(card.locator(".sending")).to_be_visible()
    expect(kitchen.locator("#sync-banner")).to_contain_text("3 waiting", timeout=10_000)
    shoot(kitchen, "kitchen-offline-wall")
    fresh_server.start()
    expect(card.locator(".sending")).to_have_count(0, timeout=20_000)
    tile = table_tile(floor, "H5")
    expect(tile).to_have_attribute("data-status", "ready", timeout=20_000)

    fresh_server.kill()  # the floor serves and takes payment offline
    tile.click()
    sheet = floor.locator("#table-sheet")
    sheet.get_by_role("button", name="Mark served").click()
    expect(sheet.locator(".order[data-pending]")).to_be_visible()
    sheet.get_by_role("button", name="Take payment").click()
    floor.locator("#pay-take").click()
    expect(sheet.locator(".order")).to_have_count(0)
    fresh_server.start()
    expect(floor.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=20_000)
    rest = Rest(fresh_server.url, login(fresh_server.url, "floor"))
    assert rest.get("/floor").json()["orders"] == []  # paid: exactly one order, closed
    orders = rest.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    created = [e for e in orders if e["type"] == "order_created"]
    assert len(created) == 1 and created[0]["data"]["number"] == placed
    paid = [
        e["data"] for e in orders if e["type"] == "order_updated" and e["data"]["status"] == "paid"
    ]
    assert len(paid) == 1 and len(paid[0]["payments"]) == 1  # the payment made offline, once
    expect(sheet.locator(".pill").first).to_have_text("Needs clearing", timeout=10_000)
    expect(card).to_have_count(0)


def test_notes_are_shown_as_text_never_as_markup(fresh_server: ServerProcess, browser: Browser):
    kiosk = open_screen(browser, fresh_server.url, "kiosk", TABLET)
    kitchen = open_screen(browser, fresh_server.url, "kitchen", WALL)
    hostile = '<img src=x onerror="window.__owned=1"><b>bold</b>'
    kiosk.click("#start-order")
    kiosk.click("[data-category=drinks]")
    kiosk.click("[data-item=ayran]")
    kiosk.locator("#line-note").fill(hostile)
    kiosk.locator("#add-to-cart").click()
    kiosk.click("#takeaway")
    kiosk.click("#place")
    placed = kiosk.locator("#placed-number")
    expect(placed).to_have_text(re.compile(r"^A-\d{3}$"), timeout=10_000)
    card = ticket(kitchen, placed.inner_text())
    expect(card.locator(".note")).to_have_text(hostile, timeout=5_000)
    expect(card.locator(".where")).to_have_text("Take-away")
    assert card.locator("img, b").count() == 0
    assert kitchen.evaluate("window.__owned") is None and kiosk.evaluate("window.__owned") is None


def test_kitchen_stations_aging_sound_and_recall(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    kitchen = open_screen(browser, fresh_server.url, "kitchen", WALL)
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))

    def order(lines: list[dict]) -> str:
        import uuid

        body = {"client_id": uuid.uuid4().hex, "table_id": None, "lines": lines}
        return kiosk.post("/orders", body).json()["order"]["number"]

    kitchen.click("#enable-sound")  # the one tap browsers need before a sound
    expect(kitchen.locator("#enable-sound")).to_be_hidden()
    beeps = int(kitchen.locator("#kitchen").get_attribute("data-beeps") or 0)
    first = order([{"item_id": "ribeye", "qty": 1, "modifiers": ["rare", "salad"]},
                   {"item_id": "lemonade", "qty": 2, "modifiers": ["size-l"]}])  # fmt: skip
    card = ticket(kitchen, first)
    expect(card).to_have_class(re.compile("flash"), timeout=5_000)
    expect(kitchen.locator("#kitchen")).to_have_attribute("data-beeps", str(beeps + 1))
    second = order([{"item_id": "lemonade", "qty": 1, "modifiers": ["size-s"]}])
    expect(ticket(kitchen, second)).to_be_visible(timeout=5_000)
    expect(kitchen.locator("#all-day-list li").first).to_have_text("3Homemade lemonade")

    kitchen.locator("#station").select_option("grill")
    expect(ticket(kitchen, second)).to_have_count(0)  # nothing for the grill on it
    expect(card.locator(".lines > li")).to_have_count(1)
    expect(card).not_to_contain_text("lemonade")
    kitchen.locator("#station").select_option("")

    kitchen.locator("#aging summary").click()
    kitchen.locator("#amber-after").fill("20")
    kitchen.locator("#red-after").fill("10")
    kitchen.click("#save-aging")
    expect(kitchen.locator("#aging .error")).to_have_text("Amber must come before red.")
    kitchen.locator("#amber-after").fill("0.01")  # under a second: amber at once
    kitchen.locator("#red-after").fill("600")
    kitchen.click("#save-aging")
    expect(card).to_have_attribute("data-aging", "amber", timeout=5_000)

    for step in ("Accept", "Start", "Ready", "Clear"):
        card.get_by_role("button", name=step).click()
    expect(card).to_have_count(0)  # cleared from the screen; the floor still has to serve it
    kitchen.click("#recall")
    expect(card).to_be_visible()
    expect(card).to_have_class(re.compile("selected"))
    shoot(kitchen, "kitchen-recalled-wall")
    kitchen.reload()  # settings and cleared tickets are the device's, kept across reloads
    expect(kitchen.locator("#amber-after")).to_have_value("0.01", timeout=30_000)


@pytest.mark.parametrize("hours", [26, -3])
def test_a_kitchen_whose_clock_is_wrong_ages_tickets_by_the_servers(
    fresh_server: ServerProcess, browser: Browser, hours: int
):
    """A tablet a day fast showed every new ticket red; three hours slow, every ticket fresh for
    ever (the chaos run moves devices' clocks). Ages are reckoned on the server's clock."""
    context = browser.new_context(viewport=WALL)
    context.add_init_script(f"({MOVE_CLOCK})({hours * 3600_000})")
    kitchen = context.new_page()
    kitchen.goto(f"{fresh_server.url}/#/kitchen")
    wait_ready(kitchen)
    assert abs(kitchen.evaluate("Date.now()") / 1000 - time.time() - hours * 3600) < 60
    enter_pin(kitchen, PINS["kitchen"])
    expect(kitchen.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    body = {"client_id": new_client_id(), "table_id": None,
            "lines": [{"item_id": "ayran", "qty": 1}]}  # fmt: skip
    number = kiosk.post("/orders", body).json()["order"]["number"]
    card = ticket(kitchen, number)
    # Counting up from nought, as the server's clock has it (not stuck at 0:00, not 26 hours).
    expect(card.locator(".age")).to_have_text(re.compile(r"^0:0[2-9]$"), timeout=8_000)
    expect(card).to_have_attribute("data-aging", "fresh")
    context.close()


def test_language_follows_the_device_and_can_be_switched(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    kiosk = browser.new_context(viewport=TABLET, locale="tr-TR").new_page()
    kiosk.goto(f"{fresh_server.url}/#/kiosk")
    wait_ready(kiosk)
    expect(kiosk.locator("#sign-in h2")).to_have_text("Kiosk: PIN'i girin")
    enter_pin(kiosk, "2222", enter="Giriş")  # a floor PIN on the kiosk's pad
    expect(kiosk.locator("#sign-in-error")).to_have_text(
        "Bu PIN salon personeli için; bu ekran kiosk PIN'i istiyor."
    )
    enter_pin(kiosk, "1111", enter="Giriş")
    expect(kiosk.locator("#start-order")).to_have_text("Sipariş için dokunun", timeout=20_000)
    kiosk.click("#start-order")
    kiosk.click("[data-category=grill]")
    expect(kiosk.locator("[data-item=classic-burger] .price")).to_have_text("₺13,90")
    # Written by the browser's own Intl.NumberFormat for the device's language.
    assert kiosk.locator("[data-item=classic-burger] .price").inner_text() == kiosk.evaluate(
        "new Intl.NumberFormat('tr', {style: 'currency', currency: 'TRY', currencyDisplay: "
        "'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2}).format(13.9)"
    )
    shoot(kiosk, "kiosk-turkish-tablet")
    kiosk.locator("#language").select_option("en")
    expect(kiosk.locator("#start-order")).to_have_text("Tap to order", timeout=30_000)
    expect(kiosk.locator("html")).to_have_attribute("lang", "en")


def test_a_guest_who_walks_away_leaves_nothing_behind(
    fresh_server: ServerProcess, browser: Browser
):
    kiosk = browser.new_context(viewport=TABLET).new_page()
    kiosk.goto(f"{fresh_server.url}/#/kiosk?idle=5")
    wait_ready(kiosk)
    enter_pin(kiosk, "1111")
    kiosk.click("#start-order")
    kiosk.click("[data-category=drinks]")
    kiosk.click("[data-item=ayran]")
    kiosk.locator("#add-to-cart").click()
    expect(kiosk.locator("#cart-lines li")).to_have_count(1)
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-view", "start", timeout=10_000)
    kiosk.click("#start-order")
    expect(kiosk.locator("#cart-lines li")).to_have_count(0)


def test_a_manager_signs_the_device_out(fresh_server: ServerProcess, browser: Browser):
    floor = open_screen(browser, fresh_server.url, "floor", PHONE)
    floor.click("#sign-out")
    dialog = floor.locator("#sign-out-dialog")
    dialog.get_by_role("button", name="Cancel").click()  # changed their mind
    expect(dialog).to_have_count(0)
    expect(floor.locator("#floor")).to_be_visible()
    floor.click("#sign-out")
    expect(dialog).to_be_visible()
    for digit in "2222":  # not a manager
        dialog.get_by_role("button", name=digit, exact=True).click()
    dialog.get_by_role("button", name="Enter").click()
    expect(dialog.locator("#sign-in-error")).to_contain_text("That is not a manager's PIN")
    dialog.locator("#pin").fill(PINS["manager"])
    dialog.get_by_role("button", name="Enter").click()
    expect(floor.locator("#sign-in")).to_be_visible(timeout=30_000)
    # The revoked device shows the PIN pad at once; the screen goes with the reload that ends
    # the sign-out, after the caches are cleared (seen past 5 s on a busy machine).
    expect(floor.locator("#floor")).to_have_count(0, timeout=30_000)


@pytest.mark.parametrize("screen", ["kiosk", "floor", "kitchen", "manage"])
def test_each_screen_at_phone_tablet_and_wall_size(
    fresh_server: ServerProcess, browser: Browser, shoot, screen: str
):
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    import uuid

    for table in ("hall-1", "hall-4", None):
        body = {"client_id": uuid.uuid4().hex, "table_id": table,
                "lines": [{"item_id": "adana", "qty": 2, "modifiers": ["hot", "fries"], "note": "extra lemon"},
                          {"item_id": "ayran", "qty": 2}]}  # fmt: skip
        assert kiosk.post("/orders", body).status_code == 201
    page = open_screen(browser, fresh_server.url, screen, PHONE)
    if screen == "kiosk":
        page.click("#start-order")
    for name, size in (("phone", PHONE), ("tablet", TABLET), ("wall", WALL)):
        page.set_viewport_size(size)
        page.wait_for_function(f"() => window.innerWidth === {size['width']}")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")  # laid out
        shoot(page, f"{screen}-{name}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{screen} scrolls sideways at {name} size"
    wait_banner_faded(page)
    for lang in ("en", "tr"):  # Turkish words run longer: every label must still fit
        if lang != "en":
            page.locator("#language").select_option(lang)
            expect(page.locator("html")).to_have_attribute("lang", lang, timeout=30_000)
            if screen == "kiosk":
                page.click("#start-order")
        usable_at_every_size(page, screen, lang)


def usable_at_every_size(page: Page, screen: str, lang: str) -> None:
    sizes = (("360", SMALL_PHONE), ("390", PHONE), ("tablet", TABLET))
    if screen != "manage":
        for name, size in sizes:
            page.set_viewport_size(size)
            page.wait_for_function(f"() => window.innerWidth === {size['width']}")
            assert_usable(page, f"{screen} at {name} ({lang})")
        return
    for tab in ("menu", "floor", "staff", "printers", "rules", "drawer", "day", "health"):
        page.click(f"#tab-{tab}")
        expect(page.locator(f"#manage-{tab}")).to_be_visible()
        for name, size in sizes:
            page.set_viewport_size(size)
            page.wait_for_function(f"() => window.innerWidth === {size['width']}")
            assert_usable(page, f"{tab} at {name} ({lang})")


def assert_usable(page: Page, where: str) -> None:
    """Named controls, AA contrast, thumb-sized targets, nothing scrolling sideways."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")  # laid out
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{where}: scrolls sideways"
    # Every control says what it is, to a screen reader as to a person.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button, select, input, textarea')]
            .filter(e => e.offsetParent !== null)
            .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length))
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == [], where
    # Contrast: every visible text at least 4.5:1 against what it is drawn on (WCAG AA), the
    # banner included once it has faded to its quiet Live line.
    low = page.evaluate(CONTRAST)
    assert low == [], (where, low)
    # Touch targets: at least 44 px for a thumb (a check box's is its label).
    small = page.evaluate(
        """() => [...document.querySelectorAll('#screen button, #screen select, #screen input')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim().slice(0, 20) || e.outerHTML.slice(0, 60),
                       (['checkbox', 'radio'].includes(e.type) && e.closest('label') || e)
                           .getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )
    assert small == [], (where, small)
    # A labelled control shows its whole label: none cut off ("Main ha" for "Main hall").
    clipped = page.evaluate(
        """() => [...document.querySelectorAll(
                'button, [role=tab], a.link-button, .pill, .badge, .flag-link')]
            .filter(e => e.offsetParent !== null && e.textContent.trim())
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => [e.textContent.trim().slice(0, 40), e.scrollWidth, e.clientWidth])"""
    )
    assert clipped == [], (where, clipped)


def test_a_waiter_seats_bills_and_cancels_with_a_second_tap(
    fresh_server: ServerProcess, browser: Browser
):
    floor = open_screen(browser, fresh_server.url, "floor", PHONE, has_touch=True, is_mobile=True)
    other = open_screen(browser, fresh_server.url, "floor", PHONE)
    floor.locator("[data-area=terrace]").click()
    tile = table_tile(floor, "T2")
    expect(tile).to_have_attribute("data-status", "free")
    tile.click()
    sheet = floor.locator("#table-sheet")
    sheet.get_by_role("button", name="Seat guests").click()
    other.locator("[data-area=terrace]").click()
    expect(table_tile(other, "T2")).to_have_attribute("data-status", "seated", timeout=5_000)
    import uuid

    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    body = {"client_id": uuid.uuid4().hex, "table_id": "terrace-2",
            "lines": [{"item_id": "ayran", "qty": 2}]}  # fmt: skip
    number = kiosk.post("/orders", body).json()["order"]["number"]
    expect(sheet.locator(".order", has_text=number)).to_be_visible(timeout=5_000)
    sheet.get_by_role("button", name="Request bill").click()
    expect(table_tile(other, "T2")).to_have_attribute("data-status", "bill", timeout=5_000)
    sheet.get_by_role("button", name="Cancel order").click()
    why = floor.locator("#change-sheet")
    expect(why.locator("h2")).to_have_text(f"Cancel order {number}? This cannot be undone.")
    why.locator("#change-back").click()
    expect(why).to_have_count(0)
    expect(sheet.locator(".order", has_text=number)).to_be_visible()
    sheet.get_by_role("button", name="Cancel order").click()
    why.locator("#change-confirm").click()  # no reason yet: the sheet says so, nothing sent
    expect(why.locator("#change-error")).to_have_text("Choose a reason (with Other, say what).")
    why.locator("[data-reason=changed_mind]").click()
    why.locator("#change-confirm").click()
    expect(sheet.locator(".order")).to_have_count(0, timeout=5_000)
    expect(table_tile(other, "T2")).to_have_attribute("data-status", "seated", timeout=5_000)
    sheet.get_by_role("button", name="Close").click()
    expect(sheet).to_be_hidden()


@pytest.mark.parametrize("locale", ["tr-TR", "en-GB"])
def test_the_waiters_sheets_at_phone_size(
    fresh_server: ServerProcess, browser: Browser, shoot, locale: str
):
    """The order pad, the item sheet, a void's reasons with the manager's PIN, a discount and a
    split by items: named controls, AA contrast, thumb-sized targets, in both languages."""
    import uuid

    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    body = {"client_id": uuid.uuid4().hex, "table_id": "hall-1",
            "lines": [{"item_id": "adana", "qty": 2, "modifiers": ["hot", "fries"]},
                      {"item_id": "ayran", "qty": 2, "hold": True}]}  # fmt: skip
    assert kiosk.post("/orders", body).status_code == 201
    page = browser.new_context(viewport=PHONE, locale=locale, has_touch=True,
                               is_mobile=True).new_page()  # fmt: skip
    page.goto(f"{fresh_server.url}/#/floor")
    wait_ready(page)
    page.fill("#pin", PINS["floor"])
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
    wait_banner_faded(page)
    lang = locale[:2]
    page.click("button.table[data-table=hall-1]")
    sheet = page.locator("#table-sheet")
    expect(sheet.locator(".order")).to_have_count(1)
    sheet.locator("details.history summary").click()
    shoot(page, f"floor-sheet-{lang}")
    assert_usable(page, f"table sheet ({lang})")
    sheet.locator("[data-action='floor.add_items']").click()
    page.locator("#pad-categories [data-category=grill]").click()
    shoot(page, f"order-pad-{lang}")
    assert_usable(page, f"order pad ({lang})")
    page.locator("#pad-items [data-item=adana]").click()
    shoot(page, f"item-sheet-{lang}")
    assert_usable(page, f"item sheet ({lang})")
    page.locator("#sheet-back").click()
    page.locator("#pad-back").click()
    sheet.locator("[data-void='0']").click()
    change = page.locator("#change-sheet")
    change.locator("[data-reason=quality]").click()
    order_id = sheet.locator(".order").get_attribute("data-order")
    kitchen = Rest(fresh_server.url, login(fresh_server.url, "kitchen"))  # the kitchen starts
    for status in ("accepted", "preparing"):
        kitchen.post(f"/orders/{order_id}/status", {"client_id": uuid.uuid4().hex,
                                                     "status": status})  # fmt: skip
    expect(sheet.locator(".order")).to_have_attribute("data-status", "preparing")
    change.locator("#change-confirm").click()
    expect(change.locator(".pin-box")).to_be_visible()
    shoot(page, f"void-pin-{lang}")
    assert_usable(page, f"void with PIN ({lang})")
    change.locator("#change-back").click()
    sheet.locator("[data-action='floor.discount']").click()
    assert_usable(page, f"discount ({lang})")
    page.locator("#change-back").click()
    sheet.locator("[data-action='floor.take_payment']").click()
    page.locator("#pay-sheet [data-payers=items]").click()
    shoot(page, f"pay-by-items-{lang}")
    assert_usable(page, f"pay by items ({lang})")
