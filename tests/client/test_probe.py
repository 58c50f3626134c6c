from datetime import datetime

from sync.probe import OFFLINE_EVERY_S, ONLINE_EVERY_S, Probe

NOON = datetime(2026, 11, 22, 12, 5)


def test_unknown_until_the_first_answer():
    assert Probe().status_text() == "Connecting…"


def test_online_checks_rarely_offline_often():
    probe = Probe()
    probe.record(True, NOON)
    assert (probe.status_text(), probe.next_check_in()) == ("Live", ONLINE_EVERY_S)
    probe.record(False, NOON)
    assert probe.next_check_in() == OFFLINE_EVERY_S < ONLINE_EVERY_S


def test_offline_says_how_old_the_data_is():
    probe = Probe(last_seen=NOON)
    probe.record(False, datetime(2026, 11, 22, 13, 0))
    assert probe.status_text() == "Offline — showing data saved at 12:05"


def test_coming_back_is_reported_once():
    probe = Probe()
    assert probe.record(False, NOON) is False
    assert probe.record(True, NOON) is True
    assert probe.record(True, NOON) is False
