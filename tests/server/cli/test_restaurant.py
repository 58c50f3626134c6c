"""``passline restaurant create`` beside a running server: a new, empty restaurant whose first
manager, once enrolled, signs in on a tablet paired with a code from the CLI; a bad one refused
with nothing made."""

from __future__ import annotations

import sqlite3

from tests.support.cli import cli
from tests.support.client import Rest, error_code, pair, pairing_code, pin_sign_in


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
