"""``passline backup``: a whole copy taken while orders come in is consistent at one instant;
one restaurant's copy holds nothing of another's."""

from __future__ import annotations

import sqlite3
import threading

from server.store.transfer import TABLES
from tests.support.cli import cli
from tests.support.client import Rest, login, order_body


def test_a_backup_taken_while_orders_come_in_is_whole_and_consistent(fresh_server, tmp_path):
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    stop = threading.Event()

    def order_all_along() -> None:
        while not stop.is_set():
            kiosk.post("/orders", order_body(None))

    writer = threading.Thread(target=order_all_along)
    writer.start()
    try:
        # Not "backups" beside the database: the server's own daily copy goes there, and may
        # be made during this test (seen when tests ran in parallel).
        done = cli("backup", "--all", "--to", str(tmp_path / "by-hand"), db=fresh_server.db)
    finally:
        stop.set()
        writer.join()
    assert done.returncode == 0 and "integrity checked" in done.stdout, done.stderr
    (copy,) = (tmp_path / "by-hand").glob("passline-all-*.db")
    with sqlite3.connect(copy) as conn:
        last_seq = conn.execute("SELECT last_seq FROM restaurants WHERE id = 'demo'").fetchone()[0]
        top = conn.execute("SELECT MAX(seq) FROM events WHERE restaurant = 'demo'").fetchone()[0]
        orders = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
        created = conn.execute("SELECT COUNT(*) FROM events WHERE type = 'order_created'")
        assert last_seq == top  # one instant: the log and its counter agree
        assert orders == created.fetchone()[0] > 0


def test_one_restaurants_backup_holds_nothing_of_another(fresh_server, tmp_path):
    db = fresh_server.db
    assert cli("restaurant", "create", "kose", "--name", "Köşe", db=db).returncode == 0
    assert cli("pin", "set", "kose", "kiosk", "4821", db=db).returncode == 0
    # The demo's people and pairing codes (names, PIN hashes) were once left in kose's copy.
    assert (
        cli("staff", "add", "demo", "Ana", "--job", "floor", db=db, stdin="4826\n").returncode == 0
    )
    assert cli("devices", "pair", "demo", "--role", "floor", db=db).returncode == 0
    done = cli("backup", "kose", "--to", str(tmp_path), db=db)
    assert done.returncode == 0, done.stderr
    (copy,) = tmp_path.glob("passline-kose-*.db")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT id FROM restaurants").fetchall() == [("kose",)]
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0
        assert conn.execute("SELECT role FROM pins").fetchall() == [("kiosk",)]
        for table in TABLES:
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            if "restaurant" in columns:
                found = conn.execute(f"SELECT DISTINCT restaurant FROM {table}").fetchall()
                assert found in ([], [("kose",)]), table
        assert conn.execute("SELECT key FROM meta WHERE key = 'secret_key'").fetchall() == []
    assert cli("backup", "nowhere", "--to", str(tmp_path), db=db).returncode == 1


def test_a_copy_counts_its_progress_on_a_terminal_and_not_into_a_log(demo_db, tmp_path):
    import os
    import pty
    import subprocess
    import sys

    from tests.support.server_process import ROOT

    argv = [sys.executable, "-m", "server.cli", "backup", "--all", "--to", str(tmp_path),
            "--db", demo_db]  # fmt: skip
    leader, follower = pty.openpty()
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, timeout=60)
    os.close(follower)
    shown = os.read(leader, 65536).decode()
    os.close(leader)
    assert done.returncode == 0
    assert "copying: " in shown and " pages" in shown  # on the terminal, as it went
    logged = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert logged.returncode == 0 and "copying" not in logged.stderr  # a file gets no counts
