"""The day's figures: the fold over the log (local days, midnight, clock changes). The API over
them: ``tests/server/http/test_reports.py``."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from server.store import reports

TZ = "Europe/Istanbul"  # UTC+3 all year


def order(oid: str, created: str, status: str, total: int, lines=None) -> dict:
    return {"id": oid, "number": oid.upper(), "status": status, "table_id": None, "total": total,
            "created_at": created, "lines": lines or [
                {"item_id": "tea", "name": "Tea", "qty": 1, "line_total": total,
                 "station": "bar"}]}  # fmt: skip


def created(o: dict) -> dict:
    return {"type": "order_created", "data": o, "at": o["created_at"]}


def moved(o: dict, status: str, at: str) -> dict:
    return {"type": "order_updated", "data": {**o, "status": status}, "at": at}


def test_a_local_day_counts_what_was_placed_paid_and_readied_in_it():
    a = order("a", "2026-11-22T20:30:00.000Z", "new", 1000)  # 23:30 the day before
    b = order("b", "2026-11-22T21:10:00.000Z", "new", 2500, [
        {"item_id": "soup", "name": "Soup", "qty": 2, "line_total": 1000, "station": "cold"},
        {"item_id": "kofte", "name": "Köfte", "qty": 1, "line_total": 1500, "station": "grill"},
    ])  # 00:10  # fmt: skip
    c = order("c", "2026-11-23T09:00:00.000Z", "new", 700)  # 12:00, cancelled
    d = order("d", "2026-11-23T20:50:00.000Z", "new", 400)  # 23:50, ready after midnight
    events = [
        created(a), created(b),
        moved(a, "paid", "2026-11-22T21:05:00.000Z"),  # paid at 00:05: today's revenue
        moved(b, "ready", "2026-11-22T21:25:00.000Z"),  # 15 min
        moved(b, "paid", "2026-11-22T21:40:00.000Z"),
        created(c), moved(c, "cancelled", "2026-11-23T09:01:00.000Z"),
        created(d), moved(d, "ready", "2026-11-23T21:20:00.000Z"),  # 30 min, next day
        moved(d, "paid", "2026-11-23T21:30:00.000Z"),  # tomorrow's revenue
    ]  # fmt: skip
    report = reports.summarize(events, date(2026, 11, 23), TZ)
    assert (report["orders"], report["cancelled"]) == (2, 1)  # b and d; c
    assert report["revenue"] == 1000 + 2500 and report["paid_orders"] == 2
    assert report["average_ticket"] == 1750
    assert report["by_payment_method"] == {"unrecorded": 3500}
    hours = {h["hour"]: h for h in report["by_hour"] if h["orders"] or h["revenue"]}
    assert hours == {0: {"hour": 0, "orders": 1, "revenue": 3500},
                     23: {"hour": 23, "orders": 1, "revenue": 0}}  # fmt: skip
    assert report["top_items"][0] == {"item_id": "soup", "name": "Soup", "qty": 2,
                                      "revenue": 1000}  # fmt: skip
    assert report["prep"] == [
        {"station": "*", "orders": 2, "average_s": 1350, "p90_s": 1800},
        {"station": "bar", "orders": 1, "average_s": 1800, "p90_s": 1800},
        {"station": "cold", "orders": 1, "average_s": 900, "p90_s": 900},
        {"station": "grill", "orders": 1, "average_s": 900, "p90_s": 900},
    ]


def test_each_station_is_timed_to_its_own_bump_and_a_fired_course_from_its_firing():
    b = order("b", "2026-11-23T12:00:00.000Z", "new", 2500, [
        {"item_id": "soup", "name": "Soup", "qty": 1, "line_total": 1000, "station": "cold",
         "done_at": "2026-11-23T12:04:00.000Z"},
        {"item_id": "kofte", "name": "Köfte", "qty": 1, "line_total": 1500, "station": "grill",
         "done_at": "2026-11-23T12:11:00.000Z"},
        {"item_id": "cake", "name": "Cake", "qty": 1, "line_total": 500, "station": "pastry",
         "fired_at": "2026-11-23T12:30:00.000Z", "done_at": "2026-11-23T12:36:00.000Z"},
        {"item_id": "tea", "name": "Tea", "qty": 1, "line_total": 100, "station": "bar"},
    ])  # fmt: skip
    events = [created(b), moved(b, "ready", "2026-11-23T12:12:00.000Z")]
    prep = {p["station"]: p["average_s"] for p in
            reports.summarize(events, date(2026, 11, 23), TZ)["prep"]}  # fmt: skip
    assert prep == {"*": 720, "cold": 240, "grill": 660, "pastry": 360, "bar": 720}


def test_a_day_with_a_clock_change_has_its_own_length():
    start, end = reports.bounds(date(2026, 3, 29), "Europe/Berlin")  # spring forward
    assert (end - start).total_seconds() == 23 * 3600
    start, end = reports.bounds(date(2026, 10, 25), "Europe/Berlin")
    assert (end - start).total_seconds() == 25 * 3600


def test_the_p90_is_a_time_that_happened():
    assert reports._percentile([float(s) for s in range(1, 11)], 0.9) == 9.0
    assert reports._percentile([5.0], 0.9) == 5.0


def test_the_day_csv_runs_no_formula_in_a_spreadsheet(databases):
    store = databases.store()
    store.upsert_table("demo", {"id": "-2-3", "name": "Terrace", "area_id": "hall", "seats": 2,
                                "position": 99})  # fmt: skip
    line = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}
    store.submit("demo", "c-1", "create_order", {"table_id": "-2-3", "lines": [line]})
    today = datetime.now(ZoneInfo(TZ)).date()
    rows = list(csv.reader(io.StringIO(store.day_orders_csv("demo", today, TZ, "TRY"))))
    assert len(rows) == 2 and rows[1][2] == "'-2-3"  # the table's id, not a sum
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    store.db.close()
