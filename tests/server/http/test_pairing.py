"""Pairing over REST (``http/pairing.py``), against a real server on each engine: a manager
makes a code (shown once, no-store, with its join address and QR), the device it pairs joins
(a kiosk signed in at once), the list never shows a code, a device is named; role PINs cannot
end while no manager has their own PIN; a device's own pad asks for a manager before it unpairs
itself."""

from __future__ import annotations

from tests.support.cli import cli, new_pairing_code
from tests.support.client import Rest, error_code, order_body, pair, pin_sign_in
from tests.support.server_process import seed_real

R = "kose"


def test_a_manager_pairs_a_kiosk_which_needs_no_one_and_names_it(engine_server):
    url, db = engine_server.url, engine_server.db
    seed_real(db, R)
    assert cli("pin", "set", R, "manager", "582914", db=db).returncode == 0
    office = pair(url, R, new_pairing_code(db, R, "manager"))
    manager = Rest(url, pin_sign_in(url, R, office["credential"], "582914").json()["token"])
    made = manager.post("/pairings", {"role": "kiosk", "name": "Door kiosk"})
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    join = made.json()["join"]
    assert join == f"{url}/#/join?restaurant={R}&code={made.json()['code']}"
    assert made.json()["qr"].startswith("data:image/svg+xml")
    kiosk = pair(url, R, made.json()["code"])
    assert kiosk["token"] and kiosk["role"] == "kiosk"  # a kiosk has no person: at work at once
    assert Rest(url, kiosk["token"]).post("/orders", order_body(None)).status_code == 201
    listing = manager.get("/pairings").json()
    assert listing["demo"] is False and listing["role_pins"] is True
    used = [p for p in listing["pairings"] if p["id"] == made.json()["pairing"]["id"]]
    assert used[0]["device"] == kiosk["device"]["id"] and "code" not in used[0]
    named = manager.put(f"/devices/{kiosk['device']['id']}/name", {"name": "Kiosk by the door"})
    assert named.json()["device"]["name"] == "Kiosk by the door"
    no_one = manager.delete("/role-pins")  # nobody could manage after it
    assert no_one.status_code == 409 and error_code(no_one) == "no_manager_person"

    # The kiosk leaves: a manager's PIN on its own pad, then it revokes itself.
    at_kiosk = Rest(url, kiosk["token"])
    assert error_code(at_kiosk.post("/manager-check", {"pin": "1234"})) == "wrong_pin"
    assert at_kiosk.post("/manager-check", {"pin": "582914"}).json() == {"manager": True}
    assert at_kiosk.post("/unpair").json() == {"revoked": True}
    assert error_code(at_kiosk.get("/menu")) == "device_revoked"
