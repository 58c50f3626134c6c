"""The waiter's forms, decided without the page: the pad's order, a discount from what was
typed, the order's history, a held line in the cart; and the refusal the page shows before
queuing is the server's rule's."""

from __future__ import annotations

import pytest

from domain import reducer
from domain.errors import DomainError
from screens.floor import order_forms as forms
from screens.kiosk.cart import Cart, CartLine
from sync.view import refused

NOW = "2026-12-02T12:00:00Z"

MENU = {"tea": {"id": "tea", "name": "Tea", "price": 200, "station": "bar"}}


def cart(*lines: CartLine) -> Cart:
    made = Cart()
    for line in lines:
        made.add(line)
    return made


def test_the_pad_sends_a_tables_order_with_guests_and_held_lines():
    tea = cart(CartLine("tea", qty=2), CartLine("tea", hold=True))
    data = forms.pad_order(tea, forms.PadTarget(table_id="t1"), guests="3")
    assert data == {"type": "dine_in", "table_id": "t1", "note": "", "guests": 3, "lines": [
        {"item_id": "tea", "qty": 2, "modifiers": [], "note": ""},
        {"item_id": "tea", "qty": 1, "modifiers": [], "note": "", "hold": True}]}  # fmt: skip
    with pytest.raises(DomainError) as caught:
        forms.pad_order(tea, forms.PadTarget(table_id="t1"), guests="lots")
    assert caught.value.field == "guests"


def test_holding_a_line_and_sending_it_now_after_all_merges_it_back():
    tea = cart(CartLine("tea", qty=2), CartLine("tea", hold=True))
    held = next(line for line in tea.lines if line.hold)
    tea.toggle_hold(held.key)
    assert [(line.qty, line.hold) for line in tea.lines] == [(3, False)]


def test_take_away_and_delivery_carry_the_customer_and_additions_only_their_lines():
    tea = cart(CartLine("tea"))
    away = forms.pad_order(tea, forms.PadTarget(kind="delivery"),
                           customer={"name": " Deniz ", "phone": "", "address": "Moda 5"})  # fmt: skip
    assert (away["type"], away["table_id"], away["customer"]) == (
        "delivery", None, {"name": "Deniz", "address": "Moda 5"}
    )  # fmt: skip
    more = forms.pad_order(tea, forms.PadTarget(adds_to="o1"), guests="2")
    assert set(more) == {"adds_to", "table_id", "lines", "note"} and more["adds_to"] == "o1"


def test_a_discount_from_what_was_typed():
    assert forms.discount_data("o1", None, "percent", "12,5", "Birthday", "TRY")["bp"] == 1250
    assert forms.discount_data("o1", 0, "amount", "5.50", "Cold", "TRY")["amount"] == 550
    assert forms.discount_data("o1", None, "percent", "", "x", "TRY")["reason"] == ""
    for bad in ("0", "101", "ten"):
        with pytest.raises(DomainError):
            forms.discount_data("o1", None, "percent", bad, "x", "TRY")


def test_history_reads_newest_first_with_who():
    order = {"history": [
        {"at": "t1", "what": "placed", "by": {"device": "d", "role": "floor", "name": "Bar phone"}},
        {"at": "t2", "what": "void", "by": {"device": "d", "role": "manager", "name": ""},
         "line": 0, "reason": "quality"},
        {"at": "t3", "what": "fired", "by": {"device": "k", "role": "kiosk",
                                             "name": "kiosk device"}}]}  # fmt: skip
    rows = forms.history(order)
    assert [(r.what, r.who, r.role) for r in rows] == [
        ("fired", "", "kiosk"), ("void", "", "manager"), ("placed", "Bar phone", "floor")
    ]  # fmt: skip
    assert rows[1].detail == {"line": 0, "reason": "quality"}
    ana = {"device": "d", "role": "floor", "name": "Bar phone", "person": {"id": "p1",
                                                                           "name": "Ana"}}  # fmt: skip
    assert forms.history({"history": [{"at": "t", "what": "placed", "by": ana}]})[0].who == (
        "Ana · Bar phone"
    )


def test_the_page_hears_the_servers_refusal_before_queuing():
    floor = reducer.empty()
    floor["tables"]["t1"] = {"id": "t1", "name": "T1", "area_id": "a", "seats": 2,
                             "status": "seated"}  # fmt: skip
    floor["orders"]["o1"] = {"id": "o1", "number": "A-001", "status": "preparing",
                             "table_id": "t1", "lines": [{"item_id": "tea", "name": "Tea",
                             "qty": 1, "line_total": 200}], "note": "", "total": 200,
                             "created_at": "t", "updated_at": "t", "version": 2}  # fmt: skip
    void = {"order_id": "o1", "line": 0, "reason": "quality"}
    assert refused(floor, "void_line", void, MENU, {}, "floor", now=NOW).code == "approval_needed"
    assert refused(floor, "void_line", void, MENU, {}, "manager", now=NOW) is None
    assert (
        refused(floor, "void_line", {**void, "approval": "x"}, MENU, {}, "floor", now=NOW) is None
    )
    assert (
        refused(floor, "void_line", {**void, "reason": ""}, MENU, {}, "floor", now=NOW).field
        == "reason"
    )
    order = {"table_id": "t1", "lines": [{"item_id": "tea", "qty": 1}]}
    assert refused(floor, "create_order", order, MENU, {}, "floor", now=NOW) is None


def test_take_away_checks_have_a_tab_of_their_own():
    from screens.floor import plan

    floor = reducer.empty()
    base = {"status": "new", "lines": [], "note": "", "total": 0, "updated_at": "t", "version": 1}
    floor["orders"] = {
        "o1": {**base, "id": "o1", "number": "A-001", "table_id": None, "type": "delivery",
               "customer": {"phone": "0532 000 11 22"}, "created_at": "t1"},
        "o2": {**base, "id": "o2", "number": "A-001", "table_id": None, "adds_to": "o1",
               "status": "ready", "created_at": "t2"},
        "o3": {**base, "id": "o3", "number": "A-002", "table_id": "t1", "created_at": "t3"},
        "o4": {**base, "id": "o4", "number": "A-003", "table_id": None, "type": "takeaway",
               "created_at": "t4"},
    }  # fmt: skip
    grouped = plan.away(floor)
    assert {k: [o["id"] for o in v] for k, v in grouped.items()} == {"o1": ["o1", "o2"],
                                                                     "o4": ["o4"]}  # fmt: skip
    tiles = plan.away_tiles(grouped)
    assert [(t.key, t.status, t.kind, t.customer) for t in tiles] == [
        ("away.o1", "ready", "delivery", "0532 000 11 22"), ("away.o4", "new", "takeaway", "")
    ]  # fmt: skip
