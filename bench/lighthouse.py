"""Lighthouse's mobile performance audit of the app's first screens, with Debian's Chromium.

Lighthouse 11.7.1 comes from the npm registry at that pinned version, installed once into
``var/lighthouse`` (not part of the app's runtime, nor of ``make test``). For ``/``,
``/#/kiosk`` and ``/#/kitchen`` on a demo restaurant served by a real server process, it runs
the default mobile audit (simulated 4x CPU slowdown and a slow 4G link) and prints the
performance score and the figures behind it. Target (issue 28): score >= 0.9, total blocking
time <= 600 ms, CLS < 0.1 on all three.

With ``--references`` it also audits two bare PyScript pages (the same PyScript and Pyodide,
nothing of ours): Python on the main thread, and Python in a worker (``<script type="py"
worker>``). They are served by a minimal static server sending the cross-origin isolation
headers (COOP/COEP) a PyScript 0.7 worker needs: without SharedArrayBuffer it waits for a
service-worker polyfill and never starts. Together they bound what the app can score either way.

    .venv/bin/python bench/lighthouse.py [--runs 1] [--references]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import chromium_path
from tests.support.server_process import ROOT, ServerProcess, seed_demo
from tests.support.shell_copy import shell_copy

VERSION = "11.7.1"
PREFIX = ROOT / "var" / "lighthouse"
PAGES = ("/", "/#/kiosk", "/#/kitchen")
AUDITS = {
    "total-blocking-time": "TBT ms",
    "largest-contentful-paint": "LCP ms",
    "first-contentful-paint": "FCP ms",
    "interactive": "TTI ms",
    "speed-index": "SI ms",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "bytes",
}


BARE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="/vendor/pyscript/core.js"></script></head>
<body><h1>A bare PyScript page</h1>
<script type="py" %s src="/bare/main.py" config="/bare/config.json"></script></body></html>
"""
REFERENCES = {"/bare/main.html": "", "/bare/worker.html": "worker"}


def add_bare_pages(app_dir: Path) -> None:
    folder = app_dir / "bare"
    folder.mkdir()
    for page, attribute in REFERENCES.items():
        (app_dir / page.lstrip("/")).write_text(BARE % attribute)
    (folder / "main.py").write_text('import sys\n\nprint("python", sys.version)\n')
    (folder / "config.json").write_text(json.dumps({"interpreter": "/vendor/pyodide/pyodide.mjs"}))


class Isolated(SimpleHTTPRequestHandler):
    """Static files with the headers that make a page cross-origin isolated."""

    def end_headers(self) -> None:
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def guess_type(self, path: Any) -> str:
        return "text/javascript" if str(path).endswith(".mjs") else super().guess_type(path)

    def log_message(self, *args: Any) -> None:
        pass


def static_server(folder: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Isolated, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lighthouse() -> Path:
    cli = PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund",
                        "--loglevel=error", f"lighthouse@{VERSION}"], check=True)  # fmt: skip
    return cli


def audit(cli: Path, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium_path() or "/usr/bin/chromium"}
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
    for attempt in range(3):  # "NO_NAVSTART, run Lighthouse again": its trace can miss the
        done = subprocess.run(  # navigation when COOP swaps the page's process
            ["node", str(cli), url, "--quiet", "--only-categories=performance",
             "--output=json", f"--output-path={out}", f"--chrome-flags={flags}"],
            env=env, timeout=600,
        )  # fmt: skip
        if done.returncode == 0:
            break
        print(f"  (audit of {url} failed, attempt {attempt + 1} of 3)")
    done.check_returncode()
    report = json.loads(out.read_text())
    figures = {"score": report["categories"]["performance"]["score"]}
    figures["parts"] = sorted(
        ((r["url"].split("/", 3)[-1], r.get("transferSize", 0))
         for r in report["audits"]["network-requests"]["details"]["items"]),
        key=lambda part: -part[1],
    )  # fmt: skip
    for key in AUDITS:
        figures[key] = report["audits"][key]["numericValue"]
    shifts = report["audits"].get("layout-shifts", {}).get("details", {}).get("items", [])
    figures["shifted"] = [(item.get("score", 0), (item.get("node") or {}).get("selector", "?"))
                          for item in shifts]  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1, help="audits per page (median printed)")
    parser.add_argument("--references", action="store_true",
                        help="also bare PyScript pages: main thread, and worker")  # fmt: skip
    parser.add_argument("--page", action="append", choices=PAGES, help="only these pages")
    args = parser.parse_args()
    cli = lighthouse()
    with tempfile.TemporaryDirectory(prefix="passline-lighthouse-") as tmp:
        db = str(Path(tmp) / "p.db")
        seed_demo(db)
        server = ServerProcess(db).start()
        pages = [(page, server.url) for page in args.page or PAGES]
        static = None
        parts: list[tuple[str, int]] = []
        if args.references:
            app_dir = shell_copy(Path(tmp))
            add_bare_pages(app_dir)
            static = static_server(app_dir)
            pages += [(page, f"http://127.0.0.1:{static.server_port}") for page in REFERENCES]
        try:
            print(f"Lighthouse {VERSION}, mobile defaults, median of {args.runs}")
            print(f"  {'page':<18} {'score':>5} " + " ".join(f"{v:>9}" for v in AUDITS.values()))
            for page, base in pages:
                runs = [audit(cli, base + page, Path(tmp) / f"r{n}.json")
                        for n in range(args.runs)]  # fmt: skip
                median = {k: statistics.median(r[k] for r in runs) for k in runs[0]
                          if k not in ("parts", "shifted")}  # fmt: skip
                cells = " ".join(
                    f"{median[k]:>9.3f}" if k == "cumulative-layout-shift" else
                    f"{median[k]:>9.0f}" for k in AUDITS
                )  # fmt: skip
                print(f"  {page:<18} {median['score']:>5.2f} {cells}")
                if len(runs) > 1:  # the spread behind the median
                    print(
                        "      each run: "
                        + ", ".join(
                            f"{r['score']:.2f} (SI {r['speed-index'] / 1000:.1f} s)" for r in runs
                        )
                    )
                for score, selector in runs[0]["shifted"][:3]:  # what moved, when it counts
                    print(f"      shifted {score:.3f}: {selector}")
                if not parts:
                    parts = runs[0]["parts"]
            print(f"  bytes of a first visit to {pages[0][0]}, by file (transferred):")
            for url, size in parts[:8]:
                print(f"    {size / 1e6:6.2f} MB  /{url}")
            rest = sum(size for _, size in parts[8:])
            print(f"    {rest / 1e6:6.2f} MB  {len(parts) - 8} other requests")
        finally:
            server.kill()
            if static is not None:
                static.shutdown()
    if args.references:
        print("  (bare pages: a static server without compression, so their bytes are larger)")
    print("  target: score >= 0.90, TBT <= 600 ms, CLS < 0.1 on every page")


if __name__ == "__main__":
    main()
