"""What the sync engine tells the screens about itself: one value, read on every render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sync.replica import Replica
from sync.session import Session


@dataclass(frozen=True)
class Status:
    state: str  # session.LIVE, POLLING, OFFLINE or CONNECTING
    attempt: int  # reconnect attempts since the socket was last up
    retry_in: float  # seconds until the next reconnect attempt
    sending: int  # changes sent, not yet answered
    waiting: int  # changes to send (sending included), refused ones not
    attention: int  # changes the server refused: a person decides
    unsent: int  # everything in the outbox (waiting + attention)
    cursor: int  # the last event applied
    saved_at: str | None  # when the floor was last brought up to date (ISO)
    menu_version: int
    menu_fetched_at: datetime | None  # when the server last confirmed the menu
    menu_stale: bool


def status_of(session: Session, replica: Replica, now: float, wall: datetime) -> Status:
    """The engine's status at ``now`` (the session's monotonic clock) and ``wall`` (the
    device's date and time, for the menu's age)."""
    outbox, menu = session.outbox, replica.menu
    return Status(
        state=session.state,
        attempt=session.backoff.attempt,
        retry_in=session.reconnect_at - now,
        sending=outbox.in_flight(),
        waiting=len(outbox.pending()),
        attention=len(outbox.needs_attention()),
        unsent=len(outbox),
        cursor=session.cursor,
        saved_at=replica.saved_at,
        menu_version=menu.version,
        menu_fetched_at=menu.fetched_at,
        menu_stale=menu.is_stale(wall),
    )
