"""A manager enrols a waiter on the staff tab; she signs in on a phone with her own PIN, the
order she sends is hers and its history names her; deactivated, her phone goes back to the PIN
pad at once, saying why."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.actions import sign_in
from tests.browser.test_waiter_service import BAKLAVA, PHONE, order_card, pad_add
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess

TABLET = {"width": 1024, "height": 900}


def test_a_manager_enrols_a_waiter_who_signs_in_as_herself(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    tablet = browser.new_context(viewport=TABLET).new_page()
    sign_in(tablet, url, "manage")
    tablet.click("#tab-staff")
    people = tablet.locator("#people")
    people.locator("#person-name").fill("Ana Yılmaz")
    people.locator("#person-job").select_option("floor")
    people.locator("#person-pin").fill("1111")
    people.locator("#person-pin-again").fill("1111")
    people.locator("#add-person").click()
    expect(people.locator("#person-message")).to_contain_text("Too weak")
    people.locator("#person-pin").fill("4826")
    people.locator("#person-pin-again").fill("4826")
    people.locator("#add-person").click()
    expect(people.locator("#person-message")).to_have_text("Ana Yılmaz can sign in with their PIN.")
    row = people.locator("#people-list li", has_text="Ana Yılmaz")
    expect(row).to_have_attribute("data-active", "true")
    shoot(tablet, "people")

    phone = browser.new_context(viewport=PHONE).new_page()
    sign_in(phone, url, "floor", pin="4826")  # her own PIN, not the floor's
    expect(phone.locator("header h1")).to_have_text("Passline · Floor · Ana Yılmaz")
    phone.click("button.table[data-table=hall-6]")
    phone.locator("#table-sheet").get_by_role("button", name="New order").click()
    pad_add(phone, *BAKLAVA)
    phone.locator("#pad-send").click()
    card = order_card(phone, 0)
    expect(card.locator(".number")).not_to_have_text("…", timeout=10_000)
    card.locator("details.history summary").click()
    expect(card.locator(".history-rows li").first).to_contain_text("Ana Yılmaz")
    shoot(phone, "history-names-her")
    orders = Rest(url, login(url, "manager")).get("/floor").json()["orders"]
    mine = [o for o in orders if o["table_id"] == "hall-6"]
    assert mine[0]["history"][0]["by"]["person"]["name"] == "Ana Yılmaz"

    row.locator("[data-action=active]").click()  # she leaves: deactivated
    expect(row).to_have_attribute("data-active", "false")
    expect(phone.locator("#sign-in")).to_contain_text(
        "A manager deactivated the person signed in here", timeout=15_000
    )
    shoot(phone, "deactivated")


def test_a_manager_makes_a_job_of_the_restaurants_own_and_gives_it_to_someone(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    tablet = browser.new_context(viewport=TABLET).new_page()
    sign_in(tablet, fresh_server.url, "manage")
    tablet.click("#tab-staff")
    jobs = tablet.locator("#jobs")
    jobs.locator("#job-name").fill("Head waiter")
    jobs.locator("#job-base").select_option("floor")
    jobs.locator("#job-discount").fill("20")
    for right in ("take_orders", "void_before_start", "void_after_start"):
        jobs.locator(f"[data-right={right}]").check()
    jobs.locator("#save-job").click()
    expect(jobs.locator("#job-message")).to_have_text("Head waiter saved.")
    expect(jobs.locator("[data-job=head-waiter]")).to_contain_text("void after the kitchen started")
    expect(jobs.locator("[data-job=head-waiter]")).to_contain_text("discounts up to 20 %")
    people = tablet.locator("#people")
    people.locator("#person-name").fill("Ece Demir")
    people.locator("#person-job").select_option("head-waiter")
    people.locator("#person-pin").fill("3917")
    people.locator("#person-pin-again").fill("3917")
    people.locator("#add-person").click()
    row = people.locator("#people-list li", has_text="Ece Demir")
    expect(row.locator(".pill")).to_have_text("Head waiter")
    shoot(tablet, "jobs")
    members = Rest(fresh_server.url, login(fresh_server.url, "manager")).get("/staff").json()
    assert [m["job"] for m in members["staff"] if m["name"] == "Ece Demir"] == ["head-waiter"]
