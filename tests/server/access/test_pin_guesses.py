"""The limits on guessing a PIN: per address at one restaurant, per address anywhere, per
restaurant; a right PIN costs nothing; a full window refuses before the PIN is even hashed."""

import pytest

from domain.errors import DomainError
from server.access.pin_guesses import Guesses


def wrong() -> None:
    return None


def test_five_wrong_pins_in_a_minute_pause_that_address_only():
    guesses = Guesses(per_address=("5/minute",), per_address_anywhere=("100/day",),
                      per_restaurant=("60/hour",))  # fmt: skip
    for _ in range(5):
        assert guesses.check("demo", "10.0.0.1", wrong) is None
    hashed = []
    with pytest.raises(DomainError) as refused:
        guesses.check("demo", "10.0.0.1", lambda: hashed.append(1) or "manager")
    assert refused.value.code == "too_many_attempts" and "minute" in refused.value.message
    assert hashed == []  # refused before the PIN was hashed
    assert guesses.check("demo", "10.0.0.2", lambda: "floor") == "floor"


def test_a_right_pin_is_not_counted():
    guesses = Guesses(per_address=("2/minute",))
    for _ in range(10):
        assert guesses.check("demo", "10.0.0.1", lambda: "kiosk") == "kiosk"


def test_the_restaurant_window_counts_every_address_together():
    guesses = Guesses(per_address=("5/minute",), per_restaurant=("8/hour",))
    for n in range(8):
        guesses.check("demo", f"10.0.0.{n}", wrong)
    with pytest.raises(DomainError):
        guesses.check("demo", "10.0.0.99", wrong)
    assert guesses.check("other", "10.0.0.99", lambda: "floor") == "floor"


def test_one_address_spraying_restaurants_is_paused_everywhere():
    guesses = Guesses(per_address_anywhere=("3/day",))
    for restaurant in ("a", "b", "c"):
        guesses.check(restaurant, "10.0.0.1", wrong)
    with pytest.raises(DomainError):
        guesses.check("d", "10.0.0.1", wrong)


def test_a_signed_in_devices_tries_are_its_own_and_a_full_restaurant_window_leaves_them():
    guesses = Guesses(per_restaurant=("3/hour",), per_device=("5/15 minutes",))
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        guesses.check("demo", address, wrong)
    with pytest.raises(DomainError):
        guesses.check("demo", "10.0.0.4", lambda: "manager")  # sign-in: the hour is full
    assert guesses.check_device("demo", "phone-1", lambda: "manager") == "manager"
    for _ in range(5):
        assert guesses.check_device("demo", "phone-1", wrong) is None
    with pytest.raises(DomainError) as refused:
        guesses.check_device("demo", "phone-1", lambda: "manager")
    assert refused.value.code == "too_many_attempts"
    assert guesses.check_device("demo", "phone-2", lambda: "manager") == "manager"
    assert guesses.check_device("other", "phone-1", lambda: "manager") == "manager"
