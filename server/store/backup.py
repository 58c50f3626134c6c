"""Backups with SQLite's online backup API: a consistent copy while the server writes.

The whole database, or one restaurant's share of it (the copy is made whole, then the other
restaurants' rows are deleted from it and it is vacuumed). Every copy is checked with
``PRAGMA integrity_check`` before it is reported. Restoring is stopping the server and putting
the file in place of the database (README, "Backups").
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.errors import DomainError

from .sqlite import private_file
from .transfer import BY_RESTAURANT

log = logging.getLogger(__name__)

# A restaurant's copy keeps its rows (``transfer.BY_RESTAURANT``) and its own row: its tokens
# are signed with its own key, there, so its devices stay signed in after a restore; the
# database-wide secret in ``meta`` is not the restaurant's to carry.
DAILY = "passline-all-"  # the name the daily copies start with
EVERY = timedelta(days=1)


def backup(
    db_path: str,
    to_dir: str | Path,
    now: datetime,
    restaurant: str | None = None,
    label: str | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Path:
    """Copy the database (or ``restaurant``'s part) into ``to_dir``; the new file's path.
    ``label`` names a whole copy made for a reason (before an upgrade) apart from the daily
    ones, which are kept only so many."""
    folder = Path(to_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    label = restaurant or label or "all"
    target = folder / f"passline-{label}-{now:%Y%m%d-%H%M%S}.db"
    partial = target.with_suffix(".db.partial")
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        if restaurant is not None:
            found = source.execute("SELECT 1 FROM restaurants WHERE id = ?", (restaurant,))
            if found.fetchone() is None:
                raise DomainError("not_found", f"no restaurant {restaurant!r}", field="restaurant")
        private_file(partial)  # a copy of the whole database is as private as the database
        copy = sqlite3.connect(partial)
        try:
            # A few hundred pages a step: the server's writes go on between steps.
            source.backup(copy, pages=256, progress=(
                None if progress is None else lambda _status, left, total: progress(
                    total - left, total)))  # fmt: skip
            if restaurant is not None:
                _keep_only(copy, restaurant)
            # Restored, the copy is a log of its own: devices that followed the running one
            # must take a fresh snapshot, not resume from cursors this copy never reached.
            with copy:
                copy.execute("UPDATE restaurants SET epoch = lower(hex(randomblob(16)))")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise RuntimeError(f"the copy failed its integrity check: {verdict}")
        finally:
            copy.close()
    finally:
        source.close()
    partial.rename(target)  # a file named .db is always a whole, checked copy
    return target


def _keep_only(conn: sqlite3.Connection, restaurant: str) -> None:
    with conn:
        for table in BY_RESTAURANT:
            conn.execute(f"DELETE FROM {table} WHERE restaurant != ?", (restaurant,))
        conn.execute("DELETE FROM restaurants WHERE id != ?", (restaurant,))
        conn.execute("DELETE FROM meta WHERE key = 'secret_key'")
    conn.execute("VACUUM")


def daily_if_due(db_path: str, to_dir: str | Path, keep: int, now: datetime) -> Path | None:
    """The automatic backup: a whole copy unless the newest in ``to_dir`` is less than a day
    old (made by this server, another process or ``passline backup --all``), then only the
    newest ``keep`` daily copies are kept. ``keep`` 0 turns it off. The new copy's path."""
    if db_path == ":memory:":
        return None
    return daily(to_dir, ".db", keep, now, lambda folder: backup(db_path, folder, now))


def daily(to_dir: str | Path, suffix: str, keep: int, now: datetime,
          make: Callable[[Path], Path]) -> Path | None:  # fmt: skip
    """One whole copy a day in ``to_dir`` (files ``passline-all-…{suffix}``): ``make`` one
    unless the newest is less than a day old, then keep the newest ``keep``; 0 keeps none and
    makes none. SQLite's copies and PostgreSQL's dumps alike; the new copy's path."""
    if keep <= 0:
        return None
    folder = Path(to_dir)
    copies = sorted(folder.glob(f"{DAILY}*{suffix}")) if folder.is_dir() else []
    made = None
    if not copies or now - made_at(copies[-1]) >= EVERY:
        made = make(folder)
        copies.append(made)
        log.info("daily backup written: %s", made)
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)
    return made


def newest(to_dir: str | Path) -> Path | None:
    """The newest whole copy in ``to_dir`` (a SQLite copy, or PostgreSQL's dump), by its
    time: what the Health tab and ``/metrics`` show. A copy has its final name only once it
    was checked."""
    if not to_dir:
        return None
    folder = Path(to_dir)
    if not folder.is_dir():
        return None
    copies = [p for p in folder.glob(f"{DAILY}*") if p.suffix in (".db", ".dump")]
    return max(copies, key=lambda p: p.stat().st_mtime, default=None)


def made_at(path: Path) -> datetime:
    stamp = path.stem.removeprefix(DAILY)
    try:
        return datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)  # not ours to judge: a new copy is made
