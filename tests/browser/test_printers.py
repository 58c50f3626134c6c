"""Kitchen printers through the screens, with real TCP printers on loopback: a manager adds the
grill and cold printers on the Printers tab, a waiter's order prints at both by itself (table,
lines, options, a Turkish note), the grill printer goes off and the kitchen and the manager see
"printer offline, 1 ticket waiting", the manager sends its queue to the cold printer, and the
kitchen's Print button reprints a ticket there headed REPRINT."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.actions import sign_in
from tests.support.client import Rest, login, order_body
from tests.support.fake_printer import FakePrinter
from tests.support.server_process import ServerProcess

TABLET = {"width": 1024, "height": 768}


def add_printer(page, name: str, printer: FakePrinter, stations: str, bill: bool = False) -> None:
    page.fill("#printer-name", name)
    if bill:
        page.check("#printer-bill")
    page.fill("#printer-host", "127.0.0.1")
    page.fill("#printer-port", str(printer.port))
    page.fill("#printer-stations", stations)
    page.click("#printer-save")
    expect(page.locator(f"[data-printer={name.lower()}]")).to_be_visible(timeout=10_000)


def test_a_kitchen_runs_on_two_printers_nobody_taps_print(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    grill, cold = FakePrinter(), FakePrinter()
    try:
        manager = browser.new_context(viewport=TABLET).new_page()
        sign_in(manager, url, "manage")
        manager.click("#tab-printers")
        expect(manager.locator("#printer-list")).to_contain_text("No printer yet")
        add_printer(manager, "Grill", grill, "grill")
        add_printer(manager, "Cold", cold, "cold, pass", bill=True)
        expect(manager.locator("[data-printer=grill]")).to_contain_text("Ready")
        kitchen = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        sign_in(kitchen, url, "kitchen")
        kitchen.select_option("#station", "grill")

        waiter = Rest(url, login(url, "floor"))
        lines = [{"item_id": "classic-burger", "qty": 2, "modifiers": ["medium", "fries"],
                  "note": "soğansız, az pişmiş"},
                 {"item_id": "greek-salad", "qty": 1, "modifiers": ["yogurt"]}]  # fmt: skip
        order = waiter.post("/orders", order_body("hall-2", lines)).json()["order"]
        (ticket,) = grill.wait_for(1)
        assert ticket.splitlines()[:3] == ["GRILL", order["number"], "H2"]
        assert "2 x Classic burger" in ticket and "Medium, Fries" in ticket
        assert "! soğansız, az pişmiş" in ticket and "salad" not in ticket
        (salad,) = cold.wait_for(1)
        assert "1 x Greek salad" in salad and "Yogurt-mint" in salad

        grill.stop()  # off at rush hour
        second = waiter.post("/orders", order_body("hall-3", lines[:1])).json()["order"]
        flag = kitchen.locator("#printer-offline")
        expect(flag).to_contain_text("Printer Grill offline", timeout=15_000)
        expect(flag).to_contain_text("1 ticket waiting")
        shoot(kitchen, "kitchen-printer-offline")
        row = manager.locator("[data-printer=grill]")
        expect(row).to_have_attribute("data-state", "offline", timeout=10_000)
        expect(manager.locator("#printer-offline")).to_be_visible()
        shoot(manager, "printers-tab-offline")
        row.locator("[data-action=to]").select_option("cold")
        row.locator("[data-action=reroute]").click()
        expect(manager.locator("#printers-message")).to_have_text("1 ticket moved.")
        papers = cold.wait_for(2)
        assert papers[1].startswith("GRILL") and second["number"] in papers[1]
        expect(flag).to_contain_text("0 tickets waiting", timeout=15_000)

        card = kitchen.locator(".ticket", has_text=order["number"])
        card.locator("[data-print=ticket]").click()  # reprint: on the grill printer, still off
        expect(kitchen.locator("#kitchen")).to_have_attribute("data-reprinted", order["id"])
        grill.start()
        papers = grill.wait_for(2, timeout_s=45)  # the first before it went off, then this one
        assert papers[1].startswith("REPRINT") and order["number"] in papers[1]

        phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        sign_in(phone, url, "floor")
        phone.click("button.table[data-table=hall-2]")
        sheet = phone.locator(f"#table-sheet [data-order='{order['id']}']")
        sheet.get_by_role("button", name="Print bill").click()  # at the bill printer, no dialog
        expect(phone.locator("#floor")).to_have_attribute("data-bill-printed", order["id"])
        bill = cold.wait_for(3)[2]
        assert f"#{order['number']}" in bill and "2 × Classic burger" in bill
        assert "Total" in bill and f"{order['total'] / 100:.2f}" in bill
    finally:
        grill.stop()
        cold.stop()
