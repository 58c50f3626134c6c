"""The day report on a restaurant with a season of history. Prints figures.

The log holds 90 days x 800 orders, each placed, cooked, served and paid (most) or cancelled:
one day is served through the real write path (``Store.submit_many`` with the clock set to that
day), then its events are copied to the other 89 days with new ids and times, so the log has the
shape the server writes without an hour of set-up. Then ``GET /api/v1/reports/day`` is timed
through a real server process for a day in the middle of the season: the first query (a new
process, nothing warmed) and 20 repeats. Target: <= 200 ms. The same query without the
``events_by_time`` index is timed too, to show what the index is for.

Then the close of day: with the day before the served one closed, ``POST /api/v1/days/close``
closes the served day through a real server process (its Z report is computed from the log in
the close's transaction: 800 orders), and the same Z report is computed 20 times in-process
(``store.days.report``). Target: <= 200 ms.

    .venv/bin/python bench/reports.py [--days 90] [--orders 800]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.timestamps import iso
from server.cli import demo
from server.store import SqliteDatabase, Store, days, reports
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess

# The copied days are appended after the served one, so their seqs are higher though their
# times are older; the server prunes a prefix of the log by seq (retention), which would take
# the served day with the oldest copy. A real log is in time order: keep everything here.
KEEP_ALL = {"PASSLINE_RETENTION_DAYS": "3650"}
LINES = [[{"item_id": "ayran", "qty": 2}], [{"item_id": "baklava", "qty": 1}],
         [{"item_id": "lentil-soup", "qty": 1, "modifiers": ["mild"]},
          {"item_id": "cola", "qty": 2}]]  # fmt: skip


def serve_one_day(db_path: str, day: datetime, orders: int) -> None:
    clock = [day]
    store = Store(SqliteDatabase(db_path), clock=lambda: clock[0])
    demo.seed(store)
    step = timedelta(hours=12) / orders  # a service from 10:00 to 22:00
    for start in range(0, orders, 100):
        batch = []
        for i in range(start, min(start + 100, orders)):
            body = {"table_id": None, "lines": LINES[i % 3], "note": ""}
            batch.append((f"bench-{i:06d}", "create_order", body))
        clock[0] = day + step * start
        placed = [outcome[0]["order"] for outcome in store.submit_many("demo", batch)]
        # Each order walks its life a few minutes apart: accepted, cooking, ready at the pass,
        # served, paid (cash or card); one in forty is cancelled instead.
        for status, minutes in (("accepted", 1), ("preparing", 2), ("ready", 14),
                                ("served", 16), ("paid", 45)):  # fmt: skip
            clock[0] = day + step * start + timedelta(minutes=minutes)
            moves = []
            for n, order in enumerate(placed):
                cancelled = (start + n) % 40 == 0
                if cancelled and status != "accepted":
                    continue
                if status == "paid" and not cancelled:  # paid means its payment settles it
                    moves.append((f"pay-{order['id']}", "add_payment",
                                  {"order_id": order["id"], "amount": order["total"],
                                   "method": ("cash", "card")[n % 2]}))  # fmt: skip
                    continue
                moves.append((f"{status}-{order['id']}", "set_order_status",
                              {"order_id": order["id"],
                               "status": "cancelled" if cancelled else status,
                               "reason": "changed_mind"}))  # fmt: skip
            for outcome in store.submit_many("demo", moves):
                assert not isinstance(outcome, Exception), outcome
    store.db.close()


def copy_to_other_days(db_path: str, days: int) -> int:
    """The served day's order events, again on each of ``days - 1`` earlier days."""
    db = SqliteDatabase(db_path)
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT type, data, at FROM events WHERE restaurant = 'demo'"
            " AND type IN ('order_created', 'order_updated') ORDER BY seq"
        ).fetchall()
        seq = conn.execute("SELECT last_seq FROM restaurants WHERE id = 'demo'").fetchone()[0]
        out = []
        for back in range(days - 1, 0, -1):
            shift = timedelta(days=back)
            for row in rows:
                data = json.loads(row["data"])
                data["id"] = f"{data['id']}-{back}"
                for key in ("created_at", "updated_at", "settled_at"):
                    if data.get(key):
                        data[key] = iso(_parse(data[key]) - shift)
                for payment in data.get("payments", ()):  # the day's takings are by their time
                    payment["at"] = iso(_parse(payment["at"]) - shift)
                seq += 1
                out.append(("demo", seq, row["type"], json.dumps(data),
                            iso(_parse(row["at"]) - shift)))  # fmt: skip
        # Appended after the served day: each copied day keeps its own order, which is all the
        # report reads (a day's events by time, folded in seq order).
        conn.executemany(
            "INSERT INTO events (restaurant, seq, type, data, at) VALUES (?, ?, ?, ?, ?)", out
        )
        conn.execute("UPDATE restaurants SET last_seq = ? WHERE id = 'demo'", (seq,))
        count = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    db.close()
    return count


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def time_api(db_path: str, on: str, repeats: int = 20) -> tuple[float, list[float], dict]:
    server = ServerProcess(db_path, env=KEEP_ALL).start()
    try:
        manager = Rest(server.url, login(server.url, "manager"))
        began = time.perf_counter()
        first = manager.get(f"/reports/day?date={on}")
        first_ms = (time.perf_counter() - began) * 1000
        assert first.status_code == 200, first.text
        repeated = []
        for _ in range(repeats):
            began = time.perf_counter()
            manager.get(f"/reports/day?date={on}").raise_for_status()
            repeated.append((time.perf_counter() - began) * 1000)
        return first_ms, repeated, first.json()
    finally:
        server.stop()


