"""Closed days as stored (``server.store.days``) on either engine: which day a close closes, a
day closes once and after the last, its Z report is stored whole and listed, a day that has not
begun cannot close, and a report reads as spreadsheet rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.errors import DomainError
from domain.timestamps import iso
from server.store import approvals, days

NOW = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)


def close(conn, day: str, at: datetime, carried: tuple = ()) -> None:
    days.close(conn, "demo", {"day": day, "closed_at": iso(at), "carried": list(carried),
                              "by": {"person": "manager", "name": "Manager"}})  # fmt: skip


def test_a_day_closes_once_and_the_next_close_takes_the_next_day(databases):
    store = databases.store()
    gen = approvals.generation(store.db, "demo")
    with store.db.transaction() as conn:
        tz = ZoneInfo(days._restaurant(conn, "demo")[0])
        today = NOW.astimezone(tz).date()
        assert days.open_day(conn, "demo", NOW) == today
        close(conn, today.isoformat(), NOW, carried=("A-12",))
    with store.db.transaction() as conn:
        # closed before midnight: the hours left of the date belong to the next business day
        assert days.open_day(conn, "demo", NOW + timedelta(minutes=5)) == today + timedelta(1)
        with pytest.raises(DomainError) as again:
            days.require_after_last(conn, "demo", today.isoformat())
        assert again.value.code == "day_closed"
        days.require_after_last(conn, "demo", (today + timedelta(1)).isoformat())
        made = days.closed(conn, "demo", today.isoformat())
        assert made["day"] == today.isoformat() and made["carried"] == ["A-12"]
        assert made["ends_at"] == iso(NOW) and made["closed_by"]["name"] == "Manager"
        assert [d["day"] for d in days.listed(conn, "demo")] == [today.isoformat()]
        with pytest.raises(DomainError) as missing:
            days.closed(conn, "demo", "2020-01-01")
        assert missing.value.code == "not_found"
    assert approvals.generation(store.db, "demo") == gen + 1  # a close ends every approval
    store.db.close()


def test_a_day_that_has_not_begun_or_is_no_date_does_not_close(databases):
    store = databases.store()
    with pytest.raises(DomainError) as future, store.db.transaction() as conn:
        close(conn, (NOW.date() + timedelta(days=2)).isoformat(), NOW)
    assert future.value.code == "day_not_begun"
    with pytest.raises(DomainError) as bad, store.db.transaction() as conn:
        close(conn, "2026-02-30", NOW)
    assert bad.value.code == "invalid_value"
    with store.db.connection() as conn:
        assert days.listed(conn, "demo") == []  # nothing stored by either
    store.db.close()


def test_an_x_report_reads_as_spreadsheet_rows(databases):
    store = databases.store()
    with store.db.connection() as conn:
        made = days.report(conn, "demo", date(2026, 12, 2), NOW)
    text = days.report_csv({**made, "carried": ["A-7"]})
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["section", "what", "count", "amount"]
    assert ["day", "2026-12-02", "", ""] in rows and ["carried", "A-7", "", ""] in rows
    assert {r[1] for r in rows if r[0] == "cash"} == {
        "expected", "counted", "over_short", "outside_drawers"}  # fmt: skip
    store.db.close()
