"""Retention: what is older than the period goes, as a prefix of the log; open orders stay; a
device whose cursor is older than the log kept is told to load a snapshot."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import timedelta

from websockets.sync.client import connect

from domain.timestamps import utcnow
from server.store import Database, Store, open_database, retention
from tests.support.client import Rest, login, new_client_id
from tests.support.server_process import ROOT, ServerProcess

NOW = utcnow()


class Clock:
    def __init__(self) -> None:
        self.now = NOW - timedelta(days=100)

    def __call__(self):
        return self.now


def takeaway(note: str) -> dict:
    return {"table_id": None, "lines": [{"item_id": "ayran", "qty": 1, "note": note}]}


def place(store: Store, note: str) -> tuple[str, str]:
    client_id = new_client_id()
    result, _, _ = store.submit("demo", client_id, "create_order", takeaway(note))
    return client_id, result["order"]["id"]


def cancel(store: Store, order_id: str) -> None:
    store.submit("demo", new_client_id(), "set_order_status",
                 {"order_id": order_id, "status": "cancelled", "reason": "wrong_item"})  # fmt: skip


def count(db: Database, sql: str, *params) -> int:
    with db.connection() as conn:
        return conn.execute(sql, params).fetchone()[0]


def aged(url: str) -> tuple[Database, Store, dict]:
    """The demo restaurant with orders from 100 days ago (one left open) and from today."""
    db = open_database(url)
    clock = Clock()
    store = Store(db, clock=clock)
    store.print_rows.put_printer("demo", {"id": "bar", "name": "Bar", "host": "127.0.0.1",
                                          "port": 9, "width": 80, "code_page": "auto",
                                          "stations": ["*"], "bill": False, "z_report": False,
                                          "copies": 1}, clock())  # fmt: skip
    old_open = place(store, "old, never paid")[1]
    old_client, old_closed = place(store, "old, cancelled")
    cancel(store, old_closed)
    old_seq = store.latest_seq("demo")
    clock.now = NOW
    new_closed = place(store, "today, cancelled")[1]
    cancel(store, new_closed)
    ids = {"old_open": old_open, "old_closed": old_closed, "old_client": old_client,
           "new_closed": new_closed, "old_seq": old_seq}  # fmt: skip
    return db, store, ids


def test_prune_takes_the_old_prefix_of_the_log_and_old_closed_orders(databases):
    db, store, ids = aged(databases.new())
    latest = store.latest_seq("demo")
    with db.transaction() as conn:  # the old tickets printed; today's waits for its printer
        conn.execute("UPDATE print_jobs SET status = 'done' WHERE created_at < ?",
                     ((NOW - timedelta(days=99)).isoformat(),))  # fmt: skip
    waiting = count(db, "SELECT COUNT(*) FROM print_jobs WHERE status = 'queued'")
    done = retention.prune(db, NOW, 90)
    assert done.events >= 4 and done.orders == 1 and done.idempotency >= 3
    assert done.print_jobs == 3  # two orders' tickets and a cancel's VOID slip, 100 days old
    assert count(db, "SELECT COUNT(*) FROM print_jobs") == waiting
    assert store.pruned_seq("demo") == ids["old_seq"]
    assert count(db, "SELECT MIN(seq) FROM events WHERE restaurant = 'demo'") == ids["old_seq"] + 1
    assert store.latest_seq("demo") == latest  # the log's end does not move
    assert store.order("demo", ids["old_open"])["status"] == "new"  # open: kept
    assert store.order("demo", ids["new_closed"])["status"] == "cancelled"
    assert count(db, "SELECT COUNT(*) FROM orders WHERE id = ?", ids["old_closed"]) == 0
    assert count(db, "SELECT COUNT(*) FROM idempotency WHERE client_id = ?", ids["old_client"]) == 0
    # Again: nothing more to do.
    assert retention.prune(db, NOW, 90).events == 0
    # Daily: not again within a day.
    assert retention.prune_if_due(db, 90, NOW + timedelta(hours=23)) is None
    assert retention.prune_if_due(db, 90, NOW + timedelta(hours=25)) is not None
    db.close()


def test_a_cursor_older_than_the_log_kept_gets_a_snapshot(template, tmp_path):
    path = tmp_path / "p.db"
    shutil.copyfile(template, path)
    db, _, ids = aged(str(path))
    db.close()
    server = ServerProcess(str(tmp_path / "p.db")).start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "server.cli", "prune", "--days", "90", "--db", server.db],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0 and "closed orders" in done.stdout, done.stderr
        token = login(server.url, "floor")
        old = ids["old_seq"] - 2
        polled = Rest(server.url, token).get("/events", params={"since": old}).json()
        assert polled["reset"] is True and polled["events"] == []
        kept = Rest(server.url, token).get("/events", params={"since": ids["old_seq"]}).json()
        assert "reset" not in kept and kept["events"][0]["seq"] == ids["old_seq"] + 1
        with connect(server.ws_url) as ws:
            ws.send(json.dumps({"type": "hello", "token": token, "since": old}))
            welcome = json.loads(ws.recv(timeout=5))
            assert welcome["type"] == "welcome" and welcome["reset"] is True
    finally:
        server.kill()


def test_the_apps_errors_are_kept_thirty_days_whatever_the_period(databases):
    db, store, _ = aged(databases.new())
    error = {"where": "tick", "message": "boom", "count": 1}
    store.health_rows.record_errors("demo", "d1", "b1", [error], NOW - timedelta(days=31))
    store.health_rows.record_errors("demo", "d1", "b1", [{**error, "message": "new"}],
                                    NOW - timedelta(days=29))  # fmt: skip
    done = retention.prune(db, NOW, 90)
    assert done.device_errors == 1
    assert [e["message"] for e in store.health_rows.errors("demo", NOW)] == ["new"]
    db.close()
