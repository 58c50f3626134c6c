"""A service run from the floor phone alone, as a waiter does it: seat a table, order two mains
with their options on the phone, the kitchen gets the ticket; add desserts (an "added" ticket),
void one with a reason (the kitchen sees it struck through), void a main the kitchen already
started with the manager's PIN typed on the phone, request the bill, split it cash and card;
the table is paid and cleared. Then the same with the server stopped half-way: every change
reaches the server exactly once. And two phones changing one order offline converge."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import sign_in
from tests.browser.conftest import wait_ready
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess
from tests.support.wait import until

PHONE = {"width": 390, "height": 844}
BURGER = ("From the grill", "classic-burger", ["medium", "fries"])
STEAK = ("From the grill", "ribeye", ["rare", "salad"])
BAKLAVA = ("Desserts", "baklava", ["vanilla"])
SUTLAC = ("Desserts", "sutlac", [])


def pad_add(page: Page, category: str, item: str, options: list[str], hold: bool = False) -> None:
    pad = page.locator("#order-pad")
    pad.locator("#pad-categories").get_by_role("tab", name=category).click()
    pad.locator(f"#pad-items [data-item={item}]").click()
    sheet = page.locator("#item-sheet")
    for option in options:
        sheet.locator(f"[data-option={option}]").click()
    sheet.locator("#add-to-cart").click()
    expect(sheet).to_be_hidden()
    if hold:
        pad.locator(f".pad-line[data-item={item}] .hold").click()


def seat_and_order(page: Page, table: str, name: str, *dishes: tuple, shoot=None):
    """Seat guests at ``table`` and order ``dishes`` (category, item, options) for two on the
    pad: the table's sheet, and the order's number once the server has it."""
    page.click(f"button.table[data-table={table}]")
    sheet = page.locator("#table-sheet")
    sheet.get_by_role("button", name="Seat guests").click()
    sheet.get_by_role("button", name="New order").click()
    pad = page.locator("#order-pad")
    expect(pad.locator("h2")).to_have_text(f"New order · {name}")
    pad.locator("#pad-guests").fill("2")
    for dish in dishes:
        pad_add(page, *dish)
    if shoot:
        shoot(page, "pad")
    pad.locator("#pad-send").click()
    expect(pad).to_have_count(0)
    card = order_card(page, 0)
    expect(card.locator(".number")).not_to_have_text("…", timeout=10_000)
    return sheet, card.locator(".number").inner_text()


def order_card(page: Page, number_or_index: int):
    return page.locator("#table-sheet .order").nth(number_or_index)


def bump_to(ticket, status: str) -> None:
    """A cook's bump, and the ticket seen moved on before the next (a tap on a ticket still
    showing its last state bumps that state again, which changes nothing)."""
    ticket.locator(".bump").click()
    expect(ticket).to_have_attribute("data-status", status, timeout=10_000)


def void(page: Page, order, line: int, reason: str, pin: str = "") -> None:
    order.locator(f"[data-void='{line}']").click()
    sheet = page.locator("#change-sheet")
    sheet.locator(f"[data-reason={reason}]").click()
    sheet.locator("#change-confirm").click()
    if pin:
        expect(sheet.locator("#change-error")).to_have_text("This needs a manager's PIN.")
        sheet.locator("#change-pin").fill(pin)
        sheet.locator("#change-confirm").click()
    expect(sheet).to_have_count(0, timeout=10_000)


def pay_in_two(page: Page) -> None:
    """Split between two: the first pays cash (20.00 given, change shown), the second card."""
    page.locator("#table-sheet").get_by_role("button", name="Take payment").click()
    pay = page.locator("#pay-sheet")
    pay.get_by_role("button", name="Split between 2").click()
    pay.locator("#pay-tendered").fill("100")
    expect(pay.locator("#pay-change")).to_contain_text("Change")
    pay.locator("#pay-take").click()
    pay.get_by_role("radio", name="Card").click()
    pay.locator("#pay-take").click()


def events_of(url: str, kind: str) -> list[dict]:
    events = Rest(url, login(url, "manager")).get("/events", params={"since": 0}).json()["events"]
    return [e for e in events if e["type"] == kind]


def test_a_waiter_runs_a_table_from_seat_to_paid(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    phone = browser.new_context(viewport=PHONE).new_page()
    kitchen = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(phone, url, "floor")
    sign_in(kitchen, url, "kitchen")
    sheet, number = seat_and_order(phone, "hall-3", "H3", BURGER, STEAK, shoot=shoot)
    pad = phone.locator("#order-pad")
    ticket = kitchen.locator(".ticket", has_text=number, has_not=kitchen.locator(".badge.added"))
    expect(ticket).to_contain_text("Classic burger", timeout=10_000)
    expect(ticket).to_contain_text("Ribeye steak 300 g")
    bump_to(ticket, "accepted")
    bump_to(ticket, "preparing")  # the mains are being cooked

    # Desserts after the mains: a ticket of their own, marked "added".
    sheet.get_by_role("button", name="Add items").click()
    expect(pad.locator("h2")).to_have_text(f"Add to {number} · H3")
    pad_add(phone, *BAKLAVA)
    pad_add(phone, *SUTLAC)
    pad.locator("#pad-send").click()
    added = kitchen.locator(".ticket", has=kitchen.locator(".badge.added"))
    expect(added).to_contain_text("Baklava", timeout=10_000)
    expect(added.locator(".number")).to_have_text(number)

    # One dessert is voided (the kitchen has not started it: no PIN), the steak with the PIN.
    desserts = order_card(phone, 1)
    expect(desserts.locator(".pill.added")).to_be_visible()
    void(phone, desserts, 1, "changed_mind")
    struck = added.locator("li[data-voided]")
    expect(struck).to_contain_text("Rice pudding", timeout=10_000)
    expect(struck).to_contain_text("VOID · Guest changed their mind")
    void(phone, order_card(phone, 0), 1, "wrong_item", pin="9999")
    expect(ticket.locator("li[data-voided]")).to_contain_text("Ribeye", timeout=10_000)
    shoot(kitchen, "struck")
    order_card(phone, 0).locator("details.history summary").click()
    expect(order_card(phone, 0).locator(".history-rows li").first).to_contain_text(
        "Voided Ribeye steak 300 g · Wrong item"
    )
    shoot(phone, "history")

    # The kitchen finishes both tickets; the waiter serves, requests the bill and splits it.
    bump_to(ticket, "ready")
    for status in ("accepted", "preparing", "ready"):
        bump_to(added, status)
    serve_both(sheet)
    sheet.get_by_role("button", name="Request bill").click()
    pay_in_two(phone)
    expect(sheet.locator(".order")).to_have_count(0, timeout=10_000)
    expect(sheet.locator(".pill").first).to_have_text("Needs clearing", timeout=5_000)
    sheet.get_by_role("button", name="Clear table").click()
    expect(phone.locator("button.table[data-table=hall-3]")).to_have_attribute(
        "data-status", "free", timeout=5_000
    )

    voids = [e["data"] for e in events_of(url, "order_updated")
             if e["data"]["history"][-1]["what"] == "void"]  # fmt: skip
    assert len(voids) == 2
    paid = [e["data"] for e in events_of(url, "order_updated") if e["data"]["status"] == "paid"]
    assert len(paid) == 2
    payments = next(p["payments"] for p in paid if p.get("payments"))
    burger, baklava = 1390, 750 + 120
    assert [p["method"] for p in payments] == ["cash", "card"]
    assert sum(p["amount"] for p in payments) == burger + baklava


def serve_both(sheet) -> None:
    """The waiter serves the two orders, the second once the sheet shows the first served (a
    person sees the first button go; tapping at once can land on the one already tapped)."""
    served = sheet.get_by_role("button", name="Mark served")
    expect(served).to_have_count(2, timeout=10_000)
    served.first.click()
    expect(served).to_have_count(1, timeout=10_000)
    served.first.click()
    expect(served).to_have_count(0, timeout=10_000)


def test_the_same_service_with_the_server_stopped_half_way_lands_once(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, url, "floor")
    sheet, number = seat_and_order(phone, "hall-5", "H5", BURGER, STEAK)
    mains = order_card(phone, 0)

    fresh_server.kill()  # the uplink dies at rush hour
    expect(phone.locator("#sync-banner")).not_to_have_attribute(
        "data-state", "live", timeout=20_000
    )
    sheet.get_by_role("button", name="Add items").click()
    pad_add(phone, *BAKLAVA)
    pad_add(phone, *SUTLAC)
    phone.locator("#pad-send").click()
    expect(sheet.locator(".order")).to_have_count(2)
    void(phone, mains, 1, "quality")  # not started by the kitchen: no PIN needed
    expect(mains.locator("li[data-voided]")).to_contain_text("Ribeye")
    pay_in_two(phone)  # the check: burger, baklava, rice pudding
    expect(phone.locator("#pay-sheet")).to_have_count(0, timeout=5_000)
    shoot(phone, "offline")

    fresh_server.start()
    expect(phone.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=40_000)
    expect(sheet.locator("[data-pending]")).to_have_count(0, timeout=20_000)
    orders = Rest(url, login(url, "floor")).get("/floor").json()["orders"]
    root = next(o for o in orders if o["number"] == number and not o.get("adds_to"))
    added = [o for o in orders if o.get("adds_to") == root["id"]]
    assert len(added) == 1 and [line["name"] for line in added[0]["lines"]] == [
        "Baklava", "Rice pudding"
    ]  # fmt: skip
    assert [h["what"] for h in root["history"]].count("void") == 1
    check = 1390 + 870 + 590
    assert [p["method"] for p in root["payments"]] == ["cash", "card"]
    assert sum(p["amount"] for p in root["payments"]) == check and root["settled_at"]
    # Settled before it was served: each order is paid when the waiter serves it.
    kitchen = Rest(url, login(url, "kitchen"))
    for order in (root, added[0]):
        for status in ("accepted", "preparing", "ready"):
            kitchen.post(f"/orders/{order['id']}/status", {"client_id": f"k-{order['id']}-{status}",
                                                           "status": status})  # fmt: skip
    serve_both(sheet)
    expect(sheet.locator(".pill").first).to_have_text("Needs clearing", timeout=10_000)
    assert len([e for e in events_of(url, "order_created")]) == 2


def test_two_phones_void_and_add_offline_and_converge(
    fresh_server: ServerProcess, browser: Browser
):
    url = fresh_server.url
    floor = Rest(url, login(url, "floor"))
    body = {"client_id": "two-phones-order", "table_id": "hall-6",
            "lines": [{"item_id": "hummus", "qty": 1}, {"item_id": "calamari", "qty": 1}]}  # fmt: skip
    order = floor.post("/orders", body).json()["order"]
    phones = [browser.new_context(viewport=PHONE).new_page() for _ in range(2)]
    for phone in phones:
        sign_in(phone, url, "floor")
        phone.click("button.table[data-table=hall-6]")
        expect(order_card(phone, 0).locator(".number")).to_have_text(order["number"])
    a, b = phones
    fresh_server.kill()
    for phone in phones:
        expect(phone.locator("#sync-banner")).not_to_have_attribute(
            "data-state", "live", timeout=20_000
        )
    void(a, order_card(a, 0), 0, "wrong_item")
    void(b, order_card(b, 0), 0, "quality")
    b.locator("#table-sheet").get_by_role("button", name="Add items").click()
    pad_add(b, *SUTLAC)
    b.locator("#pad-send").click()

    fresh_server.start()
    for phone in phones:
        expect(phone.locator("#sync-banner")).to_have_attribute(
            "data-state", "live", timeout=40_000
        )
        expect(phone.locator("#table-sheet [data-pending]")).to_have_count(0, timeout=20_000)
    # The rule: a line voided twice is voided once; additions land independently.
    orders = floor.get("/floor").json()["orders"]
    root = next(o for o in orders if o["id"] == order["id"])
    assert [h["what"] for h in root["history"]].count("void") == 1
    assert [o["lines"][0]["name"] for o in orders if o.get("adds_to") == order["id"]] == [
        "Rice pudding"
    ]
    for phone in phones:  # both phones show the server's one truth
        cards = phone.locator("#table-sheet .order")
        expect(cards).to_have_count(2, timeout=10_000)
        expect(cards.nth(0).locator("li[data-voided]")).to_have_count(1)
        expect(cards.nth(0).locator("li[data-voided]")).to_contain_text(
            "Wrong item" if root["lines"][0]["voided"]["reason"] == "wrong_item" else "Quality"
        )


def test_the_managers_bill_rules_reach_the_waiters_phone(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    manager = browser.new_context(viewport=PHONE).new_page()
    manager.goto(f"{url}/#/manage/rules")
    wait_ready(manager)
    manager.fill("#pin", "9999")
    manager.click("#sign-in button[type=submit]")
    manager.click("#edit-rules")
    manager.fill("#rules-service", "10")
    manager.fill("#rules-methods", "cash, card, meal voucher")
    manager.fill("#rules-threshold", "101")
    manager.click("#sheet-save")
    expect(manager.locator("#error-discount_approval_bp")).to_have_text(
        "This number is out of range."
    )
    manager.fill("#rules-threshold", "5")
    manager.fill("#rules-reasons", "Spilled\nGuest left")
    manager.click("#sheet-save")
    summary = manager.locator("#rules-summary")
    expect(summary).to_contain_text("cash, card, meal-voucher", timeout=5_000)
    expect(summary).to_contain_text("Spilled, Guest left")
    shoot(manager, "rules")

    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, url, "floor")
    phone.click("button.table[data-table=hall-7]")
    sheet = phone.locator("#table-sheet")
    sheet.get_by_role("button", name="New order").click()
    pad_add(phone, *BAKLAVA)
    phone.locator("#pad-send").click()
    card = order_card(phone, 0)
    expect(card.locator(".number")).not_to_have_text("…", timeout=10_000)
    card.locator("[data-void='0']").click()
    expect(phone.locator("#change-sheet [data-reason]")).to_have_text(
        ["Spilled", "Guest left", "Other"]
    )
    phone.locator("#change-back").click()
    # 10 % off is above the manager's 5 %: the PIN, then the bill shows it.
    sheet.get_by_role("button", name="Discount").click()
    change = phone.locator("#change-sheet")
    change.locator("#change-value").fill("10")
    change.locator("[data-reason=birthday]").click()
    change.locator("#change-confirm").click()
    expect(change.locator("#change-error")).to_have_text("This needs a manager's PIN.")
    change.locator("#change-pin").fill("2222")
    change.locator("#change-confirm").click()
    expect(change.locator("#change-error")).to_have_text("That is not the manager's PIN.")
    change.locator("#change-pin").fill("9999")
    change.locator("#change-confirm").click()
    expect(change).to_have_count(0, timeout=10_000)
    # The manager approved 10 %: 100 % is another change, and the phone asks again.
    sheet.get_by_role("button", name="Discount").click()
    change.locator("#change-value").fill("100")
    change.locator("[data-reason=birthday]").click()
    change.locator("#change-confirm").click()
    expect(change.locator("#change-error")).to_have_text("This needs a manager's PIN.")
    phone.locator("#change-back").click()
    sheet.get_by_role("button", name="Take payment").click()
    pay = phone.locator("#pay-sheet")
    baklava = 750 + 120
    off = round(baklava * 0.1)
    service = round((baklava - off) * 0.1)
    expect(pay.locator("#bill-rows")).to_contain_text("Service charge")
    expect(pay.locator("#bill-rows")).to_contain_text(f"₺{(baklava - off + service) / 100:.2f}")
    expect(pay.get_by_role("radio", name="Meal voucher")).to_be_visible()
    shoot(phone, "discounted bill")


def test_two_guests_pay_for_what_each_had(fresh_server: ServerProcess, browser: Browser, shoot):
    url = fresh_server.url
    floor = Rest(url, login(url, "floor"))
    lines = [{"item_id": "hummus", "qty": 1}, {"item_id": "calamari", "qty": 1}]  # 6.50, 9.50
    body = {"client_id": "by-items", "table_id": "hall-10", "lines": lines}
    order = floor.post("/orders", body).json()["order"]
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, url, "floor")
    phone.click("button.table[data-table=hall-10]")
    phone.locator("#table-sheet").get_by_role("button", name="Take payment").click()
    pay = phone.locator("#pay-sheet")
    pay.get_by_role("button", name="By item").click()
    pay.locator("[data-line='1']").click()
    expect(pay.locator("#pay-amount")).to_have_value("9.50")
    pay.get_by_role("radio", name="Card").click()
    pay.locator("#pay-take").click()
    expect(pay.locator("[data-line='1']")).to_be_disabled(timeout=10_000)
    expect(pay.locator("[data-line='1']")).to_contain_text("paid")
    shoot(phone, "by items")
    pay.locator("[data-line='0']").click()
    expect(pay.locator("#pay-amount")).to_have_value("6.50")
    pay.get_by_role("radio", name="Cash").click()
    pay.locator("#pay-take").click()
    expect(pay).to_have_count(0, timeout=10_000)  # at once: the payment may still be on its way
    taken = until(lambda: floor.get(f"/orders/{order['id']}").json()["order"]["payments"],
                  lambda p: len(p) == 2)  # fmt: skip
    assert [(p["method"], p["amount"], p["lines"]) for p in taken] == [
        ("card", 950, [1]), ("cash", 650, [0])
    ]  # fmt: skip


def test_a_delivery_taken_on_the_phone_is_found_on_its_tab_and_paid(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, url, "floor")
    phone.click("#new-takeaway")
    pad = phone.locator("#order-pad")
    pad.locator("[data-kind=delivery]").click()
    pad.locator("#pad-name").fill("Deniz")
    pad.locator("#pad-phone").fill("12")
    pad.locator("#pad-address").fill("Moda Cd. 5, Kadıköy")
    pad_add(phone, *SUTLAC)
    pad.locator("#pad-send").click()
    expect(pad.locator("#pad-error")).to_have_text("A phone number has at least 6 digits.")
    expect(pad.locator("#pad-phone")).to_have_attribute("aria-invalid", "true")
    pad.locator("#pad-phone").fill("+90 532 000 11 22")
    pad.locator("#pad-send").click()
    expect(pad).to_have_count(0)
    tile = phone.locator("button.table.away")
    expect(tile).to_contain_text("Delivery", timeout=10_000)
    expect(tile).to_contain_text("Deniz")
    expect(phone.locator("[data-area=away]")).to_have_attribute("aria-selected", "true")
    tile.click()
    sheet = phone.locator("#table-sheet")
    expect(sheet.locator(".customer")).to_have_text(
        "Deniz · +90 532 000 11 22 · Moda Cd. 5, Kadıköy"
    )
    shoot(phone, "delivery")
    sheet.get_by_role("button", name="Take payment").click()
    phone.locator("#pay-sheet").get_by_role("radio", name="Card").click()
    phone.locator("#pay-take").click()
    expect(phone.locator("#pay-sheet")).to_have_count(0, timeout=10_000)
    waiter = Rest(url, login(url, "floor"))  # the phone's queue sends the payment a moment later
    delivery = until(
        lambda: [o for o in waiter.get("/floor").json()["orders"] if o["type"] == "delivery"],
        lambda found: len(found) == 1 and found[0].get("settled_at"),
    )[0]
    assert delivery["customer"] == {"name": "Deniz", "phone": "+90 532 000 11 22",
                                    "address": "Moda Cd. 5, Kadıköy"}  # fmt: skip
    assert delivery["table_id"] is None and delivery["settled_at"]


def test_a_tables_sheet_stays_put_under_the_thumb_while_the_link_flaps(
    fresh_server: ServerProcess, browser: Browser
):
    """The sheet was rebuilt on every render, and the banner renders on every reconnect try:
    the button a waiter reached for was replaced before the tap landed (the chaos run's floor
    lost its taps). Now it is redrawn only when what it shows changes."""
    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, fresh_server.url, "floor")
    phone.click("button.table[data-table=hall-2]")
    sheet = phone.locator("#table-sheet")
    sheet.get_by_role("button", name="Seat guests").evaluate("b => { b.dataset.mark = 'kept' }")
    fresh_server.kill()
    banner = phone.locator("#sync-banner")
    expect(banner).to_have_attribute("data-state", "offline", timeout=15_000)
    phone.wait_for_timeout(1_500)  # reconnect tries, each drawn on the banner
    expect(sheet.locator("[data-mark=kept]")).to_have_count(1)
    fresh_server.start()
    expect(banner).to_have_attribute("data-state", "live", timeout=20_000)
    expect(sheet.locator("[data-mark=kept]")).to_have_count(1)
    seated = Rest(fresh_server.url, login(fresh_server.url, "floor")).patch(
        "/tables/hall-2", {"client_id": new_client_id(), "status": "seated"}
    )
    assert seated.status_code == 200, seated.text
    # Another phone seated it: the sheet shows that, and its seat button is gone.
    expect(sheet.get_by_role("button", name="Seat guests")).to_have_count(0, timeout=10_000)
    expect(sheet.get_by_role("button", name="Free the table")).to_be_visible()
    phone.context.close()
