"""``passline restaurant create`` beside a running server: a new, empty restaurant whose first
manager, once enrolled, signs in on a tablet paired with a code from the CLI; a bad one refused
with nothing made."""

from __future__ import annotations

import sqlite3

from server.store import pg_dump
from tests.support.cli import cli
from tests.support.client import (
    Rest,
    error_code,
    login,
    order_body,
    pair,
    pairing_code,
    pin_sign_in,
)
from tests.support.server_process import ServerProcess
from tests.support.wait import until


def test_a_new_restaurant_is_created_then_signed_into(fresh_server):
    db, url = fresh_server.db, fresh_server.url
    made = cli("restaurant", "create", "kose", "--name", "Köşe Bistro", "--currency", "EUR", db=db)
    assert made.returncode == 0 and "passline devices pair kose" in made.stdout, made.stderr
    added = cli("staff", "add", "kose", "Murat Kaya", "--job", "manager", db=db, stdin="482139\n")
    assert added.returncode == 0, added.stderr
    unpaired = Rest(url).post("/login", {"restaurant": "kose", "pin": "482139"})
    assert unpaired.status_code == 403 and error_code(unpaired) == "not_paired"
    code = pairing_code(cli("devices", "pair", "kose", "--role", "manager", db=db).stdout)
    r = pin_sign_in(url, "kose", pair(url, "kose", code)["credential"], "482139")
    assert r.status_code == 200 and r.json()["role"] == "manager"
    assert Rest(url, r.json()["token"]).get("/floor").json()["tables"] == []
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT name, tz, currency FROM restaurants WHERE id = 'kose'")
        assert row.fetchone() == ("Köşe Bistro", "Europe/Istanbul", "EUR")


def test_a_bad_restaurant_is_refused_and_nothing_is_made(fresh_server):
    db = fresh_server.db
    for args in (
        ("kose", "--name", "K", "--tz", "Mars/Base"),
        ("kose", "--name", "K", "--currency", "euro"),
        ("köşe", "--name", "K"),
        ("kose", "--name", ""),
    ):
        done = cli("restaurant", "create", *args, db=db)
        assert done.returncode == 1 and "refused" in done.stderr, (args, done.stderr)
    existing = cli("restaurant", "create", "demo", "--name", "Again", db=db)
    assert existing.returncode == 1 and "exists already" in existing.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, name FROM restaurants").fetchall() == [
            ("demo", "Passline Demo Bistro")
        ]


def test_a_restaurants_new_key_ends_its_tokens_and_its_devices_renew(fresh_server):
    """``rotate-key`` beside a running server: the restaurant's tokens are refused within a
    second, its devices renew with their credential (nothing paired again), and another
    restaurant's tokens carry on."""
    db, url = fresh_server.db, fresh_server.url
    assert cli("restaurant", "create", "kose", "--name", "Köşe", db=db).returncode == 0
    code = pairing_code(cli("devices", "pair", "kose", "--role", "kiosk", db=db).stdout)
    kiosk = pair(url, "kose", code)
    demo = Rest(url, login(url, "floor"))
    assert Rest(url, kiosk["token"]).get("/menu").status_code == 200
    rotated = cli("restaurant", "rotate-key", "kose", db=db)
    assert rotated.returncode == 0 and "nothing is paired again" in rotated.stdout
    refused = until(lambda: Rest(url, kiosk["token"]).get("/menu"),
                    lambda r: r.status_code == 401)  # fmt: skip
    assert error_code(refused) == "unauthorized"
    renewed = Rest(url).post("/renew", {"restaurant": "kose", "credential": kiosk["credential"]})
    assert renewed.status_code == 200
    assert Rest(url, renewed.json()["token"]).get("/menu").status_code == 200
    assert demo.get("/floor").status_code == 200  # another restaurant's key did not move
    assert cli("restaurant", "rotate-key", "nowhere", db=db).returncode == 1


def rows_of(url: str, restaurant: str) -> dict[str, int]:
    """Every table's rows that are ``restaurant``'s, read as the server reads them."""
    from server.cli.options import services
    from server.store.transfer import BY_RESTAURANT

    svc = services(url)
    with svc.db.snapshot() as conn:
        counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE restaurant = ?",
                                      (restaurant,)).fetchone()[0]
                  for table in BY_RESTAURANT}  # fmt: skip
        counts["restaurants"] = conn.execute("SELECT COUNT(*) FROM restaurants WHERE id = ?",
                                             (restaurant,)).fetchone()[0]  # fmt: skip
    svc.db.close()
    return counts


def test_a_restaurant_is_deleted_whole_after_a_backup_and_the_other_keeps_everything(
    databases, tmp_path
):
    url = databases.new()
    server = ServerProcess(url, log_dir=tmp_path).start()
    try:
        kiosk = Rest(server.url, login(server.url, "kiosk"))
        placed = [kiosk.post("/orders", order_body(None)).json()["order"] for _ in range(3)]
    finally:
        server.kill()
    made = cli("restaurant", "create", "kose", "--name", "Köşe", db=url)
    assert made.returncode == 0, made.stderr
    assert cli("staff", "add", "kose", "Murat", "--job", "manager", db=url,
               stdin="482139\n482139\n").returncode == 0  # fmt: skip
    other_before = rows_of(url, "kose")
    demo_before = rows_of(url, "demo")
    assert demo_before["orders"] == 3 and demo_before["events"] > 3

    asked = cli("restaurant", "delete", "demo", db=url)  # no terminal to ask on: refused
    assert asked.returncode == 1 and "--yes" in asked.stderr
    missing = cli("restaurant", "delete", "nowhere", "--yes", db=url)
    assert missing.returncode == 1 and "no restaurant 'nowhere'" in missing.stderr
    assert rows_of(url, "demo") == demo_before

    backups = tmp_path / "backups"
    args = ("restaurant", "delete", "demo", "--yes", "--to", str(backups))
    done = cli(*args, db=url)
    assert done.returncode == 0, done.stderr
    assert "3 orders" in done.stdout
    assert set(rows_of(url, "demo").values()) == {0}
    assert rows_of(url, "kose") == other_before
    if databases.engine == "postgresql":  # a whole dump first, checked by pg_restore --list
        (dump,) = backups.glob("passline-all-*.dump")
        assert "TABLE DATA public orders" in pg_dump.listing(dump)
    if databases.engine == "sqlite":  # the backup holds what was deleted, checked
        (copy,) = backups.glob("passline-demo-*.db")
        with sqlite3.connect(copy) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM orders ORDER BY created_at")]
        assert sorted(ids) == sorted(o["id"] for o in placed)
