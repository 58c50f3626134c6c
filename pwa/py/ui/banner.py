"""The status banner's words, from the engine's state. Pure: tested in CPython.

One line tells a busy person what matters most right now, in this order: what needs them
(refused changes), what is waiting, whether we are connected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sync.session import LIVE, OFFLINE, POLLING
from ui.i18n import Translator


@dataclass(frozen=True)
class Banner:
    text: str
    kind: str  # live | syncing | waiting | offline | attention


def banner(
    state: str,
    t: Translator,
    *,
    attempt: int,
    retry_in: float,
    sending: int,
    waiting: int,
    attention: int,
    saved_at: datetime | None,
    menu_stale: bool = False,
) -> Banner:
    if attention:
        return Banner(t("banner.attention", n=attention), "attention")
    if state in (LIVE, POLLING) and sending:
        return Banner(t("banner.syncing", n=sending), "syncing")
    if state == LIVE:
        return Banner(t("banner.live"), "live")
    if state == POLLING:
        text = t("banner.polling")
        if waiting:
            text += " · " + t("banner.waiting", n=waiting)
        return Banner(text, "live")
    if attempt:
        parts = [t("banner.reconnecting", attempt=attempt, seconds=f"{max(retry_in, 0):.0f}")]
    else:
        parts = [t("banner.connecting")]
    if saved_at is not None:
        parts.append(t("banner.offline_saved", time=f"{saved_at:%H:%M}"))
    if waiting:
        parts.append(t("banner.waiting", n=waiting))
    if menu_stale:
        parts.append(t("banner.menu_stale"))
    return Banner(" · ".join(parts), "waiting" if waiting else "offline")


def details(
    state: str,
    t: Translator,
    *,
    saved_at: datetime | None,
    menu_version: int,
    menu_fetched_at: datetime | None,
    menu_stale: bool,
    cursor: int,
    waiting: int,
) -> list[tuple[str, str, str]]:
    """What a tap on the banner shows, as (stable key, label, value): how fresh this screen
    is and what is still to send."""
    connection = {LIVE: "conn.live", POLLING: "conn.polling", OFFLINE: "conn.offline"}
    if menu_fetched_at:
        menu = t(
            "details.menu_version", version=menu_version, time=f"{menu_fetched_at:%d.%m %H:%M}"
        )
    else:
        menu = t("details.never")
    if menu_stale:
        menu += " — " + t("details.menu_stale")
    return [
        ("connection", t("details.connection"), t(connection.get(state, "conn.connecting"))),
        (
            "last-updated",
            t("details.last_updated"),
            f"{saved_at:%H:%M:%S}" if saved_at else t("details.not_yet"),
        ),
        ("menu-updated", t("details.menu"), menu),
        ("waiting-to-send", t("details.waiting"), str(waiting)),
        ("event-cursor", t("details.cursor"), str(cursor)),
    ]
