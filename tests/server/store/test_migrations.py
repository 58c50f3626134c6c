"""One migration list for both engines (``server.store.migrations``): run once, and a schema
newer than this Passline is refused, not touched."""

import sqlite3

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
