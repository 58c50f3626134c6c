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


def test_the_database_and_its_wal_are_the_owners_alone(tmp_path):
    """Orders, PIN hashes and the signing key: not for other users of the machine, whatever
    the umask of whoever started the server."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = tmp_path / "p.db"
        database = dbmod.SqliteDatabase(str(path))
        with database.transaction() as conn:
            conn.execute("UPDATE restaurants SET name = name")
        for name in ("p.db", "p.db-wal", "p.db-shm"):
            assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name
        database.close()
        loose = tmp_path / "loose.db"  # made before this rule, world-readable
        loose.touch(mode=0o644)
        os.chmod(loose, 0o644)
        dbmod.SqliteDatabase(str(loose)).close()
        assert stat.S_IMODE(os.stat(loose).st_mode) == 0o600
    finally:
        os.umask(old)
