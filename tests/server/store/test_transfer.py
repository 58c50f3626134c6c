"""Moving a restaurant between engines, and restoring an older copy by hand, as a user would with
the CLI: devices keep their sign-ins and resume from their cursors after a move, and take a
fresh snapshot after a restore."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.client import Live, Rest, login, order_body
from tests.support.databases import sqlite_copy
from tests.support.server_process import ROOT, ServerProcess
from tests.support.services import pg_bin


def passline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_a_sqlite_restaurant_moves_into_postgresql_and_its_devices_carry_on(
    template, pg_databases, tmp_path
):
    sqlite = sqlite_copy(template, tmp_path)
    server = ServerProcess(sqlite).start()
    token = login(server.url, "kiosk")
    kiosk = Rest(server.url, token)
    bodies = [order_body(None) for _ in range(3)]
    placed = [kiosk.post("/orders", body).json()["order"] for body in bodies]
    screen = Live(server.ws_url, login(server.url, "kitchen"), since=None)
    cursor, epoch = screen.welcome["seq"], screen.welcome["epoch"]
    screen.close()
    floor_before = Rest(server.url, login(server.url, "floor")).get("/floor").json()
    server.kill()

    target = pg_databases.empty()
    moved = passline("migrate-to", target, "--database", sqlite)
    assert moved.returncode == 0, moved.stderr
    assert "1 restaurant(s)" in moved.stdout and "3 orders" in moved.stdout

    server = ServerProcess(target, log_dir=tmp_path).start()
    try:
        kiosk = Rest(server.url, token)  # signed in on SQLite, still signed in
        again = kiosk.post("/orders", bodies[1])  # a resend from its outbox: recognised
        assert again.json()["order"]["id"] == placed[1]["id"]
        resumed = Live(server.ws_url, login(server.url, "kitchen"), since=cursor, epoch=epoch)
        assert resumed.welcome["epoch"] == epoch and not resumed.welcome.get("reset")
        fresh = kiosk.post("/orders", order_body(None)).json()["order"]
        frame, _ = resumed.recv_until("event")
        seen = [frame]
        while seen[-1]["event"] != "order_created":
            seen.append(resumed.events(1)[0])
        assert [e["seq"] for e in seen] == list(range(cursor + 1, cursor + 1 + len(seen)))
        assert seen[-1]["data"]["id"] == fresh["id"]
        floor_after = Rest(server.url, login(server.url, "floor")).get("/floor").json()
        assert [o["id"] for o in floor_after["orders"]][:3] == [o["id"] for o in placed]
        assert floor_after["tables"] == floor_before["tables"]
        resumed.close()
    finally:
        server.kill()
    refused = passline("migrate-to", target, "--database", sqlite)
    assert refused.returncode == 1 and "nothing copied" in refused.stderr
    pg_databases.drop(target)


def test_a_postgresql_dump_restored_makes_connected_screens_take_a_snapshot(
    pg_databases, pg_cluster, tmp_path: Path
):
    database = pg_databases.new()
    server = ServerProcess(database, log_dir=tmp_path).start()
    kiosk = Rest(server.url, login(server.url, "kiosk"))
    kept = kiosk.post("/orders", order_body(None)).json()["order"]
    dump = tmp_path / "passline.dump"
    done = subprocess.run([pg_bin("pg_dump"), "-Fc", "-f", str(dump), database],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lost = kiosk.post("/orders", order_body(None)).json()["order"]
    screen = Live(server.ws_url, login(server.url, "kitchen"), since=None)
    cursor, epoch = screen.welcome["seq"], screen.welcome["epoch"]
    screen.close()
    server.kill()

    restored = subprocess.run([pg_bin("pg_restore"), "--clean", "-d", database, str(dump)],
                              capture_output=True, text=True, timeout=60)  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    renewed = passline("new-epoch", "--database", database)
    assert renewed.returncode == 0, renewed.stderr
    server.start()
    try:
        again = Live(server.ws_url, login(server.url, "kitchen"), since=cursor, epoch=epoch)
        assert again.welcome.get("reset") is True and again.welcome["epoch"] != epoch
        ids = {o["id"] for o in Rest(server.url, login(server.url, "floor")).get("/floor")
               .json()["orders"]}  # fmt: skip
        assert kept["id"] in ids and lost["id"] not in ids
        again.close()
    finally:
        server.kill()
        pg_databases.drop(database)


def test_a_move_copies_every_table_of_the_schema(tmp_path: Path) -> None:
    """Staff, closed days and drawers were once left behind by ``migrate-to``: the list of
    tables it copies is every table a migrated database has."""
    import sqlite3

    from server.store import sqlite as engine
    from server.store.transfer import TABLES

    conn = sqlite3.connect(tmp_path / "schema.db")
    engine.migrate(conn)
    found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) == found - {"sqlite_sequence"}
