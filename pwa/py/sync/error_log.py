"""Errors the app met on this device, for the people who keep it running. Pure.

An exception in a handler or a render is otherwise only in the page's console, which nobody
reads on a kiosk. Each one is recorded here once with a count (a render failing on every tick is
one line, not thousands), the newest few are shown in the diagnostics panel, and the server gets
them at a bounded pace, so a crash loop cannot flood its log or the network.

    log.record("render kitchen", "KeyError: 'x'", at="12:03:04")
    for report in log.to_send(now): ...          # then sent() or send_failed()
    log.recent()                                 # for the panel, newest first
"""

from __future__ import annotations

from dataclasses import dataclass

WHERE_CHARS = 64  # the server's limits for one report
MESSAGE_CHARS = 500


@dataclass
class Report:
    where: str
    message: str
    at: str  # when it last happened, as the device's clock shows it
    count: int = 1
    sent: int = 0  # how many of ``count`` the server has (or has been sent)


class ErrorLog:
    def __init__(self, keep: int = 20, send_every_s: float = 10.0, per_send: int = 10) -> None:
        self.keep = keep
        self.send_every_s = send_every_s
        self.per_send = per_send
        self._reports: dict[tuple[str, str], Report] = {}  # oldest first
        self._next_send_at = 0.0
        self._in_flight: list[tuple[Report, int]] = []

    def record(self, where: str, message: str, at: str) -> Report:
        key = (where[:WHERE_CHARS] or "?", message[:MESSAGE_CHARS] or "?")
        report = self._reports.pop(key, None)
        if report is None:
            report = Report(*key, at=at)
        else:
            report.count += 1
            report.at = at
        self._reports[key] = report  # now the newest
        while len(self._reports) > self.keep:
            del self._reports[next(iter(self._reports))]
        return report

    def recent(self, n: int = 5) -> list[Report]:
        return list(reversed(self._reports.values()))[:n]

    def to_send(self, now: float) -> list[dict]:
        """What to send now (at most once per ``send_every_s``); each report says how many
        times it happened since the last send. Answer with ``sent`` or ``send_failed``."""
        if self._in_flight or now < self._next_send_at:
            return []
        unsent = [r for r in self._reports.values() if r.count > r.sent][-self.per_send :]
        if not unsent:
            return []
        self._next_send_at = now + self.send_every_s
        self._in_flight = [(r, r.count - r.sent) for r in unsent]
        for report, _ in self._in_flight:
            report.sent = report.count
        return [
            {"where": r.where, "message": r.message, "count": n, "at": r.at}
            for r, n in self._in_flight
        ]

    def sent(self) -> None:
        self._in_flight = []

    def send_failed(self) -> None:
        """Not delivered (no network): counted as unsent again, for the next send."""
        for report, n in self._in_flight:
            report.sent -= n
        self._in_flight = []
