"""SQLite: the store's database when one process serves (the embedded default, nothing to
install), behind the interface every engine has (``database.Database``).

SQLite is the source of truth when one process serves. WAL lets readers run beside the single
writer; ``synchronous=FULL`` makes a commit survive power loss, which the client relies on: it
deletes its queued copy of an order once it sees the ack.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .dialects import SQLITE
from .migrations import MIGRATIONS, SCHEMA_VERSION, SchemaTooNew, for_engine

BUSY_TIMEOUT_MS = 10_000


class _SqliteConnection(sqlite3.Connection):
    dialect = SQLITE


PRIVATE = 0o600  # the database, its WAL and its backups: orders, PIN hashes, the signing key


def private_file(path: str | Path) -> None:
    """``path`` readable and writable by its owner only: created so if it is missing (SQLite
    gives its WAL and shared-memory files the database file's mode), tightened if it is not."""
    if str(path) in ("", ":memory:") or str(path).startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    except FileExistsError:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, PRIVATE)


def connect(path: str) -> sqlite3.Connection:
    private_file(path)
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write transaction takes
    # the write lock up front instead of failing to upgrade a read lock half-way.
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, factory=_SqliteConnection
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(conn: sqlite3.Connection, before: Callable[[int], object] | None = None) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version found before. ``before``
    is called with that version when a database in use is about to be upgraded, holding the
    write lock: processes starting together wait, and only the first one upgrades (and backs
    up); WAL lets ``before`` read the file meanwhile."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(found)
        if 0 < found < SCHEMA_VERSION and before is not None:
            before(found)
        for version in range(found, SCHEMA_VERSION):
            for statement in for_engine(MIGRATIONS[version], "sqlite"):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


class SqliteDatabase:
    """A small pool of connections to one SQLite file, safe to share between threads.

    A pool rather than a connection per thread: the server runs a hundred-odd request threads
    and the live pool, and idle SQLite connections would cost memory for nothing.
    """

    engine = "sqlite"
    dialect = SQLITE

    def __init__(
        self, path: str, size: int = 8, before_upgrade: Callable[[int], object] | None = None
    ) -> None:
        self.path = path
        self.url = path
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._size = size
        self._opened = 0
        self._lock = threading.Lock()
        with self.connection() as conn:
            migrate(conn, before_upgrade)

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
    def transaction(self, lock: Iterable[str] = ()) -> Iterator[sqlite3.Connection]:
        """A write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error.
        ``lock`` names the restaurants whose log it appends to; SQLite's one writer holds
        them all already."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in it sees the same instant (WAL keeps it)."""
        with self.connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def schema_version(self) -> int:
        with self.connection() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    def describe(self) -> dict:
        """For ``/health``, once ``schema_version`` has shown the database answers."""
        return {"engine": self.engine, "ok": True}

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
