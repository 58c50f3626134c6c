import sqlite3
from concurrent.futures import ThreadPoolExecutor

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


def test_migrating_twice_changes_nothing(tmp_path):
    conn = sqlite.connect(str(tmp_path / "p.db"))
    assert sqlite.migrate(conn) == 0
    assert sqlite.migrate(conn) == dbmod.SCHEMA_VERSION


def test_a_newer_schema_is_refused_not_touched(tmp_path):
    path = str(tmp_path / "p.db")
    sqlite3.connect(path).execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
    with pytest.raises(dbmod.SchemaTooNew):
        dbmod.SqliteDatabase(path)


def test_a_failed_transaction_rolls_back(tmp_path):
    database = dbmod.SqliteDatabase(str(tmp_path / "p.db"))
    with pytest.raises(RuntimeError), database.transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
        raise RuntimeError("boom")
    with database.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'a'").fetchone()[0] == 0


def test_a_failed_transaction_rolls_back_on_either_engine(databases):
    database = dbmod.open_database(databases.new())
    with pytest.raises(RuntimeError), database.transaction(lock=["demo"]) as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
        raise RuntimeError("boom")
    with database.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = ?", ("a",)).fetchone()[0] == 0
    assert database.schema_version() == dbmod.SCHEMA_VERSION
    database.close()


def test_postgresql_servers_starting_together_migrate_once(pg_databases):
    from server.store.postgres import PostgresDatabase

    url = pg_databases.empty()
    with ThreadPoolExecutor(4) as pool:
        opened = list(pool.map(lambda _: PostgresDatabase(url), range(4)))
    assert {db.schema_version() for db in opened} == {dbmod.SCHEMA_VERSION}
    with opened[0].connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM passline_schema").fetchone()[0] == 1
        conn.execute("UPDATE passline_schema SET version = ?", (dbmod.SCHEMA_VERSION + 1,))
    for db in opened:
        db.close()
    with pytest.raises(dbmod.SchemaTooNew):
        PostgresDatabase(url)


def test_postgresql_rows_read_by_name_and_position_like_sqlite(databases):
    database = dbmod.open_database(databases.new())
    with database.connection() as conn:
        row = conn.execute("SELECT id, name FROM restaurants WHERE id = ?", ("demo",)).fetchone()
    assert row["id"] == row[0] == "demo"
    assert dict(row) == {"id": "demo", "name": row["name"]}
    assert tuple(row) == ("demo", row["name"])
    database.close()


def test_postgresql_servers_starting_together_share_one_signing_key(pg_databases):
    """Two processes booting on a fresh database both make the key: one keeps it, the other
    takes it (CI saw the second process die on the duplicate)."""
    from threading import Barrier

    from server.access.accounts import Accounts
    from server.store.accounts import AccountRows
    from server.store.postgres import PostgresDatabase

    for _ in range(3):  # the race is tight: give it a few chances to show
        url = pg_databases.empty()
        opened = [PostgresDatabase(url) for _ in range(6)]
        together = Barrier(len(opened))

        def boot(db, together=together):
            together.wait()
            return Accounts(AccountRows(db)).secret_key()

        with ThreadPoolExecutor(len(opened)) as pool:
            keys = list(pool.map(boot, opened))
        assert len(set(keys)) == 1
        assert Accounts(AccountRows(opened[0])).secret_key() == keys[0]
        for db in opened:
            db.close()
