"""``passline restaurant create`` beside a running server: a new, empty restaurant that its PINs
then open; a bad one refused with nothing made."""

from __future__ import annotations

import sqlite3

from tests.support.cli import cli
from tests.support.client import Rest


def test_a_new_restaurant_is_created_then_signed_into(fresh_server):
    db, url = fresh_server.db, fresh_server.url
    made = cli("restaurant", "create", "kose", "--name", "Köşe Bistro", "--currency", "EUR", db=db)
    assert made.returncode == 0 and "passline pin set kose manager" in made.stdout, made.stderr
    assert cli("pin", "set", "kose", "manager", "482139", db=db).returncode == 0
    r = Rest(url).post("/login", {"restaurant": "kose", "pin": "482139"})
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