def time_without_index(db_path: str, on: str) -> float:
    db = SqliteDatabase(db_path)
    with db.connection() as conn:
        conn.execute("DROP INDEX IF EXISTS events_by_time")
        began = time.perf_counter()
        reports.day(conn, "demo", datetime.fromisoformat(on).date())
        elapsed = (time.perf_counter() - began) * 1000
    db.close()
    return elapsed


def time_close(
    db_path: str, day: str, starts: datetime, repeats: int = 20
) -> tuple[float, list[float], dict]:
    """Close ``day`` (the one before it closed at ``starts``): the POST through a real server,
    then its Z report computed again ``repeats`` times in-process."""
    db = SqliteDatabase(db_path)
    with db.transaction() as conn:
        before = (datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat()
        conn.execute(
            "INSERT INTO closed_days (restaurant, day, starts_at, closed_at, report)"
            " VALUES ('demo', ?, ?, ?, '{}')",
            (before, iso(starts - timedelta(days=1)), iso(starts)),
        )  # fmt: skip
    db.close()
    server = ServerProcess(db_path, env=KEEP_ALL).start()
    try:
        manager = Rest(server.url, login(server.url, "manager"))
        began = time.perf_counter()
        answer = manager.post("/days/close", {"client_id": "bench-close-1", "day": day,
                                              "carry_over": True})  # fmt: skip
        first_ms = (time.perf_counter() - began) * 1000
        assert answer.status_code == 200, answer.text
    finally:
        server.stop()
    db = SqliteDatabase(db_path)
    repeated = []
    with db.connection() as conn:
        conn.execute("DELETE FROM closed_days WHERE day = ?", (day,))  # as it was before
        now = datetime.now(UTC)
        for _ in range(repeats):
            began = time.perf_counter()
            days.report(conn, "demo", datetime.fromisoformat(day).date(), now)
            repeated.append((time.perf_counter() - began) * 1000)
    db.close()
    return first_ms, repeated, answer.json()["report"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--orders", type=int, default=800)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "season.db")
        served = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
        began = time.perf_counter()
        serve_one_day(path, served - timedelta(days=1), args.orders)
        events = copy_to_other_days(path, args.days)
        print(f"log: {args.days} days x {args.orders} orders = {events:,} events "
              f"(built in {time.perf_counter() - began:.0f} s)")  # fmt: skip
        db = SqliteDatabase(path)
        with db.connection() as conn:
            tz = conn.execute("SELECT tz FROM restaurants WHERE id = 'demo'").fetchone()[0]
        db.close()
        middle = (
            (served - timedelta(days=1 + args.days // 2))
            .astimezone(reports.ZoneInfo(tz))
            .date()
            .isoformat()
        )
        first, repeated, report = time_api(path, middle)
        print(f"day report {middle}: {report['orders']} orders, {report['cancelled']} cancelled,"
              f" revenue {report['revenue']:,}")  # fmt: skip
        print(f"GET /reports/day, first query in a new process: {first:.0f} ms (target <= 200)")
        print(f"repeated x{len(repeated)}: median {statistics.median(repeated):.0f} ms,"
              f" max {max(repeated):.0f} ms")  # fmt: skip
        yesterday = (served - timedelta(days=1)).astimezone(reports.ZoneInfo(tz))
        starts = reports.bounds(yesterday.date(), tz)[0]
        first, repeated, z = time_close(path, yesterday.date().isoformat(), starts)
        print(f"close of day {z['day']} ({z['starts_at']} to {z['ends_at']}): Z report of"
              f" {z['orders']} orders, revenue {z['revenue']:,}, {len(z['by_category'])}"
              f" categories, numbers {z['first_number']}-{z['last_number']}")  # fmt: skip
        print(f"POST /days/close in a new process: {first:.0f} ms (target <= 200)")
        print(f"Z report in-process x{len(repeated)}: median {statistics.median(repeated):.0f} ms,"
              f" max {max(repeated):.0f} ms")  # fmt: skip
        print(
            f"the day report without the events_by_time index: "
            f"{time_without_index(path, middle):.0f} ms (in-process)"
        )


if __name__ == "__main__":
    main()
