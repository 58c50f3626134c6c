"""Restaurants, their role PINs (salt and hash) and the token-signing secret, as stored.

These change rarely, from setup commands and the manager, and are not events of the
restaurant's log. Hashing and the PIN rules are ``server.access.accounts``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import approvals
from .database import Database, Row
from .devices import bump, sign_out_role


class AccountRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create_restaurant(self, restaurant: str, name: str, tz: str, currency: str, at: str,
                          epoch: str) -> bool:  # fmt: skip
        """Create the restaurant unless it exists; True if it was created."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO restaurants (id, name, tz, currency, created_at, epoch)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (restaurant, name, tz, currency, at, epoch),
            )
            return cur.rowcount == 1

    def restaurant_exists(self, restaurant: str) -> bool:
        with self.db.connection() as conn:
            found = conn.execute("SELECT 1 FROM restaurants WHERE id = ?", (restaurant,)).fetchone()
        return found is not None

    def restaurant(self, restaurant: str) -> dict:
        """``{name, tz, currency}`` of a restaurant that exists."""
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT name, tz, currency FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
        return dict(row)

    def flags(self, restaurant: str) -> tuple[bool, bool]:
        """``(demo, role_pins)``: a demo signs any device in by PIN; role PINs still work."""
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT demo, role_pins FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
        return (bool(row["demo"]), bool(row["role_pins"])) if row else (False, False)

    def set_demo(self, restaurant: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE restaurants SET demo = 1 WHERE id = ?", (restaurant,))

    def end_role_pins(self, restaurant: str, at: str, why: str) -> int:
        """Role PINs open nothing from now on: every device signed in with one is signed out
        (paired still; its people sign in with their own PINs). How many."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE restaurants SET role_pins = 0 WHERE id = ?", (restaurant,))
            approvals.end_all(conn, restaurant)  # a manager PIN's approvals end with it
            return sign_out_role(conn, restaurant, why)

    def pins(self, restaurant: str) -> list[Row]:
        """Each role's ``(role, salt, hash)``."""
        with self.db.connection() as conn:
            return conn.execute(
                "SELECT role, salt, hash FROM pins WHERE restaurant = ?", (restaurant,)
            ).fetchall()

    def replace_pin(
        self, restaurant: str, role: str, make: Callable[[list[Row]], tuple[bytes, bytes]],
        *, at: str, why: str, keep: Iterable[str] = (),
    ) -> int:  # fmt: skip
        """In one transaction: ``make(the other roles' pins)`` gives the new ``(salt, hash)``
        (or raises: a PIN another role has), which replaces ``role``'s; every device signed in
        as ``role`` but ``keep`` is signed out with ``why`` (it stays paired). How many."""
        with self.db.transaction() as conn:
            others = conn.execute(
                "SELECT role, salt, hash FROM pins WHERE restaurant = ? AND role != ?",
                (restaurant, role),
            ).fetchall()
            salt, hashed = make(others)
            conn.execute(
                "INSERT INTO pins (restaurant, role, salt, hash) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (restaurant, role) DO UPDATE SET salt = excluded.salt,"
                " hash = excluded.hash",
                (restaurant, role, salt, hashed),
            )
            if role == "manager":  # an approval given with the old PIN ends with it
                approvals.end_all(conn, restaurant)
            return sign_out_role(conn, restaurant, why, role, keep)

    def signing_key(self, restaurant: str, offer: str) -> str | None:
        """The restaurant's own token-signing key: ``offer`` if it had none; None for no such
        restaurant. Processes offering at once all read back the one kept."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE restaurants SET signing_key = ? WHERE id = ? AND signing_key IS NULL",
                (offer, restaurant),
            )
            row = conn.execute(
                "SELECT signing_key FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
        return row[0] if row is not None else None

    def rotate_key(self, restaurant: str, key: str) -> bool:
        """A new signing key; every process drops the old one (``devices_gen`` moves)."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE restaurants SET signing_key = ? WHERE id = ?", (key, restaurant)
            )
            if cur.rowcount:
                bump(conn, restaurant)
        return cur.rowcount == 1

    def secret_key(self, offer: str) -> str:
        """The token-signing key kept in the database: ``offer`` if there was none."""
        # Processes booting together on a fresh database each offer a key: the first kept wins
        # and every process reads that one back, so tokens one signs the others accept.
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('secret_key', ?)"
                " ON CONFLICT (key) DO NOTHING",
                (offer,),
            )
            return conn.execute("SELECT value FROM meta WHERE key = 'secret_key'").fetchone()[0]
