"""Boot time of the app against a bare PyScript page, cold, warm and with the server stopped.

For each of cold (fresh browser profile), warm (service worker cache) and offline (server
process stopped), 5 runs each, prints min/median/max milliseconds from navigation to ready, for
Passline (``<html data-ready>``) and, in the same run, for a bare page that boots the same
PyScript and Pyodide with an empty script, under a worker that precaches the same runtime.
Target: warm and offline within 1.15x of bare.

    .venv/bin/python bench/boot.py [--runs 5]
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
    (bare / "config.json").write_text(json.dumps({"interpreter": "/vendor/pyodide/pyodide.mjs"}))
    files = ["/bare/index.html", "/bare/config.json", *runtime]
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


def summary(values: list[float]) -> str:
    return f"{min(values):7.0f} {statistics.median(values):7.0f} {max(values):7.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="passline-boot-") as tmp, sync_playwright() as pw:
        app_dir = shell_copy(Path(tmp))
        add_bare_page(app_dir)
        db = str(Path(tmp) / "p.db")
        seed_demo(db)
        server = ServerProcess(db, env={"PASSLINE_PWA_DIR": str(app_dir)}).start()
        launch = {"args": CHROMIUM_FLAGS}
        if chromium_path():
            launch["executable_path"] = chromium_path()
        browser = pw.chromium.launch(**launch)
        pages = {"passline": server.url + "/", "bare": server.url + "/bare/index.html"}
        warm_pages = {}
        try:
            for kind, url in pages.items():
                cold = []
                for _ in range(args.runs):
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
                results[(kind, "warm")] = [boot_ms(page, url) for _ in range(args.runs)]
                warm_pages[kind] = page
            server.kill()
            for kind, url in pages.items():
                results[(kind, "offline")] = [
                    boot_ms(warm_pages[kind], url) for _ in range(args.runs)
                ]
        finally:
            browser.close()
            server.kill()

    print(f"boot to ready, ms, {args.runs} runs each   min  median     max")
    for mode in ("cold", "warm", "offline"):
        for kind in ("passline", "bare"):
            print(f"  {mode:<8} {kind:<10}           {summary(results[(kind, mode)])}")
    print("passline / bare (median):")
    for mode in ("cold", "warm", "offline"):
        ours = statistics.median(results[("passline", mode)])
        bare = statistics.median(results[("bare", mode)])
        target = "  (target <= 1.15)" if mode != "cold" else ""
        print(f"  {mode:<8} x{ours / bare:.2f}{target}")


if __name__ == "__main__":
    main()
