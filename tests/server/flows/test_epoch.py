"""The log's epoch: a cursor is good only within the log it came from. A restored backup is a
log of its own, so devices take a fresh snapshot rather than resume from a seq that now means
something else (the copy may have grown past their cursor again)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from server.store import backup
from tests.support.client import Live, Rest, login, order_body


def test_cursors_from_another_log_are_told_to_take_a_snapshot(fresh_server, tmp_path):
    url = fresh_server.url
    token = login(url, "floor")
    floor = Rest(url, token)
    snapshot = floor.get("/floor").json()
    epoch, seq = snapshot["epoch"], snapshot["seq"]
    assert len(epoch) == 32
    same = floor.get("/events", params={"since": seq, "epoch": epoch}).json()
    assert "reset" not in same and same["epoch"] == epoch
    other = floor.get("/events", params={"since": seq, "epoch": "0" * 32}).json()
    assert other["reset"] is True and other["events"] == []
    bad = floor.get("/events", params={"since": seq, "epoch": "not hex"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "epoch"

    live = Live(fresh_server.ws_url, token, since=seq, epoch=epoch)
    assert live.welcome["epoch"] == epoch and "reset" not in live.welcome
    live.close()
    live = Live(fresh_server.ws_url, token, since=seq, epoch="f" * 32)
    assert live.welcome["reset"] is True
    live.close()

    # A backup is a new epoch: restored, it is told apart from the log devices followed.
    copy = backup.backup(fresh_server.db, tmp_path, datetime.now(UTC))
    with sqlite3.connect(copy) as conn:
        (copied,) = conn.execute("SELECT epoch FROM restaurants WHERE id = 'demo'").fetchone()
    assert copied != epoch and len(copied) == 32
    assert floor.post("/orders", order_body("hall-1")).status_code == 201
    assert floor.get("/floor").json()["epoch"] == epoch  # the running log keeps its own
