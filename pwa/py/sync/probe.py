"""When to ask the server whether it is there, and what to tell the user. Pure: no browser.

Until the live socket arrives (it becomes the main signal), the app learns of an outage by a
health request failing, not from ``navigator.onLine``, which stays true when only the server is
down. Offline it asks often, so a returning server is noticed within seconds; online, rarely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ONLINE_EVERY_S = 15.0
OFFLINE_EVERY_S = 2.0


@dataclass
class Probe:
    online: bool | None = None  # None until the first answer
    last_seen: datetime | None = None  # the last time the server answered

    def record(self, answered: bool, now: datetime) -> bool:
        """Note a health check's outcome; True if the server just came back."""
        came_back = answered and self.online is False
        self.online = answered
        if answered:
            self.last_seen = now
        return came_back

    def next_check_in(self) -> float:
        return ONLINE_EVERY_S if self.online else OFFLINE_EVERY_S

    def status_text(self) -> str:
        if self.online is None:
            return "Connecting…"
        if self.online:
            return "Live"
        if self.last_seen is None:
            return "Offline — no connection to the server yet"
        return f"Offline — showing data saved at {self.last_seen:%H:%M}"
