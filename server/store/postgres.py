"""PostgreSQL: the store's database when more than one process serves (``--database
postgresql://…``), through psycopg 3 and its connection pool.

Same interface as ``db.Database``. What makes the write path's promises hold across processes:
a write transaction first locks the rows of the restaurants it appends to (``FOR UPDATE``, in id
order so two transactions never wait on each other in a circle). Until it commits, no other
process can read that restaurant's orders to change them or take its next seq: sequence numbers
stay gap-free and a seq is committed only after every seq below it. Reads that must agree with
each other (a snapshot and its seq) run in one ``REPEATABLE READ`` transaction.

An unreachable server surfaces as ``DatabaseUnavailable`` (the API answers 503); the pool checks
a connection before lending it, so the process recovers by itself once PostgreSQL is back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg_pool import ConnectionPool, PoolTimeout

from .database import DatabaseUnavailable
from .dialects import POSTGRESQL, to_pyformat
from .migrations import MIGRATIONS, SCHEMA_VERSION, SchemaTooNew, for_engine

# How long a request waits for a connection (the pool is busy or the server gone) before it
# is answered 503; a device keeps its change in its outbox and tries again.
WAIT_S = 2.0
CONNECT_TIMEOUT_S = 3
MIGRATION_LOCK = 0x7061_7373  # "pass": one migrating process at a time


class Row:
    """A row read by column name or position, like ``sqlite3.Row``."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def _rows(cursor: Any) -> Any:
    index = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class Connection:
    """A pooled psycopg connection speaking the ``?`` SQL the rest of the server writes."""

    dialect = POSTGRESQL

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor:
        return self.raw.execute(to_pyformat(sql), tuple(params))

    def executemany(self, sql: str, params: Iterable[Iterable[Any]]) -> psycopg.Cursor:
        cur = self.raw.cursor()
        cur.executemany(to_pyformat(sql), [tuple(p) for p in params])
        return cur

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE


class PostgresDatabase:
    engine = "postgresql"
    dialect = POSTGRESQL

    def __init__(
        self, url: str, size: int = 8, before_upgrade: Callable[[int], object] | None = None
    ) -> None:
        self.url = url
        self.path = ""  # no file: the daily file backup is SQLite's (PostgreSQL: pg_dump)
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=size,
            kwargs={"autocommit": True, "row_factory": _rows,
                    "connect_timeout": CONNECT_TIMEOUT_S},
            check=ConnectionPool.check_connection,
            timeout=WAIT_S,
            # Keep trying to reconnect for as long as the process lives: an outage ends.
            reconnect_timeout=24 * 3600,
            name="passline",
            open=False,
        )  # fmt: skip
        self.pool.open(wait=True, timeout=30)
        self.migrate(before_upgrade)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        try:
            with self.pool.connection() as raw:
                conn = Connection(raw)
                try:
                    yield conn
                finally:
                    if conn.in_transaction and not raw.closed:
                        with suppress(psycopg.Error):
                            raw.execute("ROLLBACK")
        except PoolTimeout as exc:
            raise DatabaseUnavailable("no database connection came in time") from exc
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailable(str(exc).splitlines()[0] if str(exc) else "lost") from exc

    @contextmanager
    def transaction(self, lock: Iterable[str] = ()) -> Iterator[Connection]:
        """A write transaction; ``lock``: the restaurants whose log it appends to."""
        with self.connection() as conn:
            conn.execute("BEGIN")
            try:
                ids = sorted(set(lock))
                if ids:
                    conn.execute(
                        "SELECT id FROM restaurants WHERE id = ANY(?) ORDER BY id FOR UPDATE",
                        (ids,),
                    )
                yield conn
            except BaseException:
                if not conn.raw.closed:
                    with suppress(psycopg.Error):
                        conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        with self.connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield conn
            finally:
                if not conn.raw.closed:
                    conn.execute("COMMIT")

    def migrate(self, before: Callable[[int], object] | None = None) -> int:
        """Bring the schema up to SCHEMA_VERSION; returns the version found before. Processes
        starting together take turns (an advisory lock); DDL is transactional here. ``before``
        is called with the version found when a database in use is about to be upgraded, by
        the one process that upgrades it (its dump reads the schema as it was)."""
        with self.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS passline_schema (version BIGINT NOT NULL)")
            row = conn.execute("SELECT version FROM passline_schema").fetchone()
            if row is None:
                conn.execute("INSERT INTO passline_schema (version) VALUES (0)")
            found = row[0] if row else 0
            if found > SCHEMA_VERSION:
                raise SchemaTooNew(found)
            if 0 < found < SCHEMA_VERSION and before is not None:
                before(found)
            for version in range(found, SCHEMA_VERSION):
                for statement in for_engine(MIGRATIONS[version], "postgresql"):
                    conn.execute(statement)
            conn.execute("UPDATE passline_schema SET version = ?", (SCHEMA_VERSION,))
        return found

    def schema_version(self) -> int:
        with self.connection() as conn:
            return conn.execute("SELECT version FROM passline_schema").fetchone()[0]

    def describe(self) -> dict:
        """For ``/health``, once ``schema_version`` has shown the database answers."""
        stats = self.pool.get_stats()
        return {"engine": self.engine, "ok": True, "pool_size": stats.get("pool_size", 0),
                "pool_available": stats.get("pool_available", 0)}  # fmt: skip

    def close(self) -> None:
        self.pool.close()
