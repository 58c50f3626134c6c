"""A kitchen with two stations and a pass, through the screens: the grill and the cold station
each bump only their lines of one order, the pass sees which station holds it up, the floor sees
it ready only when both are done (one of them bumping with its Wi-Fi down), and the pass serves
it."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import sign_in
from tests.support.client import PINS, Rest, login, order_body
from tests.support.server_process import ServerProcess

WALL = {"width": 1280, "height": 800}


def station_screen(browser: Browser, url: str, station: str) -> Page:
    page = browser.new_context(viewport=WALL).new_page()
    sign_in(page, url, "kitchen")
    page.select_option("#station", station)
    return page


def test_two_stations_and_the_pass_run_one_order_and_the_floor_sees_ready_when_both_are_done(
    quick_server: ServerProcess, browser: Browser, shoot
):
    url = quick_server.url
    grill = station_screen(browser, url, "grill")
    cold_context = browser.new_context(viewport=WALL)
    cold = cold_context.new_page()
    sign_in(cold, url, "kitchen")
    cold.select_option("#station", "cold")
    expo = browser.new_context(viewport=WALL).new_page()
    sign_in(expo, url, "pass", pin=PINS["kitchen"])
    floor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(floor, url, "floor")

    lines = [{"item_id": "classic-burger", "qty": 2, "modifiers": ["medium", "fries"],
              "note": "soğansız, az pişmiş"},
             {"item_id": "greek-salad", "qty": 1, "modifiers": ["yogurt"]}]  # fmt: skip
    waiter = Rest(url, login(url, "floor"))
    order = waiter.post("/orders", order_body("hall-2", lines)).json()["order"]
    number = order["number"]

    grill_ticket = grill.locator(".ticket", has_text=number)
    expect(grill_ticket.locator(".lines")).to_contain_text("Classic burger")
    expect(grill_ticket.locator(".lines")).not_to_contain_text("Greek salad")  # its lines only
    expect(grill_ticket).to_contain_text("soğansız, az pişmiş")
    grill_ticket.get_by_role("button", name="Start").click()
    expect(grill.locator("[data-column=preparing] .ticket", has_text=number)).to_be_visible()
    grill.locator(".ticket", has_text=number).get_by_role("button", name="Done").click()
    expect(grill.locator("[data-column=ready] .ticket", has_text=number)).to_be_visible()
    expect(grill.locator("[data-column=ready] h2")).to_contain_text("Done")
    expect(grill.locator("#all-day-list")).to_be_empty()
    shoot(grill, "station-grill")

    card = expo.locator(".pass-card", has_text=number)
    expect(card.locator("[data-station=grill]")).to_have_class(re.compile("done"))
    expect(card).to_have_attribute("data-holding", "cold")
    expect(card.locator(".holding-up")).to_contain_text("Waiting on cold")
    expect(expo.locator("[data-column=kitchen] .pass-card", has_text=number)).to_be_visible()
    shoot(expo, "pass-waiting-on-cold")
    tile = floor.locator("button.table", has=floor.locator(".name", has_text=re.compile("^H2$")))
    expect(tile).not_to_have_attribute("data-status", "ready")  # the salad is not plated yet

    cold_ticket = cold.locator(".ticket", has_text=number)
    expect(cold_ticket.locator(".lines")).to_contain_text("Greek salad")
    expect(cold_ticket.locator(".lines")).not_to_contain_text("Classic burger")
    cold_ticket.get_by_role("button", name="Start").click()
    expect(cold.locator("[data-column=preparing] .ticket", has_text=number)).to_be_visible()
    cold_context.set_offline(True)  # the cold station's Wi-Fi drops as it plates
    expect(cold.locator("#sync-banner")).to_have_attribute("data-state", "offline",
                                                           timeout=15_000)  # fmt: skip
    cold.locator(".ticket", has_text=number).get_by_role("button", name="Done").click()
    expect(cold.locator("[data-column=ready] .ticket", has_text=number)).to_be_visible()
    expect(tile).not_to_have_attribute("data-status", "ready")
    cold_context.set_offline(False)  # back: its bump goes once, and the order is ready

    expect(tile).to_have_attribute("data-status", "ready", timeout=20_000)
    ready_card = expo.locator("[data-column=ready] .pass-card", has_text=number)
    expect(ready_card).to_be_visible()
    expect(ready_card).not_to_have_attribute("data-holding", re.compile("."))
    shoot(expo, "pass-ready")
    ready_card.get_by_role("button", name="Served").click()
    expect(expo.locator(".pass-card", has_text=number)).to_have_count(0)
    expect(tile).not_to_have_attribute("data-status", "ready", timeout=5_000)
    final = waiter.get(f"/orders/{order['id']}").json()["order"]
    assert final["status"] == "served"
    assert [h["what"] for h in final["history"]].count("station_done") == 2  # each bump once
