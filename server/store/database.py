"""What every storage engine is to the rest of the store: ``Database`` (a pool that lends
connections, write transactions and read snapshots) and ``Conn`` (what SQL runs on). SQLite
(``sqlite.py``) and PostgreSQL (``postgres.py``) each implement it; nothing above the store
knows which one it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from .dialects import Dialect


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


class Database(Protocol):
    """A database as the store uses it: ``SqliteDatabase`` or ``PostgresDatabase``."""

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
