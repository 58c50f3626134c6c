"""Pairing codes as stored (``server.store.pairing``) on either engine: at most so many alive,
a code pairs one device however many send it, a used or expired code says so, and the device
it adds is named by the manager first, then by itself, then by its role."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from server.store.devices import DeviceRows
from server.store.pairing import PairingRows

NOW = "2026-12-02T10:00:00+00:00"
LATER = "2026-12-02T10:20:00+00:00"


def pairing(pid: str, role: str = "floor", name: str = "") -> dict:
    return {"id": pid, "role": role, "name": name, "made_by": "manager",
            "created_at": NOW, "expires_at": "2026-12-02T10:10:00+00:00"}  # fmt: skip


def test_codes_are_capped_and_each_pairs_one_device(databases):
    store = databases.store()
    rows, devices = PairingRows(store.db), DeviceRows(store.db)
    assert rows.add("demo", pairing("p1", name="Bar phone"), b"h1", 2, NOW)
    assert rows.add("demo", pairing("p2", role="kiosk"), b"h2", 2, NOW)
    assert not rows.add("demo", pairing("p3"), b"h3", 2, NOW)  # two alive: no third
    assert rows.add("demo", pairing("p3"), b"h3", 2, LATER)  # the first two have died

    assert rows.take("demo", b"h1", NOW, "d1", "Pixel", b"secret") == "ok"
    assert rows.take("demo", b"h1", NOW, "d2", "Pixel", b"secret") == "used"
    assert rows.take("demo", b"h2", LATER, "d3", "", b"secret") == "expired"
    assert rows.take("demo", b"nope", NOW, "d4", "", b"secret") is None
    assert rows.take("other", b"h3", NOW, "d5", "", b"secret") is None  # another restaurant's
    assert rows.get("demo", "p1")["device"] == "d1" and rows.get("demo", "p1")["used_at"] == NOW
    assert devices.get("demo", "d1")["name"] == "Bar phone"  # the manager's name first
    assert devices.get("demo", "d2") is None
    assert {r["id"] for r in rows.recent("demo", NOW)} == {"p1", "p2", "p3"}
    assert rows.get("demo", "nope") is None
    store.db.close()


def test_a_code_sent_by_many_at_once_pairs_exactly_one(databases):
    store = databases.store()
    rows, devices = PairingRows(store.db), DeviceRows(store.db)
    rows.add("demo", pairing("p1", role="kiosk"), b"h1", 10, NOW)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(
            lambda i: rows.take("demo", b"h1", NOW, f"d{i}", "", b"secret"), range(8)))  # fmt: skip
    assert sorted(answers) == ["ok"] + ["used"] * 7
    added = [d for d in (devices.get("demo", f"d{i}") for i in range(8)) if d is not None]
    assert len(added) == 1 and added[0]["name"] == "kiosk device"  # no name given: its role's
    store.db.close()
