"""Moving a whole database to another engine: a SQLite restaurant into PostgreSQL when it
outgrows one process (``passline migrate-to``), or back; and removing one restaurant from a
database (``passline restaurant delete``), every row of it, in one transaction.

Everything is copied as it is, in one read snapshot and one write transaction: the event log
with its seqs and epoch (a device resumes from its cursor on the new database as if nothing
happened), idempotency records (a change a device sends again is still recognised), devices
and the signing secret (every device stays signed in), menu, floor, orders, photos.
"""

from __future__ import annotations

from collections.abc import Callable

from .database import Database

# Parents before children, so the foreign keys hold at every row.
# Every table of the schema (a test holds this list to it: a table left out is lost in a move).
TABLES = ("meta", "restaurants", "pins", "devices", "events", "idempotency", "areas",
          "dining_tables", "categories", "items", "orders", "order_numbers", "images",
          "approvals_used", "drawer_shifts", "closed_days", "staff", "pairing_codes",
          "staff_shifts", "jobs", "printers", "print_jobs", "device_health",
          "device_errors")  # fmt: skip
# Tables keyed by restaurant: every table but ``meta`` (the database's) and ``restaurants``
# (keyed by ``id``); what a restaurant's backup keeps and its deletion removes.
BY_RESTAURANT = tuple(t for t in TABLES if t not in ("meta", "restaurants"))
PAGE = 2_000


class TargetNotEmpty(RuntimeError):
    pass


def copy_all(
    source: Database, target: Database, progress: Callable[[str, int], object] = lambda t, n: None
) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``, which must hold no restaurant yet;
    rows copied per table. Both schemas are current (opening them migrated them).
    ``progress(table, rows)`` is told after every page."""
    counts: dict[str, int] = {}
    with source.snapshot() as src, target.transaction() as dst:
        if dst.execute("SELECT COUNT(*) FROM restaurants").fetchone()[0]:
            raise TargetNotEmpty("the target database holds restaurants already")
        for table in TABLES:
            cursor = src.execute(f"SELECT * FROM {table}")
            columns = [getattr(c, "name", None) or c[0] for c in cursor.description]
            insert = (f"INSERT INTO {table} ({', '.join(columns)})"
                      f" VALUES ({', '.join('?' * len(columns))})")  # fmt: skip
            if table == "meta":  # the target's own first start may have made a secret: ours wins
                insert += " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            counts[table] = 0
            while rows := cursor.fetchmany(PAGE):
                dst.executemany(insert, [tuple(row) for row in rows])
                counts[table] += len(rows)
                progress(table, counts[table])
    return counts


def new_epochs(db: Database) -> int:
    """Give every restaurant's log a new epoch: after restoring an older copy by other means
    (pg_restore), so devices that followed the newer log take a fresh snapshot. How many."""
    import secrets

    with db.transaction() as conn:
        rows = conn.execute("SELECT id FROM restaurants").fetchall()
        for row in rows:
            conn.execute("UPDATE restaurants SET epoch = ? WHERE id = ?",
                         (secrets.token_hex(16), row["id"]))  # fmt: skip
    return len(rows)


def remove_restaurant(db: Database, restaurant: str) -> dict[str, int]:
    """Delete ``restaurant`` and every row that is its own, children first, in one
    transaction; rows deleted per table (none at all: there was no such restaurant)."""
    counts: dict[str, int] = {}
    with db.transaction(lock={restaurant}) as conn:
        for table in reversed(BY_RESTAURANT):
            cursor = conn.execute(f"DELETE FROM {table} WHERE restaurant = ?", (restaurant,))
            counts[table] = cursor.rowcount
        cursor = conn.execute("DELETE FROM restaurants WHERE id = ?", (restaurant,))
        counts["restaurants"] = cursor.rowcount
    return counts
