"""A restaurant's staff members as stored (``domain.staff``): name, job, the slow hash of their
personal PIN (unique in the restaurant: an index says so), active or not; and the restaurant's
salt for those hashes; the restaurant's own jobs; and clocking in and out. The hashing and the
rules are ``server.access.staff``."""

from __future__ import annotations

import json

from domain.staff import Job

from .database import Conn, Database, Row
from .devices import sign_out_person

COLUMNS = "id, name, job, active, created_at, updated_at"


class StaffRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def salt(self, restaurant: str, offer: bytes) -> bytes | None:
        """The restaurant's salt for PIN hashes: ``offer`` if it had none; None if there is no
        such restaurant."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE restaurants SET pin_salt = ? WHERE id = ? AND pin_salt IS NULL",
                         (offer, restaurant))  # fmt: skip
            row = conn.execute("SELECT pin_salt FROM restaurants WHERE id = ?",
                               (restaurant,)).fetchone()  # fmt: skip
        return bytes(row[0]) if row is not None else None

    def insert(self, restaurant: str, person: dict, pin_hash: bytes, at: str) -> bool:
        """A new member; False if their PIN's hash is another's (the unique index decides)."""
        with self.db.transaction() as conn:
            if self._taken(conn, restaurant, pin_hash):
                return False
            conn.execute(
                "INSERT INTO staff (restaurant, id, name, job, pin_hash, active, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (restaurant, person["id"], person["name"], person["job"], pin_hash, at, at),
            )
        return True

    def set_pin(self, restaurant: str, person_id: str, pin_hash: bytes, at: str) -> bool | None:
        """A new PIN for a member: None if there is no such member, False if it is taken."""
        with self.db.transaction() as conn:
            if self._taken(conn, restaurant, pin_hash, but=person_id):
                return False
            cur = conn.execute(
                "UPDATE staff SET pin_hash = ?, updated_at = ? WHERE restaurant = ? AND id = ?",
                (pin_hash, at, restaurant, person_id),
            )
        return True if cur.rowcount else None

    def set_active(self, restaurant: str, person_id: str, active: bool, at: str,
                   why: str) -> bool:  # fmt: skip
        """Active or not; deactivated, the person is signed out of every device with ``why``
        in the same transaction (their sessions end at once, REST and socket; the devices stay
        paired for the next person)."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE staff SET active = ?, updated_at = ? WHERE restaurant = ? AND id = ?",
                (1 if active else 0, at, restaurant, person_id),
            )
            if cur.rowcount and not active:
                sign_out_person(conn, restaurant, person_id, why)
        return cur.rowcount == 1

    def by_pin(self, restaurant: str, pin_hash: bytes) -> Row | None:
        with self.db.connection() as conn:
            return conn.execute(
                f"SELECT {COLUMNS} FROM staff WHERE restaurant = ? AND pin_hash = ?",
                (restaurant, pin_hash),
            ).fetchone()

    def get(self, restaurant: str, person_id: str) -> Row | None:
        with self.db.connection() as conn:
            return conn.execute(
                f"SELECT {COLUMNS} FROM staff WHERE restaurant = ? AND id = ?",
                (restaurant, person_id),
            ).fetchone()

    def all(self, restaurant: str) -> list[Row]:
        with self.db.connection() as conn:
            return conn.execute(
                f"SELECT {COLUMNS} FROM staff WHERE restaurant = ? ORDER BY name, id",
                (restaurant,),
            ).fetchall()

    @staticmethod
    def _taken(conn, restaurant: str, pin_hash: bytes, but: str = "") -> bool:
        row = conn.execute(
            "SELECT 1 FROM staff WHERE restaurant = ? AND pin_hash = ? AND id != ?",
            (restaurant, pin_hash, but),
        ).fetchone()
        return row is not None

    def clock(self, restaurant: str, person: str, at: str, device: str,
              shift_id: str) -> tuple[bool, Row]:  # fmt: skip
        """Clock ``person`` in (a new shift ``shift_id``) or, if a shift of theirs is open, out of
        it, in one transaction: ``(clocked in, the shift)``."""
        with self.db.transaction() as conn:
            open_shift = conn.execute(
                "SELECT * FROM staff_shifts WHERE restaurant = ? AND person = ?"
                " AND ended_at IS NULL",
                (restaurant, person),
            ).fetchone()
            if open_shift is not None:
                conn.execute(
                    "UPDATE staff_shifts SET ended_at = ? WHERE restaurant = ? AND id = ?",
                    (at, restaurant, open_shift["id"]),
                )
            else:
                conn.execute(
                    "INSERT INTO staff_shifts (restaurant, id, person, started_at, device)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (restaurant, shift_id, person, at, device),
                )
            row = conn.execute(
                "SELECT * FROM staff_shifts WHERE restaurant = ? AND id = ?",
                (restaurant, open_shift["id"] if open_shift is not None else shift_id),
            ).fetchone()
        return open_shift is None, row

    def set_job(self, restaurant: str, person_id: str, job: str, at: str) -> bool:
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE staff SET job = ?, updated_at = ? WHERE restaurant = ? AND id = ?",
                (job, at, restaurant, person_id),
            )
        return cur.rowcount == 1

    def jobs(self, restaurant: str) -> list[Job]:
        """The restaurant's own jobs, by name."""
        with self.db.connection() as conn:
            return jobs_of(conn, restaurant)

    def put_job(self, restaurant: str, job: dict) -> None:
        """A job of the restaurant's own, new or changed (its people keep it)."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO jobs (restaurant, id, name, base, rights, discount_bp)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (restaurant, id) DO UPDATE SET"
                " name = excluded.name, base = excluded.base, rights = excluded.rights,"
                " discount_bp = excluded.discount_bp",
                (
                    restaurant,
                    job["id"],
                    job["name"],
                    job["base"],
                    json.dumps(job["rights"]),
                    job["discount_bp"],
                ),
            )


def jobs_of(conn: Conn, restaurant: str) -> list[Job]:
    """In the caller's snapshot: the restaurant's own jobs, by name."""
    rows = conn.execute(
        "SELECT id, name, base, rights, discount_bp FROM jobs WHERE restaurant = ?"
        " ORDER BY name, id",
        (restaurant,),
    ).fetchall()
    return [Job(r["id"], r["name"], r["base"], frozenset(json.loads(r["rights"])),
                r["discount_bp"]) for r in rows]  # fmt: skip
