"""Printing a bill from the floor and a kitchen ticket from the kitchen: the browser's print
dialog, on 58 and 80 mm receipt rolls. The dialog itself is the device's; the test replaces
``window.print`` with a counter (a headless browser has no printer) and then looks at the page
as the printer would, with print media emulated at each roll's width."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import sign_in
from tests.support.client import Rest, burger_line, login, order_body
from tests.support.server_process import ServerProcess
from tests.support.wait import until

ROLLS = {"58mm": 219, "80mm": 302}  # CSS pixels at 96 per inch
NO_DIALOG = "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"


def printed(page: Page) -> int:
    return page.evaluate("window.__printed")


def print_with(page: Page, button, kind: str) -> str:
    """Tap a print button: the dialog opens once, with the receipt's text."""
    button.click()
    until(lambda: printed(page), lambda n: n >= 1, timeout=5)  # the tap crosses to Python's worker
    expect(page.locator("#print-area")).to_have_attribute("data-kind", kind)
    assert printed(page) == 1
    return page.locator("#print-area").inner_text()


def as_printed(page: Page, shoot, name: str) -> None:
    """Only the receipt shows on paper, and it fits each roll without being cut."""
    page.emulate_media(media="print")
    for roll, width in ROLLS.items():
        page.set_viewport_size({"width": width, "height": 700})
        expect(page.locator("#print-area")).to_be_visible()
        expect(page.locator("#app")).to_be_hidden()
        fits = page.evaluate(
            "() => { const a = document.querySelector('#print-area');"
            " return a.scrollWidth <= a.clientWidth && a.getBoundingClientRect().right <= innerWidth; }"
        )
        assert fits, f"the {roll} receipt is wider than the roll"
        shoot(page, f"{name}-{roll}")
    page.emulate_media(media="screen")
    expect(page.locator("#print-area")).to_be_hidden()


def test_a_bill_from_the_floor_and_a_ticket_from_the_kitchen(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    lines = [burger_line(2) | {"note": "no pickles"}, {"item_id": "cola", "qty": 1}]
    order = (
        Rest(url, login(url, "kiosk"))
        .post("/orders", order_body("hall-2", lines, note="Birthday: candle"))
        .json()["order"]
    )

    floor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(floor, url, "floor")
    floor.evaluate(NO_DIALOG)
    floor.click("button.table[data-table=hall-2]")
    card = floor.locator(f"#table-sheet [data-order='{order['id']}']")
    shoot(floor, "sheet")
    text = print_with(floor, card.get_by_role("button", name="Print bill"), "bill")
    for words in ("Bill", f"#{order['number']}", "H2", "2 × Classic burger", "+ Medium",
                  "+ Fries", "no pickles", "1 × Cola", "Birthday: candle", "Total", "Printed"):  # fmt: skip
        assert words in text, (words, text)
    total = floor.locator("#print-area .total span").nth(1)
    expect(total).to_have_text("₺" + f"{order['total'] / 100:.2f}")
    as_printed(floor, shoot, "bill")

    kitchen = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(kitchen, url, "kitchen")
    kitchen.evaluate(NO_DIALOG)
    ticket = kitchen.locator(f"#kitchen .ticket[data-order='{order['id']}']")
    shoot(kitchen, "board")
    text = print_with(kitchen, ticket.get_by_role("button", name="Print ticket"), "ticket")
    assert "Kitchen ticket" in text and "H2" in text and "no pickles" in text
    assert "₺" not in text, "a kitchen ticket carries no prices"
    # Printing took nothing from the screen: the ticket is still there to bump.
    expect(ticket.locator("button.bump")).to_be_visible()
    as_printed(kitchen, shoot, "ticket")
