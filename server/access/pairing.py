"""Pairing: a device joins a restaurant once, with a one-time code a manager made for it.

A code is 8 characters of Crockford's base32 (40 bits; shown ``K7QM-2XHD``; O and I/L read as 0
and 1, case and dashes ignored), lives ``LIFETIME_S`` seconds, opens one device of the role it
was made for, and is stored only as a hash. At most ``LIVE_CODES`` are alive per restaurant.
Wrong codes are counted like wrong PINs (``access.pin_guesses``): per address and per
restaurant. With 10 live codes and the restaurant's 100 wrong tries a day, a guess finds a code
with a chance of 10 / 2**40 each: about one in 3 million years of trying every day.

Until a device has paired it can try no PIN of a real restaurant (``/login`` answers
``not_paired`` before any PIN is looked at): a guest on the Wi-Fi has nothing to guess against
and cannot fill the PIN windows of the staff. A demo restaurant signs any device in by PIN.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.roles import ROLES
from domain.timestamps import iso, utcnow

from ..store.pairing import PairingRows
from .devices import DeviceRecord, Devices, new_credential

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 8
LIFETIME_S = 600
LIVE_CODES = 10
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class Pairing:
    id: str
    role: str
    name: str
    made_by: str
    created_at: str
    expires_at: str
    used_at: str | None
    device: str | None

    def to_dict(self) -> dict:
        return asdict(self)


def normal(code: str) -> str:
    """A code as typed (any case, dashes, spaces, O for 0) as it was made."""
    return "".join(code.upper().split()).replace("-", "").translate(_READS_AS)


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _hash(restaurant: str, code: str) -> bytes:
    # 40 bits live ten minutes: a plain hash keeps the code off the disk, which is all it needs.
    return hashlib.sha256(f"{restaurant}:{code}".encode()).digest()


class Pairings:
    def __init__(self, rows: PairingRows, devices: Devices, *,
                 clock: Callable[[], datetime] = utcnow) -> None:  # fmt: skip
        self.rows = rows
        self.devices = devices
        self.clock = clock

    def make(self, restaurant: str, role: str, name: str, made_by: str) -> tuple[str, Pairing]:
        """A new code (shown once, never stored) for one device of ``role``."""
        if role not in ROLES:
            raise DomainError("invalid_value", f"no role {role!r}", field="role")
        now = self.clock()
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        made = Pairing(
            "p" + secrets.token_urlsafe(9), role, name.strip()[:64], made_by,
            iso(now), iso(now + timedelta(seconds=LIFETIME_S)), None, None,
        )  # fmt: skip
        if not self.rows.add(restaurant, made.to_dict(), _hash(restaurant, code), LIVE_CODES,
                             iso(now)):  # fmt: skip
            raise DomainError(
                "too_many_codes", f"{LIVE_CODES} codes are waiting to be used; let one expire"
            )
        return shown(code), made

    def join(self, restaurant: str, code: str, name: str) -> tuple[DeviceRecord, str] | None:
        """The device a code pairs, and its credential (shown once); None for no such code.
        Raises ``code_used`` or ``code_expired`` for a code that was one."""
        typed = normal(code)
        if len(typed) != LENGTH or any(c not in ALPHABET for c in typed):
            return None
        device_id, credential, hashed = new_credential()
        found = self.rows.take(
            restaurant, _hash(restaurant, typed), iso(self.clock()), device_id, name.strip()[:64],
            hashed,
        )  # fmt: skip
        if found is None:
            return None
        if found == "used":
            raise DomainError("code_used", "that code was used already; ask for a new one")
        if found == "expired":
            raise DomainError("code_expired", "that code has expired; ask for a new one")
        self.devices.forget(restaurant)
        return self.devices.get(restaurant, device_id), credential

    def pending(self, restaurant: str) -> list[Pairing]:
        """Codes made in the last hour, used or not (never the codes themselves)."""
        since = iso(self.clock() - timedelta(hours=1))
        return [Pairing(**row) for row in self.rows.recent(restaurant, since)]

    def get(self, restaurant: str, pairing_id: str) -> Pairing | None:
        row = self.rows.get(restaurant, pairing_id)
        return Pairing(**row) if row is not None else None
