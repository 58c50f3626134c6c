"""The day's figures over the API, against a real server on each engine after a scripted
service, checked against totals computed here; only a manager reads them, a bad date is named."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.support.client import Rest, login, new_client_id


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
        body = {"client_id": new_client_id(), "method": "card", "amount": o["total"]}
        assert floor.post(f"/orders/{o['id']}/payments", body).json()["order"]["status"] == "paid"
    comped = placed[4]  # served, and the house pays: counted apart, not revenue
    move(comped, "served")
    ask = {"pin": "9999", "op": "comp_check", "change": {"order_id": comped["id"], "kind": "comp",
                                                          "reason": "quality"}}  # fmt: skip
    approval = floor.post("/approvals", ask).json()["approval"]
    comp = {"client_id": new_client_id(), "kind": "comp", "reason": "quality", "approval": approval}
    assert floor.post(f"/orders/{comped['id']}/comp", comp).json()["order"]["status"] == "paid"
    move(placed[8], "cancelled")
    today = manager.get("/reports/day")
    assert today.status_code == 200, today.text
    report = today.json()
    assert report["date"] == datetime.now(ZoneInfo(report["tz"])).date().isoformat()
    assert report["orders"] == 8 and report["cancelled"] == 1
    assert report["revenue"] == sum(o["total"] for o in placed[:4])
    assert report["paid_orders"] == 5 and report["complete"] is True
    assert report["comps"] == {"count": 1, "amount": comped["total"]}
    assert report["write_offs"] == {"count": 0, "amount": 0}
    assert "unrecorded" not in report["by_payment_method"]
    assert sum(h["orders"] for h in report["by_hour"]) == 8
    assert sum(h["revenue"] for h in report["by_hour"]) == report["revenue"]
    ayran = next(t for t in report["top_items"] if t["item_id"] == "ayran")
    assert ayran["qty"] == sum(line["qty"] for o in placed[:8] for line in o["lines"]
                               if line["item_id"] == "ayran")  # fmt: skip
    stations = {p["station"]: p for p in report["prep"]}
    expected: dict[str, int] = {"*": 6}  # whole orders
    for o in placed[:6]:  # the orders that reached ready, counted once per station they hold
        for station in {line["station"] for line in o["lines"]}:
            expected[station] = expected.get(station, 0) + 1
    assert {s: p["orders"] for s, p in stations.items()} == expected
    assert all(p["p90_s"] >= 0 for p in report["prep"])
    exported = manager.get(f"/reports/day.csv?date={report['date']}")
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert "no-store" in exported.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(exported.text.removeprefix("\ufeff"))))
    assert len(rows) == 9 and {r["status"] for r in rows} >= {"paid", "ready", "cancelled"}
    paid_total = sum(round(float(r["total"]) * 100) for r in rows if r["paid"])
    assert paid_total == report["revenue"] + comped["total"]  # the comped check closed too
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
