"""The rows of restaurants, PINs and the signing key: a PIN is replaced in one transaction with
the revocation of its role's devices, or not at all."""

import pytest

from domain.errors import DomainError
from server.store.accounts import AccountRows
from server.store.devices import DeviceRows
from tests.conftest import store_from


@pytest.fixture
def rows(template, tmp_path):
    store = store_from(template, tmp_path)
    yield AccountRows(store.db), DeviceRows(store.db)
    store.db.close()


def test_a_restaurant_is_created_once(rows):
    accounts, _ = rows
    assert accounts.create_restaurant(
        "corner", "Corner", "UTC", "EUR", "2026-12-01T00:00:00Z", "e1"
    )
    assert not accounts.create_restaurant("corner", "Other", "UTC", "TRY", "2026-12-01", "e2")
    assert accounts.restaurant("corner") == {"name": "Corner", "tz": "UTC", "currency": "EUR"}
    assert accounts.restaurant_exists("corner") and not accounts.restaurant_exists("nowhere")


def test_a_new_pin_signs_out_its_roles_devices_but_those_kept(rows):
    accounts, devices = rows
    for device, role in (("k1", "kiosk"), ("k2", "kiosk"), ("f1", "floor")):
        devices.insert("demo", device, device, role, b"hash", "2026-12-01T00:00:00Z")
    before = devices.generations()["demo"]
    revoked = accounts.replace_pin("demo", "kiosk", lambda others: (b"salt", b"new"),
                                   at="2026-12-01T01:00:00Z", why="pin_changed", keep=["k2"])  # fmt: skip
    assert revoked == 1
    assert {d: r["signed_out_why"] for d, r in devices.ended_among("demo", ["k1", "k2", "f1"])
            .items()} == {"k1": "pin_changed"}  # fmt: skip
    assert devices.generations()["demo"] == before + 1  # every process notices
    assert {r["role"]: bytes(r["hash"]) for r in accounts.pins("demo")}["kiosk"] == b"new"


def test_a_pin_refused_half_way_changes_nothing(rows):
    accounts, devices = rows
    devices.insert("demo", "k1", "k1", "kiosk", b"hash", "2026-12-01T00:00:00Z")
    old = {r["role"]: bytes(r["hash"]) for r in accounts.pins("demo")}

    def taken(others: list) -> tuple[bytes, bytes]:
        assert {o["role"] for o in others} == {"floor", "kitchen", "manager"}  # not its own
        raise DomainError("pin_in_use", "that PIN already opens floor")

    with pytest.raises(DomainError):
        accounts.replace_pin("demo", "kiosk", taken, at="t", why="pin_changed")
    assert {r["role"]: bytes(r["hash"]) for r in accounts.pins("demo")} == old
    assert devices.ended_among("demo", ["k1"]) == {}


def test_processes_offering_a_key_all_read_back_the_first(rows):
    accounts, _ = rows
    kept = accounts.secret_key("first offer")
    assert accounts.secret_key("second offer") == kept


def test_each_restaurant_keeps_its_own_signing_key_until_it_is_rotated(rows):
    accounts, devices = rows
    kept = accounts.signing_key("demo", "first offer")
    assert accounts.signing_key("demo", "second offer") == kept == "first offer"
    assert accounts.signing_key("nowhere", "offer") is None
    before = devices.generations()["demo"]
    assert accounts.rotate_key("demo", "new key") is True
    assert accounts.signing_key("demo", "another offer") == "new key"
    assert devices.generations()["demo"] == before + 1  # every process drops the old key
    assert accounts.rotate_key("nowhere", "key") is False
