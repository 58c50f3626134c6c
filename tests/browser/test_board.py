"""The guests' pickup board through the screens: a TV joins with a manager's code and is at work
at once, a kiosk's number appears under Preparing, moves to Ready with a chime and a highlight
when the kitchen calls it, and leaves when served; with its Wi-Fi down it keeps the last state
and says how old it is."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.browser.conftest import wait_ready
from tests.support.cli import cli
from tests.support.client import Rest, login, new_client_id, order_body, pairing_code
from tests.support.server_process import ServerProcess

TV = {"width": 1920, "height": 1080}


def move(rest: Rest, order_id: str, *statuses: str) -> None:
    for status in statuses:
        r = rest.post(f"/orders/{order_id}/status", {"client_id": new_client_id(),
                                                      "status": status})  # fmt: skip
        assert r.status_code == 200, r.text


def test_a_number_moves_from_preparing_to_ready_and_leaves_when_served(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    code = pairing_code(cli("devices", "pair", "demo", "--role", "board", "--name", "Counter TV",
                            db=fresh_server.db).stdout)  # fmt: skip
    context = browser.new_context(viewport=TV)
    tv = context.new_page()
    tv.goto(f"{url}/#/join?restaurant=demo&code={code}")
    wait_ready(tv)
    tv.click("#join-send")
    board = tv.locator("#board")
    expect(board).to_be_visible(timeout=20_000)  # at work at once: nobody signs in on a TV
    expect(tv.locator("#switch")).to_have_count(0)
    tv.click("#enable-sound")

    kiosk = Rest(url, login(url, "kiosk"))
    kitchen = Rest(url, login(url, "kitchen"))
    waiter = Rest(url, login(url, "floor"))
    away = kiosk.post("/orders", order_body(None, [{"item_id": "ayran", "qty": 1}])).json()
    number = away["order"]["number"]
    seated = waiter.post("/orders", order_body("hall-2", [{"item_id": "ayran", "qty": 1}]))
    preparing = tv.locator("[data-column=preparing] .board-number")
    expect(preparing).to_have_text([number], timeout=10_000)  # the table's order is not called
    assert seated.json()["order"]["number"] not in board.inner_text()
    expect(board).not_to_contain_text("Ayran")  # no items, no prices, no names

    move(kitchen, away["order"]["id"], "accepted", "preparing", "ready")
    called = tv.locator("[data-column=ready] .board-number", has_text=number)
    expect(called).to_have_class(re.compile("called"), timeout=10_000)
    expect(preparing).to_have_count(0)
    expect(board).to_have_attribute("data-beeps", re.compile("[2-9]"))  # the tap's, then this
    shoot(tv, "board-ready-tv")

    context.set_offline(True)  # the TV's Wi-Fi drops: the last state stays, with its age
    expect(tv.locator("#board-age")).to_contain_text("Last update", timeout=20_000)
    expect(called).to_be_visible()
    context.set_offline(False)
    expect(tv.locator("#board-age")).to_be_hidden(timeout=30_000)
    move(waiter, away["order"]["id"], "served")
    expect(tv.locator("[data-column=ready] .board-number")).to_have_count(0, timeout=10_000)
    tv.click("#every-order")  # a counter-service place shows every order
    expect(preparing).to_have_text([seated.json()["order"]["number"]])
