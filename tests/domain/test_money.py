"""Prices as written on a menu, in minor units of the restaurant's currency, and back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.money import minor_digits, parse_price, plain_price


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("12.50", "TRY", 1250), ("12,50", "TRY", 1250), ("12", "EUR", 1200), ("12.5", "EUR", 1250),
     (" 0.99 ", "USD", 99), ("1500", "JPY", 1500), ("1.250", "KWD", 1250), ("0", "TRY", 0)],
)  # fmt: skip
def test_a_printed_price_becomes_minor_units(text, currency, minor):
    assert parse_price(text, currency) == minor


@pytest.mark.parametrize(
    "text", ["", "12.505", "€12", "1.234,50", "1,234.50", "-3", "12.", "abc", "12 50", "1e3"]
)
def test_anything_else_is_refused_with_what_a_price_looks_like(text):
    with pytest.raises(DomainError) as found:
        parse_price(text, "TRY", "price")
    assert found.value.code == "invalid_value" and found.value.field == "price"
    assert "12.50" in found.value.message or "decimal" in found.value.message


def test_a_yen_price_has_no_decimals():
    with pytest.raises(DomainError, match="more than 0 decimal"):
        parse_price("12.5", "JPY")


@given(st.integers(0, 10**8), st.sampled_from(["TRY", "EUR", "JPY", "KWD", "GBP"]))
def test_plain_price_reads_back_to_the_same_amount(minor, currency):
    assert parse_price(plain_price(minor, currency), currency) == minor
    assert minor_digits(currency) in (0, 2, 3)
