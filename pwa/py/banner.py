"""The status banner's words, from the engine's state. Pure: tested in CPython.

One line tells a busy person what matters most right now, in this order: what needs them
(refused changes), what is waiting, whether we are connected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from session import LIVE, POLLING


@dataclass(frozen=True)
class Banner:
    text: str
    kind: str  # live | syncing | waiting | offline | attention


def banner(
    state: str,
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
        noun = "change needs" if attention == 1 else "changes need"
        return Banner(f"{attention} {noun} attention — tap to review", "attention")
    if state in (LIVE, POLLING) and sending:
        return Banner(f"Syncing {sending}…", "syncing")
    if state == LIVE:
        return Banner("Live", "live")
    if state == POLLING:
        return Banner(
            f"Connected (polling) · {waiting} waiting" if waiting else "Connected (polling)", "live"
        )
    parts = []
    if attempt:
        parts.append(f"Reconnecting (attempt {attempt}, next try in {max(retry_in, 0):.0f} s)")
    else:
        parts.append("Connecting…")
    if saved_at is not None:
        parts.append(f"Offline — showing data saved at {saved_at:%H:%M}")
    if waiting:
        parts.append(f"{waiting} waiting")
    if menu_stale:
        parts.append("menu more than a day old")
    return Banner(" · ".join(parts), "waiting" if waiting else "offline")


def details(
    state: str,
    *,
    saved_at: datetime | None,
    menu_version: int,
    menu_fetched_at: datetime | None,
    menu_stale: bool,
    cursor: int,
    waiting: int,
) -> list[tuple[str, str]]:
    """What a tap on the banner shows: how fresh this screen is and what is still to send."""
    connection = {
        LIVE: "Live",
        POLLING: "Connected, checking every few seconds",
        "offline": "No connection to the server",
    }.get(state, "Connecting")
    menu = f"version {menu_version}, {menu_fetched_at:%d %b %H:%M}" if menu_fetched_at else "never"
    if menu_stale:
        menu += " — more than a day old, prices may have changed"
    return [
        ("Connection", connection),
        ("Last updated", f"{saved_at:%H:%M:%S}" if saved_at else "not yet"),
        ("Menu updated", menu),
        ("Waiting to send", str(waiting)),
        ("Event cursor", str(cursor)),
    ]
