"""Timestamps on the wire: ISO 8601 in UTC with milliseconds and a Z, sortable as text.

One rule for the server and the browser, so an order's ``created_at`` sorts the same on both.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(text: str) -> datetime | None:
    """A wire timestamp back to an aware datetime; None if it is not one."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        return None
    return moment if moment.tzinfo is not None else None
