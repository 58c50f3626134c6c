"""What of a device's report is trouble (``domain.device_health``), and what raises a notice."""

from __future__ import annotations

import pytest

from domain import device_health as health
from domain.schema import validate

CURRENT = "abc123abc123"


def report(**fields) -> dict:
    return validate(health.REPORT, {"build": CURRENT, "unsent": 0, **fields})


def kinds(troubles) -> list[str]:
    return [t.kind for t in troubles]


def test_a_device_that_sent_everything_on_the_current_app_is_fine():
    assert health.judge(report(), build=CURRENT, heard_s_ago=10) == []


def test_a_queue_is_trouble_only_once_its_oldest_has_waited():
    assert health.judge(report(unsent=40, oldest_unsent_s=299), build=CURRENT) == []
    waiting = health.judge(report(unsent=40, oldest_unsent_s=300), build=CURRENT)
    assert waiting == [health.Trouble("waiting", 40, 300)]
    assert kinds(health.judge(report(unsent=1, oldest_unsent_s=5), build=CURRENT,
                              waiting_s=1)) == ["waiting"]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "offset_s", "expected"),
    [
        ({"refused": 2}, 0, ["refused"]),
        ({"build": "0ld"}, 0, ["old_app"]),
        ({"clock_ms": 1}, 7200, ["clock"]),
        ({"clock_ms": 1}, 100, []),
        ({}, 7200, []),  # no clock sent: nothing measured
        ({"rtt_ms": 2000}, 0, ["link"]),
        ({"reconnects_hour": 6}, 0, ["link"]),
        ({"storage_used": 81, "storage_quota": 100}, 0, ["storage"]),
        ({"storage_used": 80, "storage_quota": 100}, 0, []),
    ],
)
def test_each_figure_has_its_threshold(fields, offset_s, expected):
    assert kinds(health.judge(report(**fields), build=CURRENT, offset_s=offset_s)) == expected


def test_offline_says_since_when_and_needs_no_report():
    troubles = health.judge(None, build=CURRENT, heard_s_ago=3600, last_seen="2026-12-03T14:05Z")
    assert troubles == [health.Trouble("offline", since="2026-12-03T14:05Z")]
    assert health.judge(None, build=CURRENT, heard_s_ago=60) == []


def test_going_offline_or_a_slow_link_raises_no_notice():
    troubles = health.judge(report(refused=1, rtt_ms=5000, build="0ld"), build=CURRENT,
                            heard_s_ago=9999)  # fmt: skip
    assert kinds(troubles) == ["offline", "refused", "old_app", "link"]
    assert health.notifying(troubles) == ["refused", "old_app"]
    assert health.notifying([t.to_dict() for t in troubles]) == ["refused", "old_app"]


def test_a_report_is_bounded_whatever_a_device_claims():
    with pytest.raises(Exception, match="unsent"):
        validate(health.REPORT, {"build": "x", "unsent": 10**9})
    with pytest.raises(Exception, match="last_error"):
        validate(health.REPORT, {"build": "x", "unsent": 0, "last_error": "x" * 201})
