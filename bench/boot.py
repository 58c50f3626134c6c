"""Boot time of the app against a bare PyScript page, cold, warm and with the server stopped;
then how soon a signed-in screen shows its data on a reload, at full speed and on a cheap tablet.

Part 1: for each of cold (fresh browser profile), warm (service worker cache) and offline
(server process stopped), 5 runs each, prints min/median/max milliseconds from navigation to
ready, for Passline (``<html data-ready>``) and, in the same run, for bare pages that boot the
same PyScript and Pyodide with an empty script, under a worker that precaches the same runtime:
one on the main thread, one in a PyScript worker as our Python runs (since issue 28; a worker
starts later than the main thread, and keeps the page free meanwhile). Target: warm and offline
within 1.15x of the bare worker page.

Part 2 (issue 28): a signed-in kitchen (with tickets), kiosk and floor plan reloaded, under CDP
CPU throttling 1x and 4x (a cheap tablet), service worker warm: ms from navigation until the
screen's data is on screen (a ticket, the kiosk's start button, a table: the first paint's
picture or Python's own drawing, whichever is first) and until Python has drawn it
(``html[data-drawn]``), against the bare page's boot under the same throttle in the same run.
Target: data on screen / bare <= 0.5 at 4x, and <= 500 ms at 1x.

    .venv/bin/python bench/boot.py [--runs 5] [--only screens]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.shell_copy import shell_copy

# Records the moment a page marks itself ready, measured from navigation start.
READY_PROBE = """
// Runs before <html> exists, so watch the document itself.
new MutationObserver((_, observer) => {
  const root = document.documentElement;
  if (root && root.hasAttribute("data-ready")) {
    window.__readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-ready"]});
"""

BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare</title>
<script type="module" src="/vendor/pyscript/core.js"></script></head>
<body><script type="py" config="/bare/config.json">
import js
js.document.documentElement.setAttribute("data-ready", "true")
js.navigator.serviceWorker.register("/bare/sw.js")
</script></body></html>
"""

# The same in a PyScript worker, as the app runs its Python (our server isolates every page).
BARE_WORKER_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare worker</title>
<script type="module" src="/vendor/pyscript/core.js"></script></head>
<body><script type="py" worker config="/bare/config.json">
from pyscript import window
window.document.documentElement.setAttribute("data-ready", "true")
window.navigator.serviceWorker.register("/bare/sw.js")
</script></body></html>
"""

BARE_WORKER = """
const FILES = %s;
self.addEventListener("install", (e) => e.waitUntil(
  caches.open("bare").then((c) => c.addAll(FILES)).then(() => self.skipWaiting())));
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (e) => e.respondWith(
  caches.match(e.request, {ignoreSearch: true}).then((hit) => hit || fetch(e.request))));
"""


def add_bare_page(app_dir: Path) -> None:
    precache = (app_dir / "vendor" / "precache.js").read_text()
    entries = json.loads(precache.split("PASSLINE_PRECACHE = ", 1)[1].rstrip().rstrip(";"))
    runtime = [
        e["url"] for e in entries if e["url"].startswith(("/vendor/pyscript/", "/vendor/pyodide/"))
    ]
    bare = app_dir / "bare"
    bare.mkdir()
    (bare / "index.html").write_text(BARE_PAGE)
    (bare / "worker.html").write_text(BARE_WORKER_PAGE)
    (bare / "config.json").write_text(json.dumps({"interpreter": "/vendor/pyodide/pyodide.mjs"}))
    files = ["/bare/index.html", "/bare/worker.html", "/bare/config.json", *runtime]
    (bare / "sw.js").write_text(BARE_WORKER % json.dumps(files))


def boot_ms(page, url: str) -> float:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__readyAt !== undefined", timeout=120_000)
    return page.evaluate("window.__readyAt")


def wait_for_worker(page) -> None:
    page.wait_for_function(
        "async () => { const r = await navigator.serviceWorker.getRegistration(location.href);"
        " return !!(r && r.active && r.active.state === 'activated'"
        " && navigator.serviceWorker.controller); }",
        timeout=120_000,
    )


# When the screen's data first shows, and when Python has drawn it, from navigation start.
SHOWN_PROBE = """
(() => {
  const SHOWN = {kitchen: ".ticket", kiosk: "#start-order, [data-fp-id=start-order]",
                 floor: "button.table"};
  const check = () => {
    const screen = (location.hash.match(/^#\\/(\\w+)/) || [])[1];
    const root = document.documentElement;
    if (!root) return;
    const found = screen && SHOWN[screen] && document.querySelector(SHOWN[screen]);
    if (found && window.__shownAt === undefined && found.getClientRects().length)
      window.__shownAt = performance.now();
    if (root.hasAttribute("data-drawn") && window.__drawnAt === undefined)
      window.__drawnAt = performance.now();
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true,
                                                 attributes: true});
})();
"""
SCREENS = {"kitchen": "3333", "kiosk": "1111", "floor": "2222"}


def throttle(page, rate: float) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.__dict__["_bench_cdp"] = cdp  # kept alive with the page


def signed_in_page(browser, url: str, screen: str):
    """A context signed in on ``screen``, its worker warm, its picture taken."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(READY_PROBE)
    context.add_init_script(SHOWN_PROBE)
    page = context.new_page()
    page.goto(f"{url}/#/{screen}", wait_until="commit")
    page.wait_for_selector("#pin", timeout=120_000)
    page.fill("#pin", SCREENS[screen])
    page.click("#sign-in button[type=submit]")
    page.wait_for_selector("html[data-drawn]", state="attached", timeout=120_000)
    wait_for_worker(page)
    page.wait_for_timeout(2_500)  # the picture is taken within a period of the last render
    return page


def reload_ms(page) -> tuple[float, float]:
    page.reload(wait_until="commit")
    page.wait_for_function("() => window.__drawnAt !== undefined", timeout=180_000)
    return page.evaluate("window.__shownAt ?? window.__drawnAt"), page.evaluate("window.__drawnAt")


def screens_part(browser, server, runs: int) -> None:
    from tests.support.client import Rest, login, new_client_id

    kiosk = Rest(server.url, login(server.url, "kiosk"))
    for n in range(6):  # tickets for the kitchen to show
        kiosk.post("/orders", {"client_id": new_client_id(), "table_id": None,
                               "lines": [{"item_id": "ayran", "qty": n + 1}]})  # fmt: skip
    pages = {name: signed_in_page(browser, server.url, name) for name in SCREENS}
    bare_context = browser.new_context()
    bare_context.add_init_script(READY_PROBE)
    bare = bare_context.new_page()
    boot_ms(bare, server.url + "/bare/index.html")
    wait_for_worker(bare)
    boot_ms(bare, server.url + "/bare/index.html")
    print(f"\nsigned-in screens reloaded, worker warm, ms, median of {runs}")
    print(f"  {'rate':<5} {'screen':<8} {'data shown':>10} {'drawn':>8} {'bare':>8}"
          f" {'shown/bare':>11}")  # fmt: skip
    for rate in (1, 4):
        for page in (*pages.values(), bare):
            throttle(page, rate)
        bare_ms = statistics.median(boot_ms(bare, server.url + "/bare/index.html")
                                    for _ in range(runs))  # fmt: skip
        for name, page in pages.items():
            measured = [reload_ms(page) for _ in range(runs)]
            shown = statistics.median(m[0] for m in measured)
            drawn = statistics.median(m[1] for m in measured)
            print(f"  {rate}x    {name:<8} {shown:>10.0f} {drawn:>8.0f} {bare_ms:>8.0f}"
                  f" {shown / bare_ms:>10.2f}x")  # fmt: skip
    print("  target: shown/bare <= 0.5 at 4x; shown <= 500 ms at 1x")


def summary(values: list[float]) -> str:
    return f"{min(values):7.0f} {statistics.median(values):7.0f} {max(values):7.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["screens"], help="part 2 only")
    args = parser.parse_args()
    if args.only != "screens":
        boot_part(args.runs)
    with Setup() as (browser, server):
        screens_part(browser, server, args.runs)


class Setup:
    """A demo restaurant's server (with the bare page beside the app) and a Chromium."""

    def __enter__(self) -> tuple:
        self._tmp = tempfile.TemporaryDirectory(prefix="passline-boot-")
        self._pw = sync_playwright().start()
        app_dir = shell_copy(Path(self._tmp.name))
        add_bare_page(app_dir)
        db = str(Path(self._tmp.name) / "p.db")
        seed_demo(db)
        self.server = ServerProcess(db, env={"PASSLINE_PWA_DIR": str(app_dir)}).start()
        launch = {"args": CHROMIUM_FLAGS}
        if chromium_path():
            launch["executable_path"] = chromium_path()
        self.browser = self._pw.chromium.launch(**launch)
        return self.browser, self.server

    def __exit__(self, *_exc: object) -> None:
        self.browser.close()
        self.server.kill()
        self._pw.stop()
        self._tmp.cleanup()


def boot_part(runs: int) -> None:
    results: dict[tuple[str, str], list[float]] = {}
    with Setup() as (browser, server):
        pages = {"passline": server.url + "/", "bare": server.url + "/bare/index.html",
                 "bare worker": server.url + "/bare/worker.html"}  # fmt: skip
        warm_pages = {}
        for kind, url in pages.items():
            cold = []
            for _ in range(runs):
                context = browser.new_context()
                context.add_init_script(READY_PROBE)
                cold.append(boot_ms(context.new_page(), url))
                context.close()
            results[(kind, "cold")] = cold
            context = browser.new_context()
            context.add_init_script(READY_PROBE)
            page = context.new_page()
            boot_ms(page, url)
            wait_for_worker(page)
            boot_ms(page, url)  # once under the worker, so its caches are warm
            results[(kind, "warm")] = [boot_ms(page, url) for _ in range(runs)]
            warm_pages[kind] = page
        server.kill()
        for kind, url in pages.items():
            results[(kind, "offline")] = [boot_ms(warm_pages[kind], url) for _ in range(runs)]

    print(f"boot to ready, ms, {runs} runs each   min  median     max")
    for mode in ("cold", "warm", "offline"):
        for kind in pages:
            print(f"  {mode:<8} {kind:<12}         {summary(results[(kind, mode)])}")
    print("passline / bare on the main thread, and / bare in a worker as ours runs (median):")
    for mode in ("cold", "warm", "offline"):
        ours = statistics.median(results[("passline", mode)])
        main, worker = (statistics.median(results[(k, mode)]) for k in ("bare", "bare worker"))
        target = "  (target <= 1.15 of the worker)" if mode != "cold" else ""
        print(f"  {mode:<8} x{ours / main:.2f}  x{ours / worker:.2f}{target}")


if __name__ == "__main__":
    main()
