"""What goes on a kitchen ticket and on a bill."""

from __future__ import annotations

from ui.i18n import Translator
from ui.receipt import rows

ORDER = {
    "number": "A12", "total": 2350, "note": "Birthday: candle",
    "lines": [
        {"qty": 2, "name": "Lentil soup", "item_id": "soup", "line_total": 1300,
         "modifiers": [{"id": "hot", "name": "Spicy"}], "note": "no bread"},
        {"qty": 1, "name": "Ayran", "item_id": "ayran", "line_total": 1050, "modifiers": []},
    ],
}  # fmt: skip


def test_a_kitchen_ticket_has_what_the_cook_needs_and_no_prices():
    paper = rows("ticket", ORDER, "H4", "12:31", "12:32", Translator("en"))
    texts = [(r.left, r.right) for r in paper]
    assert texts[0] == ("Kitchen ticket", "#A12") and texts[1] == ("H4", "12:31")
    assert ("2 × Lentil soup", "") in texts and ("+ Spicy", "") in texts
    assert ("no bread", "") in texts and ("Birthday: candle", "") in texts
    assert not any("₺" in r.right for r in paper)
    assert paper[-1].left == "Printed 12:32"


def test_a_bill_has_line_prices_and_the_total_in_the_language_s_money():
    paper = rows("bill", ORDER, "H4", "12:31", "12:40", Translator("tr"))
    texts = [(r.left, r.right) for r in paper]
    assert texts[0] == ("Hesap", "#A12")
    assert ("2 × Lentil soup", "₺13,00") in texts
    assert next(r for r in paper if r.kind == "total").right == "₺23,50"


def test_the_printed_bill_is_the_checks_bill_and_the_ticket_says_what_was_voided():
    changed = {**ORDER, "discount": {"bp": 1000, "reason": "regular"}, "lines": [
        ORDER["lines"][0],
        {**ORDER["lines"][1], "voided": {"reason": "wrong_item", "note": ""}},
        {"qty": 1, "name": "Baklava", "item_id": "baklava", "line_total": 750, "hold": True,
         "modifiers": []}]}  # fmt: skip
    t = Translator("en")
    paper = rows("bill", changed, "H4", "12:31", "12:40", t, {"service_bp": 1000})
    texts = [(r.left, r.right) for r in paper]
    assert ("1 × Ayran", "₺10.50") not in texts  # voided: not on the bill
    assert ("Discounts", "-₺2.05") in texts and ("Service charge", "₺1.85") in texts
    assert next(r for r in paper if r.kind == "total").right == "₺20.30"
    ticket = [r.left for r in rows("ticket", changed, "H4", "12:31", "12:32", t)]
    assert ticket[ticket.index("1 × Ayran") + 1] == "VOID · Wrong item"
    assert ticket[ticket.index("1 × Baklava") + 1] == "HOLD"


def test_a_paper_goes_to_the_printers_as_its_title_and_rows():
    from ui.receipt import Row, paper_body

    paper = [Row("Bill", "#A-001", "head"), Row("H2", "19:05"), Row("", "", "rule"),
             Row("2 × Köfte", "₺24.00"), Row("Total", "₺24.00", "total"),
             Row("x" * 120)]  # fmt: skip
    body = paper_body("bill", paper, "o1")
    assert body["title"] == "Bill #A-001" and body["order_id"] == "o1"
    assert body["rows"][:3] == [["H2", "19:05"], ["2 × Köfte", "₺24.00"], ["Total", "₺24.00"]]
    assert len(body["rows"][3][0]) == 80  # bounded as the server takes it
