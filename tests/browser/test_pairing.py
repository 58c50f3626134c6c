"""Devices join a real restaurant once, as people do it: the manager's first tablet is refused a
PIN until it joins with a code from the CLI; on it the manager makes a code for a waiter's phone,
which opens the QR code's join address and joins; the waiter signs in as herself, and hands the
phone to the manager with "Switch" (the phone stays paired). A demo says so in the header."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import wait_ready
from tests.browser.device import kv_value
from tests.browser.test_people import TABLET
from tests.browser.test_waiter_service import PHONE
from tests.support.cli import cli
from tests.support.client import (
    Rest,
    new_client_id,
    order_body,
    pair,
    pairing_code,
    pin_sign_in,
)
from tests.support.server_process import ServerProcess, seed_real
from tests.support.wait import until

R = "kose"


def type_pin(page, pin: str) -> None:
    page.fill("#pin", pin)
    page.click("#sign-in button[type=submit]")


@contextmanager
def real_restaurant(tmp_path) -> Iterator[tuple[ServerProcess, str]]:
    """Restaurant ``kose`` (not a demo) with a waiter and a manager enrolled, served."""
    db = str(tmp_path / "passline.db")
    seed_real(db, R)
    for name, job, pin in (("Ana Yılmaz", "floor", "4826"), ("Murat Kaya", "manager", "582914")):
        assert cli("staff", "add", R, name, "--job", job, db=db, stdin=f"{pin}\n").returncode == 0
    server = ServerProcess(db).start()
    try:
        yield server, db
    finally:
        server.kill()


def joined(page: Page, server: ServerProcess, db: str, role: str) -> Page:
    """A new device opens the join address a manager's QR code names, and joins."""
    code = pairing_code(cli("devices", "pair", R, "--role", role, db=db).stdout)
    # A QR code opens the address afresh: from the app's own page a goto would only change the
    # hash, and the app reloads for a new address a moment later (wait_ready would see the old).
    page.goto("about:blank")
    page.goto(f"{server.url}/#/join?restaurant={R}&code={code}")
    wait_ready(page)
    page.click("#join-send")
    if role != "kiosk":  # the PIN pad, saying it joined
        expect(page.locator("#sign-in #sign-in-error")).not_to_be_empty(timeout=15_000)
    return page


def test_a_manager_pairs_a_phone_by_code_and_two_people_share_it(tmp_path, browser: Browser, shoot):
    with real_restaurant(tmp_path) as (server, db):
        url = server.url
        tablet = browser.new_context(viewport=TABLET).new_page()
        tablet.goto(f"{url}/?restaurant={R}#/manage")
        wait_ready(tablet)
        type_pin(tablet, "582914")  # the right PIN, from a device that has not joined
        expect(tablet.locator("#join-error")).to_contain_text("has not joined this restaurant")
        shoot(tablet, "not-joined")
        code = pairing_code(cli("devices", "pair", R, "--role", "manager", db=db).stdout)
        tablet.fill("#join-code", code.lower())
        tablet.click("#join-send")
        expect(tablet.locator("#sign-in")).to_contain_text(
            "Joined as a manager device", timeout=15_000
        )
        type_pin(tablet, "582914")
        expect(tablet.locator("#manage")).to_be_visible(timeout=20_000)
        expect(tablet.locator("#demo-badge")).to_have_count(0)  # a real restaurant

        tablet.click("#tab-staff")
        panel = tablet.locator("#pair-device")
        panel.locator("#pair-role").select_option("floor")
        panel.locator("#pair-name").fill("Pass phone")
        panel.locator("#pair-make").click()
        shown = panel.locator("#pair-code")
        expect(shown).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$"))
        expect(panel.locator("#pair-qr")).to_have_attribute("src", re.compile("^data:image/svg"))
        join = panel.locator("#pair-qr").get_attribute("title")
        assert join == f"{url}/#/join?restaurant={R}&code={shown.text_content()}"
        shoot(tablet, "pairing-code")

        phone = browser.new_context(viewport=PHONE).new_page()
        phone.goto(join)  # the QR code's address, as the phone's camera opens it
        wait_ready(phone)
        expect(phone.locator("#join-code")).to_have_value(shown.text_content())
        shoot(phone, "join-form")
        phone.click("#join-send")
        expect(phone.locator("#sign-in")).to_contain_text(
            "Joined as a floor staff device", timeout=15_000
        )
        type_pin(phone, "4826")
        expect(phone.locator("#floor")).to_be_visible(timeout=20_000)
        expect(phone.locator("header h1")).to_have_text("Passline · Floor · Ana Yılmaz")
        expect(panel.locator("#pair-message")).to_have_text(
            "The device joined: it is in the list below.", timeout=10_000
        )
        expect(tablet.locator("#devices li", has_text="Pass phone")).to_be_visible()

        phone.click("#switch")  # Ana hands the phone over
        expect(phone.locator("#sign-in")).to_contain_text(
            "The next person signs in", timeout=20_000
        )
        type_pin(phone, "582914")
        expect(phone.locator("header h1")).to_have_text("Passline · Floor · Murat Kaya",
                                                        timeout=20_000)  # fmt: skip
        shoot(phone, "switched")
        devices = tablet.locator("#devices li")
        tablet.locator("#manage-staff button", has_text="Refresh").click()
        expect(devices).to_have_count(2)  # one row per device, however many sign-ins


