"""The banner's words, in priority order: what needs a person, what waits, the connection."""

from __future__ import annotations

from datetime import datetime

from ui.banner import banner, details
from ui.i18n import Translator

EN = Translator("en")

SAVED = datetime(2026, 11, 22, 14, 5, 9)


def shown(state: str, **kw) -> tuple[str, str]:
    args = {"attempt": 0, "retry_in": 0.0, "sending": 0, "waiting": 0, "attention": 0}
    args["saved_at"] = SAVED
    args.update(kw)
    b = banner(state, EN, **args)
    return b.text, b.kind


def test_live_and_syncing():
    assert shown("live") == ("Live", "live")
    assert shown("live", sending=3) == ("Syncing 3…", "syncing")
    assert shown("polling") == ("Connected (polling)", "live")
    assert shown("polling", waiting=2) == ("Connected (polling) · 2 waiting", "live")


def test_offline_says_how_old_the_data_is_and_when_the_next_try_comes():
    text, kind = shown("offline", attempt=4, retry_in=6.4, waiting=12)
    assert text == (
        "Reconnecting (attempt 4, next try in 6 s) · Offline — showing data saved at 14:05"
        " · 12 waiting"
    )
    assert kind == "waiting"
    assert shown("connecting", saved_at=None) == ("Connecting…", "offline")
    assert shown("offline", menu_stale=True)[0] == (
        "Connecting… · Offline — showing data saved at 14:05 · menu more than a day old"
    )
    assert shown("offline", attempt=1, retry_in=-1)[0].startswith(
        "Reconnecting (attempt 1, next try in 0 s)"
    )


def test_attention_comes_first():
    assert shown("offline", attention=1, waiting=5) == (
        "1 change needs attention — tap to review",
        "attention",
    )
    assert shown("live", attention=2)[0] == "2 changes need attention — tap to review"


def test_details_give_the_last_update_and_warn_of_an_old_menu():
    lines = labelled(
        details(
            "offline",
            EN,
            saved_at=SAVED,
            menu_version=7,
            menu_fetched_at=datetime(2026, 11, 20, 9, 30),
            menu_stale=True,
            cursor=41,
            waiting=3,
        )
    )
    assert lines["Last updated"] == "14:05:09"
    assert (
        lines["Menu updated"]
        == "version 7, 20.11 09:30 — more than a day old, prices may have changed"
    )
    assert lines["Connection"] == "No connection to the server"
    assert lines["Waiting to send"] == "3" and lines["Event cursor"] == "41"
    fresh = labelled(
        details(
            "live",
            EN,
            saved_at=None,
            menu_version=0,
            menu_fetched_at=None,
            menu_stale=True,
            cursor=0,
            waiting=0,
        )
    )
    assert fresh["Last updated"] == "not yet" and fresh["Menu updated"].startswith("never")


def labelled(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    return {label: value for _, label, value in rows}


def test_turkish_reads_naturally():
    tr = Translator("tr")
    text = banner(
        "offline", tr, attempt=2, retry_in=3, sending=0, waiting=4, attention=0, saved_at=SAVED
    ).text
    assert (
        text
        == "Yeniden bağlanılıyor (2. deneme, sonraki 3 sn sonra) · Çevrimdışı — 14:05 itibarıyla kayıtlı veriler · 4 bekliyor"
    )
