"""Staff rows (``server.store.staff``) on either engine: one salt per restaurant, a PIN's hash is
one person's, deactivating signs the person out of every device in the same transaction, a
clock-in is closed by the next clock, and the restaurant's own jobs are kept by name."""

from __future__ import annotations

from server.store.devices import DeviceRows
from server.store.staff import StaffRows

AT = "2026-12-02T10:00:00+00:00"


def person(pid: str, name: str, job: str = "waiter") -> dict:
    return {"id": pid, "name": name, "job": job}


def test_one_salt_and_one_person_per_pin(databases):
    store = databases.store()
    rows = StaffRows(store.db)
    salt = rows.salt("demo", b"first offer")
    assert rows.salt("demo", b"second offer") == salt  # kept: every hash depends on it
    assert rows.salt("nowhere", b"x") is None

    assert rows.insert("demo", person("ayse", "Ayşe"), b"pin-1", AT)
    assert not rows.insert("demo", person("mehmet", "Mehmet"), b"pin-1", AT)  # Ayşe's PIN
    assert rows.get("demo", "mehmet") is None
    assert rows.insert("demo", person("mehmet", "Mehmet"), b"pin-2", AT)
    assert rows.set_pin("demo", "mehmet", b"pin-1", AT) is False
    assert rows.set_pin("demo", "mehmet", b"pin-2", AT) is True  # their own: not "taken"
    assert rows.set_pin("demo", "nobody", b"pin-9", AT) is None
    assert rows.by_pin("demo", b"pin-2")["id"] == "mehmet"
    assert rows.by_pin("demo", b"pin-9") is None
    names = [r["name"] for r in rows.all("demo")]
    assert names == sorted(names) and {"Ayşe", "Mehmet"} <= set(names)  # by name
    assert rows.set_job("demo", "mehmet", "manager", AT)
    assert rows.get("demo", "mehmet")["job"] == "manager"
    assert not rows.set_job("demo", "nobody", "manager", AT)
    store.db.close()


def test_a_deactivated_person_is_signed_out_of_every_device(databases):
    store = databases.store()
    rows, devices = StaffRows(store.db), DeviceRows(store.db)
    rows.insert("demo", person("ayse", "Ayşe"), b"pin-1", AT)
    for device in ("phone", "tablet"):
        devices.insert("demo", device, device, "floor", b"hash", AT)
        assert devices.sign_in("demo", device, "floor", "ayse")
    devices.insert("demo", "other", "other", "floor", b"hash", AT)
    devices.sign_in("demo", "other", "floor", None)

    assert rows.set_active("demo", "ayse", False, AT, "deactivated")
    assert rows.get("demo", "ayse")["active"] in (0, False)
    ended = devices.ended_among("demo", ["phone", "tablet", "other"])
    assert {d: r["signed_out_why"] for d, r in ended.items()} == {
        "phone": "deactivated", "tablet": "deactivated"}  # fmt: skip
    assert devices.get("demo", "phone")["revoked_at"] is None  # paired still, for the next
    assert rows.set_active("demo", "ayse", True, AT, "")
    assert not rows.set_active("demo", "nobody", False, AT, "x")
    store.db.close()


def test_a_clock_in_is_closed_by_the_next_clock_and_jobs_are_kept(databases):
    store = databases.store()
    rows = StaffRows(store.db)
    rows.insert("demo", person("ayse", "Ayşe"), b"pin-1", AT)
    clocked_in, shift = rows.clock("demo", "ayse", AT, "phone", "s1")
    assert clocked_in and shift["id"] == "s1" and shift["ended_at"] is None
    clocked_in, shift = rows.clock("demo", "ayse", "2026-12-02T18:00:00+00:00", "till", "s2")
    assert not clocked_in and shift["id"] == "s1" and shift["ended_at"].startswith("2026-12-02T18")
    clocked_in, shift = rows.clock("demo", "ayse", "2026-12-03T10:00:00+00:00", "phone", "s3")
    assert clocked_in and shift["id"] == "s3"

    job = {"id": "runner", "name": "Runner", "base": "floor", "rights": ["take_orders"],
           "discount_bp": 0}  # fmt: skip
    rows.put_job("demo", job)
    rows.put_job("demo", {**job, "name": "Food runner", "discount_bp": 500})
    runner = next(j for j in rows.jobs("demo") if j.id == "runner")
    assert runner.name == "Food runner" and runner.discount_bp == 500
    assert runner.rights == frozenset({"take_orders"}) and runner.base == "floor"
    store.db.close()
