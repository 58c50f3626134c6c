"""PIN guessing: how long guesses take, and what sign-in costs a real device meanwhile.

1. From the limits the server enforces (``server/access/pin_guesses.py``): a real restaurant
   takes no PIN from a device that has not paired, so from the network 10,000 guesses are
   none; from a stolen *paired* device, how long 10,000 take (and the 500 that find one of 20
   people's 4-digit PINs on average, and a manager's 6-digit PIN); a demo (PINs from anywhere),
   from one address and from 100.
2. Measured on a real server that believes one proxy's X-Forwarded-For (as behind Caddy): an
   attacker sends PINs as fast as 8 threads can from 100 addresses for ``--seconds`` at a real
   restaurant, while a waiter signs in again and again on a paired phone. Printed: what the
   attacker's PINs got (403 ``not_paired``: none was looked at), and the waiter's sign-in
   outcomes and latency. Then the same at the demo, whose PINs are open to any device.

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

from server.access.pin_guesses import (
    PER_ADDRESS,
    PER_ADDRESS_ANYWHERE,
    PER_PAIRED_DEVICE,
    PER_PAIRED_RESTAURANT,
    PER_RESTAURANT,
)
from server.cli.options import services
from tests.support.server_process import ServerProcess, seed_demo, seed_real

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


def attack(url: str, restaurant: str, stop: threading.Event, outcomes: Counter, n: int) -> None:
    session = requests.Session()
    i = n
    while not stop.is_set():
        address = f"10.66.{i % 100 // 256}.{i % 100}"
        body = {"restaurant": restaurant, "pin": f"{i % 10_000:04d}9"}
        r = session.post(url + "/api/v1/login", json=body, timeout=30,
                         headers={"X-Forwarded-For": address})  # fmt: skip
        outcomes[r.status_code] += 1
        i += 8


def under_attack(url: str, restaurant: str, seconds: float, sign_in: dict) -> None:
    """8 threads of PINs from 100 addresses; meanwhile ``sign_in`` sent every 0.25 s."""
    stop, outcomes = threading.Event(), Counter()
    latencies: list[float] = []
    device: Counter = Counter()
    attackers = [threading.Thread(target=attack, args=(url, restaurant, stop, outcomes, n))
                 for n in range(8)]  # fmt: skip
    for thread in attackers:
        thread.start()
    session = requests.Session()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        r = session.post(url + "/api/v1/login", timeout=30, json=sign_in,
                         headers={"X-Forwarded-For": "192.0.2.10"})  # fmt: skip
        latencies.append((time.perf_counter() - started) * 1000)
        device[r.status_code] += 1
        time.sleep(0.25)
    stop.set()
    for thread in attackers:
        thread.join()
    latencies.sort()
    print(f"  attack for {seconds:.0f} s from 100 addresses: {sum(outcomes.values()):,} PINs sent:"
          f" {dict(sorted(outcomes.items()))} (401 checked, 403 not paired: never looked at,"
          " 429 refused unhashed)")  # fmt: skip
    print(
        f"  the right PIN on a device meanwhile: {dict(device)} (200 signed in);"
        f" latency p50 {statistics.median(latencies):.0f} ms, max {latencies[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    paired = max(shortest(GUESSES, PER_PAIRED_DEVICE), shortest(GUESSES, PER_PAIRED_RESTAURANT))
    print("a real restaurant: no PIN is looked at from a device that has not paired")
    print(f"  {GUESSES:,} guesses from the network         : none possible")
    print(
        f"  {GUESSES:,} guesses from a stolen paired phone: at least {days(paired)}"
        f" (limits {PER_PAIRED_DEVICE}, all paired devices {PER_PAIRED_RESTAURANT})"
    )
    print(
        f"  500 (one of 20 people's 4-digit PINs, on average): at least"
        f" {days(shortest(500, PER_PAIRED_DEVICE))}"
    )
    print(
        f"  500,000 (a manager's 6-digit PIN, on average)    : at least"
        f" {days(shortest(500_000, PER_PAIRED_DEVICE))}"
    )
    one = max(shortest(GUESSES, PER_ADDRESS), shortest(GUESSES, PER_ADDRESS_ANYWHERE),
              shortest(GUESSES, PER_RESTAURANT))  # fmt: skip
    spread = max(shortest(GUESSES // 100, PER_ADDRESS),
                 shortest(GUESSES // 100, PER_ADDRESS_ANYWHERE),
                 shortest(GUESSES, PER_RESTAURANT))  # fmt: skip
    print(f"the demo (public PINs, any device): per address {PER_ADDRESS}, per address anywhere"
          f" {PER_ADDRESS_ANYWHERE}, per restaurant {PER_RESTAURANT}")  # fmt: skip
    print(f"  {GUESSES:,} guesses from 1 address   : at least {days(one)}")
    print(f"  {GUESSES:,} guesses from 100 addresses: at least {days(spread)}")

    with tempfile.TemporaryDirectory(prefix="passline-guessing-") as tmp:
        db = str(Path(tmp) / "p.db")
        seed_demo(db)
        seed_real(db, "kose")
        svc = services(db)
        svc.staff.add("kose", "Ana", "floor", "4826")
        code, _ = svc.pairings.make("kose", "floor", "Pass phone", "bench")
        svc.db.close()
        server = ServerProcess(db, env={"PASSLINE_TRUSTED_PROXIES": "1"}).start()
        try:
            joined = requests.post(server.url + "/api/v1/pair", timeout=10,
                                   json={"restaurant": "kose", "code": code}).json()  # fmt: skip
            print("measured, a real restaurant (kose):")
            waiter = {"restaurant": "kose", "pin": "4826", "credential": joined["credential"]}
            under_attack(server.url, "kose", args.seconds, waiter)
            print("measured, the demo:")
            under_attack(server.url, "demo", args.seconds, {"restaurant": "demo", "pin": "2222"})
        finally:
            server.kill()


if __name__ == "__main__":
    main()
