"""A waiter settles a table's bill on the phone: split in two, one pays cash (the change is
shown as the waiter types), the other by card; the table is then paid and needs clearing, and
the server holds exactly those two payments."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import confirm_with_managers_pin, fire_background_sync, sign_in
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.support.client import PINS, Rest, login, new_client_id, order_body
from tests.support.server_process import ServerProcess
from tests.support.wait import until


def ready_order(url: str, table: str, placed_by: str = "floor") -> dict:
    """An order at ``table`` the kitchen has made ready: the waiter serves and bills it."""
    order = Rest(url, login(url, placed_by)).post("/orders", order_body(table)).json()["order"]
    kitchen = Rest(url, login(url, "kitchen"))
    for status in ("accepted", "preparing", "ready"):
        body = {"client_id": new_client_id(), "status": status}
        assert kitchen.post(f"/orders/{order['id']}/status", body).status_code == 200
    return order


def table_on_phone(browser: Browser, url: str, table: str) -> Page:
    """A waiter's phone, signed in, with ``table``'s sheet open."""
    floor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(floor, url, "floor")
    floor.click(f"button.table[data-table={table}]")
    return floor


def test_a_table_splits_the_bill_cash_and_card(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    order = ready_order(url, "hall-2", placed_by="kiosk")
    total = order["total"]  # 15.90 for the demo's burger with medium and fries
    first, second = (total + 1) // 2, total // 2
    floor = table_on_phone(browser, url, "hall-2")
    sheet = floor.locator("#table-sheet")
    sheet.get_by_role("button", name="Mark served").click()
    sheet.get_by_role("button", name="Take payment").click()
    pay = floor.locator("#pay-sheet")
    expect(pay).to_be_visible()
    expect(pay.locator("#bill-rows")).to_contain_text("Still owed")
    pay.get_by_role("button", name="Split between 2").click()
    expect(pay.locator("#pay-amount")).to_have_value(f"{first / 100:.2f}")
    expect(pay.get_by_role("radio", name="Cash")).to_have_attribute("aria-checked", "true")
    pay.locator("#pay-tendered").fill("5")
    expect(pay.locator("#pay-change")).to_contain_text("short")
    pay.locator("#pay-tendered").fill("20")
    change = 2000 - first
    expect(pay.locator("#pay-change")).to_have_text(f"Change: ₺{change / 100:.2f}")
    shoot(floor, "cash")
    pay.locator("#pay-take").click()
    # The second payer: the rest, by card (no cash field for a card).
    expect(pay.locator("#pay-amount")).to_have_value(f"{second / 100:.2f}", timeout=5_000)
    pay.get_by_role("radio", name="Card").click()
    expect(pay.locator("#pay-tendered")).to_be_hidden()
    pay.locator("#pay-amount").fill(f"{second / 100 + 1:.2f}")  # a slip of the thumb: too much
    pay.locator("#pay-take").click()
    expect(pay.locator("#pay-error")).to_have_text(f"Enter an amount up to ₺{second / 100:.2f}.")
    pay.locator("#pay-amount").fill(f"{second / 100:.2f}")
    pay.locator("#pay-take").click()
    expect(pay).to_have_count(0, timeout=5_000)  # paid in full: the sheet closes
    expect(sheet.locator(".order")).to_have_count(0)
    expect(sheet.locator(".pill").first).to_have_text("Needs clearing", timeout=5_000)

    waiter = Rest(url, login(url, "floor"))  # the phone's queue sends it a moment later

    def paid_events() -> list[dict]:
        events = waiter.get("/events", params={"since": 0}).json()["events"]
        return [e["data"] for e in events
                if e["type"] == "order_updated" and e["data"]["status"] == "paid"]  # fmt: skip

    paid = until(paid_events, bool)
    assert len(paid) == 1
    assert [(p["method"], p["amount"], p["change"]) for p in paid[0]["payments"]] == [
        ("cash", first, change), ("card", second, 0),
    ]  # fmt: skip


def test_a_payment_the_worker_delivered_is_paid_on_the_phone_opened_offline(
    fresh_server: ServerProcess, browser: Browser
):
    """Taken offline, the phone closed, Background Sync delivers it: opened again with no
    network, the phone must show the table paid. Were the payment gone from its queue while its
    floor still showed the order unpaid, a waiter would take the money twice."""
    url = fresh_server.url
    order = Rest(url, login(url, "kiosk")).post("/orders", order_body("hall-2")).json()["order"]
    staff = {"kitchen": ("accepted", "preparing", "ready"), "floor": ("served",)}
    for role, statuses in staff.items():
        rest = Rest(url, login(url, role))
        for status in statuses:
            body = {"client_id": new_client_id(), "status": status}
            assert rest.post(f"/orders/{order['id']}/status", body).status_code == 200
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    sign_in(phone, url, "floor")
    wait_offline_ready(phone)
    context.set_offline(True)
    phone.click("button.table[data-table=hall-2]")
    sheet = phone.locator("#table-sheet")
    sheet.get_by_role("button", name="Take payment").click()
    pay = phone.locator("#pay-sheet")
    pay.get_by_role("radio", name="Card").click()
    pay.locator("#pay-take").click()
    expect(pay).to_have_count(0, timeout=5_000)
    expect(phone.locator("#sync-banner")).to_have_attribute("data-waiting", "1")
    phone.close()
    context.set_offline(False)
    fire_background_sync(context, url)
    floor = Rest(url, login(url, "floor"))
    until(lambda: floor.get(f"/orders/{order['id']}").json()["order"]["status"], "paid".__eq__)
    context.set_offline(True)  # the phone opened again where the Wi-Fi does not reach
    again = context.new_page()
    again.goto(f"{url}/#/floor")
    wait_ready(again)
    again.click("button.table[data-table=hall-2]")
    sheet = again.locator("#table-sheet")
    expect(sheet.locator(".pill").first).to_have_text("Needs clearing", timeout=5_000)
    expect(sheet.get_by_role("button", name="Take payment")).to_have_count(0)
    # Back on the network the phone hears the server confirm it once more, and nothing doubles.
    context.set_offline(False)
    expect(again.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=20_000)
    assert len(floor.get(f"/orders/{order['id']}").json()["order"]["payments"]) == 1
    context.close()


def test_cash_taken_by_mistake_is_refunded_with_the_managers_pin_and_paid_by_card(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    """Half the bill taken in cash by mistake: the waiter refunds it (the manager types their
    PIN on the phone), then the guest pays the whole bill by card with the server down: it lands
    once when the server is back, and the refund and both payments stay."""
    url = fresh_server.url
    order = Rest(url, login(url, "floor")).post("/orders", order_body("hall-4")).json()["order"]
    total, first = order["total"], (order["total"] + 1) // 2
    floor = table_on_phone(browser, url, "hall-4")
    floor.locator("#table-sheet").get_by_role("button", name="Take payment").click()
    pay = floor.locator("#pay-sheet")
    pay.get_by_role("button", name="Split between 2").click()
    pay.locator("#pay-tendered").fill("100")
    pay.locator("#pay-take").click()
    taken = pay.locator("#pay-payments li")
    expect(taken).to_have_count(1, timeout=5_000)
    expect(taken).to_contain_text(f"Cash ₺{first / 100:.2f}")
    taken.get_by_role("button", name="Refund").click()
    sheet = floor.locator("#change-sheet")
    expect(sheet.get_by_role("radio", name="Cash")).to_have_attribute("aria-checked", "true")
    expect(sheet.locator("#change-value")).to_have_value(f"{first / 100:.2f}")
    sheet.locator("[data-reason=wrong_item]").click()
    confirm_with_managers_pin(sheet, PINS["manager"], lambda: shoot(floor, "refund-pin"))
    expect(taken).to_contain_text(f"refunded ₺{first / 100:.2f}", timeout=10_000)
    expect(taken.get_by_role("button", name="Refund")).to_have_count(0)
    expect(pay.locator("#bill-rows")).to_contain_text(f"₺{total / 100:.2f}")
    shoot(floor, "refunded")
    waiter = Rest(url, login(url, "floor"))
    until(lambda: waiter.get(f"/orders/{order['id']}").json()["order"].get("refunds"), bool)

    fresh_server.kill()  # the guest pays by card while the server is away
    pay.get_by_role("button", name="Not split").click()
    pay.get_by_role("radio", name="Card").click()
    expect(pay.locator("#pay-amount")).to_have_value(f"{total / 100:.2f}")
    pay.locator("#pay-take").click()
    expect(pay).to_have_count(0, timeout=5_000)  # paid in full, here at once
    fresh_server.start()
    seen = Rest(url, login(url, "floor"))
    paid = until(lambda: seen.get(f"/orders/{order['id']}").json()["order"],
                 lambda o: o.get("settled_at"), timeout=30)  # fmt: skip
    assert [(p["method"], p["amount"]) for p in paid["payments"]] == [
        ("cash", first), ("card", total)]  # fmt: skip
    assert [(r["method"], r["amount"]) for r in paid["refunds"]] == [("cash", first)]


def test_a_check_the_guest_walked_out_on_is_written_off_with_the_managers_pin(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    order = ready_order(url, "hall-5")
    floor = table_on_phone(browser, url, "hall-5")
    table = floor.locator("#table-sheet")
    table.get_by_role("button", name="Mark served").click()
    table.get_by_role("button", name="Comp or write off").click()
    sheet = floor.locator("#change-sheet")
    sheet.get_by_role("radio", name="Write off (not paid)").click()
    sheet.locator("[data-reason=other]").click()
    sheet.locator("#change-note").fill("left without paying")
    confirm_with_managers_pin(sheet, PINS["manager"], lambda: shoot(floor, "write-off"))
    expect(table.locator(".order")).to_have_count(0, timeout=10_000)  # settled, so paid
    expect(table.locator(".pill").first).to_have_text("Needs clearing", timeout=5_000)
    # The phone shows it at once; the server has it once the phone's queue has sent it.
    waiter = Rest(url, login(url, "floor"))
    closed = until(lambda: waiter.get(f"/orders/{order['id']}").json()["order"],
                   lambda o: o["status"] == "paid")  # fmt: skip
    assert "payments" not in closed
    assert closed["comp"] | {"at": "", "by": {}} == {
        "kind": "write_off", "amount": order["total"], "reason": "other",
        "note": "left without paying", "at": "", "by": {}}  # fmt: skip
    report = Rest(url, login(url, "manager")).get("/reports/day").json()
    assert report["write_offs"] == {"count": 1, "amount": order["total"]}
    assert report["revenue"] == 0