def test_a_waiters_phone_left_unused_locks_back_to_her_pin_pad(tmp_path, browser: Browser, shoot):
    with real_restaurant(tmp_path) as (server, db):
        url = server.url
        made = cli("devices", "pair", R, "--role", "manager", db=db)
        tablet = pair(url, R, pairing_code(made.stdout))
        manager = Rest(url, pin_sign_in(url, R, tablet["credential"], "582914").json()["token"])
        rules = {"client_id": new_client_id(), "op": "save_settings",
                 "data": {"lock_after_min": 2}}  # fmt: skip
        saved = manager.post("/mutations", {"mutations": [rules]}).json()["results"][0]
        assert saved["type"] == "ack", saved
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.clock.install()  # time runs as usual until the test moves it on
        type_pin(joined(phone, server, db, "floor"), "4826")
        expect(phone.locator("#floor")).to_be_visible(timeout=20_000)
        expect(phone.locator("#sync-banner")).to_have_attribute("data-state", "live",
                                                                timeout=20_000)  # fmt: skip
        phone.clock.run_for("01:00")  # a minute untouched: not yet
        expect(phone.locator("#floor")).to_be_visible()
        phone.clock.run_for("01:05")
        expect(phone.locator("#sign-in")).to_contain_text("Locked after a while unused",
                                                          timeout=15_000)  # fmt: skip
        shoot(phone, "locked")
        type_pin(phone, "4826")  # the same phone, still paired: her PIN opens it again
        expect(phone.locator("header h1")).to_have_text("Passline · Floor · Ana Yılmaz",
                                                        timeout=20_000)  # fmt: skip


def test_a_demo_says_so_on_every_screen(server: ServerProcess, browser: Browser):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{server.url}/#/floor")
    wait_ready(page)
    type_pin(page, "2222")
    expect(page.locator("#demo-badge")).to_have_text("DEMO", timeout=20_000)


def test_a_waiter_clocks_in_on_the_pin_pad_and_the_day_shows_what_she_did(
    tmp_path, browser: Browser, shoot
):
    with real_restaurant(tmp_path) as (server, db):
        url = server.url
        phone = joined(browser.new_context(viewport=PHONE).new_page(), server, db, "floor")
        phone.fill("#pin", "4826")
        phone.click("#clock")  # clocking in signs nobody in
        expect(phone.locator("#sign-in-error")).to_contain_text("Ana Yılmaz clocked in at")
        shoot(phone, "clocked-in")
        other = pair(url, R, pairing_code(cli("devices", "pair", R, "--role", "floor",
                                               db=db).stdout))  # fmt: skip
        ana = Rest(url, pin_sign_in(url, R, other["credential"], "4826").json()["token"])
        assert ana.post("/orders", order_body(None)).status_code == 201

        tablet = joined(browser.new_context(viewport=TABLET).new_page(), server, db, "manager")
        type_pin(tablet, "582914")
        expect(tablet.locator("#manage")).to_be_visible(timeout=20_000)
        tablet.click("#tab-day")
        row = tablet.locator("#people-figures tr", has_text="Ana Yılmaz")
        expect(row).to_be_visible(timeout=10_000)
        expect(row.locator("td").nth(1)).to_have_text("1")  # her order
        shoot(tablet, "by-person")


