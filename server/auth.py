"""Device tokens: signed, expiring, bound to one restaurant and one role.

itsdangerous (already a Flask dependency) signs and timestamps the token; there is no token table,
so a restart or a second server with the same database accepts the same tokens.
"""

from __future__ import annotations

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
