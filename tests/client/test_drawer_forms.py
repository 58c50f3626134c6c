"""The drawer tab's forms and the Z report's paper, without a browser."""

from __future__ import annotations

from domain import reducer
from screens.manage import cash
from ui.i18n import Translator
from ui.z_report import rows

NOW = "2026-12-02T18:00:00Z"


def drawer(**extra) -> dict:
    shift = {"id": "d1", "name": "Till", "status": "open", "float": 10000,
             "cash": {"payments": 4500, "refunds": 500, "in": 0, "out": 2000, "taken": 3},
             "expected": 12000, "counted": None, "difference": None, "opened_at": NOW,
             "version": 3, "moves": []}  # fmt: skip
    return {**shift, **extra}


def floor(*drawers: dict) -> dict:
    return {**reducer.empty(), "drawers": {d["id"]: d for d in drawers}}


def test_amounts_as_people_type_them_and_problems_by_field():
    data, problems = cash.open_data(" Till ", "150,50", "TRY", floor(), NOW)
    assert (data["name"], data["float"], problems) == ("Till", 15050, {})
    assert data["drawer_id"].startswith("drawer-")
    _, problems = cash.open_data("Till", "12.345", "TRY", floor(), NOW)
    assert list(problems) == ["float"]
    _, problems = cash.open_data("till", "10", "TRY", floor(drawer()), NOW)  # open already
    assert problems["name"].code == "drawer_open"
    _, problems = cash.move_data("d1", "cash_out", "200", "bread", "TRY", floor(drawer()), NOW)
    assert problems["amount"].code == "not_enough_cash"  # it should hold 120.00
    data, problems = cash.move_data("d1", "cash_out", "20", " bread ", "TRY", floor(drawer()),
                                    NOW)  # fmt: skip
    assert problems == {} and (data["amount"], data["reason"]) == (2000, "bread")
    _, problems = cash.close_data("d1", "", "", "TRY", floor(drawer()), NOW)
    assert list(problems) == ["counted"]
    closed = drawer(status="closed", closed_at=NOW)
    _, problems = cash.close_data("d1", "119.95", "", "TRY", floor(closed), NOW)
    assert problems["drawer_id"].code == "drawer_closed"


def test_a_shift_card_shows_the_count_once_counted():
    assert [k for k, _ in cash.figures(drawer())] == ["float", "taken", "cash_in", "cash_out",
                                                      "expected"]  # fmt: skip
    counted = drawer(status="closed", counted=11995, difference=-5)
    assert cash.figures(counted)[-2:] == [("counted", 11995), ("difference", -5)]
    assert [cash.difference_word(d) for d in (-5, 0, 5)] == ["short", "even", "over"]


def test_a_z_report_on_paper():
    report = {
        "day": "2026-12-02", "starts_at": NOW, "ends_at": NOW, "currency": "TRY", "orders": 3,
        "cancelled": 0, "first_number": "A-001", "last_number": "A-003",
        "by_category": [{"category_id": "drinks", "name": "Drinks", "qty": 4, "amount": 2000}],
        "by_payment_method": {"cash": 1500, "card": 500}, "revenue": 2000,
        "tax_rates": {"800": 148}, "discounts": {"count": 1, "amount": 100},
        "voids": {"count": 0, "amount": 0}, "comps": {"count": 0, "amount": 0},
        "write_offs": {"count": 0, "amount": 0}, "refunds": {"count": 1, "amount": 500},
        "tips": 0, "service": 0, "carried": ["A-003"],
        "cash": {"drawers": [{"name": "Till", "float": 10000, "cash_in": 0, "cash_out": 1000,
                              "expected": 10500, "counted": 10495, "difference": -5}],
                 "expected": 10500, "counted": 10495, "over_short": -5, "outside_drawers": 0},
    }  # fmt: skip
    paper = rows(report, Translator("en"), lambda at: at[11:16], "18:05", closed=True)
    texts = [(r.left, r.right) for r in paper]
    assert texts[0] == ("Z report", "2026-12-02") and ("Numbers", "A-001 – A-003") in texts
    assert ("4 × Drinks", "₺20.00") in texts and ("Tax 8 %", "₺1.48") in texts
    assert ("Cash over / short", "−₺0.05") in texts and ("1 refund", "₺5.00") in texts
    assert ("A-003", "") in texts and paper[-1].left == "Printed 18:05"
    assert (
        rows(report, Translator("tr"), str, "18:05", closed=False)[0].left == "X raporu (kapanmadı)"
    )
    ana = {"name": "Ana", "orders": 2, "sales": 2500, "payments": 2000, "tips": 150}
    with_people = [(r.left, r.right) for r in rows({**report, "by_person": [ana]},
                   Translator("en"), str, "18:05", closed=True)]  # fmt: skip
    assert ("Ana · 2 orders", "₺25.00") in with_people
    assert ("taken (tips ₺1.50)", "₺20.00") in with_people
    assert not any(left == "By person" for left, _ in texts)  # a day closed before: none


def test_a_drawer_counted_by_notes_and_coins():
    pieces = [(20000, ""), (5000, "2"), (100, " 3 "), (5, "0")]
    assert cash.pieces_total(pieces) == 10300 and cash.pieces_total([(5000, "")]) is None
    assert cash.pieces_total([(5000, "two")]) is None  # not yet a number
    data, problems = cash.open_data("Till", "ignored", "TRY", floor(), NOW, pieces)
    assert problems == {} and data["float"] is None
    assert data["count"] == [
        {"value": 5000, "qty": 2},
        {"value": 100, "qty": 3},
    ]  # the zero left out
    _, problems = cash.close_data("d1", "", "", "TRY", floor(drawer()), NOW, [(5000, "x")])
    assert list(problems) == ["count"]
    _, problems = cash.close_data("d1", "", "", "TRY", floor(drawer()), NOW, [(5000, "0")])
    assert list(problems) == ["counted"]  # nothing counted at all: the rule asks for a count
    assert cash.DENOMINATIONS["TRY"][0] == 20000 and "XYZ" not in cash.DENOMINATIONS
