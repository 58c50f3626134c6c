"""The floor a device stores with its cursor: the record a reload starts from.

Each tab of the app on a device stores its floor now and then, into the one record. A tab that
is behind must not store its floor over one further on: the outbox ends a delivered change by
the floor stored (``Outbox.settle``), and a floor that went back in seq would show it undone (a
bill paid, shown unpaid, nothing queued: "Take payment" again).
"""

from __future__ import annotations

from collections.abc import Mapping


def replaces(stored: object, ours: Mapping) -> bool:
    """Whether ``ours`` may be stored over ``stored``: not over one further on, of the same
    sign-in and the same server life (another sign-in, or a server restored from a backup,
    has seqs that do not compare: the newest word wins)."""
    if not isinstance(stored, Mapping):
        return True
    if stored.get("owner") != ours.get("owner") or _differ(stored.get("epoch"), ours.get("epoch")):
        return True
    theirs = stored.get("snapshot")
    theirs_seq = theirs.get("seq") if isinstance(theirs, Mapping) else None
    if not isinstance(theirs_seq, int):
        return True
    return ours["snapshot"]["seq"] >= theirs_seq


def _differ(a: object, b: object) -> bool:
    """Two epochs both known and not the same (one not known yet compares as the same)."""
    return bool(a) and bool(b) and a != b
