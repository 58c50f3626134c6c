"""What a person does on the screens, and what the server then holds: shared by browser tests."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import wait_ready
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess

PINS = {"kiosk": "1111", "floor": "2222", "kitchen": "3333", "manage": "9999"}


def sign_in(
    page: Page, url: str, screen: str = "kiosk", state: str = "live", pin: str = ""
) -> None:
    """Open ``screen`` and sign in with its role's PIN (or ``pin``: a person's own)."""
    if page.url.startswith(url):  # from the app itself a goto only changes the hash, and the
        page.goto("about:blank")  # app reloads for it a moment later: open the address afresh
    page.goto(f"{url}/#/{screen}")
    wait_ready(page)
    page.fill("#pin", pin or PINS[screen])
    page.click("#sign-in button[type=submit]")
    expect(page.locator(f"#{screen}")).to_be_visible(timeout=20_000)
    expect(page.locator("#sync-banner")).to_have_attribute("data-state", state, timeout=20_000)


def wait_banner_faded(page: Page) -> None:
    """Until the Live banner's fade (a CSS animation) has run to its end."""
    page.wait_for_function(
        """() => {
            const fades = document.querySelector('#sync-banner').getAnimations();
            return fades.length > 0 && fades.every(a => a.playState === 'finished');
        }""",
        timeout=15_000,
    )


def place(kiosk: Page, note: str) -> None:
    """A guest's take-away ayran, with ``note`` for the kitchen (how tests tell orders apart)."""
    if kiosk.locator("#kiosk").get_attribute("data-view") == "placed":
        try:
            kiosk.click("#new-order", timeout=3_000)
        except PlaywrightTimeout:
            # The thank-you screen went back to the start by itself under the finger (it stays
            # 20 s): the start screen is what the guest taps, as anything else is a failure.
            expect(kiosk.locator("#kiosk")).to_have_attribute("data-view", "start")
    kiosk.click("#start-order")
    kiosk.click("[data-category=drinks]")
    kiosk.click("button.item-card[data-item=ayran]")  # the tile, not the sheet it opens
    kiosk.fill("#line-note", note)
    kiosk.click("#add-to-cart")
    kiosk.click("#takeaway")
    kiosk.click("#place")
    expect(kiosk.locator("#kiosk")).to_have_attribute("data-view", "placed")


def ticket(kitchen: Page, text: str):
    return kitchen.locator("#kitchen .ticket", has_text=text)


def server_orders(server: ServerProcess) -> list[dict]:
    floor = Rest(server.url, login(server.url, "floor")).get("/floor").json()
    return sorted(floor["orders"], key=lambda o: (o["created_at"], o["number"]))


def notes_of(orders: list[dict]) -> list[str]:
    return [o["lines"][0]["note"] for o in orders]


def rest_order(server: ServerProcess, note: str) -> dict:
    kiosk = Rest(server.url, login(server.url, "kiosk"))
    body = {"client_id": new_client_id(), "table_id": None,
            "lines": [{"item_id": "ayran", "qty": 1, "note": note}]}  # fmt: skip
    return kiosk.post("/orders", body).json()["order"]


class NoServiceWorker(AssertionError):
    """The origin has no live worker: the app would not boot offline, nor sync in the back."""


def fire_background_sync(context, origin: str) -> None:
    """What Chromium does minutes after a failed sync, now: through the DevTools protocol."""
    blank = context.new_page()  # not the app: nothing here flushes by itself
    cdp = context.new_cdp_session(blank)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda p: registrations.extend(p["registrations"]),
    )
    cdp.send("ServiceWorker.enable")

    def ours() -> list[dict]:
        return [r for r in registrations if r["scopeURL"].startswith(origin) and not r["isDeleted"]]

    deadline = time.monotonic() + 10  # the registrations arrive as events after enable
    while not ours() and time.monotonic() < deadline:
        blank.wait_for_timeout(50)  # lets Playwright deliver the CDP events
    found = ours()
    if not found:
        blank.close()
        raise NoServiceWorker(f"no live service-worker registration for {origin}: {registrations}")
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": origin,
            "registrationId": found[0]["registrationId"],
            "tag": "passline-outbox",
            "lastChance": False,
        },
    )
    # The worker runs the sync on its own. A page left open here would stay the context's front
    # tab: the app's page behind it gets a frame every second or two, and every click on it
    # waits for one (the chaos run's kiosks slowed to 2 s a tap after a sync).
    cdp.detach()
    blank.close()


def confirm_with_managers_pin(sheet, pin: str, before_confirming=None) -> None:
    """Confirm a change sheet the rule says a manager approves: it asks for the PIN, the manager
    types it, the change goes (``before_confirming()`` runs with the PIN typed: a screenshot)."""
    sheet.locator("#change-confirm").click()
    expect(sheet.locator("#change-error")).to_have_text("This needs a manager's PIN.")
    sheet.locator("#change-pin").fill(pin)
    if before_confirming is not None:
        before_confirming()
    sheet.locator("#change-confirm").click()
    expect(sheet).to_have_count(0, timeout=10_000)
