"""The device registry's rows: one per paired device, with the hash of its credential, when it
was last seen, who is signed in on it (or that nobody is, and why) and whether (and why) it was
revoked. Each restaurant's ``devices_gen`` moves with every revocation, sign-in and sign-out, so
every process notices one made by another. The policy (what a credential is, what is cached,
what a device is told) is ``server.access.devices``.
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
        """A demo's device, signed in with a role's PIN or with ``person``'s own."""
        with self.db.transaction() as conn:
            insert(conn, restaurant, device_id, name, role, secret_hash, at, person=person)

    def sign_in(self, restaurant: str, device_id: str, role: str, person: str | None) -> bool:
        """``person`` (None: a role's PIN) is signed in on the device now, as ``role``; False if
        the device was revoked meanwhile."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE devices SET role = ?, person = ?, signed_in = 1, signed_out_why = NULL"
                " WHERE restaurant = ? AND id = ? AND revoked_at IS NULL",
                (role, person, restaurant, device_id),
            )
            if cur.rowcount:
                bump(conn, restaurant)
        return cur.rowcount == 1

    def sign_out(self, restaurant: str, device_id: str, why: str) -> bool:
        """Nobody is signed in on the device (it stays paired); False if nobody was."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE devices SET person = NULL, signed_in = 0, signed_out_why = ?"
                " WHERE restaurant = ? AND id = ? AND signed_in = 1 AND revoked_at IS NULL",
                (why, restaurant, device_id),
            )
            if cur.rowcount:
                bump(conn, restaurant)
        return cur.rowcount == 1

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

    def rename(self, restaurant: str, device_id: str, name: str) -> bool:
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE devices SET name = ? WHERE restaurant = ? AND id = ?",
                (name, restaurant, device_id),
            )
        return cur.rowcount == 1

    def revoke(self, restaurant: str, device_id: str, at: str, why: str) -> bool:
        """Revoke one device; False if it was unknown or revoked already."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE devices SET revoked_at = ?, revoked_why = ?"
                " WHERE restaurant = ? AND id = ? AND revoked_at IS NULL",
                (at, why, restaurant, device_id),
            )
            if cur.rowcount:
                bump(conn, restaurant)
                role = conn.execute(
                    "SELECT role FROM devices WHERE restaurant = ? AND id = ?",
                    (restaurant, device_id),
                ).fetchone()[0]
                if role == "manager":  # what it may have approved ends with it
                    approvals.end_all(conn, restaurant)
        return cur.rowcount == 1

    def generations(self) -> dict[str, int]:
        """Each restaurant's ``devices_gen``: it moves whenever one of its devices is revoked,
        or someone signs in or out on one."""
        with self.db.connection() as conn:
            rows = conn.execute("SELECT id, devices_gen FROM restaurants").fetchall()
        return {row["id"]: row["devices_gen"] for row in rows}

    def ended_among(self, restaurant: str, device_ids: list[str]) -> dict[str, Row]:
        """Of ``device_ids``, those revoked or with nobody signed in: their rows."""
        if not device_ids:
            return {}  # "IN ()" is no SQL to PostgreSQL
        marks = ",".join("?" * len(device_ids))
        with self.db.connection() as conn:
            rows = conn.execute(
                f"SELECT * FROM devices WHERE restaurant = ? AND id IN ({marks})"
                " AND (revoked_at IS NOT NULL OR signed_in = 0)",
                (restaurant, *device_ids),
            ).fetchall()
        return {row["id"]: row for row in rows}

    def write_seen(self, seen: dict[tuple[str, str], str]) -> None:
        """``{(restaurant, device): when}`` in one transaction."""
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE devices SET last_seen = ? WHERE restaurant = ? AND id = ?",
                [(at, r, d) for (r, d), at in seen.items()],
            )


def insert(conn: Conn, restaurant: str, device_id: str, name: str, role: str,
           secret_hash: bytes, at: str, *, person: str | None = None,
           signed_in: bool = True) -> None:  # fmt: skip
    """In the caller's transaction: a device that joined (a demo's PIN, or a pairing code)."""
    conn.execute(
        "INSERT INTO devices (restaurant, id, name, role, secret_hash, created_at, last_seen,"
        " person, signed_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (restaurant, device_id, name, role, secret_hash, at, at, person, 1 if signed_in else 0),
    )


def sign_out_role(conn: Conn, restaurant: str, why: str, role: str | None = None,
                  keep: Iterable[str] = ()) -> int:  # fmt: skip
    """In the caller's transaction: sign out every device signed in with ``role``'s PIN (any
    role's but a kiosk's if None) but ``keep``; a person's own sign-in is theirs, and a paired
    kiosk needs no one. They stay paired. How many."""
    kept = list(keep)
    marks = ",".join("?" * len(kept))
    spare = f" AND id NOT IN ({marks})" if kept else ""
    which = " AND role = ?" if role is not None else " AND role != 'kiosk'"
    cur = conn.execute(
        "UPDATE devices SET signed_in = 0, signed_out_why = ? WHERE restaurant = ?"
        f"{which} AND person IS NULL AND signed_in = 1 AND revoked_at IS NULL{spare}",
        (why, restaurant, *([role] if role is not None else []), *kept),
    )
    if cur.rowcount:
        bump(conn, restaurant)
    return cur.rowcount


def sign_out_person(conn: Conn, restaurant: str, person: str, why: str) -> int:
    """In the caller's transaction: sign ``person`` out of every device they are signed in on
    (the devices stay paired, for the next person)."""
    cur = conn.execute(
        "UPDATE devices SET person = NULL, signed_in = 0, signed_out_why = ?"
        " WHERE restaurant = ? AND person = ? AND signed_in = 1 AND revoked_at IS NULL",
        (why, restaurant, person),
    )
    if cur.rowcount:
        bump(conn, restaurant)
        approvals.end_all(conn, restaurant)  # what they may have approved ends with them
    return cur.rowcount


def bump(conn: Conn, restaurant: str) -> None:
    conn.execute("UPDATE restaurants SET devices_gen = devices_gen + 1 WHERE id = ?", (restaurant,))
