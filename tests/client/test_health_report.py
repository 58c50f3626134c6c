"""What a device reports of its health (``sync.health_report``): its queue, refusals, errors,
link, storage and clock, in the bounds the server validates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain import device_health
from domain.schema import validate
from sync.error_log import ErrorLog
from sync.health_report import health_report
from sync.outbox import Outbox

NOW = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


def test_the_report_counts_the_queue_its_oldest_and_what_was_refused():
    outbox = Outbox()
    for minutes, client_id in ((12, "a"), (3, "b"), (1, "c")):
        outbox.add(client_id, "create_order", {}, (NOW - timedelta(minutes=minutes)).isoformat())
    outbox.rejected("c", {"code": "sold_out", "message": "Ayran is sold out"})
    errors = ErrorLog()
    errors.record("render kiosk", "KeyError: 'x'", "13:59:00")
    errors.record("render kiosk", "KeyError: 'x'", "13:59:30")
    report = health_report(outbox, errors.recent(20), NOW, build="abc", rtt_ms=120,
                           reconnects_hour=2, storage=(5_000, 1_000_000))  # fmt: skip
    assert report["unsent"] == 2 and report["oldest_unsent_s"] == 720
    assert report["refused"] == 1
    assert report["last_error"] == "render kiosk: KeyError: 'x'"
    assert report["errors_seen"] == 2
    assert report["clock_ms"] == int(NOW.timestamp() * 1000)
    assert validate(device_health.REPORT, report) == report  # what the server accepts


def test_an_empty_device_reports_nothing_to_worry_about():
    report = health_report(Outbox(), [], NOW, build="abc", rtt_ms=10**9, reconnects_hour=0)
    assert report["unsent"] == report["refused"] == report["oldest_unsent_s"] == 0
    assert report["rtt_ms"] == 600_000  # bounded as the server bounds it
    assert device_health.judge(validate(device_health.REPORT, report), build="abc") == [
        device_health.Trouble("link", 0, 600_000)
    ]
