"""The two clocks the sync core is fed: it never reads one itself."""

from __future__ import annotations

from datetime import UTC, datetime

import js


def monotonic() -> float:
    """Seconds on the page's monotonic clock: the core's timers (backoff, pings, saves)."""
    return js.performance.now() / 1000


def wall() -> datetime:
    """This device's date and time (maybe wrong: the replica reckons the server's from it)."""
    return datetime.now(UTC)
