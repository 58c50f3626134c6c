"""The device rows (``server.store.devices``) on either engine: a revocation happens once and
moves the restaurant's generation (how other processes notice), a role's devices are revoked
together but the kept ones, and last-seen times are written in one go."""

from __future__ import annotations

from server.store.devices import DeviceRows, revoke_role

AT = "2026-12-02T10:00:00+00:00"


def test_revocations_happen_once_and_move_the_generation(databases):
    store = databases.store()
    rows = DeviceRows(store.db)
    for device, role in (("k1", "kiosk"), ("k2", "kiosk"), ("k3", "kiosk"), ("f1", "floor")):
        rows.insert("demo", device, f"{device} tablet", role, b"hash", AT)
    gen = rows.generations()["demo"]
    assert rows.revoke("demo", "f1", AT, "lost") is True
    assert rows.revoke("demo", "f1", AT, "again") is False  # revoked already: nothing moves
    assert rows.revoke("demo", "nope", AT, "lost") is False
    assert rows.generations()["demo"] == gen + 1
    with store.db.transaction() as conn:
        assert revoke_role(conn, "demo", "kiosk", AT, "pin_changed", keep=["k2"]) == 2
    assert rows.generations()["demo"] == gen + 2
    assert rows.revoked_among("demo", ["k1", "k2", "k3", "f1", "nope"]) == {
        "k1": "pin_changed", "k3": "pin_changed", "f1": "lost"}  # fmt: skip
    assert rows.revoked_among("demo", []) == {}
    rows.write_seen({("demo", "k2"): "2026-12-02T11:00:00+00:00"})
    seen = {row["id"]: row["last_seen"] for row in rows.all("demo")}
    assert seen["k2"] == "2026-12-02T11:00:00+00:00" and seen["k1"] == AT
    assert rows.get("demo", "k2")["revoked_at"] is None
    store.db.close()
