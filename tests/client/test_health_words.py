"""A device's health in plain words, English and Turkish (``ui.health_words``)."""

from __future__ import annotations

import pytest

from ui.health_words import duration, state_words
from ui.i18n import Translator

EN, TR = Translator("en"), Translator("tr")


@pytest.mark.parametrize(
    ("seconds", "en", "tr"),
    [(40, "40 s", "40 sn"), (720, "12 min", "12 dk"), (7200, "2 h", "2 sa"),
     (7500, "2 h 5 min", "2 sa 5 dk"), (-7200, "2 h", "2 sa")],
)  # fmt: skip
def test_durations_as_a_person_says_them(seconds, en, tr):
    assert duration(seconds, EN) == en and duration(seconds, TR) == tr


def test_each_trouble_in_plain_words():
    troubles = [
        {"kind": "waiting", "count": 3, "seconds": 720}, {"kind": "refused", "count": 1},
        {"kind": "old_app"}, {"kind": "clock", "seconds": -7200},
        {"kind": "link", "count": 7, "seconds": 1800}, {"kind": "storage", "seconds": 91},
        {"kind": "offline", "since": "2026-12-03T14:05:00Z"},
    ]  # fmt: skip
    assert state_words(troubles, EN, clock="14:05").split(" · ") == [
        "3 changes waiting for 12 min", "1 refused change waits for a person", "old app",
        "clock 2 h off", "weak link: 7 reconnects in the last hour, 1800 ms",
        "storage 91% full", "offline since 14:05",
    ]  # fmt: skip
    assert state_words([], EN) == "ok" and state_words([], TR) == "sorun yok"
    assert state_words(troubles[:1], TR) == "3 değişiklik bekliyor (12 dk)"
