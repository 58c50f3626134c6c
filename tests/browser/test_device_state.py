"""What a device keeps belongs to one restaurant and role: signing out leaves nothing of it
behind, and unsent changes are sent first or discarded on purpose, never lost in silence."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.actions import fire_background_sync, notes_of, place, server_orders, sign_in
from tests.browser.conftest import wait_offline_ready
from tests.browser.device import cached_api_answers, stored
from tests.support.server_process import ServerProcess
from tests.support.upgrade_stripping_proxy import LOGIN_ONLY, PASS, UpgradeStrippingProxy

MANAGER_PIN = "9999"
DEVICE_RECORDS = {"token", "device", "floor", "menu"}


def manager_signs_out(page: Page) -> None:
    page.click("#sign-out")
    dialog = page.locator("#sign-out-dialog")
    dialog.locator("#pin").fill(MANAGER_PIN)
    dialog.get_by_role("button", name="Enter").click()


def expect_signed_out(page: Page) -> None:
    """The app reloaded into its PIN pad (the sign-out dialog's own pad is gone)."""
    expect(page.locator("#sign-out-dialog")).to_have_count(0, timeout=30_000)
    expect(page.locator("main #sign-in")).to_be_visible(timeout=30_000)
    expect(page.locator("#screen-area")).to_have_count(0)


def test_signing_out_leaves_nothing_of_the_old_sign_in(fresh_server: ServerProcess, page: Page):
    sign_in(page, fresh_server.url, "kiosk")
    wait_offline_ready(page)
    place(page, "before sign-out")
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "0")
    assert set(stored(page)["kv"]) >= DEVICE_RECORDS  # what the sign-in had stored
    manager_signs_out(page)
    expect_signed_out(page)
    left = stored(page)
    assert not DEVICE_RECORDS & set(left["kv"]), left["kv"]
    assert left["outbox"] == []
    assert cached_api_answers(page) == []
    # The next sign-in, as another role, starts from the server's state, not the kiosk's.
    sign_in(page, fresh_server.url, "kitchen")
    expect(page.locator("#kitchen .ticket", has_text="before sign-out")).to_be_visible()


def queue_behind_a_failing_uplink(page: Page, proxy: UpgradeStrippingProxy, notes: list[str]):
    """A kiosk whose uplink passes sign-ins but nothing else: its orders wait in the outbox."""
    sign_in(page, proxy.url, "kiosk", state="polling")
    wait_offline_ready(page)
    proxy.mode = LOGIN_ONLY
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", "offline", timeout=15_000)
    for note in notes:
        place(page, note)
    expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", str(len(notes)))


def test_a_manager_sends_unsent_changes_first_then_signs_out(
    fresh_server: ServerProcess, page: Page, shoot
):
    notes = ["unsent-1", "unsent-2"]
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        queue_behind_a_failing_uplink(page, proxy, notes)
        manager_signs_out(page)
        expect(page.locator("#sign-out-count")).to_contain_text("2 changes")
        page.click("#sign-out-send")
        expect(page.locator("#sign-out-count")).to_contain_text("Sending… 2 changes left")
        shoot(page, "sending-first")
        assert server_orders(fresh_server) == []  # still waiting: nothing signed out yet
        proxy.mode = PASS
        expect_signed_out(page)
        assert notes_of(server_orders(fresh_server)) == notes  # each once
        assert stored(page)["outbox"] == []


def test_discarding_unsent_changes_takes_a_second_tap(fresh_server: ServerProcess, page: Page):
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        queue_behind_a_failing_uplink(page, proxy, ["to be dropped"])
        manager_signs_out(page)
        discard = page.locator("#sign-out-discard")
        discard.click()
        expect(discard).to_have_text("Tap again to discard 1 change for good")
        expect(page.locator("#kiosk")).to_be_attached()  # one tap signed nothing out
        discard.click()
        expect_signed_out(page)
        proxy.mode = PASS
        assert stored(page)["outbox"] == []
    assert server_orders(fresh_server) == []


def test_keeping_the_sign_in_keeps_the_queue(fresh_server: ServerProcess, page: Page):
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        queue_behind_a_failing_uplink(page, proxy, ["kept"])
        manager_signs_out(page)
        page.click("#sign-out-keep")
        expect(page.locator("#sign-out-dialog")).to_have_count(0)
        proxy.mode = PASS
        expect(page.locator("#sync-banner")).to_have_attribute("data-waiting", "0", timeout=30_000)
    assert notes_of(server_orders(fresh_server)) == ["kept"]


def test_a_queue_is_never_sent_under_another_roles_token(
    fresh_server: ServerProcess, browser: Browser
):
    """A kiosk's unsent order stays the kiosk's when the device signs in as the kitchen: neither
    the kitchen's page nor the worker sends it (under another restaurant's token it would land
    in the wrong restaurant)."""
    context = browser.new_context()
    page = context.new_page()
    with UpgradeStrippingProxy(fresh_server.url) as proxy:
        queue_behind_a_failing_uplink(page, proxy, ["the kiosk's"])
        page.goto(proxy.url + "/#/kitchen")  # another role's screen asks for its PIN
        page.locator("#pin").fill("3333")
        page.click("#sign-in button[type=submit]")
        expect(page.locator("#kitchen")).to_be_visible(timeout=30_000)
        proxy.mode = PASS
        banner = page.locator("#sync-banner")
        expect(banner).to_have_attribute("data-state", "polling", timeout=15_000)
        expect(banner).to_have_attribute("data-waiting", "0")
        page.close()  # and with no page open, the worker's flush is the only sender
        fire_background_sync(context, proxy.url)
        other = context.new_page()
        other.goto(proxy.url + "/manifest.json")  # the origin, without the app running
        other.wait_for_timeout(3_000)  # a window in which a wrong send would happen
        assert server_orders(fresh_server) == []
        assert [r["owner"] for r in stored(other)["outbox"]] == ["demo/kiosk"]
    context.close()
