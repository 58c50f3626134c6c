"""SQLite: connections, durability settings, schema version and forward migrations.

SQLite is the source of truth. WAL lets readers run beside the single writer; ``synchronous=FULL``
makes a commit survive power loss, which the client relies on: it deletes its queued copy of an
order once it sees the ack.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BUSY_TIMEOUT_MS = 10_000

# Each entry upgrades the schema by one version; never edit a released one, append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE restaurants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tz TEXT NOT NULL DEFAULT 'UTC',
        last_seq INTEGER NOT NULL DEFAULT 0,
        menu_version INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE pins (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        role TEXT NOT NULL,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        PRIMARY KEY (restaurant, role)
    ) WITHOUT ROWID;
    CREATE TABLE events (
        restaurant TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (restaurant, seq)
    ) WITHOUT ROWID;
    CREATE TABLE idempotency (
        restaurant TEXT NOT NULL,
        client_id TEXT NOT NULL,
        op TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, client_id)
    ) WITHOUT ROWID;
    CREATE TABLE areas (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE dining_tables (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        area_id TEXT NOT NULL,
        seats INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'free',
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE categories (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        station TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE items (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX items_by_version ON items (restaurant, version);
    CREATE TABLE orders (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        table_id TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX orders_by_status ON orders (restaurant, status);
    CREATE TABLE order_numbers (
        restaurant TEXT NOT NULL,
        day TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (restaurant, day)
    ) WITHOUT ROWID;
    """,
    # Devices: a sign-in is a device the server knows and can revoke. ``devices_gen`` moves on
    # every revocation, so a server notices one made by another process (the CLI) by polling
    # one small table.
    """
    CREATE TABLE devices (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        secret_hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        revoked_at TEXT,
        revoked_why TEXT,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    ALTER TABLE restaurants ADD COLUMN devices_gen INTEGER NOT NULL DEFAULT 0;
    """,
    # Retention: events up to ``pruned_seq`` are gone; a cursor below it gets a fresh snapshot.
    """
    ALTER TABLE restaurants ADD COLUMN pruned_seq INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX idempotency_by_age ON idempotency (created_at);
    CREATE INDEX orders_by_age ON orders (restaurant, created_at);
    """,
    # The currency prices are in (minor units of it): the screens and reports write money with it.
    """
    ALTER TABLE restaurants ADD COLUMN currency TEXT NOT NULL DEFAULT 'TRY';
    """,
    # Menu photos, stored beside the menu so a backup holds them; named by their bytes' hash.
    """
    CREATE TABLE images (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, name)
    ) WITHOUT ROWID;
    """,
    # The day report reads one local day of the log by time.
    """
    CREATE INDEX events_by_time ON events (restaurant, at);
    """,
    # A restaurant's rules for its bills (domain.bill.Settings): payment methods, taxes
    # included or added, service charge. JSON, as the rules grow with the bill screen.
    """
    ALTER TABLE restaurants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
    """,
    # Who made each change (device and role, JSON); null for the server's own events (a
    # kitchen screen going offline) and for commands run on the server (an import).
    """
    ALTER TABLE events ADD COLUMN made_by TEXT;
    """,
    # The log's epoch: an id created with the log. A cursor means something only within its
    # epoch; a backup is a new epoch (``backup``), so a restored copy is told apart from the
    # log devices were following, even where its seq has grown past their cursors again.
    """
    ALTER TABLE restaurants ADD COLUMN epoch TEXT NOT NULL DEFAULT '';
    UPDATE restaurants SET epoch = lower(hex(randomblob(16))) WHERE epoch = '';
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    def __init__(self, found: int) -> None:
        super().__init__(
            f"database schema is version {found}, this Passline knows up to {SCHEMA_VERSION}"
        )


def connect(path: str) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write transaction takes
    # the write lock up front instead of failing to upgrade a read lock half-way.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version found before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(found)
        for version in range(found, SCHEMA_VERSION):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


class Database:
    """A small pool of connections to one SQLite file, safe to share between threads.

    A pool rather than a connection per thread: the server holds one thread per live socket,
    and thousands of idle SQLite connections would cost memory for nothing.
    """

    def __init__(self, path: str, size: int = 8) -> None:
        self.path = path
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._size = size
        self._opened = 0
        self._lock = threading.Lock()
        with self.connection() as conn:
            migrate(conn)

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = self._take()
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a caller died half-way: never hand out an open transaction
                conn.execute("ROLLBACK")
            self._idle.put(conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _take(self) -> sqlite3.Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._opened < self._size:
                self._opened += 1
                return connect(self.path)
        return self._idle.get()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
