"""One migration list for both engines (``server.store.migrations``): run once, and a schema
newer than this Passline is refused, not touched."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

import server.store as dbmod
from server.store import sqlite


def test_migrating_twice_changes_nothing(tmp_path):
    conn = sqlite.connect(str(tmp_path / "p.db"))
    assert sqlite.migrate(conn) == 0
    assert sqlite.migrate(conn) == dbmod.SCHEMA_VERSION


def test_a_newer_schema_is_refused_not_touched(tmp_path):
    path = str(tmp_path / "p.db")
    sqlite3.connect(path).execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
    with pytest.raises(dbmod.SchemaTooNew):
        dbmod.SqliteDatabase(path)


def database_at(path: str, version: int) -> None:
    """A database as an older Passline left it: its schema at ``version``, with a restaurant."""
    conn = sqlite3.connect(path)
    for step in range(version):
        for statement in dbmod.migrations.for_engine(dbmod.migrations.MIGRATIONS[step], "sqlite"):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO restaurants (id, name, created_at) VALUES ('old', 'Old Place', '2026-01-01T00:00:00Z')"
    )
    conn.commit()
    conn.close()


def test_an_upgrade_keeps_a_checked_copy_of_the_database_as_it_was_once(tmp_path):
    path = str(tmp_path / "p.db")
    older = dbmod.SCHEMA_VERSION - 1
    database_at(path, older)
    # Two processes start together on the new version: one upgrades, after one copy.
    with ThreadPoolExecutor(2) as pool:
        opened = list(pool.map(lambda _: dbmod.open_database(path), range(2)))
    copies = list((tmp_path / "backups").glob("*.db"))
    assert [c.name.startswith(f"passline-before-upgrade-from-v{older}-") for c in copies] == [True]
    kept = sqlite3.connect(copies[0])
    assert kept.execute("PRAGMA user_version").fetchone()[0] == older
    assert kept.execute("SELECT name FROM restaurants").fetchall() == [("Old Place",)]
    assert all(db.schema_version() == dbmod.SCHEMA_VERSION for db in opened)
    dbmod.open_database(path).close()  # already current: no copy
    assert len(list((tmp_path / "backups").glob("*.db"))) == 1


def test_a_new_database_needs_no_copy(tmp_path):
    dbmod.open_database(str(tmp_path / "p.db")).close()
    assert not (tmp_path / "backups").exists()
