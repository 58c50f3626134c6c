"""The bill's arithmetic: everything adds up to the minor unit, whatever the discounts, taxes and
splits; over-payments are refused and a bill is paid exactly when its payments cover it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.bill import (
    Payment,
    Settings,
    bill,
    check_payment,
    even_split,
    share,
)
from domain.errors import DomainError

RATES = st.sampled_from([0, 100, 800, 1000, 1800, 2000])  # bp: 0 %, 1 %, 8 %, 10 %, 18 %, 20 %


def line(total: int, qty: int = 1, **extra) -> dict:
    return {"item_id": "x", "name": "X", "qty": qty, "line_total": total, "modifiers": [], **extra}


def discounts() -> st.SearchStrategy:
    return st.one_of(
        st.none(),
        st.builds(lambda a: {"amount": a}, st.integers(0, 50_000)),
        st.builds(lambda bp: {"bp": bp}, st.integers(0, 10_000)),
    )


LINES = st.lists(
    st.builds(
        lambda total, tax, discount, voided: line(
            total, tax_bp=tax, discount=discount, voided=voided
        ),
        st.integers(0, 200_000),
        RATES,
        discounts(),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)
SETTINGS = st.builds(
    Settings, st.sampled_from(["included", "added"]), st.sampled_from([0, 500, 1250])
)


@given(st.integers(-(10**9), 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_shares_add_up_and_stay_within_a_minor_unit_of_fair(total, weights):
    parts = share(total, weights)
    assert sum(parts) == total
    whole = sum(weights) or len(weights)
    for part, weight in zip(parts, weights or [1] * len(weights), strict=True):
        fair = total * (weight if sum(weights) else 1) / whole
        assert abs(part - fair) < 1


@given(st.integers(0, 10**8), st.integers(1, 50))
def test_an_even_split_adds_up_and_differs_by_at_most_one(total, payers):
    parts = even_split(total, payers)
    assert sum(parts) == total and len(parts) == payers
    assert max(parts) - min(parts) <= 1


@given(LINES, discounts(), SETTINGS)
def test_every_bill_adds_up_to_the_minor_unit(lines, order_discount, settings):
    made = bill({"lines": lines, "discount": order_discount}, settings)
    kept = [x for x in lines if not x.get("voided")]
    assert [x.index for x in made.lines] == [i for i, x in enumerate(lines) if not x.get("voided")]
    assert all(x.net >= 0 and x.discount >= 0 and x.order_discount >= 0 for x in made.lines)
    assert made.subtotal == sum(x["line_total"] for x in kept) - sum(x.discount for x in made.lines)
    assert 0 <= made.order_discount <= made.subtotal
    assert sum(x.order_discount for x in made.lines) == made.order_discount
    assert made.total >= 0
    # A split by lines pays exactly the total, and so does an even split.
    assert sum(made.line_shares()) == made.total
    for rate, tax in made.taxes.items():
        taxable = sum(x.net for x in made.lines if x.tax_bp == rate)
        assert 0 <= tax <= taxable * rate / 10_000 + 1
    if settings.tax_mode == "included":
        assert made.total == made.subtotal - made.order_discount + made.service


def test_a_bill_worked_by_hand():
    # Two soups at 6.50 with 10 % tax, a steak at 24.00 with 20 % tax, 10 % off the steak,
    # 5.00 off the order, 12.5 % service, taxes added.
    order = {
        "lines": [
            line(1300, 2, tax_bp=1000),
            line(2400, tax_bp=2000, discount={"bp": 1000}),
            line(900, voided=True, tax_bp=1000),
        ],
        "discount": {"amount": 500},
    }
    made = bill(order, Settings("added", 1250))
    assert [x.discount for x in made.lines] == [0, 240]
    assert made.subtotal == 1300 + 2160 == 3460
    # 5.00 shared 1300 : 2160 -> 187.86.. and 312.13.. -> 188 and 312.
    assert [x.order_discount for x in made.lines] == [188, 312]
    assert made.service == 370  # 12.5 % of 29.60
    assert made.taxes == {1000: 111, 2000: 370}  # 10 % of 11.12 (1.112), 20 % of 18.48 (3.696)
    assert made.total == 2960 + made.service + 111 + 370
    assert made.discounts == 240 + 500


def test_included_tax_is_the_part_of_the_price_that_is_tax():
    made = bill({"lines": [line(11_000, tax_bp=1000), line(1180, tax_bp=1800)]}, Settings())
    assert made.taxes == {1000: 1000, 1800: 180}
    assert made.total == 12_180


def test_rounding_is_half_away_from_zero_once():
    # 5 % service on 0.10 is half a cent: rounded up; on 0.09, 0.45 of a cent: down.
    assert bill({"lines": [line(10)]}, Settings(service_bp=500)).service == 1
    assert bill({"lines": [line(9)]}, Settings(service_bp=500)).service == 0


def test_payments_cover_the_total_no_more():
    total, methods = 3000, ("cash", "card")
    first = Payment("cash", 1500, tip=200, tendered=2000)
    check_payment(first, 0, total, methods)
    assert first.change == 300
    second = Payment("card", 1500, tip=100)
    check_payment(second, 1500, total, methods)
    with pytest.raises(DomainError) as over:
        check_payment(Payment("card", 1501), 1500, total, methods)
    assert over.value.code == "overpayment"
    with pytest.raises(DomainError) as short:
        check_payment(Payment("cash", 1000, tendered=900), 0, total, methods)
    assert short.value.code == "not_enough_cash"
    with pytest.raises(DomainError) as done:
        check_payment(Payment("card", 1), total, total, methods)
    assert done.value.code == "already_paid"
    with pytest.raises(DomainError) as unknown:
        check_payment(Payment("cheque", 10), 0, total, methods)
    assert unknown.value.field == "method"
    for bad in (Payment("card", 0), Payment("card", 10, tip=-1)):
        with pytest.raises(DomainError):
            check_payment(bad, 0, total, methods)
