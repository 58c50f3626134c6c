"""The day's figures: the fold over the log (local days, midnight, clock changes), and the API
against a real server after a scripted service, checked against totals computed here."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from server.store import reports
from tests.support.client import Rest, login, new_client_id

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
        {"station": "bar", "orders": 1, "average_s": 1800, "p90_s": 1800},
        {"station": "cold", "orders": 1, "average_s": 900, "p90_s": 900},
        {"station": "grill", "orders": 1, "average_s": 900, "p90_s": 900},
    ]


def test_a_day_with_a_clock_change_has_its_own_length():
    start, end = reports.bounds(date(2026, 3, 29), "Europe/Berlin")  # spring forward
    assert (end - start).total_seconds() == 23 * 3600
    start, end = reports.bounds(date(2026, 10, 25), "Europe/Berlin")
    assert (end - start).total_seconds() == 25 * 3600


def test_the_p90_is_a_time_that_happened():
    assert reports._percentile([float(s) for s in range(1, 11)], 0.9) == 9.0
    assert reports._percentile([5.0], 0.9) == 5.0


def test_the_api_after_a_service_matches_what_the_test_counts(engine_server):
    url = engine_server.url
    kiosk = Rest(url, login(url, "kiosk"))
    floor = Rest(url, login(url, "floor"))
    manager = Rest(url, login(url, "manager"))
    lines = [[{"item_id": "ayran", "qty": 2}], [{"item_id": "lentil-soup", "qty": 1,
                                                 "modifiers": ["mild"]}],
             [{"item_id": "ayran", "qty": 1}, {"item_id": "baklava", "qty": 3}]]  # fmt: skip
    placed = []
    for i in range(9):
        body = {"client_id": new_client_id(), "table_id": None, "lines": lines[i % 3]}
        placed.append(kiosk.post("/orders", body).json()["order"])

    def move(o: dict, status: str) -> None:
        body = {"client_id": new_client_id(), "status": status, "reason": "wrong_item"}
        assert floor.post(f"/orders/{o['id']}/status", body).status_code == 200

    for o in placed[:6]:
        for status in ("accepted", "preparing", "ready"):
            move(o, status)
    for o in placed[:4]:
        move(o, "served")
        move(o, "paid")
    move(placed[8], "cancelled")
    today = manager.get("/reports/day")
    assert today.status_code == 200, today.text
    report = today.json()
    assert report["date"] == datetime.now(ZoneInfo(report["tz"])).date().isoformat()
    assert report["orders"] == 8 and report["cancelled"] == 1
    assert report["revenue"] == sum(o["total"] for o in placed[:4])
    assert report["paid_orders"] == 4 and report["complete"] is True
    assert sum(h["orders"] for h in report["by_hour"]) == 8
    assert sum(h["revenue"] for h in report["by_hour"]) == report["revenue"]
    ayran = next(t for t in report["top_items"] if t["item_id"] == "ayran")
    assert ayran["qty"] == sum(line["qty"] for o in placed[:8] for line in o["lines"]
                               if line["item_id"] == "ayran")  # fmt: skip
    stations = {p["station"]: p for p in report["prep"]}
    expected: dict[str, int] = {}
    for o in placed[:6]:  # the orders that reached ready, counted once per station they hold
        for station in {line["station"] for line in o["lines"]}:
            expected[station] = expected.get(station, 0) + 1
    assert {s: p["orders"] for s, p in stations.items()} == expected
    assert all(p["p90_s"] >= 0 for p in report["prep"])
    exported = manager.get(f"/reports/day.csv?date={report['date']}")
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert "no-store" in exported.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 9 and {r["status"] for r in rows} >= {"paid", "ready", "cancelled"}
    assert sum(round(float(r["total"]) * 100) for r in rows if r["paid"]) == report["revenue"]
    assert rows[0]["placed"][:10] == report["date"]


def test_only_a_manager_reads_the_day_and_bad_dates_are_named(server):
    url = server.url
    for role in ("kiosk", "floor", "kitchen"):
        assert Rest(url, login(url, role)).get("/reports/day").status_code == 403
    manager = Rest(url, login(url, "manager"))
    for bad in ("2026-13-01", "yesterday", "2026-02-30", "9999-12-31x"):
        answer = manager.get(f"/reports/day?date={bad}")
        assert answer.status_code == 422, bad
        assert answer.json()["error"]["field"] == "date"
    empty = manager.get("/reports/day?date=2001-01-01").json()
    assert empty["orders"] == 0 and empty["revenue"] == 0 and len(empty["by_hour"]) == 24
