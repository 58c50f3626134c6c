"""A manager's tablet runs the cash drawer and closes the day: a shift opened with its float
counted, two cash payments and a cash-out on it, counted five short and closed, then the day
closed, the last two with the server gone; each lands once when it is back, and the day's Z
report is shown and printed at 80 mm."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.actions import sign_in
from tests.browser.conftest import wait_offline_ready
from tests.browser.test_payments import ready_order, table_on_phone
from tests.browser.test_print import NO_DIALOG, as_printed, print_with
from tests.support.client import Rest, login, new_client_id, order_body
from tests.support.server_process import ServerProcess
from tests.support.wait import until

TABLET = {"width": 1024, "height": 900}


def money(minor: int) -> str:
    return f"₺{minor / 100:,.2f}"


def test_a_shift_counted_five_short_and_the_day_closed_offline_half_way(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    tablet = browser.new_context(viewport=TABLET).new_page()
    sign_in(tablet, url, "manage")
    wait_offline_ready(tablet)
    tablet.click("#tab-day")  # the tablet learns which business day is open
    expect(tablet.locator("#close-status")).to_contain_text("Open business day", timeout=10_000)
    day = tablet.locator("#close-status").inner_text().split(": ")[1].rstrip(".")

    tablet.click("#tab-drawer")
    panel = tablet.locator("#manage-drawer")
    expect(panel.locator("#drawer-none")).to_be_visible()
    panel.locator("#open-drawer").click()
    sheet = panel.locator("#edit-sheet")
    sheet.locator("input[name=name]").fill("Front till")
    sheet.locator("#count-grid input[data-value='5000']").fill("1")  # a 50, two 20s, two 5s
    sheet.locator("#count-grid input[data-value='2000']").fill("2")
    sheet.locator("#count-grid input[data-value='500']").fill("2")
    expect(sheet.locator("#count-total")).to_have_text("The notes and coins add up to ₺100.00.")
    expect(sheet.locator("input[name=float]")).to_have_value("100.00")
    shoot(tablet, "float-counted")
    sheet.locator("#sheet-save").click()
    card = panel.locator(".drawer[data-status=open]")
    expect(card.locator("[data-figure=expected]")).to_have_text(money(10000))
    expect(card).not_to_have_attribute("data-pending", "true", timeout=10_000)

    waiter = Rest(url, login(url, "floor"))  # two guests pay cash at the tables
    taken = 0
    for _ in range(2):
        order = waiter.post("/orders", order_body(None)).json()["order"]
        body = {"client_id": new_client_id(), "method": "cash", "amount": order["total"],
                "tendered": 5000}  # fmt: skip
        assert waiter.post(f"/orders/{order['id']}/payments", body).status_code == 200
        taken += order["total"]
    expect(card.locator("[data-figure=taken]")).to_have_text(money(taken), timeout=10_000)
    card.locator("[data-action=cash_out]").click()
    sheet.locator("input[name=amount]").fill("500")  # more than the drawer holds
    sheet.locator("input[name=reason]").fill("bread supplier")
    sheet.locator("#sheet-save").click()
    expect(sheet.locator("#error-amount")).to_have_text("The drawer should not hold that much.")
    sheet.locator("input[name=amount]").fill("20")
    sheet.locator("#sheet-save").click()
    expected = 10000 + taken - 2000
    expect(card.locator("[data-figure=expected]")).to_have_text(money(expected))
    expect(card).not_to_have_attribute("data-pending", "true", timeout=10_000)

    fresh_server.kill()  # the link goes down: counted, closed and the day closed offline
    card.locator("[data-action=count]").click()
    sheet.locator("input[name=counted]").fill(f"{(expected - 500) / 100:.2f}")
    sheet.locator("#sheet-save").click()
    counted = panel.locator(".drawer[data-status=closed]")
    expect(counted.locator("[data-figure=difference]")).to_have_text("₺5.00 short")
    expect(counted).to_have_attribute("data-pending", "true")
    shoot(tablet, "counted-offline")
    tablet.click("#tab-day")
    tablet.locator("#close-day").click()
    status = tablet.locator("#close-status")
    expect(status).to_have_attribute("data-state", "waiting")
    expect(status).to_contain_text(f"Closing {day}")
    shoot(tablet, "closing-offline")

    fresh_server.start()
    paper = tablet.locator("#z-paper")
    expect(paper).to_have_attribute("data-closed", "true", timeout=30_000)
    expect(paper).to_contain_text(f"Z report{day}")
    expect(paper.locator(".r.total").last).to_have_text("Cash over / short−₺5.00")
    expect(tablet.locator(f"#closed-days tr[data-day='{day}']")).to_be_visible()
    expect(status).to_contain_text("Open business day")
    shoot(tablet, "z-report")
    tablet.evaluate(NO_DIALOG)
    text = print_with(tablet, tablet.locator("#z-print"), "z")
    assert "Z report" in text and "bread" not in text and money(expected - 500) in text
    as_printed(tablet, shoot, "z-report")
    with tablet.expect_download() as got:
        tablet.locator("#z-csv").click()
    assert got.value.suggested_filename == f"z-report-{day}.csv"
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text())))
    assert ["cash", "over_short", "", "-5.00"] in rows and ["drawer", "Front till: cash_out", "",
                                                           "20.00"] in rows  # fmt: skip

    manager = Rest(url, login(url, "manager"))
    events = manager.get("/events", params={"since": 0}).json()["events"]
    shifts = [e["data"] for e in events if e["type"] == "drawer_updated"]
    assert [s["status"] for s in shifts].count("closed") == 1  # counted once
    assert [e["type"] for e in events].count("day_closed") == 1
    z = manager.get(f"/reports/close?day={day}").json()
    assert (z["cash"]["expected"], z["cash"]["counted"], z["cash"]["over_short"]) == (
        expected, expected - 500, -500)  # fmt: skip
    assert z["cash"]["drawers"][0]["cash_out"] == 2000 and z["by_payment_method"] == {"cash": taken}


def test_with_two_drawers_open_the_waiter_says_which_takes_the_cash(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    manager = Rest(url, login(url, "manager"))
    for drawer_id, name in (("front", "Front till"), ("bar", "Bar")):
        body = {"client_id": new_client_id(), "drawer_id": drawer_id, "name": name, "float": 0}
        assert manager.post("/drawers", body).status_code == 201
    order = ready_order(url, "hall-3")
    phone = table_on_phone(browser, url, "hall-3")
    phone.locator("#table-sheet").get_by_role("button", name="Take payment").click()
    pay = phone.locator("#pay-sheet")
    choice = pay.locator("#pay-drawers")
    expect(choice).to_be_visible()
    pay.get_by_role("radio", name="Card").click()
    expect(choice).to_be_hidden()  # a card goes into no drawer
    pay.get_by_role("radio", name="Cash").click()
    pay.locator("#pay-take").click()
    expect(pay.locator("#pay-error")).to_have_text("Choose the drawer the cash goes into.")
    choice.get_by_role("radio", name="Bar").click()
    shoot(phone, "drawer-choice")
    pay.locator("#pay-take").click()
    expect(pay).to_have_count(0, timeout=5_000)
    waiter = Rest(url, login(url, "floor"))
    paid = until(lambda: waiter.get(f"/orders/{order['id']}").json()["order"],
                 lambda o: o.get("payments"))  # fmt: skip
    assert paid["payments"][0]["drawer"] == "bar"
    drawers = {d["id"]: d for d in waiter.get("/floor").json()["drawers"]}
    assert (drawers["bar"]["expected"], drawers["front"]["expected"]) == (order["total"], 0)
