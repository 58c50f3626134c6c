"""Restaurants, their role PINs and the token-signing secret: who may sign in, and as what.

Separate from the store's write path: these change rarely, from setup commands and the
manager, and are not events of the restaurant's log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from domain import payloads, pin_policy
from domain.errors import DomainError
from domain.roles import ROLES
from domain.timestamps import iso, utcnow

from . import devices
from .db import Engine

PIN_ITERATIONS = 60_000  # PBKDF2 rounds: slows guessing without slowing a login noticeably


def _pin_hash(pin: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, PIN_ITERATIONS)


class Accounts:
    def __init__(self, db: Engine, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock
        self._known_restaurants: set[str] = set()

    def ensure_restaurant(
        self, restaurant: str, name: str, tz: str = "UTC", currency: str = "TRY"
    ) -> bool:
        """Create the restaurant unless it exists; True if it was created."""
        payloads.check_restaurant(restaurant, name, tz, currency)
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO restaurants (id, name, tz, currency, created_at, epoch)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (restaurant, name, tz, currency, iso(self.clock()), uuid.uuid4().hex),
            )
            return cur.rowcount == 1

    def restaurant_exists(self, restaurant: str) -> bool:
        # Asked on every authenticated request; restaurants are never deleted, so a yes is kept.
        if restaurant in self._known_restaurants:
            return True
        with self.db.connection() as conn:
            found = conn.execute("SELECT 1 FROM restaurants WHERE id = ?", (restaurant,)).fetchone()
        if found is not None:
            self._known_restaurants.add(restaurant)
        return found is not None

    def settings(self, restaurant: str) -> dict:
        """``{name, tz, currency}`` of a restaurant that exists."""
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT name, tz, currency FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
        return dict(row)

    # -- PINs and the signing secret --------------------------------------------------------

    def set_pin(
        self, restaurant: str, role: str, pin: str, *, keep: Iterable[str] = (),
        policy: bool = True,
    ) -> int:  # fmt: skip
        """Set ``role``'s PIN; every device signed in with the old one is revoked, but those in
        ``keep``. Returns how many were revoked. ``policy=False`` is for the demo's PINs."""
        if role not in ROLES:
            raise DomainError("invalid_value", f"no role {role!r}", field="role")
        if policy:
            pin_policy.check(role, pin)
        with self.db.transaction() as conn:
            for other in conn.execute(
                "SELECT role, salt, hash FROM pins WHERE restaurant = ? AND role != ?",
                (restaurant, role),
            ).fetchall():
                if hmac.compare_digest(_pin_hash(pin, other["salt"]), other["hash"]):
                    raise DomainError("pin_in_use", f"that PIN already opens {other['role']}")
            salt = secrets.token_bytes(16)
            conn.execute(
                "INSERT INTO pins (restaurant, role, salt, hash) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (restaurant, role) DO UPDATE SET salt = excluded.salt,"
                " hash = excluded.hash",
                (restaurant, role, salt, _pin_hash(pin, salt)),
            )
            return devices.revoke_role(conn, restaurant, role, iso(self.clock()), keep)

    def role_for_pin(self, restaurant: str, pin: str) -> str | None:
        with self.db.connection() as conn:
            rows = conn.execute(
                "SELECT role, salt, hash FROM pins WHERE restaurant = ?", (restaurant,)
            ).fetchall()
        for row in rows:
            if hmac.compare_digest(_pin_hash(pin, row["salt"]), row["hash"]):
                return row["role"]
        return None

    def secret_key(self) -> str:
        """The token-signing key, made once and kept in the database so restarts keep sessions."""
        # Processes booting together on a fresh database each offer a key: the first kept wins
        # and every process reads that one back, so tokens one signs the others accept.
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('secret_key', ?)"
                " ON CONFLICT (key) DO NOTHING",
                (secrets.token_urlsafe(48),),
            )
            return conn.execute("SELECT value FROM meta WHERE key = 'secret_key'").fetchone()[0]
