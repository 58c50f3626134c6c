"""The server's clock, as this device reckons it from its own.

Tablet clocks drift, and a restaurant's network may have no time server: a kitchen screen
whose clock is three hours slow showed every ticket as just in, one a day fast showed every
ticket red (the chaos run moves a device's clock). Ages and the times a device stamps on its
unsent changes are reckoned on the server's clock instead: the server says its time when a
socket is welcomed and with every poll. Pure: the adapter passes the device's clock in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.timestamps import parse

# Below this the difference is the network's delay, not the clock's error: left alone, so the
# ages a screen shows do not jump back and forth with every reconnect.
NOISE = timedelta(seconds=2)


class Clock:
    def __init__(self, skew_s: float = 0.0) -> None:
        self.skew = timedelta(seconds=skew_s)  # the server's clock minus this device's

    def set_by(self, server_time: object, device_now: datetime) -> bool:
        """The server said ``server_time`` when this device's clock read ``device_now``.
        True if the reckoning changed."""
        server = parse(server_time) if isinstance(server_time, str) else None
        if server is None:
            return False
        skew = server - device_now
        if abs(skew - self.skew) < NOISE:
            return False
        self.skew = skew if abs(skew) >= NOISE else timedelta(0)
        return True

    def now(self, device_now: datetime) -> datetime:
        """The server's time now, by this device's clock."""
        return device_now + self.skew

    @property
    def skew_s(self) -> float:
        return self.skew.total_seconds()
