"""SQLite, the zero-setup engine (``server.store.sqlite``): durable settings on every connection,
and a failed transaction leaves nothing."""

import pytest

import server.store as dbmod
from server.store import sqlite


def test_fresh_database_is_migrated_and_durable(tmp_path):
    database = dbmod.SqliteDatabase(str(tmp_path / "p.db"))
    with database.connection() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == sqlite.BUSY_TIMEOUT_MS


def test_a_failed_transaction_rolls_back(tmp_path):
    database = dbmod.SqliteDatabase(str(tmp_path / "p.db"))
    with pytest.raises(RuntimeError), database.transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
        raise RuntimeError("boom")
    with database.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'a'").fetchone()[0] == 0
