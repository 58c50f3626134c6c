"""PIN guessing: how long 10,000 guesses take, and what sign-in costs a real device meanwhile.

1. From the limits the server enforces (``server/access/pin_guesses.py``), the shortest time in
   which 10,000 wrong PINs can be tried against one restaurant: from one address, and from 100.
2. Measured on a real server that believes one proxy's X-Forwarded-For (as behind Caddy): an
   attacker sends wrong PINs as fast as 8 threads can from 100 addresses for ``--seconds``,
   while one device signs in with the right PIN from its own address every 0.25 s. Printed:
   the attacker's guesses that were checked (hashed) and refused, and the device's sign-in
   latency and outcomes. Once the restaurant's own hourly limit is full, new sign-ins wait too:
   devices already signed in keep working (their tokens), which is the point of the limit.

    .venv/bin/python bench/guessing.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from limits import parse

from server.access.pin_guesses import PER_ADDRESS, PER_ADDRESS_ANYWHERE, PER_RESTAURANT
from tests.support.server_process import ServerProcess, seed_demo

GUESSES = 10_000


def shortest(guesses: int, rules: tuple[str, ...]) -> float:
    """Seconds a moving window of ``amount`` per ``period`` needs for ``guesses`` tries."""
    worst = 0.0
    for rule in rules:
        limit = parse(rule)
        worst = max(worst, (math.ceil(guesses / limit.amount) - 1) * limit.get_expiry())
    return worst


def days(seconds: float) -> str:
    return f"{seconds / 86400:,.1f} days" if seconds >= 86400 else f"{seconds / 3600:,.1f} hours"


def attack(url: str, stop: threading.Event, outcomes: Counter, n: int) -> None:
    session = requests.Session()
    i = n
    while not stop.is_set():
        address = f"10.66.{i % 100 // 256}.{i % 100}"
        body = {"restaurant": "demo", "pin": f"{i % 10_000:04d}9"}
        r = session.post(url + "/api/v1/login", json=body, timeout=30,
                         headers={"X-Forwarded-For": address})  # fmt: skip
        outcomes[r.status_code] += 1
        i += 8


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    one = max(shortest(GUESSES, PER_ADDRESS), shortest(GUESSES, PER_ADDRESS_ANYWHERE),
              shortest(GUESSES, PER_RESTAURANT))  # fmt: skip
    spread = max(shortest(GUESSES // 100, PER_ADDRESS),
                 shortest(GUESSES // 100, PER_ADDRESS_ANYWHERE),
                 shortest(GUESSES, PER_RESTAURANT))  # fmt: skip
    print(f"limits: per address {PER_ADDRESS}, per address anywhere {PER_ADDRESS_ANYWHERE},"
          f" per restaurant {PER_RESTAURANT}")  # fmt: skip
    print(f"{GUESSES:,} guesses at one restaurant, from 1 address   : at least {days(one)}")
    print(f"{GUESSES:,} guesses at one restaurant, from 100 addresses: at least {days(spread)}")

    with tempfile.TemporaryDirectory(prefix="passline-guessing-") as tmp:
        db = str(Path(tmp) / "p.db")
        seed_demo(db)
        server = ServerProcess(db, env={"PASSLINE_TRUSTED_PROXIES": "1"}).start()
        stop, outcomes = threading.Event(), Counter()
        latencies: list[float] = []
        device: Counter = Counter()
        try:
            attackers = [threading.Thread(target=attack, args=(server.url, stop, outcomes, n))
                         for n in range(8)]  # fmt: skip
            for thread in attackers:
                thread.start()
            session = requests.Session()
            deadline = time.monotonic() + args.seconds
            while time.monotonic() < deadline:
                started = time.perf_counter()
                r = session.post(server.url + "/api/v1/login", timeout=30,
                                 json={"restaurant": "demo", "pin": "2222"},
                                 headers={"X-Forwarded-For": "192.0.2.10"})  # fmt: skip
                latencies.append((time.perf_counter() - started) * 1000)
                device[r.status_code] += 1
                time.sleep(0.25)
            stop.set()
            for thread in attackers:
                thread.join()
        finally:
            server.kill()
    latencies.sort()
    total = sum(outcomes.values())
    print(
        f"attack for {args.seconds:.0f} s from 100 addresses: {total:,} guesses,"
        f" {outcomes[401]:,} checked (wrong PIN), {outcomes[429]:,} refused, not hashed"
    )
    p50, worst = statistics.median(latencies), latencies[-1]
    print(f"the right PIN from a device meanwhile: {dict(device)} (200 signed in, 429 waits);"
          f" latency p50 {p50:.0f} ms, max {worst:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
