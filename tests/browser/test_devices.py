"""A device the manager revokes, a PIN changed while screens run, and an access token that
expires while a kiosk is offline: what the person at the screen sees, and what reaches the
server."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import (
    fire_background_sync,
    notes_of,
    place,
    rest_order,
    server_orders,
    sign_in,
)
from tests.browser.conftest import wait_offline_ready, wait_ready
from tests.browser.device import kv_value
from tests.support.client import Rest, login
from tests.support.server_process import ROOT, ServerProcess, demo_server
from tests.support.wait import until


def devices(server: ServerProcess) -> list[dict]:
    manager = Rest(server.url, login(server.url, "manager"))
    return manager.get("/devices").json()["devices"]


def the_kiosk(server: ServerProcess) -> dict:
    """The one kiosk the page signed in as."""
    (kiosk,) = [d for d in devices(server) if d["role"] == "kiosk" and not d["revoked_at"]]
    return kiosk


def pad_says(page: Page, text: str) -> None:
    expect(page.locator("#sign-in")).to_be_visible(timeout=10_000)
    expect(page.locator("#sign-in-error")).to_contain_text(text)


@pytest.fixture
def short_tokens(tmp_path) -> Iterator[ServerProcess]:
    """A server whose access tokens live three seconds: days offline, in a test's time."""
    with demo_server(tmp_path, {"PASSLINE_TOKEN_MAX_AGE_S": "3"}) as server:
        yield server


def test_a_device_the_manager_revokes_returns_to_the_pin_pad_saying_why(
    fresh_server: ServerProcess, page: Page, shoot
):
    sign_in(page, fresh_server.url)
    kiosk = the_kiosk(fresh_server)
    assert kiosk["name"].startswith("kiosk · ")
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))
    assert manager.post(f"/devices/{kiosk['id']}/revoke").status_code == 200
    pad_says(page, "A manager signed this device out")
    shoot(page, "revoked")
    # Signing in again makes a new device; the screen works as before.
    page.fill("#pin", "1111")
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
    place(page, "after revocation")
    until(lambda: notes_of(server_orders(fresh_server)), lambda n: n == ["after revocation"])
    assert the_kiosk(fresh_server)["id"] != kiosk["id"]


def test_a_pin_changed_with_the_cli_signs_that_screen_out(fresh_server: ServerProcess, page: Page):
    sign_in(page, fresh_server.url, "kitchen")
    changed = subprocess.run(
        [sys.executable, "-m", "server.cli", "pin", "set", "demo", "kitchen", "4821",
         "--db", fresh_server.db],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    pad_says(page, "The PIN of this screen was changed")
    page.fill("#pin", "3333")
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#sign-in-error")).to_contain_text("Wrong PIN")
    page.fill("#pin", "4821")
    page.click("#sign-in button[type=submit]")
    expect(page.locator("#kitchen")).to_be_visible(timeout=20_000)


def test_a_kiosk_offline_longer_than_its_token_sends_its_queue_when_back(
    short_tokens: ServerProcess, page: Page
):
    sign_in(page, short_tokens.url)
    wait_offline_ready(page)
    short_tokens.kill()
    for note in ("offline-1", "offline-2"):
        place(page, note)
    page.wait_for_timeout(4_000)  # the token dies meanwhile
    short_tokens.start()
    until(lambda: len(server_orders(short_tokens)), lambda n: n >= 2, timeout=30)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "0")
    assert notes_of(server_orders(short_tokens)) == ["offline-1", "offline-2"]
    expect(page.locator("#sign-in")).to_have_count(0)  # renewed silently: no PIN asked
    # The socket, ended when its token did, comes back by itself on a renewed one.
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)


def test_with_the_page_closed_the_worker_renews_an_expired_token_and_sends(
    short_tokens: ServerProcess, browser: Browser
):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, short_tokens.url)
    wait_offline_ready(page)
    short_tokens.kill()
    place(page, "closed tab")
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "1")
    page.close()
    time.sleep(4)  # the stored token dies
    short_tokens.start()
    fire_background_sync(context, short_tokens.url)
    until(lambda: notes_of(server_orders(short_tokens)), lambda n: n == ["closed tab"], timeout=30)
    again = context.new_page()
    again.goto(short_tokens.url + "/#/kiosk")
    wait_ready(again)
    expect(again.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=20_000)
    expect(again.locator("#sign-in")).to_have_count(0)
    assert notes_of(server_orders(short_tokens)) == ["closed tab"]
    context.close()


def test_a_kiosk_holds_only_its_own_orders(fresh_server: ServerProcess, page: Page):
    rest_order(fresh_server, "another kiosk's")
    sign_in(page, fresh_server.url)
    place(page, "this kiosk's")
    rest_order(fresh_server, "placed after")
    until(lambda: len(server_orders(fresh_server)), lambda n: n == 3)

    def stored_notes() -> list[str]:
        snapshot = kv_value(page, "floor")["snapshot"]
        return sorted(o["lines"][0]["note"] for o in snapshot["orders"])

    # Its own order arrived as an event after the others; the device saves within a second.
    until(stored_notes, lambda notes: notes == ["this kiosk's"], timeout=10)
    snapshot = kv_value(page, "floor")["snapshot"]
    assert all("status" not in t for t in snapshot["tables"])
    expect(page.locator("#recent li")).to_have_count(1)
