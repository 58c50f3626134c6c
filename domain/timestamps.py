"""Timestamps on the wire: ISO 8601 in UTC with milliseconds and a Z, sortable as text.

One rule for the server and the browser, so an order's ``created_at`` sorts the same on both.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
