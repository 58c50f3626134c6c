"""A small state machine: which statuses may follow which. Orders and tables each have one."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import IllegalTransition


class Lifecycle:
    def __init__(self, kind: str, transitions: Mapping[str, frozenset[str]]) -> None:
        self.kind = kind
        self._next = dict(transitions)

    def allowed_next(self, current: str) -> frozenset[str]:
        """The statuses ``current`` may move to (what a screen offers as buttons)."""
        return self._next[current]

    def check(self, current: str, target: str) -> bool:
        """True if the thing must change, False if it already is ``target``; raises
        ``illegal_transition`` naming both states otherwise.

        Setting the status a thing already has is a no-op rather than an error: two kitchen
        screens bumping the same ticket while offline must not leave one with a failed mutation.
        """
        if current == target:
            return False
        if target not in self._next[current]:
            raise IllegalTransition(self.kind, current, target)
        return True
