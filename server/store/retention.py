"""Retention: what is older than the retention period is deleted, by ``passline prune`` and by
the server once a day.

Pruned: events (a device whose cursor is older than the oldest kept event is told to load a
fresh snapshot), idempotency records (a change replayed after the period would be applied
again: no device stays offline for 90 days with a queue), closed orders, the order-number
counters of past days and the record of approvals used; the devices' grouped errors after 30
days, whatever the period. Open orders stay, however old: a table
left unpaid is still the floor's.
Deleted in slices, each its own short transaction, so the live write path never waits long.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.orders import CLOSED
from domain.timestamps import iso, utcnow

from . import approvals, device_health
from .database import Database

log = logging.getLogger(__name__)

DEFAULT_DAYS = 90
SLICE = 5_000  # rows per transaction
EVERY_S = 24 * 3600


@dataclass
class Pruned:
    events: int = 0
    idempotency: int = 0
    orders: int = 0
    order_numbers: int = 0
    print_jobs: int = 0
    device_errors: int = 0


def prune(db: Database, now: datetime, days: int = DEFAULT_DAYS) -> Pruned:
    if days < 1:
        raise ValueError("the retention period is at least one day")
    cutoff = iso(now - timedelta(days=days))
    done = Pruned()
    with db.connection() as conn:
        restaurants = [r["id"] for r in conn.execute("SELECT id FROM restaurants").fetchall()]
    for restaurant in restaurants:
        done.events += _prune_events(db, restaurant, cutoff)
        done.orders += _in_slices(
            db,
            "DELETE FROM orders WHERE restaurant = ? AND id IN (SELECT id FROM orders"
            " WHERE restaurant = ? AND created_at < ?"
            f" AND status IN ({','.join('?' * len(CLOSED))}) LIMIT {SLICE})",
            (restaurant, restaurant, cutoff, *sorted(CLOSED)),
        )
    done.idempotency = _in_slices(
        db,
        "DELETE FROM idempotency WHERE (restaurant, client_id) IN (SELECT restaurant, client_id"
        f" FROM idempotency WHERE created_at < ? LIMIT {SLICE})",
        (cutoff,),
    )
    done.order_numbers = _in_slices(db, "DELETE FROM order_numbers WHERE day < ?", (cutoff[:10],))
    # Printed tickets: their orders' own history outlives them; waiting ones are kept.
    done.print_jobs = _in_slices(
        db,
        "DELETE FROM print_jobs WHERE (restaurant, id) IN (SELECT restaurant, id FROM print_jobs"
        f" WHERE status = 'done' AND created_at < ? LIMIT {SLICE})",
        (cutoff,),
    )
    # The app's errors: a month is what a manager looks back on; a fixed error ages out.
    done.device_errors = _in_slices(
        db,
        "DELETE FROM device_errors WHERE (restaurant, id) IN (SELECT restaurant, id FROM"
        f" device_errors WHERE last_at < ? LIMIT {SLICE})",
        (iso(now - timedelta(days=device_health.ERRORS_KEPT_DAYS)),),
    )
    with db.transaction() as conn:
        approvals.prune(conn, cutoff)  # a few rows a day; an approval lives 12 hours
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('pruned_at', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (iso(now),),
        )
    return done


def prune_if_due(db: Database, days: int, now: datetime | None = None) -> Pruned | None:
    """Prune unless that was done less than a day ago (by this server, another, or the CLI)."""
    now = now or utcnow()
    last = last_pruned(db)
    if last is not None and now - datetime.fromisoformat(last) < timedelta(seconds=EVERY_S):
        return None
    done = prune(db, now, days)
    log.info("pruned past %d days: %s", days, done)
    return done


def last_pruned(db: Database) -> str | None:
    with db.connection() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'pruned_at'").fetchone()
    return row["value"] if row else None


def _prune_events(db: Database, restaurant: str, cutoff: str) -> int:
    """Events before ``cutoff``, as a prefix of the log: ``pruned_seq`` moves to its end."""
    with db.connection() as conn:
        row = conn.execute(
            "SELECT MAX(seq) FROM events WHERE restaurant = ? AND at < ?", (restaurant, cutoff)
        ).fetchone()
    upto = row[0]
    if upto is None:
        return 0
    with db.transaction() as conn:
        conn.execute(
            "UPDATE restaurants SET pruned_seq = ? WHERE id = ? AND pruned_seq < ?",
            (upto, restaurant, upto),
        )  # first: from here on, a cursor below it is answered with a snapshot
    return _in_slices(
        db,
        "DELETE FROM events WHERE restaurant = ? AND seq IN (SELECT seq FROM events"
        f" WHERE restaurant = ? AND seq <= ? ORDER BY seq LIMIT {SLICE})",
        (restaurant, restaurant, upto),
    )


def _in_slices(db: Database, statement: str, params: tuple) -> int:
    total = 0
    while True:
        with db.transaction() as conn:
            deleted = conn.execute(statement, params).rowcount
        total += deleted
        if deleted < SLICE:
            return total
