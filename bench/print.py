"""Kitchen printing: from an order committed to its ticket's bytes at the printer, and how many
tickets a second go to a printer that answers slowly.

A real server process (SQLite) and a real TCP printer on loopback (``tests/support/
fake_printer.py``: it answers the paper status as an Epson does). 1. ``--orders`` orders placed
one after another by a waiter's phone, each with a grill line: for each, from the moment the
order was sent (the commit is inside that request) to the first byte of its ticket at the grill
printer; p50, p99 and max (target: p99 <= 300 ms on loopback). 2. The same printer made slow
(each read waits ``--slow-ms``): ``--burst`` orders at once, and the tickets a second it prints.
Every ticket is checked to have printed exactly once.

    .venv/bin/python bench/print.py [--orders 500] [--burst 100] [--slow-ms 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.cli import cli
from tests.support.client import Rest, login, order_body
from tests.support.fake_printer import FakePrinter
from tests.support.server_process import ServerProcess, seed_demo

BURGER = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def run(orders: int, burst: int, slow_ms: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "passline.db")
        seed_demo(db)
        grill = FakePrinter()
        made = cli("printers", "add", "demo", "Grill", grill.address, "--stations", "grill",
                   db=db)  # fmt: skip
        assert made.returncode == 0, made.stderr
        server = ServerProcess(db).start()
        try:
            waiter = Rest(server.url, login(server.url, "floor"))
            waiter.get("/floor")  # the worker starts with the first request
            sent: dict[str, float] = {}
            for i in range(orders):
                began = time.monotonic()
                answer = waiter.post("/orders", order_body(None, [{**BURGER, "note": f"{i}"}]))
                sent[answer.json()["order"]["number"]] = began
            papers = grill.wait_for(orders, timeout_s=60)
            latency = []
            for job, at in zip(grill.jobs, grill.arrived, strict=True):
                number = next(p.splitlines()[1] for p in _papers(job))
                latency.append((at - sent[number]) * 1000)
            numbers = [p.splitlines()[1] for p in papers]
            once = len(numbers) == len(set(numbers)) == orders
            print(f"order committed -> ticket bytes at the printer, {orders} orders one by one:")
            print(f"  p50 {statistics.median(latency):.1f} ms, p99 {percentile(latency, 0.99):.1f}"
                  f" ms, max {max(latency):.1f} ms; each printed once: {once}")  # fmt: skip

            grill.delay_s = slow_ms / 1000
            before = len(grill.papers())
            started = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda i: waiter.post("/orders", order_body(
                    None, [{**BURGER, "note": f"burst {i}"}])), range(burst)))  # fmt: skip
            papers = grill.wait_for(before + burst, timeout_s=600)
            took = time.monotonic() - started
            printed = len(papers) - before
            burst_numbers = [p.splitlines()[1] for p in papers[before:]]
            print(f"a printer answering slowly ({slow_ms} ms a read), {burst} orders at once:")
            print(f"  {printed} tickets in {took:.1f} s = {printed / took:.1f} tickets/s;"
                  f" each printed once: {len(set(burst_numbers)) == burst == printed}")  # fmt: skip
            return 0 if once and printed == burst else 1
        finally:
            server.kill()
            grill.stop()


def _papers(job: bytearray) -> list[str]:
    from tests.support.escpos_text import decode

    return decode(bytes(job))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--slow-ms", type=int, default=50)
    args = parser.parse_args()
    sys.exit(run(args.orders, args.burst, args.slow_ms))