def test_a_waiter_signs_in_with_the_server_down_and_her_orders_land_once_under_her_name(
    tmp_path, browser: Browser, shoot
):
    from tests.browser.test_waiter_service import BAKLAVA, pad_add

    with real_restaurant(tmp_path) as (server, db):
        url = server.url
        phone = joined(browser.new_context(viewport=PHONE).new_page(), server, db, "floor")
        type_pin(phone, "4826")  # online once: the phone may now let her in offline
        expect(phone.locator("#floor")).to_be_visible(timeout=20_000)
        sealed = until(
            lambda: kv_value(phone, "offline_people"), lambda v: v and v["people"], timeout=20
        )  # her ticket is sealed (PBKDF2 takes its second)
        assert "4826" not in json.dumps(sealed)  # neither her PIN nor anything in clear
        phone.click("#switch")
        expect(phone.locator("#sign-in")).to_contain_text(
            "The next person signs in", timeout=20_000
        )

        server.kill()  # the Wi-Fi drops
        type_pin(phone, "582914")  # Murat never signed in on this phone
        expect(phone.locator("#sign-in-error")).to_contain_text(
            "has not signed in on this device", timeout=20_000
        )
        type_pin(phone, "4826")
        expect(phone.locator("header h1")).to_have_text("Passline · Floor · Ana Yılmaz",
                                                        timeout=30_000)  # fmt: skip
        shoot(phone, "signed-in-offline")
        phone.click("button.table[data-table=hall-6]")
        phone.locator("#table-sheet").get_by_role("button", name="New order").click()
        pad_add(phone, *BAKLAVA)
        phone.locator("#pad-send").click()
        expect(phone.locator("#sync-banner")).to_have_attribute("data-waiting", "1",
                                                                timeout=10_000)  # fmt: skip

        server.start()  # back: her ticket signs her in there, her order goes out
        expect(phone.locator("#sync-banner")).to_have_attribute("data-waiting", "0",
                                                                timeout=60_000)  # fmt: skip
        tablet = pair(url, R, pairing_code(cli("devices", "pair", R, "--role", "manager",
                                                db=db).stdout))  # fmt: skip
        manager = Rest(url, pin_sign_in(url, R, tablet["credential"], "582914").json()["token"])
        orders = [o for o in manager.get("/floor").json()["orders"] if o["table_id"] == "hall-6"]
        assert len(orders) == 1  # exactly once
        assert orders[0]["history"][0]["by"]["person"]["name"] == "Ana Yılmaz"
        expect(phone.locator("header h1")).to_have_text("Passline · Floor · Ana Yılmaz")


def test_a_turkish_tablet_joins_in_turkish(tmp_path, browser: Browser, shoot):
    with real_restaurant(tmp_path) as (server, db):
        page = browser.new_context(viewport=TABLET, locale="tr-TR").new_page()
        page.goto(f"{server.url}/#/join?restaurant={R}&code=ABCD-EFGH")
        wait_ready(page)
        expect(page.locator("#join h2")).to_have_text("Restorana katıl")
        page.click("#join-send")
        expect(page.locator("#join-error")).to_have_text(
            "Bu kod burada bir şey açmıyor. Kontrol edin ya da yenisini isteyin.", timeout=15_000
        )
        shoot(page, "join-tr")
        joined(page, server, db, "manager")
        expect(page.locator("#sign-in")).to_contain_text("yönetici cihazı olarak katıldı")
