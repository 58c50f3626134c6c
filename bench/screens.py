"""Each screen with a large restaurant: 200 tables, 150 open orders, 500 menu items. Prints
figures.

For each screen (kitchen at wall size, floor at phone size, kiosk at tablet size) in real
Chromium against a real server:
- the longest render while the screen loads after sign-in, the floor and the menu arriving (the
  app's own ``passline-render-*`` User Timing entries);
- the kiosk only: opening its catalogue, from the tap on "Start" until the browser has laid out
  and painted the item cards (two animation frames), so the figure includes the catalogue;
- then 50 changes made on another device (orders moving along), one every 100 ms: the render
  each caused, p50 and max;
- the longest main-thread task seen meanwhile (Long Tasks API; over 50 ms is what a person can
  notice as a stall). Target: no visible stall on a 2-core machine.

    .venv/bin/python bench/screens.py [--changes 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from domain.payloads import CREATE_ORDER, MENU_CATEGORY, MENU_ITEM
from domain.schema import validate
from server.access.accounts import Accounts
from server.store import SqliteDatabase, Store
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, wait_ready
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess

RESTAURANT = "demo"
PINS = {"kiosk": "1111", "floor": "2222", "kitchen": "3333", "manager": "9999"}
STATIONS = ("grill", "fry", "cold", "hot", "bar")
SCREENS = (
    ("kitchen", {"width": 1920, "height": 1080}),
    ("floor", {"width": 390, "height": 844}),
    ("kiosk", {"width": 1280, "height": 800}),
)

OBSERVE = """
window.__renders = [];
window.__longest = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries())
    if (e.name.startsWith('passline-render-')) window.__renders.push(e.duration);
}).observe({type: 'measure'});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
}).observe({type: 'longtask'});
"""


def seed(db_path: str, tables: int = 200, orders: int = 150, items: int = 500) -> list[str]:
    store = Store(SqliteDatabase(db_path))
    Accounts(store.account_rows).ensure_restaurant(
        RESTAURANT, "Big Brasserie", tz="Europe/Istanbul"
    )
    Accounts(store.account_rows).make_demo(RESTAURANT)  # screens sign in by PIN, unpaired
    for role, pin in PINS.items():
        Accounts(store.account_rows).set_pin(RESTAURANT, role, pin, policy=False)
    categories = 20
    for c in range(categories):
        data = validate(MENU_CATEGORY, {"name": f"Category {c + 1}", "station": STATIONS[c % 5],
                                        "position": c})  # fmt: skip
        store.put_category(RESTAURANT, f"cat-{c}", data)
    side = {"id": "side", "name": "Side", "required": True, "min": 1, "max": 1,
            "options": [{"id": "fries", "name": "Fries", "price_delta": 0},
                        {"id": "salad", "name": "Salad", "price_delta": 50}]}  # fmt: skip
    for i in range(items):
        data = validate(MENU_ITEM, {"name": f"Dish number {i + 1}", "price": 500 + i * 7,
                                    "category_id": f"cat-{i % categories}", "position": i,
                                    "modifiers": [side] if i % 3 == 0 else []})  # fmt: skip
        store.put_item(RESTAURANT, f"item-{i}", data)
    for a in range(5):
        store.upsert_area(RESTAURANT, {"id": f"area-{a}", "name": f"Room {a + 1}", "position": a})
    for n in range(tables):
        table = {"id": f"t-{n}", "name": f"T{n + 1}", "area_id": f"area-{n % 5}", "seats": 4,
                 "position": n}  # fmt: skip
        store.upsert_table(RESTAURANT, table)
    placed = []
    for n in range(orders):
        lines = [{"item_id": f"item-{(n * 7 + k) % items}", "qty": 1 + k,
                  "modifiers": ["fries"] if (n * 7 + k) % items % 3 == 0 else [],
                  "note": "no onion" if k == 0 else ""} for k in range(3)]  # fmt: skip
        data = validate(CREATE_ORDER, {"table_id": f"t-{n % tables}", "lines": lines})
        result, _, _ = store.submit(RESTAURANT, uuid.uuid4().hex, "create_order", data)
        placed.append(result["order"]["id"])
    store.db.close()
    return placed


OPEN_CATALOGUE = """() => new Promise(done => {
    const started = performance.now();
    document.querySelector('#start-order').click();  // the handler runs now, synchronously
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
})"""


def measure(browser, server: ServerProcess, screen: str, viewport: dict,
            moves: Iterator[tuple[str, str]], changes: int) -> dict:  # fmt: skip
    page = browser.new_context(viewport=viewport).new_page()
    page.add_init_script(OBSERVE)
    page.goto(f"{server.url}/#/{screen}")
    wait_ready(page)
    page.fill("#pin", PINS[screen])
    page.click("#sign-in button[type=submit]")
    page.wait_for_selector(f"#{screen}", timeout=60_000)
    page.wait_for_selector("#sync-banner[data-state=live]", timeout=60_000)
    page.wait_for_timeout(1500)  # the menu and the floor are in; let the first renders settle
    loading_render = max(page.evaluate("window.__renders"))
    catalogue = None
    if screen == "kiosk":
        catalogue = page.evaluate(OPEN_CATALOGUE)
        assert page.locator(".item-card").count() > 0
    loading = page.evaluate("window.__longest")
    page.evaluate("window.__renders = []; window.__longest = 0")
    floor = Rest(server.url, login(server.url, "floor"))
    for _ in range(changes):
        order_id, status = next(moves)
        body = {"client_id": uuid.uuid4().hex, "status": status}
        r = floor.post(f"/orders/{order_id}/status", body)
        assert r.status_code == 200, r.text
        time.sleep(0.1)
    page.wait_for_timeout(1000)
    renders = sorted(page.evaluate("window.__renders"))
    longest = page.evaluate("window.__longest")
    page.context.close()
    return {"loading_render": loading_render, "catalogue": catalogue, "loading": loading,
            "renders": renders, "longest": longest}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="passline-screens-") as tmp, sync_playwright() as pw:
        db = str(Path(tmp) / "p.db")
        order_ids = seed(db)
        server = ServerProcess(db).start()
        launch = {"args": CHROMIUM_FLAGS}
        if chromium_path():
            launch["executable_path"] = chromium_path()
        browser = pw.chromium.launch(**launch)
        try:
            # Every change is a real move along the lifecycle, never a repeat (which is a no-op).
            moves = ((o, s) for s in ("accepted", "preparing", "ready") for o in order_ids)
            results = {s: measure(browser, server, s, v, moves, args.changes) for s, v in SCREENS}
        finally:
            browser.close()
            server.kill()
    print("large restaurant: 200 tables, 150 open orders, 500 menu items")
    for screen, r in results.items():
        renders = r["renders"] or [0.0]
        opened = (f"; opening the catalogue {r['catalogue']:.0f} ms (tap to painted cards)"
                  if r["catalogue"] is not None else "")  # fmt: skip
        print(
            f"{screen:8s} longest render while loading {r['loading_render']:.0f} ms (longest task"
            f" while loading {r['loading']:.0f} ms){opened}; {len(r['renders'])} renders for"
            f" {args.changes} changes:"
            f" p50 {statistics.median(renders):.1f} ms, max {renders[-1]:.1f} ms; longest task"
            f" meanwhile {r['longest']:.0f} ms (a stall shows above 50 ms)"
        )


if __name__ == "__main__":
    main()
