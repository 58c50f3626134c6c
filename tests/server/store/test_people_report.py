"""The figures by person (``server.store.people_report.by_person``, pure): each figure goes to
whoever made the change, a payment repeated in later copies of its order counts once, what
falls outside the span counts nowhere, a cancelled order sells nothing, and hours are cut to the
span (an open shift runs to now)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from server.store.people_report import by_person, people_csv

START = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
END = datetime(2026, 12, 3, 0, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)
AYSE = {"person": {"id": "ayse", "name": "Ayşe"}}
MEHMET = {"person": {"id": "mehmet", "name": "Mehmet"}}
LINES = [{"line_total": 900}, {"line_total": 300}]


def event(kind: str, at: str, by: dict, **order) -> dict:
    data = {"id": "o1", "status": "placed", "total": 1200, "created_at": at, "lines": LINES,
            **order}  # fmt: skip
    return {"type": kind, "at": at, "by": by, "data": data}


def test_each_figure_goes_to_who_made_the_change_once():
    pay = {"id": "p1", "amount": 1200, "tip": 100, "at": "2026-12-02T13:00:00Z"}
    events = [
        event("order_created", "2026-12-02T12:00:00Z", AYSE),
        event("order_updated", "2026-12-02T13:00:00Z", MEHMET, payments=[pay]),
        event(
            "order_updated",
            "2026-12-02T13:05:00Z",
            AYSE,
            payments=[pay],  # a copy: once
            last_change={"at": "2026-12-02T13:05:00Z", "what": "void", "line": 1},
        ),
        event("order_created", "2026-12-02T14:00:00Z", MEHMET, id="o2", status="cancelled"),
        event("order_created", "2026-12-01T23:00:00Z", MEHMET, id="o3"),  # the day before
    ]
    shifts = [
        {"person": "ayse", "started_at": "2026-12-01T22:00:00Z", "ended_at": "2026-12-02T02:00:00Z"},
        {"person": "mehmet", "started_at": "2026-12-02T18:30:00Z", "ended_at": None},
    ]  # fmt: skip
    members = {"ayse": {"name": "Ayşe", "job": "waiter"}}
    rows = {r["id"]: r for r in by_person(events, shifts, members, START, END, NOW)}
    ayse, mehmet = rows["ayse"], rows["mehmet"]
    assert (ayse["orders"], ayse["sales"], ayse["job"]) == (1, 1200, "waiter")
    assert (ayse["voids"], ayse["voided"]) == (1, 300)  # the voided line's own total
    assert (ayse["payments"], ayse["tips"]) == (0, 0)
    assert (mehmet["payments"], mehmet["tips"]) == (1200, 100)  # who took it, not who placed
    assert (mehmet["orders"], mehmet["sales"]) == (0, 0)  # cancelled; the other was yesterday
    assert ayse["hours"] == 2.0  # 22:00-02:00 cut at midnight
    assert mehmet["hours"] == 1.5  # open: runs to now
    assert [r["name"] for r in by_person(events, shifts, members, START, END, NOW)] == [
        "Ayşe", "Mehmet"]  # fmt: skip


def test_the_figures_read_as_spreadsheet_rows():
    row = {"name": "Ayşe", "job": "waiter", "orders": 2, "sales": 123456, "payments": 0,
           "tips": 50, "voids": 0, "voided": 0, "discounts": 0, "comps": 0, "comped": 0,
           "refunds": 0, "refunded": 0, "hours": 7.5}  # fmt: skip
    rows = list(csv.reader(io.StringIO(people_csv([row], "TRY").removeprefix("\ufeff"))))
    assert rows[0][:4] == ["name", "job", "orders", "sales"]
    assert rows[1][:4] == ["Ayşe", "waiter", "2", "1234.56"] and rows[1][-1] == "7.50"
