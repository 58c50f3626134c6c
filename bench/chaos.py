"""The long chaos run: a seeded schedule of orders, bumps and real faults against a real server,
three kiosks, a kitchen and a floor in Chromium; prints the orders, the faults by kind, the time
to converge after the last fault, and the verdict. The short form runs in `make test`
(tests/browser/test_chaos.py).

    .venv/bin/python bench/chaos.py [--seed 1 --seed 2 ...] [--orders 1000] [--minutes 10]

A failure prints its seed: `--seed N` replays the same schedule.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.support.chaos import Chaos
from tests.support.chaos_plan import plan
from tests.support.server_process import ServerProcess, seed_demo

# Orders from three kiosks for minutes on end: the per-device rates are lifted.
ENV = {"PASSLINE_MUTATION_RATE_SCALE": "100", "PASSLINE_REQUEST_RATE_SCALE": "100"}


def one_run(seed: int, orders: int, minutes: float, rate: float) -> bool:
    steps = plan(seed, orders, fault_rate=rate)
    with tempfile.TemporaryDirectory(prefix="passline-chaos-") as tmp:
        db = str(Path(tmp) / "passline.db")
        seed_demo(db)
        server = ServerProcess(db, env=ENV).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            chaos = Chaos(browser, [server])
            try:
                chaos.start()
                started = time.monotonic()
                deadline = started + minutes * 60
                done = 0
                for step in steps:
                    if time.monotonic() > deadline and step.kind == "place":
                        continue  # out of time: only the ends of faults in force are taken
                    chaos.run([step])
                    done += 1
                converge = chaos.settle(timeout_s=300)
                problems = chaos.verify(timeout_s=60)
            finally:
                chaos.close()
                browser.close()
                server.kill()
    faults = ", ".join(f"{k} {n}" for k, n in sorted(chaos.faults.items()))
    verdict = "PASS" if not problems else "FAIL"
    took = time.monotonic() - started
    ops = ", ".join(
        f"{k} {n}" for k, n in sorted(Counter(m["op"] for m in chaos.sent.values()).items())
    )
    cuts = sum(p.cuts for p in chaos.proxies)
    partial = sum(p.partial for p in chaos.proxies)
    print(f"seed {seed}: {len(chaos.placed)} orders placed in {took:.0f} s; faults: {faults};"
          f" converged {converge:.1f} s after the last fault; {verdict}")  # fmt: skip
    print(f"  changes sent: {ops}; connections cut by the proxy: {cuts} ({partial} mid-chunk);"
          f" refused and shown: {len(chaos.refused)}")  # fmt: skip
    for refusal in chaos.refused[:10]:
        print(f"  refused: {refusal}")
    for problem in problems[:20]:
        print(f"  {problem}")
    return not problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, action="append", help="repeat for several runs")
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    args = parser.parse_args()
    seeds = args.seed or [1, 2, 3]
    results = [one_run(seed, args.orders, args.minutes, args.fault_rate) for seed in seeds]
    print(f"{sum(results)} of {len(results)} runs passed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
