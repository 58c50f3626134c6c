"""Scaling out: the same workload on SQLite in one process, and on PostgreSQL + Redis with 1, 2
and 4 processes.

For each setup it prints:
  - orders created per second over REST, one order per POST /orders and 50 per POST /mutations,
    from writer processes spread over the server processes;
  - order -> event latency on a socket of *another* process (the same one when there is one),
    p50/p99: from the moment the order is sent until the screen has it;
  - one layout, 500 restaurants x 20 screens (10,000 live sockets spread over the processes):
    orders to random restaurants, fan-out latency p50/p99 to the 20 screens of each, memory per
    connection (all server processes' RSS, after minus before the sockets), and how many
    deliveries were lost (must be 0).
Everything runs on loopback with private PostgreSQL (fsync on, as in production) and Redis
servers in a temp folder, and stops by itself. The machine's cores are shared by the servers,
PostgreSQL, Redis and the clients: read the figures as relative, not absolute.

    .venv/bin/python bench/scaleout.py [--seconds 5] [--fanout-orders 300] [--setups sqlite-1,pg-2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fanout import login, rss, seed, subscribers
from tests.support.server_process import ServerProcess
from tests.support.services import PostgresProcess, RedisProcess

RESTAURANTS = 500
SCREENS = 20
LINE = {"item_id": "soup", "qty": 1}
SETUPS = ("sqlite-1", "pg-1", "pg-2", "pg-4")
CLIENT_PROCESSES = 4
ENV = {  # the bench measures the engine, not the per-device limits
    "PASSLINE_SOCKETS_PER_DEVICE": "100000",
    "PASSLINE_MUTATION_RATE_SCALE": "10000",
    "PASSLINE_REQUEST_RATE_SCALE": "10000",
    "PASSLINE_DATABASE_POOL": "16",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


# -- writers (child processes) ----------------------------------------------------------------


def writer(port: int, token: str, prefix: str, batch: int, seconds: float, out) -> None:
    """POST orders for ``seconds``: one per request, or ``batch`` per /mutations."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    made = errors = n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if batch:
            order = {"table_id": None, "lines": [LINE]}
            mutations = [{"client_id": f"{prefix}-{n + i:07d}", "op": "create_order",
                          "data": order} for i in range(batch)]  # fmt: skip
            conn.request("POST", "/api/v1/mutations", json.dumps({"mutations": mutations}),
                         headers)  # fmt: skip
            answer = conn.getresponse()
            body = answer.read()
            if answer.status == 200:
                acks = sum(r["type"] == "ack" for r in json.loads(body)["results"])
                made, errors = made + acks, errors + batch - acks
            else:
                errors += batch
            n += batch
        else:
            body = json.dumps({"client_id": f"{prefix}-{n:07d}", "table_id": None,
                               "lines": [LINE]})  # fmt: skip
            conn.request("POST", "/api/v1/orders", body, headers)
            answer = conn.getresponse()
            answer.read()
            made, errors = made + (answer.status == 201), errors + (answer.status != 201)
            n += 1
    out.put((made, errors))


def rest_rate(servers: list[ServerProcess], token: str, batch: int, seconds: float, tag: str,
              writers: int = 8) -> tuple[float, int]:  # fmt: skip
    out: mp.Queue = mp.Queue()
    procs = [mp.Process(target=writer, args=(servers[i % len(servers)].port, token,
                                             f"{tag}{i}", batch, seconds, out))
             for i in range(writers)]  # fmt: skip
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    return sum(m for m, _ in results) / seconds, sum(e for _, e in results)


# -- order -> event on another process's socket --------------------------------------------------


