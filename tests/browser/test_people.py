"""A waiter signs in on a phone with her own PIN: the phone's PIN pad takes it like a role's,
the order she sends is hers, and its history names her."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import wait_ready
from tests.browser.test_waiter_service import BAKLAVA, PHONE, order_card, pad_add
from tests.support.cli import cli
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess


def test_a_waiter_signs_in_as_herself_and_the_history_names_her(
    fresh_server: ServerProcess, browser: Browser, shoot
):
    url = fresh_server.url
    added = cli("staff", "add", "demo", "Ana Yılmaz", "--job", "floor", db=fresh_server.db,
                stdin="4826\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(f"{url}/#/floor")
    wait_ready(phone)
    phone.fill("#pin", "4826")
    phone.click("#sign-in button[type=submit]")
    expect(phone.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
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
