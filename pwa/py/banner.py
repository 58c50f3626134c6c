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
    return Banner(" · ".join(parts), "waiting" if waiting else "offline")
