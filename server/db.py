"""The store's database: SQLite here (the embedded default), PostgreSQL in ``server.postgres``,
behind one interface (``connection``, ``transaction``, ``snapshot``) so the rest of the server
is written once. ``open_database`` picks the engine from the URL.

SQLite is the source of truth when one process serves. WAL lets readers run beside the single
writer; ``synchronous=FULL`` makes a commit survive power loss, which the client relies on: it
deletes its queued copy of an order once it sees the ack.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from .dialects import SQLITE, Dialect
from .migrations import MIGRATIONS, SCHEMA_VERSION, SchemaTooNew, for_engine

BUSY_TIMEOUT_MS = 10_000

__all__ = [
    "SCHEMA_VERSION",
    "Conn",
    "Database",
    "DatabaseUnavailable",
    "Engine",
    "Row",
    "SchemaTooNew",
    "open_database",
]  # fmt: skip


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached now (PostgreSQL down, the pool exhausted): answered 503,
    and the device keeps its change to send again."""


class Conn(Protocol):
    """What the server's SQL runs on: a sqlite3 connection or ``postgres.Connection``. Rows
    are read by name or position."""

    dialect: Dialect

    def execute(self, sql: str, params: Iterable[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Iterable[Iterable[Any]], /) -> Any: ...


Row = Any  # sqlite3.Row or postgres.Row: read by column name or position


class Engine(Protocol):
    """A database as the server uses it: ``Database`` (SQLite) or ``PostgresDatabase``."""

    engine: str
    dialect: Dialect
    url: str
    path: str

    def connection(self) -> AbstractContextManager[Conn]: ...

    def transaction(self, lock: Iterable[str] = ...) -> AbstractContextManager[Conn]: ...

    def snapshot(self) -> AbstractContextManager[Conn]: ...

    def schema_version(self) -> int: ...

    def describe(self) -> dict: ...

    def close(self) -> None: ...


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_database(url: str, size: int = 8) -> Engine:
    """A file path (or ``:memory:``) opens SQLite; ``postgresql://…`` opens PostgreSQL."""
    if is_postgres(url):
        from .postgres import PostgresDatabase

        return PostgresDatabase(url, size=max(size, 2))
    return Database(url, size)


class _SqliteConnection(sqlite3.Connection):
    dialect = SQLITE


def connect(path: str) -> sqlite3.Connection:
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


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version found before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(found)
        for version in range(found, SCHEMA_VERSION):
            for statement in for_engine(MIGRATIONS[version], "sqlite"):
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

    engine = "sqlite"
    dialect = SQLITE

    def __init__(self, path: str, size: int = 8) -> None:
        self.path = path
        self.url = path
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
