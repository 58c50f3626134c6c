"""PostgreSQL's backups (``server.store.pg_dump``) against the suite's real PostgreSQL: a dump
is whole and checked, restores into an empty database with every row, the server makes one a
day, and ``passline backup --all`` makes one now."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
import requests

from domain.timestamps import utcnow
from server.store import Store, open_database, pg_dump
from tests.support.cli import cli
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ServerProcess
from tests.support.wait import until

COUNTED = ("restaurants", "events", "orders", "items", "devices")


def counts(url: str) -> dict[str, int]:
    db = open_database(url)
    try:
        with db.connection() as conn:
            return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        db.close()


def with_orders(url: str, n: int = 3) -> None:
    db = open_database(url)
    store = Store(db)
    for i in range(n):
        store.submit("demo", new_client_id(), "create_order",
                     {"table_id": None, "lines": [{"item_id": "ayran", "qty": 1,
                                                   "note": f"dumped {i}"}]})  # fmt: skip
    db.close()


def test_a_dump_is_checked_private_and_restores_every_row(pg_databases, tmp_path):
    url = pg_databases.new()
    with_orders(url)
    path = pg_dump.dump(url, tmp_path / "backups", utcnow())
    assert path.name.startswith("passline-all-") and path.suffix == ".dump"
    assert path.stat().st_mode & 0o077 == 0
    assert "TABLE DATA public orders" in pg_dump.listing(path)
    assert not list((tmp_path / "backups").glob("*.partial"))
    # The README's restore drill: into an empty database, then the new epoch.
    target = pg_databases.empty()
    restored = subprocess.run(
        [pg_dump.program("pg_restore"), "--no-owner", f"--dbname={target}", str(path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert counts(target) == counts(url) and counts(target)["orders"] == 3
    assert cli("new-epoch", db=target).returncode == 0
    pg_databases.drop(target)
    pg_databases.drop(url)


def test_the_daily_dump_keeps_the_newest_and_waits_a_day(pg_databases, tmp_path):
    url = pg_databases.new()
    folder = tmp_path / "daily"
    now = utcnow()
    made = [pg_dump.daily_if_due(url, folder, 2, now + timedelta(days=d)) for d in range(3)]
    assert all(made)
    assert pg_dump.daily_if_due(url, folder, 2, now + timedelta(days=2, hours=23)) is None
    assert sorted(p.name for p in folder.glob("*.dump")) == sorted(p.name for p in made[1:])
    pg_databases.drop(url)


def test_a_dump_that_fails_says_why_and_leaves_nothing(pg_databases, tmp_path):
    url = pg_databases.new().rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(pg_dump.DumpFailed, match="pg_dump failed"):
        pg_dump.dump(url, tmp_path, utcnow())
    assert list(tmp_path.iterdir()) == []


def test_the_cli_and_the_server_back_postgresql_up(pg_databases, tmp_path):
    url = pg_databases.new()
    done = cli("backup", "--all", "--to", str(tmp_path / "by-hand"), db=url)
    assert done.returncode == 0 and "checked with pg_restore --list" in done.stdout, done.stderr
    assert cli("backup", "demo", db=url).returncode == 1  # one restaurant: SQLite's only
    server = ServerProcess(url, log_dir=tmp_path,
                           env={"PASSLINE_BACKUP_DIR": str(tmp_path / "daily")}).start()  # fmt: skip
    try:
        requests.get(server.url + "/api/v1/live", timeout=5)  # any request starts the watcher
        manager = Rest(server.url, login(server.url, "manager"))
        backup = until(lambda: manager.get("/devices/health").json()["server"]["backup"],
                       lambda b: b is not None)  # fmt: skip
        assert backup["checked"] and backup["bytes"] > 0
        assert len(list((tmp_path / "daily").glob("passline-all-*.dump"))) == 1
    finally:
        server.kill()
    pg_databases.drop(url)


def test_an_upgrade_dumps_the_database_as_it_was_first(pg_databases, tmp_path):
    import psycopg

    from server.store.migrations import MIGRATIONS, SCHEMA_VERSION, for_engine

    url = pg_databases.empty()
    older = SCHEMA_VERSION - 1
    with psycopg.connect(url, autocommit=True) as conn:  # as an older Passline left it
        for step in range(older):
            for statement in for_engine(MIGRATIONS[step], "postgresql"):
                conn.execute(statement)
        conn.execute("CREATE TABLE passline_schema (version BIGINT NOT NULL)")
        conn.execute("INSERT INTO passline_schema (version) VALUES (%s)", (older,))
    db = open_database(url, backup_dir=str(tmp_path))
    assert db.schema_version() == SCHEMA_VERSION
    db.close()
    (kept,) = tmp_path.glob(f"passline-before-upgrade-from-v{older}-*.dump")
    assert "TABLE DATA public passline_schema" in pg_dump.listing(kept)
    open_database(url, backup_dir=str(tmp_path)).close()  # current: no second dump
    assert len(list(tmp_path.glob("*.dump"))) == 1
    pg_databases.drop(url)
