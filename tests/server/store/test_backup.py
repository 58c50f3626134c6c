"""The automatic daily backup: one whole copy a day, whoever gets there first, the newest N
kept, and a running server makes it by itself."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta

from server.store.backup import daily_if_due
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.wait import until

DAY1 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def test_one_copy_a_day_and_only_the_newest_kept(template, tmp_path):
    folder = tmp_path / "backups"
    first = daily_if_due(str(template), folder, 3, DAY1)
    assert first is not None and first.name == "passline-all-20261120-030000.db"
    assert daily_if_due(str(template), folder, 3, DAY1 + timedelta(hours=23)) is None
    for day in range(1, 5):
        assert daily_if_due(str(template), folder, 3, DAY1 + timedelta(days=day)) is not None
    kept = sorted(p.name for p in folder.glob("*.db"))
    assert kept == ["passline-all-20261122-030000.db", "passline-all-20261123-030000.db",
                    "passline-all-20261124-030000.db"]  # fmt: skip
    copy = sqlite3.connect(folder / kept[-1])
    assert copy.execute("SELECT COUNT(*) FROM restaurants").fetchone()[0] >= 1
    # A whole copy of the database is as private as the database.
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.glob("*.db")} == {0o600}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert daily_if_due(str(template), folder, 0, DAY1 + timedelta(days=9)) is None  # off


def test_a_running_server_backs_up_by_itself(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    folder = tmp_path / "daily"
    server = ServerProcess(db, env={"PASSLINE_BACKUP_DIR": str(folder),
                                    "PASSLINE_BACKUP_KEEP": "2"}).start()  # fmt: skip
    try:
        Rest(server.url, login(server.url, "floor")).get("/floor")  # the first request wakes it
        copies = until(lambda: list(folder.glob("passline-all-*.db")), bool)
        assert len(copies) == 1
        copy = sqlite3.connect(copies[0])
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM items").fetchone()[0] > 30
    finally:
        server.kill()
