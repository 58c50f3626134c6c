"""PostgreSQL (``server.store.postgres``) on a private server: processes starting together on an
empty database migrate it once and share one signing key."""

from concurrent.futures import ThreadPoolExecutor

import pytest

import server.store as dbmod


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
