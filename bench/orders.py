"""Order creates per second over REST while 20 screens receive every event, against raw SQLite.

Prints: creates/s through the whole server (HTTP, validation, pricing, idempotency record, event
append, fsync, fan-out), the same machine's raw SQLite single-row transactions/s at the same
durability (WAL, synchronous=FULL), and their ratio (target >= 0.25).

    .venv/bin/python bench/orders.py [--orders 3000] [--writers 8] [--screens 20]
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
    """Run in a child process: ``count`` live sockets that each wait for ``expected`` events."""
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

    async def main() -> None:
        results = await asyncio.wait_for(asyncio.gather(*(one() for _ in range(count))), 600)
        done.put(sum(results))

    asyncio.run(main())


def post_orders(port: int, token: str, count: int, prefix: str, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for i in range(count):
        body = json.dumps({"client_id": f"{prefix}-{i:06d}", "table_id": None, "lines": [LINE]})
        conn.request("POST", "/api/v1/orders", body, headers)
        response = conn.getresponse()
        response.read()
        if response.status != 201:
            errors.append(response.status)


def raw_sqlite_tps(directory: str, seconds: float = 3.0) -> float:
    conn = sqlite3.connect(os.path.join(directory, "raw.db"), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)")
    payload = json.dumps({"lines": [LINE] * 2, "note": "x" * 200})
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (data) VALUES (?)", (payload,))
        conn.execute("COMMIT")
        done += 1
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--screens", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="passline-bench-") as tmp:
        db = os.path.join(tmp, "passline.db")
        seed_demo(db)
        server = ServerProcess(db).start()
        try:
            token = login(server.url, "kiosk")
            floor_token = login(server.url, "floor")
            since = json.loads(_get(server.port, "/api/v1/events?since=0&limit=1", floor_token))[
                "seq"
            ]
            ready, done = mp.Queue(), mp.Queue()
            child = mp.Process(
                target=screens,
                args=(server.ws_url, floor_token, args.screens, args.orders, since, ready, done),
            )
            child.start()
            for _ in range(args.screens):
                ready.get(timeout=60)

            per_writer = args.orders // args.writers
            errors: list = []
            threads = [
                threading.Thread(
                    target=post_orders, args=(server.port, token, per_writer, f"w{n}", errors)
                )
                for n in range(args.writers)
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
        finally:
            server.stop()
        total = per_writer * args.writers
        raw = raw_sqlite_tps(tmp)

    rate = total / posted
    print(f"orders created over REST : {total} by {args.writers} writers, {len(errors)} errors")
    print(f"creates/s (REST)         : {rate:,.0f}")
    print(
        f"fan-out                  : {received:,} events to {args.screens} screens,"
        f" all delivered {delivered:.2f}s after the first POST ({posted:.2f}s to post)"
    )
    print(f"raw SQLite tx/s (FULL)   : {raw:,.0f}")
    print(f"ratio REST / raw         : {rate / raw:.2f}   (target >= 0.25)")


def _get(port: int, path: str, token: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    return conn.getresponse().read().decode()


if __name__ == "__main__":
    main()
