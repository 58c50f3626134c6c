"""Pairing codes as stored: the hash of each, the role and name of the device it pairs, when
it dies, and the device it paired once used. Using a code and adding its device are one
transaction, so a code pairs one device however many send it at once. The policy (the code,
its lifetime, what is counted) is ``server.access.pairing``.
"""

from __future__ import annotations

from domain.roles import UNATTENDED

from .database import Database, Row
from .devices import bump, insert

COLUMNS = "id, role, name, made_by, created_at, expires_at, used_at, device"


class PairingRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, restaurant: str, pairing: dict, code_hash: bytes, most: int, now: str) -> bool:
        """A new code, unless ``most`` are alive already (then False)."""
        with self.db.transaction() as conn:
            alive = conn.execute(
                "SELECT COUNT(*) FROM pairing_codes WHERE restaurant = ? AND used_at IS NULL"
                " AND expires_at > ?",
                (restaurant, now),
            ).fetchone()[0]
            if alive >= most:
                return False
            conn.execute(
                "INSERT INTO pairing_codes (restaurant, code_hash, id, role, name, made_by,"
                " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (restaurant, code_hash, pairing["id"], pairing["role"], pairing["name"],
                 pairing["made_by"], pairing["created_at"], pairing["expires_at"]),
            )  # fmt: skip
        return True

    def take(self, restaurant: str, code_hash: bytes, now: str, device_id: str, name: str,
             secret_hash: bytes) -> str | None:  # fmt: skip
        """Use a code: its device is added (a kiosk signed in at once: it has no person).
        "ok", "used", "expired", or None for no such code."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT id, role, name, expires_at, used_at FROM pairing_codes"
                " WHERE restaurant = ? AND code_hash = ?",
                (restaurant, code_hash),
            ).fetchone()
            if row is None:
                return None
            if row["used_at"] is not None:
                return "used"
            if row["expires_at"] <= now:
                return "expired"
            cur = conn.execute(
                "UPDATE pairing_codes SET used_at = ?, device = ? WHERE restaurant = ? AND id = ?"
                " AND used_at IS NULL",
                (now, device_id, restaurant, row["id"]),
            )
            if cur.rowcount != 1:
                return "used"  # another request took it between the read and the write
            # The manager's name for it first, else the device's own, else its role's.
            named = row["name"] or name or f"{row['role']} device"
            insert(conn, restaurant, device_id, named, row["role"], secret_hash, now,
                   signed_in=row["role"] in UNATTENDED)  # fmt: skip
            bump(conn, restaurant)
        return "ok"

    def recent(self, restaurant: str, since: str) -> list[Row]:
        with self.db.connection() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM pairing_codes WHERE restaurant = ? AND created_at >= ?"
                " ORDER BY created_at DESC, id",
                (restaurant, since),
            ).fetchall()
        return [dict(r) for r in rows]

    def get(self, restaurant: str, pairing_id: str) -> dict | None:
        with self.db.connection() as conn:
            row = conn.execute(
                f"SELECT {COLUMNS} FROM pairing_codes WHERE restaurant = ? AND id = ?",
                (restaurant, pairing_id),
            ).fetchone()
        return dict(row) if row is not None else None
