"""Restaurants and their role PINs: a PIN opens one role only, a weak one is refused, a new one
signs out the devices of the old, and what is stored of a PIN is a salted hash."""

import pytest

from domain.errors import DomainError
from server.access.accounts import Accounts
from tests.conftest import store_from


@pytest.fixture
def accounts(template, tmp_path):
    store = store_from(template, tmp_path)
    yield Accounts(store.account_rows)
    store.db.close()


def test_each_pin_opens_its_own_role_and_nothing_else(accounts):
    assert accounts.role_for_pin("demo", "2222") == "floor"
    assert accounts.role_for_pin("demo", "9999") == "manager"
    assert accounts.role_for_pin("demo", "0000") is None
    assert accounts.role_for_pin("nowhere", "2222") is None


@pytest.mark.parametrize(
    ("role", "pin", "code"),
    [("kiosk", "5173", "pin_in_use"), ("kiosk", "7777", "weak_pin"),
     ("manager", "4826", "weak_pin"), ("cashier", "482613", "invalid_value")],
)  # fmt: skip
def test_a_pin_that_would_open_two_roles_or_is_weak_is_refused(accounts, role, pin, code):
    accounts.set_pin("demo", "floor", "5173")
    with pytest.raises(DomainError) as refused:
        accounts.set_pin("demo", role, pin)
    assert refused.value.code == code
    assert accounts.role_for_pin("demo", "1111") == "kiosk"  # nothing changed


def test_a_new_pin_replaces_the_old_and_is_not_stored_as_itself(accounts):
    assert accounts.set_pin("demo", "kitchen", "4826") == 0  # no kitchen device signed in yet
    assert accounts.role_for_pin("demo", "4826") == "kitchen"
    assert accounts.role_for_pin("demo", "3333") is None
    stored = {r["role"]: (bytes(r["salt"]), bytes(r["hash"])) for r in accounts.rows.pins("demo")}
    salt, hashed = stored["kitchen"]
    assert len(salt) == 16 and b"4826" not in hashed and len(hashed) == 32


def test_a_restaurant_is_made_once_with_valid_settings(accounts):
    assert accounts.ensure_restaurant("corner", "Corner Café", "Europe/Istanbul", "TRY")
    assert not accounts.ensure_restaurant("corner", "Corner Café", "Europe/Istanbul", "TRY")
    assert accounts.settings("corner") == {"name": "Corner Café", "tz": "Europe/Istanbul",
                                           "currency": "TRY"}  # fmt: skip
    with pytest.raises(DomainError):
        accounts.ensure_restaurant("bad", "Bad", "Mars/Olympus", "TRY")
