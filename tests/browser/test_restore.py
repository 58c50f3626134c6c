"""A backup restored under a running restaurant: a floor phone that followed the log it
replaced takes a fresh snapshot and shows the restored state — even where the restored log has
grown past the phone's cursor again before the phone reconnects (the log's epoch tells them
apart; the seq alone cannot)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Browser, expect

from server.store import SqliteDatabase, Store, backup
from tests.browser.actions import sign_in
from tests.support.client import Rest, login, new_client_id, order_body
from tests.support.server_process import ServerProcess


def test_a_restored_copy_is_shown_as_it_is(
    fresh_server: ServerProcess, browser: Browser, tmp_path: Path
):
    url = fresh_server.url
    floor = Rest(url, login(url, "floor"))
    assert floor.post("/orders", order_body("hall-2")).status_code == 201
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, url, "floor")
    tile = lambda table: phone.locator(f"button.table[data-table={table}]")  # noqa: E731
    expect(tile("hall-2")).to_have_attribute("data-status", "ordered")
    copy = backup.backup(fresh_server.db, tmp_path, datetime.now(UTC))
    assert floor.post("/orders", order_body("hall-3")).status_code == 201  # after the backup
    expect(tile("hall-3")).to_have_attribute("data-status", "ordered", timeout=10_000)

    fresh_server.kill()
    for suffix in ("-wal", "-shm"):
        Path(fresh_server.db + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, fresh_server.db)  # restored as the README says
    # Before the phone is back, the restored log grows past the phone's cursor.
    store = Store(SqliteDatabase(fresh_server.db))
    for n in range(7, 12):
        store.submit("demo", new_client_id(), "set_table_status",
                     {"table_id": f"hall-{n}", "status": "seated"})  # fmt: skip
    store.db.close()
    fresh_server.start()

    expect(tile("hall-3")).to_have_attribute("data-status", "free", timeout=30_000)
    expect(tile("hall-11")).to_have_attribute("data-status", "seated")
    expect(tile("hall-2")).to_have_attribute("data-status", "ordered")
    expect(phone.locator("#sync-banner")).to_have_attribute("data-state", "live", timeout=20_000)
