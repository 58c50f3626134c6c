import sqlite3

import pytest

from server import db as dbmod


def test_fresh_database_is_migrated_and_durable(tmp_path):
    database = dbmod.Database(str(tmp_path / "p.db"))
    with database.connection() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == dbmod.BUSY_TIMEOUT_MS


def test_migrating_twice_changes_nothing(tmp_path):
    conn = dbmod.connect(str(tmp_path / "p.db"))
    assert dbmod.migrate(conn) == 0
    assert dbmod.migrate(conn) == dbmod.SCHEMA_VERSION


def test_a_newer_schema_is_refused_not_touched(tmp_path):
    path = str(tmp_path / "p.db")
    sqlite3.connect(path).execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
    with pytest.raises(dbmod.SchemaTooNew):
        dbmod.Database(path)


def test_a_failed_transaction_rolls_back(tmp_path):
    database = dbmod.Database(str(tmp_path / "p.db"))
    with pytest.raises(RuntimeError), database.transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
        raise RuntimeError("boom")
    with database.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'a'").fetchone()[0] == 0
