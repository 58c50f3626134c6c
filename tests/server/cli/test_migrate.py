"""``passline migrate``: a database is brought to this version's schema and says which it is; a
database cannot be copied into itself. Copying into PostgreSQL and a new epoch:
``tests/server/store/test_transfer.py``."""

from __future__ import annotations

import sqlite3

from server.store import SCHEMA_VERSION


def test_migrate_brings_an_empty_file_to_this_schema_and_says_so(passline, tmp_path):
    db = str(tmp_path / "new.db")
    code, out, _ = passline("migrate", "--db", db)
    assert code == 0 and out.strip().endswith(f"schema version {SCHEMA_VERSION} (this Passline: "
                                              f"{SCHEMA_VERSION})")  # fmt: skip
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM restaurants").fetchone() == (0,)
    assert passline("migrate", "--db", db)[0] == 0  # again: nothing to do, nothing broken


def test_a_database_is_not_copied_into_itself(passline, demo_db):
    code, _, err = passline("migrate-to", demo_db, "--db", demo_db)
    assert code == 1 and "the target is the database itself" in err
