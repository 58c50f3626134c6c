"""Device tokens: signed, expiring, bound to one restaurant and one role.

itsdangerous (already a Flask dependency) signs and timestamps the token; there is no token table,
so a restart or a second server with the same database accepts the same tokens.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from domain.errors import DomainError

TOKEN_SALT = "passline-device-token"


@dataclass(frozen=True)
class Device:
    restaurant: str
    role: str
    device: str = ""


class Tokens:
    def __init__(self, secret: str, max_age_s: int) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt=TOKEN_SALT)
        self.max_age_s = max_age_s

    def issue(self, device: Device) -> str:
        return self._signer.dumps({"r": device.restaurant, "role": device.role, "d": device.device})

    def verify(self, token: str) -> Device:
        try:
            body = self._signer.loads(token, max_age=self.max_age_s)
        except SignatureExpired as exc:
            raise DomainError(
                "token_expired", "the device token has expired; sign in again"
            ) from exc
        except BadSignature as exc:
            raise DomainError("unauthorized", "the device token is not valid") from exc
        return Device(body["r"], body["role"], body.get("d", ""))


class LoginThrottle:
    """Refuses a PIN guesser: after ``limit`` failures in ``window_s`` from one address for one
    restaurant, further attempts are refused until the window passes."""

    def __init__(self, limit: int = 10, window_s: float = 300.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def check(self, who: str, restaurant: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [
                t for t in self._failures.get((who, restaurant), []) if now - t < self.window_s
            ]
            self._failures[(who, restaurant)] = recent
            if len(recent) >= self.limit:
                raise DomainError("too_many_attempts", "too many wrong PINs; wait a few minutes")

    def failed(self, who: str, restaurant: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures.setdefault((who, restaurant), []).append(now)
