"""The engine interface (``server.store.database``), the same on SQLite and PostgreSQL: a failed
transaction leaves nothing, rows read by name and by position."""

import pytest

import server.store as dbmod


def test_a_failed_transaction_rolls_back_on_either_engine(databases):
    database = dbmod.open_database(databases.new())
    with pytest.raises(RuntimeError), database.transaction(lock=["demo"]) as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
        raise RuntimeError("boom")
    with database.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = ?", ("a",)).fetchone()[0] == 0
    assert database.schema_version() == dbmod.SCHEMA_VERSION
    database.close()


def test_postgresql_rows_read_by_name_and_position_like_sqlite(databases):
    database = dbmod.open_database(databases.new())
    with database.connection() as conn:
        row = conn.execute("SELECT id, name FROM restaurants WHERE id = ?", ("demo",)).fetchone()
    assert row["id"] == row[0] == "demo"
    assert dict(row) == {"id": "demo", "name": row["name"]}
    assert tuple(row) == ("demo", row["name"])
    database.close()
