"""Replay of an offline queue, and live latency from one screen to another. Prints figures.

1. 1,000 orders wait in one browser's outbox while the server process is stopped. They are
   written into the app's IndexedDB outbox in the engine's own record format (a thousand clicks
   would only time the test), and the app is reloaded offline so the engine takes them up as its
   queue. The server is started; the figure is the time from the server being healthy until the
   outbox is empty and the server holds exactly 1,000 orders. Target: <= 2 s.
2. 200 orders placed on screen A; the time until each shows on screen B (both pages in one
   browser, one clock). Target: p99 <= 100 ms on loopback.

    .venv/bin/python bench/replay.py [--orders 1000] [--changes 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, wait_offline_ready, wait_ready
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess, seed_demo

FILL_OUTBOX = """
async (count) => {
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open("passline");
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const tx = db.transaction("outbox", "readwrite");
  const store = tx.objectStore("outbox");
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    store.put({
      client_id: "replay-" + String(i).padStart(6, "0"), op: "create_order",
      data: {table_id: null, note: "replay-" + i, lines: [{item_id: "ayran", qty: 1}]},
      created_at: now, position: i + 1, state: "pending", attempts: 0, not_before: 0,
      error: null, extra: {},
    });
  }
  await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
  db.close();
}
"""

WATCH_NOTES = """
window.__seen = {};
new MutationObserver(() => {
  for (const li of document.querySelectorAll("#orders li")) {
    const m = li.textContent.match(/lat-\\d+/);
    if (m && !(m[0] in window.__seen)) window.__seen[m[0]] = Date.now();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def sign_in(page, url: str) -> None:
    page.goto(url + "/#/ops")
    wait_ready(page)
    page.fill("#pin", "2222")
    page.click("#sign-in button[type=submit]")
    page.wait_for_selector("#sync-banner[data-state=live]", timeout=30_000)


def replay(browser, server: ServerProcess, count: int) -> tuple[float, int]:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server.url)
    wait_offline_ready(page)
    server.kill()
    page.evaluate(FILL_OUTBOX, count)
    page.reload()  # the app boots from the worker's cache and takes up the stored queue
    page.wait_for_selector(f"#sync-banner[data-waiting='{count}']", timeout=120_000)
    server.start()
    started = time.perf_counter()
    page.wait_for_selector("#sync-banner[data-waiting='0']", timeout=300_000)
    elapsed = time.perf_counter() - started
    floor = Rest(server.url, login(server.url, "floor")).get("/floor").json()
    held = sum(1 for o in floor["orders"] if o["note"].startswith("replay-"))
    context.close()
    return elapsed, held


def screen_to_screen(browser, server: ServerProcess, changes: int) -> list[float]:
    a = browser.new_context().new_page()
    b = browser.new_context().new_page()
    b.add_init_script(WATCH_NOTES)
    sign_in(a, server.url)
    sign_in(b, server.url)
    latencies = []
    for i in range(changes):
        note = f"lat-{i}"
        a.fill("#order-note", note)
        clicked = a.evaluate(
            "() => { const t = Date.now();"
            " document.getElementById('place-order').click(); return t; }"
        )
        b.wait_for_function(f"() => '{note}' in window.__seen", timeout=10_000, polling=5)
        latencies.append(b.evaluate(f"window.__seen['{note}']") - clicked)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="passline-replay-") as tmp, sync_playwright() as pw:
        db = str(Path(tmp) / "p.db")
        seed_demo(db)
        server = ServerProcess(db).start()
        launch = {"args": CHROMIUM_FLAGS}
        if chromium_path():
            launch["executable_path"] = chromium_path()
        browser = pw.chromium.launch(**launch)
        try:
            elapsed, held = replay(browser, server, args.orders)
            latencies = sorted(screen_to_screen(browser, server, args.changes))
        finally:
            browser.close()
            server.kill()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"replay: {args.orders} queued offline -> outbox empty {elapsed:.2f} s after the server"
        f" was back; server holds {held} (target <= 2 s, exactly {args.orders})"
    )
    print(
        f"screen to screen, {len(latencies)} changes: p50 {statistics.median(latencies):.0f} ms,"
        f" p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms (target p99 <= 100 ms)"
    )


if __name__ == "__main__":
    main()
