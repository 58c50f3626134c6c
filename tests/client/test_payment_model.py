"""The floor's payment form, pure: the bill it shows, the even split, cash change, and the
same refusals the server gives."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from screens.floor.payment import by_lines, change_due, next_share, pay_view, payment

ORDER = {
    "id": "o1",
    "lines": [
        {"item_id": "a", "name": "Adana", "qty": 2, "line_total": 2000, "tax_bp": 1000},
        {"item_id": "b", "name": "Ayran", "qty": 1, "line_total": 1001, "tax_bp": 1000},
    ],
}


def test_the_bill_rows_and_what_is_owed():
    view = pay_view(ORDER, {"service_bp": 1000})
    assert [(r.key, r.amount) for r in view.rows] == [
        ("pay.subtotal", 3001), ("pay.service", 300), ("pay.tax_included", 273),
    ]  # fmt: skip
    assert view.total == 3301 and view.owed == 3301 and view.methods == ("cash", "card")
    paid = pay_view({**ORDER, "payments": [{"method": "cash", "amount": 1301}]}, {})
    assert (paid.total, paid.paid, paid.owed) == (3001, 1301, 1700)


def test_an_even_split_gives_each_payer_a_share_and_the_last_what_is_left():
    view = pay_view(ORDER, {})  # 30.01 between three: 10.01, 10.00, 10.00
    assert next_share(view, 3, 0) == 1001
    after_one = pay_view({**ORDER, "payments": [{"method": "card", "amount": 1001}]}, {})
    assert next_share(after_one, 3, 1) == 1000
    assert next_share(after_one, 3, 2) == after_one.owed == 2000  # the last pays what is left
    assert next_share(view, 1, 0) == 3001


def test_the_form_becomes_the_server_s_change_or_says_which_field_is_wrong():
    view = pay_view(ORDER, {})
    data = payment(ORDER, view, "cash", "20,00", "1", "25", "TRY")
    assert data == {"order_id": "o1", "method": "cash", "amount": 2000, "tip": 100,
                    "tendered": 2500, "lines": [], "drawer_id": ""}  # fmt: skip
    assert payment(ORDER, view, "card", "30.01", "", "99", "TRY")["tendered"] == 0
    for method, amount, tendered, field in (("card", "30.02", "", "amount"),
                                             ("card", "abc", "", "amount"),
                                             ("cash", "10", "5", "tendered"),
                                             ("voucher", "10", "", "method")):  # fmt: skip
        with pytest.raises(DomainError) as refused:
            payment(ORDER, view, method, amount, "", tendered, "TRY")
        assert refused.value.field == field


def test_change_as_the_waiter_types():
    assert change_due("cash", "20.00", "1.50", "50", "TRY") == 2850
    assert change_due("cash", "20.00", "", "10", "TRY") == -1000  # not enough yet
    assert change_due("card", "20.00", "", "50", "TRY") is None
    assert change_due("cash", "2x", "", "50", "TRY") is None


def test_a_split_by_items_pays_each_guests_lines_and_the_next_sees_them_taken():
    view = pay_view(ORDER, {"service_bp": 1000})
    assert sum(line.share for line in view.lines) == view.total
    first = view.lines[0]
    assert by_lines(view, {first.index}) == first.share
    data = payment(ORDER, view, "card", f"{first.share / 100:.2f}", "", "", "TRY", {first.index})
    assert data["lines"] == [first.index]
    paid = {**ORDER, "payments": [{"method": "card", "amount": first.share,
                                   "lines": [first.index]}]}  # fmt: skip
    after = pay_view(paid, {"service_bp": 1000})
    assert [line.paid for line in after.lines] == [True] + [False] * (len(after.lines) - 1)
    everything = {line.index for line in after.lines}
    assert by_lines(after, everything) == after.owed  # never more than is owed


def test_cash_names_its_drawer_only_while_several_are_open():
    view = pay_view(ORDER, {})
    one, two = [{"id": "d1", "name": "Front"}], [{"id": "d1", "name": "Front"},
                                                {"id": "d2", "name": "Bar"}]  # fmt: skip
    assert payment(ORDER, view, "cash", "10", "", "", "TRY", None, one)["drawer_id"] == ""
    with pytest.raises(DomainError) as refused:
        payment(ORDER, view, "cash", "10", "", "", "TRY", None, two)
    assert refused.value.field == "drawer_id"
    assert payment(ORDER, view, "cash", "10", "", "", "TRY", None, two, "d2")["drawer_id"] == "d2"
    assert payment(ORDER, view, "card", "10", "", "", "TRY", None, two)["drawer_id"] == ""
