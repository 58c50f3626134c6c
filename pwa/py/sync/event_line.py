"""The server's events in seq order, as a device must apply them: a cursor that never goes back,
an event past a gap kept until the gap is filled (the socket and a poll, or a resend, may
overlap or arrive out of order), and the log the cursor belongs to. Pure.

The log is named by the server's epoch, taken when the snapshot was: a cursor from another log
(a restored copy, a new database) means nothing there, and the device loads a snapshot.
"""

from __future__ import annotations


class EventLine:
    def __init__(self, cursor: int, epoch: str = "") -> None:
        self.cursor = cursor
        self.epoch = epoch
        self._held: dict[int, dict] = {}

    def other_log(self, epoch: object) -> bool:
        """The server names a log other than the one the cursor follows. A cursor saved before
        logs had epochs takes the server's word for it."""
        if not isinstance(epoch, str) or not epoch:
            return False
        if not self.epoch:
            self.epoch = epoch
            return False
        return epoch != self.epoch

    def offer(self, event: dict) -> bool:
        """Take in one event; True when it shows a gap (what is missing is read from the log)."""
        seq = event["seq"]
        if seq <= self.cursor:
            return False  # a duplicate: the socket and a poll, or a resend, overlapped
        self._held[seq] = event
        return seq > self.cursor + 1

    def in_order(self) -> list[dict]:
        """The events that follow the cursor without a gap, moving the cursor past them."""
        ready = []
        while self.cursor + 1 in self._held:
            event = self._held.pop(self.cursor + 1)
            ready.append(event)
            self.cursor = event["seq"]
        return ready

    def restart_at(self, seq: int, epoch: str = "") -> None:
        """A snapshot at ``seq`` was loaded: what it holds is dropped from what waits."""
        self.cursor = seq
        self.epoch = epoch or self.epoch
        self._held = {s: e for s, e in self._held.items() if s > seq}


def valid_events(events: object) -> bool:
    """A poll's answer holds events this line can take: each with an int seq and a type."""
    return isinstance(events, list) and all(
        isinstance(e, dict) and isinstance(e.get("seq"), int) and isinstance(e.get("type"), str)
        for e in events
    )
