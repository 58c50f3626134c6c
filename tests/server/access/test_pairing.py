"""Pairing codes (``server.access.pairing``) on each engine: a code pairs one device once,
before it dies; typed as people type it (any case, spaces, O for 0); stored only as a hash; at
most ten wait at once; a kiosk is signed in at once, other devices wait for a person."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import DomainError
from server.access.devices import Devices
from server.access.pairing import ALPHABET, LENGTH, LIFETIME_S, LIVE_CODES, Pairings, normal

START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def pairing(databases):
    store = databases.store()
    clock = Clock()
    yield Pairings(store.pairing_rows, Devices(store.device_rows, clock=clock), clock=clock), clock
    store.db.close()


def refused(act) -> str:
    with pytest.raises(DomainError) as caught:
        act()
    return caught.value.code


def test_a_code_pairs_one_device_once_and_only_while_it_lives(pairing):
    pairings, clock = pairing
    code, made = pairings.make("demo", "floor", "Pass phone", "cli")
    assert len(code) == 9 and code[4] == "-" and made.used_at is None
    typed = code.lower().replace("0", "o").replace("-", " ")
    device, credential = pairings.join("demo", typed, "")
    assert (device.role, device.name, device.signed_in) == ("floor", "Pass phone", False)
    assert credential.startswith(device.id + ".")
    assert refused(lambda: pairings.join("demo", code, "again")) == "code_used"
    assert pairings.join("other", code, "") is None  # a code is its restaurant's only
    assert pairings.get("demo", made.id).device == device.id

    clock.now += timedelta(seconds=1)
    late, _ = pairings.make("demo", "kiosk", "", "cli")
    clock.now += timedelta(seconds=LIFETIME_S)
    assert refused(lambda: pairings.join("demo", late, "")) == "code_expired"
    assert pairings.join("demo", "ABCD-EFGH", "") is None
    assert pairings.join("demo", "U" * LENGTH, "") is None  # not a code's letter: no lookup
    listed = pairings.pending("demo")
    assert [p.role for p in listed] == ["kiosk", "floor"] and "code" not in listed[0].to_dict()


def test_a_kiosk_joins_signed_in_and_at_most_ten_codes_wait(pairing, databases):
    pairings, _ = pairing
    code, _ = pairings.make("demo", "kiosk", "Door", "cli")
    kiosk, _ = pairings.join("demo", code, "kiosk · Linux")
    assert kiosk.signed_in and kiosk.name == "Door"  # the manager's name for it comes first
    unnamed, _ = pairings.make("demo", "floor", "", "cli")
    assert pairings.join("demo", unnamed, "floor · iPhone")[0].name == "floor · iPhone"
    for _ in range(LIVE_CODES):
        pairings.make("demo", "floor", "", "cli")
    assert refused(lambda: pairings.make("demo", "floor", "", "cli")) == "too_many_codes"
    assert refused(lambda: pairings.make("demo", "chef", "", "cli")) == "invalid_value"


def test_the_codes_figures_hold():
    """40 bits; ten live codes against the restaurant's 100 wrong tries a day."""
    assert len(set(ALPHABET)) == 32 and LENGTH * math.log2(len(ALPHABET)) == 40
    days = 2**40 / (LIVE_CODES * 100)
    assert days / 365 > 3_000_000
    assert normal(" k7qm-2xhd ") == "K7QM2XHD" and normal("IoL1") == "1011"
