"""The day tab's bar chart, laid out without the page: one bar per hour of the busy span.
Pure; tested in CPython."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SLOT = 60.0  # a bar's room at most: one busy hour is a bar, not a wall


@dataclass(frozen=True)
class Bar:
    hour: int
    x: float
    y: float
    width: float
    height: float
    value: int


def bars(by_hour: list[dict], key: str, width: float, height: float) -> list[Bar]:
    """One bar per hour from the first to the last hour with anything, scaled so the largest
    fills ``height``: a lunch-only place gets wide bars, not 24 slivers."""
    busy = [h for h in by_hour if h[key]]
    if not busy:
        return []
    first, last = busy[0]["hour"], busy[-1]["hour"]
    shown = [h for h in by_hour if first <= h["hour"] <= last]
    top = max(h[key] for h in shown)
    slot = min(width / len(shown), MAX_SLOT)
    gap = slot * 0.2
    out = []
    for i, h in enumerate(shown):
        tall = height * h[key] / top
        out.append(Bar(h["hour"], i * slot + gap / 2, height - tall, slot - gap, tall, h[key]))
    return out
