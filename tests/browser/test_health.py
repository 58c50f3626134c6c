"""The manager's Health tab, as a manager uses it: a kiosk that holds a refused order and
orders it cannot send shows as such, with plain words, a flag on the manager's screen that
leads there, the server's own state and the app's errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.actions import place, sign_in
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess, seed_demo

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def strict_server(tmp_path):
    """A kiosk may send two changes, then one every 100 s (its rate, a thousandth of the
    usual): what it places after that stays on it, unsent. Heartbeats every 2 s carry its
    health, every report is kept, and a change that waited a second is trouble."""
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env={
        "PASSLINE_MUTATION_RATE_SCALE": "0.001", "PASSLINE_PING_INTERVAL_S": "2",
        "PASSLINE_HEALTH_EVERY_S": "0", "PASSLINE_DEVICE_WAITING_S": "1",
    }).start()  # fmt: skip
    yield server
    server.kill()


def sell(manager: Rest, available: bool) -> None:
    answer = manager.put("/menu/items/ayran/availability",
                         {"client_id": new_client_id(), "available": available})  # fmt: skip
    assert answer.status_code == 200, answer.text


def test_a_kiosk_holding_refused_and_unsent_orders_shows_on_the_health_tab(
    strict_server: ServerProcess, browser: Browser, shoot
):
    url = strict_server.url
    manager_api = Rest(url, login(url, "manager"))
    kiosk_context = browser.new_context(viewport=TABLET)
    kiosk = kiosk_context.new_page()
    sign_in(kiosk, url, "kiosk")

    # Its Wi-Fi drops; an ayran is ordered; meanwhile the kitchen runs out of ayran.
    kiosk_context.set_offline(True)
    expect(kiosk.locator("#sync-banner")).to_have_attribute("data-state", "offline",
                                                            timeout=15_000)  # fmt: skip
    place(kiosk, "refused: sold out meanwhile")
    sell(manager_api, False)
    kiosk_context.set_offline(False)
    expect(kiosk.locator("#sync-banner")).to_contain_text("1 change needs attention",
                                                          timeout=30_000)  # fmt: skip
    sell(manager_api, True)
    # Three more: the first goes, two stay on the kiosk (the server says "later").
    for n in range(3):
        place(kiosk, f"kept on the kiosk {n}")
    expect(kiosk.locator("#sync-banner")).to_have_attribute("data-waiting", "3", timeout=15_000)

    manager_context = browser.new_context(viewport=PHONE)
    manager = manager_context.new_page()
    sign_in(manager, url, "manage")
    manager.click("#tab-health")
    row = manager.locator("#health-devices li[data-state=trouble]", has_text="kiosk")
    expect(row).to_have_count(1, timeout=40_000)  # its next report, then the tab's refresh
    state = row.locator(".state")
    expect(state).to_contain_text("2 changes waiting for", timeout=30_000)
    expect(state).to_contain_text("1 refused change waits for a person")
    expect(row.locator(".health-figures")).to_contain_text("Unsent")
    # Every manager screen flags it, and the flag leads to this tab.
    flag = manager.locator("#device-trouble")
    expect(flag).to_be_visible()
    expect(flag).to_contain_text("2 changes waiting for")
    expect(manager.locator("#health-server")).to_contain_text("Database: sqlite")
    expect(manager.locator("#health-server")).to_contain_text("Last backup")
    shoot(manager, "phone")
    manager.set_viewport_size(TABLET)
    shoot(manager, "tablet")

    manager.click("#tab-menu")
    expect(flag).to_be_visible()
    flag.get_by_role("link", name="Health").click()
    expect(manager.locator("#manage-health")).to_be_visible()

    # The kiosk's orders go once it may send again (here: the server's limit is lifted by a
    # restart): the kiosk reports so and the row turns ok but for the refused order, which
    # still waits for a person.
    strict_server.kill()
    strict_server.env.pop("PASSLINE_MUTATION_RATE_SCALE")
    strict_server.start()
    expect(kiosk.locator("#sync-banner")).to_have_attribute("data-waiting", "1", timeout=30_000)
    expect(state).not_to_contain_text("waiting for", timeout=60_000)
    expect(state).to_contain_text("1 refused change waits for a person")
