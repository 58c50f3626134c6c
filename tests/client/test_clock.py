"""The server's clock as a device reckons it: ages on a kitchen screen whose own clock is wrong."""

from datetime import UTC, datetime, timedelta

from sync.clock import Clock

DEVICE = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_device_three_hours_slow_reckons_the_servers_time():
    clock = Clock()
    assert clock.set_by("2026-11-30T15:00:00.000Z", DEVICE)
    assert clock.now(DEVICE + timedelta(minutes=5)) == datetime(2026, 11, 30, 15, 5, tzinfo=UTC)
    assert clock.skew_s == 3 * 3600


def test_network_delay_is_not_taken_for_a_wrong_clock():
    clock = Clock()
    assert not clock.set_by("2026-11-30T12:00:01.500Z", DEVICE)
    assert clock.now(DEVICE) == DEVICE
    clock.set_by("2026-11-29T12:00:00.000Z", DEVICE)  # a day fast
    assert not clock.set_by("2026-11-29T12:00:01.000Z", DEVICE)  # the same error, give or take
    assert clock.skew == timedelta(days=-1)
    assert clock.set_by("2026-11-30T12:00:00.300Z", DEVICE)  # set right: no skew at all
    assert clock.skew == timedelta(0)


def test_what_is_not_a_time_changes_nothing():
    clock = Clock(60.0)
    for said in (None, 5, "", "yesterday", "2026-11-30T12:00:00"):  # the last has no zone
        assert not clock.set_by(said, DEVICE)
    assert clock.skew_s == 60.0
