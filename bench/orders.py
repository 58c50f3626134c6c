"""Order creates per second over REST while 20 screens receive every event, against raw SQLite.

Prints creates/s through the whole server (HTTP, validation, pricing, idempotency record, event
append, fsync, fan-out to every screen), twice: one order per POST /api/v1/orders, and 50 orders
per POST /api/v1/mutations (how a client empties its offline queue). Each is compared with raw
SQLite doing the same number of rows per transaction at the same durability (WAL,
synchronous=FULL): one row per commit for the first, 50 rows per commit for the second, written
on the same disk (the server's folder) while the server is running. Ratios: target >= 0.25.

    .venv/bin/python bench/orders.py [--orders 3000] [--writers 8] [--screens 20] [--batch 50]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing as mp
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.client import login
from tests.support.server_process import ServerProcess, seed_demo

LINE = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}


def screens(ws_url: str, token: str, count: int, expected: int, since: int, ready, done) -> None:
    """Run in a child process: ``count`` live sockets that each wait for ``expected`` orders."""
    from websockets.asyncio.client import connect

    async def one() -> int:
        async with connect(ws_url, max_size=2**22) as ws:
            await ws.send(json.dumps({"type": "hello", "token": token, "since": since}))
            await ws.recv()
            ready.put(1)
            seen = 0
            while seen < expected:
                frame = json.loads(await ws.recv())
                if frame["type"] == "event" and frame["event"] == "order_created":
                    seen += 1
            return seen

    async def gather() -> None:
        results = await asyncio.wait_for(asyncio.gather(*(one() for _ in range(count))), 600)
        done.put(sum(results))

    asyncio.run(gather())


def post_orders(port: int, token: str, count: int, prefix: str, batch: int, errors: list) -> None:
    """POST ``count`` orders, one per request (batch 0) or ``batch`` per /mutations request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def order(i: int) -> dict:
        return {"client_id": f"{prefix}-{i:06d}", "table_id": None, "lines": [LINE]}

    step = batch or 1
    for start in range(0, count, step):
        if batch:
            mutations = [
                {"client_id": o.pop("client_id"), "op": "create_order", "data": o}
                for o in map(order, range(start, min(start + step, count)))
            ]
            path, body, ok = "/api/v1/mutations", json.dumps({"mutations": mutations}), 200
        else:
            path, body, ok = "/api/v1/orders", json.dumps(order(start)), 201
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        payload = response.read()
        if response.status != ok:
            errors.append(response.status)
        elif batch:
            errors.extend(r for r in json.loads(payload)["results"] if r["type"] != "ack")


def raw_sqlite_rows_per_s(directory: str, per_commit: int, seconds: float = 3.0) -> float:
    """Rows/s inserting ``per_commit`` rows per durable transaction, in ``directory``."""
    path = os.path.join(directory, f"raw-{per_commit}.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)")
    payload = json.dumps({"lines": [LINE] * 2, "note": "x" * 200})
    rows = [(payload,)] * per_commit
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO t (data) VALUES (?)", rows)
        conn.execute("COMMIT")
        done += per_commit
    elapsed = time.perf_counter() - started
    conn.close()
    return done / elapsed


def run_round(server: ServerProcess, args: argparse.Namespace, batch: int, tag: str) -> dict:
    """Post ``args.orders`` orders while ``args.screens`` screens wait for every one of them."""
    token = login(server.url, "kiosk")
    floor_token = login(server.url, "floor")
    since = json.loads(_get(server.port, "/api/v1/events?since=0&limit=1", floor_token))["seq"]
    # Every order is posted, whatever the count: the first writers take one more each when it
    # does not divide evenly, and the screens wait for exactly what is posted.
    shares = [args.orders // args.writers + (n < args.orders % args.writers)
              for n in range(args.writers)]  # fmt: skip
    total = sum(shares)
    ready, done = mp.Queue(), mp.Queue()
    child = mp.Process(
        target=screens,
        args=(server.ws_url, floor_token, args.screens, total, since, ready, done),
    )
    child.start()
    for _ in range(args.screens):
        ready.get(timeout=60)
    errors: list = []
    threads = [
        threading.Thread(
            target=post_orders, args=(server.port, token, share, f"{tag}{n}", batch, errors)
        )
        for n, share in enumerate(shares)
        if share
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    posted = time.perf_counter() - started
    received = done.get(timeout=600)
    delivered = time.perf_counter() - started
    child.join()
    return {
        "total": total,
        "errors": len(errors),
        "rate": total / posted,
        "received": received,
        "delivered": delivered,
    }


def _get(port: int, path: str, token: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    return conn.getresponse().read().decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="passline-bench-") as tmp:
        db = os.path.join(tmp, "passline.db")
        seed_demo(db)
        # The write path's own speed: the per-device limits (a kiosk: 10 changes a second after
        # a burst of 2,000; 8 sockets) would measure themselves instead.
        server = ServerProcess(
            db,
            env={
                "PASSLINE_MUTATION_RATE_SCALE": "1000",
                "PASSLINE_REQUEST_RATE_SCALE": "1000",
                "PASSLINE_SOCKETS_PER_DEVICE": "10000",
            },  # many writers, one sign-in
        ).start()
        try:
            single = run_round(server, args, 0, "single")
            batched = run_round(server, args, args.batch, "batch")
            # Same disk, same moment: the server is up (idle) while SQLite alone is measured.
            raw_single = raw_sqlite_rows_per_s(tmp, 1)
            raw_batched = raw_sqlite_rows_per_s(tmp, args.batch)
        finally:
            server.stop()

    print(
        f"orders per round         : {single['total']} by {args.writers} writers,"
        f" {args.screens} screens receiving every event"
    )
    for name, r in (("one order per POST", single), (f"{args.batch} per POST /mutations", batched)):
        print(
            f"{name:<25}: {r['rate']:,.0f} creates/s, {r['errors']} errors;"
            f" {r['received']:,} events delivered, last {r['delivered']:.2f}s after start"
        )
    print(f"raw SQLite, 1 row/commit : {raw_single:,.0f} rows/s (WAL, synchronous=FULL)")
    print(f"raw SQLite, {args.batch} rows/commit: {raw_batched:,.0f} rows/s")
    print(f"ratio, one per POST vs 1 row/commit  : {single['rate'] / raw_single:.2f}"
          "   (target >= 0.25)")  # fmt: skip
    print(f"ratio, {args.batch} per POST vs {args.batch} rows/commit: "
          f"{batched['rate'] / raw_batched:.2f}   (target >= 0.25)")  # fmt: skip


if __name__ == "__main__":
    main()
