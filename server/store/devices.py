"""The device registry's rows: one per sign-in, with the hash of its credential, when it was
last seen and whether (and why) it was revoked. Each restaurant's ``devices_gen`` moves with
every revocation, so every process notices one made by another. The policy (what a credential
is, what is cached, what a revoked device is told) is ``server.access.devices``.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import approvals
from .database import Conn, Database, Row


class DeviceRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, restaurant: str, device_id: str, name: str, role: str, secret_hash: bytes,
               at: str, person: str | None = None) -> None:  # fmt: skip
        """A device signed in with a role's PIN, or with ``person``'s own."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO devices (restaurant, id, name, role, secret_hash, created_at,"
                " last_seen, person) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (restaurant, device_id, name, role, secret_hash, at, at, person),
            )

    def get(self, restaurant: str, device_id: str) -> Row | None:
        with self.db.connection() as conn:
            return conn.execute(
                "SELECT * FROM devices WHERE restaurant = ? AND id = ?", (restaurant, device_id)
            ).fetchone()

    def all(self, restaurant: str) -> list[Row]:
        with self.db.connection() as conn:
            return conn.execute(
                "SELECT * FROM devices WHERE restaurant = ? ORDER BY created_at, id", (restaurant,)
            ).fetchall()

    def revoke(self, restaurant: str, device_id: str, at: str, why: str) -> bool:
        """Revoke one device; False if it was unknown or revoked already."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE devices SET revoked_at = ?, revoked_why = ?"
                " WHERE restaurant = ? AND id = ? AND revoked_at IS NULL",
                (at, why, restaurant, device_id),
            )
            if cur.rowcount:
                _bump(conn, restaurant)
                role = conn.execute(
                    "SELECT role FROM devices WHERE restaurant = ? AND id = ?",
                    (restaurant, device_id),
                ).fetchone()[0]
                if role == "manager":  # what it may have approved ends with it
                    approvals.end_all(conn, restaurant)
        return cur.rowcount == 1

    def generations(self) -> dict[str, int]:
        """Each restaurant's ``devices_gen``: it moves whenever one of its devices is revoked."""
        with self.db.connection() as conn:
            rows = conn.execute("SELECT id, devices_gen FROM restaurants").fetchall()
        return {row["id"]: row["devices_gen"] for row in rows}

    def revoked_among(self, restaurant: str, device_ids: list[str]) -> dict[str, str | None]:
        """Of ``device_ids``, those revoked, with the reason stored (None for none)."""
        if not device_ids:
            return {}  # "IN ()" is no SQL to PostgreSQL
        marks = ",".join("?" * len(device_ids))
        with self.db.connection() as conn:
            rows = conn.execute(
                f"SELECT id, revoked_why FROM devices WHERE restaurant = ? AND id IN ({marks})"
                " AND revoked_at IS NOT NULL",
                (restaurant, *device_ids),
            ).fetchall()
        return {row["id"]: row["revoked_why"] for row in rows}

    def write_seen(self, seen: dict[tuple[str, str], str]) -> None:
        """``{(restaurant, device): when}`` in one transaction."""
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE devices SET last_seen = ? WHERE restaurant = ? AND id = ?",
                [(at, r, d) for (r, d), at in seen.items()],
            )


def revoke_role(conn: Conn, restaurant: str, role: str, at: str, why: str,
                keep: Iterable[str] = ()) -> int:  # fmt: skip
    """In the caller's transaction: revoke every device signed in with ``role``'s PIN but
    ``keep`` (a person's own sign-in is theirs: a role's new PIN leaves it)."""
    kept = list(keep)
    marks = ",".join("?" * len(kept))
    spare = f" AND id NOT IN ({marks})" if kept else ""
    cur = conn.execute(
        "UPDATE devices SET revoked_at = ?, revoked_why = ? WHERE restaurant = ? AND role = ?"
        f" AND person IS NULL AND revoked_at IS NULL{spare}",
        (at, why, restaurant, role, *kept),
    )
    if cur.rowcount:
        _bump(conn, restaurant)
    return cur.rowcount


def revoke_person(conn: Conn, restaurant: str, person: str, at: str, why: str) -> int:
    """In the caller's transaction: revoke every device ``person`` signed in on."""
    cur = conn.execute(
        "UPDATE devices SET revoked_at = ?, revoked_why = ? WHERE restaurant = ? AND person = ?"
        " AND revoked_at IS NULL",
        (at, why, restaurant, person),
    )
    if cur.rowcount:
        _bump(conn, restaurant)
        approvals.end_all(conn, restaurant)  # what they may have approved ends with them
    return cur.rowcount


def _bump(conn: Conn, restaurant: str) -> None:
    conn.execute("UPDATE restaurants SET devices_gen = devices_gen + 1 WHERE id = ?", (restaurant,))