def cross_latency(servers: list[ServerProcess], token: str, count: int = 200) -> list[float]:
    """Orders one at a time through the first process; a screen on the last one."""
    from websockets.sync.client import connect

    ws = connect(servers[-1].ws_url, compression=None, max_size=2**22).__enter__()
    ws.send(json.dumps({"type": "hello", "token": token, "since": None}))
    json.loads(ws.recv(timeout=10))
    got: list[float] = []

    def read() -> None:
        while len(got) < count:
            frame = json.loads(ws.recv(timeout=30))
            note = frame.get("data", {}).get("note", "") if frame.get("type") == "event" else ""
            if frame.get("event") == "order_created" and note.startswith("lat:"):
                got.append(time.perf_counter() - float(note[4:]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    conn = http.client.HTTPConnection("127.0.0.1", servers[0].port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for i in range(count):
        body = json.dumps({"client_id": f"lat-{i:05d}", "table_id": None, "lines": [LINE],
                           "note": f"lat:{time.perf_counter():.6f}"})  # fmt: skip
        conn.request("POST", "/api/v1/orders", body, headers)
        conn.getresponse().read()
        time.sleep(0.02)
    reader.join(60)
    ws.close()
    return [x * 1000 for x in got]


# -- the 500 x 20 layout -------------------------------------------------------------------------


def fanout(servers: list[ServerProcess], tokens: dict[str, str], orders: int) -> dict:
    restaurants = sorted(tokens)
    plan = [random.Random(i).choice(restaurants) for i in range(orders)]
    expected = {r: plan.count(r) for r in restaurants}
    conns = [(r, tokens[r]) for r in restaurants for _ in range(SCREENS)]
    shares = [conns[i::CLIENT_PROCESSES] for i in range(CLIENT_PROCESSES)]
    pids = [s.proc.pid for s in servers]
    before = sum(rss(pid) for pid in pids)
    ready, out, stop = mp.Queue(), mp.Queue(), mp.Event()
    procs = [mp.Process(target=subscribers, args=("ours", servers[i % len(servers)].ws_url,
                                                   share, expected, ready, out, stop, 50))
             for i, share in enumerate(shares)]  # fmt: skip
    for p in procs:
        p.start()
    for _ in conns:
        ready.get(timeout=600)
    time.sleep(2.0)
    held = sum(rss(pid) for pid in pids)
    # Orders go in through the first process, as from the kiosks on it; the note carries the
    # send time (the subscribers' clock is the same machine's).
    conn = http.client.HTTPConnection("127.0.0.1", servers[0].port, timeout=30)
    for n, restaurant in enumerate(plan):
        headers = {"Authorization": f"Bearer {tokens[restaurant]}",
                   "Content-Type": "application/json"}  # fmt: skip
        body = json.dumps({"client_id": f"fan-{n:06d}", "table_id": None,
                           "lines": [LINE], "note": f"{time.time():.6f}"})  # fmt: skip
        conn.request("POST", "/api/v1/orders", body, headers)
        conn.getresponse().read()
        time.sleep(0.02)
    received, latencies = 0, []
    for _ in procs:
        n, lat, _size = out.get(timeout=300)
        received += n
        latencies += lat
    stop.set()
    for p in procs:
        p.join()
    ms = [x * 1000 for x in latencies]
    want = sum(expected[r] * SCREENS for r in restaurants)
    return {"sockets": len(conns), "p50": statistics.median(ms) if ms else float("nan"),
            "p99": percentile(ms, 0.99), "lost": want - received, "deliveries": want,
            "kb_per_conn": (held - before) / len(conns) / 1024}  # fmt: skip


# -- setups -----------------------------------------------------------------------------------


def prepare_seed(folder: Path) -> tuple[str, dict[str, str]]:
    """A SQLite file with 500 restaurants (one menu item each, floor PIN 2222), and a signed-in
    device per restaurant: every setup starts from a copy of it, so tokens hold everywhere."""
    path = str(folder / "seed.db")
    names = [f"r{i:03d}" for i in range(RESTAURANTS)]
    seed(path, names)
    server = ServerProcess(path, env=ENV).start()
    try:
        tokens = {name: login(server.port, name) for name in names}
    finally:
        server.stop()
    return path, tokens


def start_setup(name: str, seed_path: str, folder: Path, pg: PostgresProcess,
                redis: RedisProcess) -> list[ServerProcess]:  # fmt: skip
    import psycopg

    from server.store import open_database
    from server.store.transfer import copy_all

    engine, count = name.split("-")
    n = int(count)
    threads = 128  # the default: live sockets are the hub's loop's, not threads
    if engine == "sqlite":
        url = str(folder / f"{name}.db")
    else:
        with psycopg.connect(pg.database_url("postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS bench_{n}")
            admin.execute(f"CREATE DATABASE bench_{n}")
        url = pg.database_url(f"bench_{n}")
    # Through the store's own copy, not a file copy: the seed's last writes may be in its WAL.
    source, target = open_database(seed_path), open_database(url)
    copy_all(source, target)
    source.close()
    target.close()
    if engine == "sqlite":
        return [ServerProcess(url, threads=threads, env=ENV).start()]
    servers = [ServerProcess(url, threads=threads, env=ENV, log_dir=folder,
                             args=("--broker", redis.url)) for _ in range(n)]  # fmt: skip
    for server in servers:
        server.start()
    return servers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0, help="per REST rate")
    parser.add_argument("--fanout-orders", type=int, default=300)
    parser.add_argument("--setups", default=",".join(SETUPS))
    parser.add_argument("--max-per-process", type=int, default=20_000,
                        help="sockets a process is given at most (the server's LIVE_SOCKETS_MAX);"
                        " a setup that would need more prints 'over'")  # fmt: skip
    args = parser.parse_args()
    setups = args.setups.split(",")
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    print(f"{os.cpu_count()} cores shared by servers, PostgreSQL, Redis and clients")
    print(
        "Live sockets are held by each process's hub loop, not by threads: a process holds up"
        " to LIVE_SOCKETS_MAX (20,000), one open file each (`serve` raises the soft limit to"
        f" the hard one; here {soft:,}); memory per socket is printed below."
    )
    print(
        f"Layout: {RESTAURANTS} restaurants x {SCREENS} screens = {RESTAURANTS * SCREENS:,}"
        f" sockets; {args.fanout_orders} orders to random restaurants, one every 20 ms\n"
    )
    row = "{:<9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>6}"
    print(row.format("setup", "single/s", "batch/s", "x-p50 ms", "x-p99 ms", "fan-p50",
                     "fan-p99", "KB/conn", "sockets", "lost"))  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="passline-scaleout-") as tmp:
        folder = Path(tmp)
        pg_folder = tempfile.mkdtemp(prefix="passline-pg-bench-")
        pg = PostgresProcess(pg_folder, durable=True).start()
        redis = RedisProcess(folder / "redis").start()
        try:
            seed_path, tokens = prepare_seed(folder)
            for name in setups:
                servers = start_setup(name, seed_path, folder, pg, redis)
                try:
                    token = tokens["r000"]
                    single, e1 = rest_rate(servers, token, 0, args.seconds, f"{name}-s")
                    batched, e2 = rest_rate(servers, token, 50, args.seconds, f"{name}-b")
                    cross = cross_latency(servers, tokens["r001"])
                    per_process = RESTAURANTS * SCREENS // len(servers)
                    fan = None
                    if per_process <= args.max_per_process:
                        fan = fanout(servers, tokens, args.fanout_orders)
                finally:
                    for server in servers:
                        server.kill()
                x50, x99 = statistics.median(cross), percentile(cross, 0.99)
                cells = ("-", "-", "-", f"{per_process}/proc", "over")
                if fan is not None:
                    cells = (f"{fan['p50']:.1f}", f"{fan['p99']:.1f}", f"{fan['kb_per_conn']:.1f}",
                             fan["sockets"], fan["lost"])  # fmt: skip
                print(row.format(name, f"{single:.0f}", f"{batched:.0f}", f"{x50:.1f}",
                                 f"{x99:.1f}", *cells), flush=True)  # fmt: skip
                if e1 or e2:
                    print(f"  ({e1} single and {e2} batched writes refused)")
        finally:
            redis.kill()
            pg.stop()
            import shutil

            shutil.rmtree(pg_folder, ignore_errors=True)


if __name__ == "__main__":
    main()
