"""The long chaos run: a seeded schedule of orders, staff work and real faults against real
servers, three kiosks, a kitchen and a floor in Chromium; prints the orders, the faults by kind,
the time to converge after the last fault, and the verdict. The short form runs in `make test`
(tests/browser/test_chaos.py).

    .venv/bin/python bench/chaos.py [--seed 1 --seed 2 ...] [--orders 1000] [--minutes 10]
    .venv/bin/python bench/chaos.py --postgres [--processes 2] ...   # private PostgreSQL + Redis
    .venv/bin/python bench/chaos.py --database URL --broker URL ...  # an empty PostgreSQL of yours

By default one process on SQLite. ``--postgres`` starts a private PostgreSQL and Redis (Debian's,
as the tests do) and several server processes on them; ``--database``/``--broker`` use yours (the
database must be empty: the run seeds the demo restaurant in it). Devices are spread over the
processes; a kill strikes one process while the others live.

``--minutes`` stops placing orders once that much time has gone (the faults in force are still
ended and everything checked); without it, every order of the schedule is placed.

The five devices act at once, each in its own Chromium on its own thread: the schedule gives each
its steps in order, and each device takes them as fast as it can (a few steps ahead at most),
while the faults on the servers strike when the schedule reaches them. ``--in-turn`` runs one
device at a time in one Chromium instead, as the short form in `make test` does.

A failure prints its seed: `--seed N` replays the same schedule (with ``--in-turn``, the very same
run; at once, each device's same steps, interleaved as timing has it).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.support.chaos import Chaos
from tests.support.chaos_plan import plan
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.services import PostgresProcess, RedisProcess

# Orders from three kiosks for minutes on end: the per-device rates are lifted.
ENV = {"PASSLINE_MUTATION_RATE_SCALE": "100", "PASSLINE_REQUEST_RATE_SCALE": "100"}


@contextmanager
def servers(args: argparse.Namespace, tmp: Path) -> Iterator[tuple[list[ServerProcess], str]]:
    """The server processes of one run and a line saying what they are."""
    extra: list = []
    if args.postgres:
        # Its own folder: the postgres user must reach it, and a run's folder is root's alone.
        pg_folder = tempfile.mkdtemp(prefix="passline-pg-chaos-")
        extra = [
            PostgresProcess(pg_folder, durable=True).start(),
            RedisProcess(tmp / "redis").start(),
        ]
        database, broker = extra[0].url, extra[1].url
    elif args.database:
        database, broker = args.database, args.broker
    else:
        database, broker = str(tmp / "passline.db"), None
    seed_demo(database)
    processes = args.processes or (2 if broker else 1)
    flags = ("--broker", broker) if broker else ()
    started = [
        ServerProcess(database, log_dir=tmp, env=ENV, args=flags).start() for _ in range(processes)
    ]
    engine = "PostgreSQL + Redis" if broker else "SQLite"
    try:
        yield started, f"{engine}, {processes} process{'es' if processes > 1 else ''}"
    finally:
        for server in started:
            server.kill()
        for service in reversed(extra):
            service.kill()
        if extra:
            shutil.rmtree(pg_folder, ignore_errors=True)


def one_run(seed: int, args: argparse.Namespace) -> bool:
    steps = plan(seed, args.orders, fault_rate=args.fault_rate)
    with (
        tempfile.TemporaryDirectory(prefix="passline-chaos-") as tmp,
        servers(args, Path(tmp)) as (
            procs,
            setup,
        ),
        sync_playwright() as p,
    ):
        # In turn: one Chromium, one device at a time. Else each device its own, all at once.
        browser = (
            p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            if args.in_turn else None
        )  # fmt: skip
        chaos = Chaos(browser, procs)
        try:
            chaos.start()
            started = time.monotonic()
            deadline = started + args.minutes * 60 if args.minutes else None
            ordered = 0
            for step in steps:
                if deadline and time.monotonic() > deadline and step.kind == "place":
                    continue  # out of time: only the ends of faults in force are taken
                chaos.run([step])
                ordered += step.kind == "place"
                if step.kind == "place" and ordered % 100 == 0:
                    print(f"  {ordered} orders, {sum(chaos.faults.values())} faults,"
                          f" {time.monotonic() - started:.0f} s", flush=True)  # fmt: skip
            chaos.drain()  # every device has taken every step given to it
            took = time.monotonic() - started
            converge = chaos.settle(timeout_s=300)
            problems = chaos.verify(timeout_s=60)
        finally:
            chaos.close()
            if browser:
                browser.close()
            # Each refusal as the server logged it (which change, op, code, field, why): the
            # screens show a person the same; the run's folder goes with the run.
            refusals = sorted({line for s in procs for line in
                               s.log_path.read_text(errors="replace").splitlines()
                               if line.startswith("refused ")})  # fmt: skip
    report(seed, setup, chaos, took, converge, problems)
    for line in refusals[:10]:
        print(f"  server log: {line}")
    return not problems


def report(seed: int, setup: str, chaos: Chaos, took: float, converge: float,
           problems: list[str]) -> None:  # fmt: skip
    faults = ", ".join(f"{k} {n}" for k, n in sorted(chaos.faults.items()))
    ops = Counter(m["op"] for m in chaos.sent.values())
    cuts = sum(p.cuts for p in chaos.proxies)
    partial = sum(p.partial for p in chaos.proxies)
    slowest = ", ".join(f"{k} {s / n:.1f} s" for k, (s, n) in
                        sorted(chaos.spent.items(), key=lambda kv: -kv[1][0])[:5])  # fmt: skip
    verdict = "PASS" if not problems else "FAIL"
    sent = ", ".join(f"{k} {n}" for k, n in sorted(ops.items()))
    print(f"seed {seed} ({setup}): {len(chaos.placed)} orders placed in {took:.0f} s;"
          f" faults: {faults}; every outbox empty {converge:.1f} s and every screen equal to"
          f" the server {chaos.agreed_at - chaos.last_fault_at:.1f} s after the last fault;"
          f" {verdict}")  # fmt: skip
    print(f"  changes sent: {sent}; connections cut by the proxy: {cuts} ({partial} mid-chunk);"
          f" refused and shown: {len(chaos.refused)};"
          f" time per step (most in all): {slowest}")  # fmt: skip
    for refusal in chaos.refused[:10]:
        print(f"  refused: {refusal}")
    for problem in problems[:20]:
        print(f"  {problem}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, action="append", help="repeat for several runs")
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--postgres", action="store_true", help="a private PostgreSQL + Redis")
    parser.add_argument("--database", help="an empty PostgreSQL database of yours")
    parser.add_argument("--broker", help="its Redis")
    parser.add_argument("--processes", type=int, help="server processes (2 with a broker)")
    parser.add_argument(
        "--in-turn",
        action="store_true",
        help="devices act one at a time: a seed replays the very same run",
    )
    args = parser.parse_args()
    if args.database and not args.broker:
        parser.error("--database needs --broker: several processes share events through Redis")
    seeds = args.seed or [1, 2, 3]
    results = [one_run(seed, args) for seed in seeds]
    print(f"{sum(results)} of {len(results)} runs passed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
