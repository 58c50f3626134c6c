"""The device rows (``server.store.devices``) on either engine: a revocation happens once and
moves the restaurant's generation (how other processes notice), a role's devices are signed out
together but the kept ones (paired still), people sign in and out on a device, and last-seen
times are written in one go."""

from __future__ import annotations

from server.store.devices import DeviceRows, sign_out_role

AT = "2026-12-02T10:00:00+00:00"


def ended(rows: DeviceRows, ids: list[str]) -> dict[str, str]:
    found = rows.ended_among("demo", ids)
    return {d: r["revoked_why"] or r["signed_out_why"] for d, r in found.items()}


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
        assert sign_out_role(conn, "demo", "pin_changed", "kiosk", keep=["k2"]) == 2
    assert rows.generations()["demo"] == gen + 2
    assert ended(rows, ["k1", "k2", "k3", "f1", "nope"]) == {
        "k1": "pin_changed", "k3": "pin_changed", "f1": "lost"}  # fmt: skip
    assert rows.get("demo", "k1")["revoked_at"] is None  # signed out, paired still
    assert ended(rows, []) == {}
    rows.write_seen({("demo", "k2"): "2026-12-02T11:00:00+00:00"})
    seen = {row["id"]: row["last_seen"] for row in rows.all("demo")}
    assert seen["k2"] == "2026-12-02T11:00:00+00:00" and seen["k1"] == AT
    assert rows.get("demo", "k2")["revoked_at"] is None
    store.db.close()


def test_people_sign_in_and_out_on_a_paired_device(databases):
    store = databases.store()
    rows = DeviceRows(store.db)
    rows.insert("demo", "f1", "pass phone", "floor", b"hash", AT)
    gen = rows.generations()["demo"]
    assert rows.sign_in("demo", "f1", "floor", "ayse") is True
    assert rows.sign_out("demo", "f1", "signed_out") is True
    assert rows.sign_out("demo", "f1", "signed_out") is False  # nobody was: nothing moves
    assert rows.generations()["demo"] == gen + 2  # every process notices both
    row = rows.get("demo", "f1")
    assert (row["person"], row["signed_in"], row["signed_out_why"]) == (None, 0, "signed_out")
    assert ended(rows, ["f1"]) == {"f1": "signed_out"}
    assert rows.sign_in("demo", "f1", "floor", "mehmet") and ended(rows, ["f1"]) == {}
    assert rows.revoke("demo", "f1", AT, "lost")
    assert rows.sign_in("demo", "f1", "floor", "ayse") is False  # revoked: must pair again
    store.db.close()
