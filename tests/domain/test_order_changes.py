"""Changing an open order: additions, voids, discounts, held lines, cancel reasons, who did it,
and the rule for two devices changing one order offline. One rule each (``order_changes``),
run here as the server and the page run it: checked by the payload spec, then applied, its
events folded by the reducer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import bill, changes, payloads, reducer, schema
from domain.errors import DomainError
from domain.order_changes import check

NOW = "2026-11-30T19:00:00+00:00"
MENU = {
    "soup": {"id": "soup", "name": "Soup", "price": 650, "station": "kitchen", "tax_bp": 800},
    "steak": {"id": "steak", "name": "Steak", "price": 2400, "station": "grill"},
    "cake": {"id": "cake", "name": "Cake", "price": 550, "station": "pastry"},
}
WAITER = {"device": "phone-1", "role": "floor", "device_name": "Ana's phone"}


class Floor:
    """A floor with one seated table, changed only through the rules, as the server does."""

    def __init__(self) -> None:
        self.state = reducer.empty()
        self.state["tables"]["t1"] = {"id": "t1", "name": "T1", "area_id": "a", "seats": 4,
                                      "status": "seated"}  # fmt: skip
        self.numbers = 0

    def run(self, op: str, data: dict, **context) -> dict:
        clean = schema.validate(payloads.OPS[op], data, "data")
        extra = {**WAITER, **context}
        if op == "create_order" and not clean.get("adds_to"):
            self.numbers += 1
            extra.setdefault("number", f"A-{self.numbers:03d}")
        extra.setdefault("order_id", f"o{len(self.state['orders']) + self.numbers}")
        result, events = changes.apply(
            self.state, op, clean, changes.Context(now=NOW, menu=MENU, **extra)
        )
        seq = self.state["seq"]
        self.state = reducer.apply_all(
            self.state,
            [{"seq": seq + i + 1, "type": k, "data": d} for i, (k, d) in enumerate(events)],
        )
        return result

    def order(self, **data) -> dict:
        body = {"table_id": "t1", "lines": [{"item_id": "soup", "qty": 2},
                                            {"item_id": "steak", "qty": 1}], **data}  # fmt: skip
        return self.run("create_order", body)["order"]

    def move(self, order: dict, *statuses: str, **context) -> None:
        for status in statuses:
            self.run("set_order_status", {"order_id": order["id"], "status": status}, **context)

    def refused(self, op: str, data: dict, **context) -> DomainError:
        with pytest.raises(DomainError) as caught:
            self.run(op, data, **context)
        return caught.value


def test_an_order_says_who_placed_it_and_every_change_adds_to_its_history():
    floor = Floor()
    order = floor.order(guests=3)
    assert order["type"] == "dine_in" and order["guests"] == 3
    assert order["history"] == [{"at": NOW, "what": "placed", "by": {
        "device": "phone-1", "role": "floor", "name": "Ana's phone"}}]  # fmt: skip
    floor.move(order, "accepted", role="kitchen", device="kds", device_name="Grill screen")
    history = floor.state["orders"][order["id"]]["history"]
    assert [(h["what"], h.get("status"), h["by"]["name"]) for h in history] == [
        ("placed", None, "Ana's phone"), ("status", "accepted", "Grill screen")
    ]  # fmt: skip


def test_order_types_and_customer_details_are_checked():
    floor = Floor()
    away = floor.run("create_order", {"table_id": None, "type": "delivery",
                                      "lines": [{"item_id": "cake", "qty": 1}],
                                      "customer": {"name": "Deniz", "phone": "+90 532 000 11 22",
                                                   "address": "Moda Cd. 5, Kadıköy"}})["order"]  # fmt: skip
    assert away["type"] == "delivery" and away["customer"]["name"] == "Deniz"
    assert (
        floor.run("create_order", {"lines": [{"item_id": "cake", "qty": 1}]})["order"]["type"]
        == "takeaway"
    )
    bad_phone = {"lines": [{"item_id": "cake", "qty": 1}], "customer": {"phone": "12"}}
    assert floor.refused("create_order", bad_phone).field == "customer.phone"
    no_table = {"type": "dine_in", "lines": [{"item_id": "cake", "qty": 1}]}
    assert floor.refused("create_order", no_table).code == "table_required"
    with pytest.raises(DomainError) as caught:
        schema.validate(payloads.CREATE_ORDER, {**bad_phone, "customer": {"phone": "call me"}})
    assert caught.value.field == "customer.phone"


def test_an_addition_is_its_own_ticket_on_the_same_check():
    floor = Floor()
    mains = floor.order()
    floor.move(mains, "accepted", "preparing", "ready", "served")
    dessert = floor.run(
        "create_order", {"adds_to": mains["id"], "lines": [{"item_id": "cake", "qty": 2}]}
    )["order"]
    assert (dessert["number"], dessert["table_id"], dessert["adds_to"], dessert["status"]) == (
        mains["number"], "t1", mains["id"], "new"
    )  # fmt: skip
    assert dessert["history"][0]["what"] == "added"
    root = floor.state["orders"][mains["id"]]
    assert bill.bill(check(floor.state, root), bill.Settings()).total == 1300 + 2400 + 1100
    # The check is paid on its first order; the served one is paid, the dessert when served.
    floor.run("add_payment", {"order_id": dessert["id"], "method": "card", "amount": 4800},
              change_id="pay-1")  # fmt: skip
    assert mains["id"] not in floor.state["orders"]
    assert floor.state["orders"][dessert["id"]]["settled_at"] == NOW
    assert floor.state["tables"]["t1"]["status"] != "dirty"
    floor.move(dessert, "accepted", "preparing", "ready", "served")
    assert floor.state["orders"] == {} and floor.state["tables"]["t1"]["status"] == "dirty"


def test_nothing_is_added_to_a_paid_or_closed_check():
    floor = Floor()
    mains = floor.order()
    floor.run("add_payment", {"order_id": mains["id"], "method": "cash", "amount": 3700})
    more = {"adds_to": mains["id"], "lines": [{"item_id": "cake", "qty": 1}]}
    assert floor.refused("create_order", more).code == "already_paid"
    assert floor.refused("create_order", {**more, "adds_to": "nope"}).code == "unknown_order"


def test_a_void_leaves_the_bill_and_stays_on_the_ticket_struck():
    floor = Floor()
    order = floor.order()
    voided = floor.run("void_line", {"order_id": order["id"], "line": 1, "reason": "wrong_item"})
    line = voided["order"]["lines"][1]
    assert line["voided"]["reason"] == "wrong_item" and line["name"] == "Steak"
    assert voided["order"]["total"] == 1300
    assert bill.bill(voided["order"], bill.Settings()).total == 1300
    assert voided["order"]["history"][-1] | {"by": None} == {
        "at": NOW, "what": "void", "by": None, "line": 1, "name": "Steak", "reason": "wrong_item",
        "note": "",
    }  # fmt: skip


def test_a_void_needs_a_reason_and_other_needs_words():
    floor = Floor()
    order = floor.order()
    void = {"order_id": order["id"], "line": 0}
    assert floor.refused("void_line", {**void, "reason": ""}).code == "reason_required"
    assert floor.refused("void_line", {**void, "reason": "other"}).field == "note"
    assert floor.refused("void_line", {**void, "reason": "bored"}).field == "reason"
    floor.run("void_line", {**void, "reason": "other", "note": "spilled"})
    custom = {"reasons": ["Spilled", "Guest left"]}
    floor.run("void_line", {**void, "line": 1, "reason": "Guest left"}, settings=custom)


def test_food_the_kitchen_started_needs_a_manager_to_void_or_cancel():
    floor = Floor()
    order = floor.order()
    floor.move(order, "accepted", "preparing", role="kitchen")
    void = {"order_id": order["id"], "line": 0, "reason": "changed_mind"}
    assert floor.refused("void_line", void).code == "approval_needed"
    cancel = {"order_id": order["id"], "status": "cancelled", "reason": "changed_mind"}
    assert floor.refused("set_order_status", cancel).code == "approval_needed"
    floor.run("void_line", void, approved=True)
    floor.run("void_line", {**void, "line": 1}, role="manager")  # the manager's own phone
    # Every line voided: the order is cancelled with the last reason, the table seated again.
    assert order["id"] not in floor.state["orders"]
    assert floor.state["tables"]["t1"]["status"] == "seated"


def test_two_phones_offline_converge_as_the_rule_says():
    """Phone A voids the steak and phone B adds desserts, both offline; meanwhile the kitchen
    and phone B serve. In arrival order: both additions land, the second void of the same line
    changes nothing, a void of a served order is refused by name."""
    floor = Floor()
    order = floor.order()
    void = {"order_id": order["id"], "line": 1, "reason": "wrong_item"}
    add = {"adds_to": order["id"], "lines": [{"item_id": "cake", "qty": 1}]}
    floor.run("create_order", add, device="phone-b")
    floor.run("void_line", void, device="phone-a")
    floor.run("create_order", add, device="phone-a")
    again = floor.run("void_line", void, device="phone-b")
    assert [h["what"] for h in again["order"]["history"]].count("void") == 1
    floor.move(order, "accepted", "preparing", "ready", role="kitchen")
    floor.move(order, "served", device="phone-b")
    late = floor.refused("void_line", {**void, "line": 0}, device="phone-a")
    assert late.code == "line_served"
    root = floor.state["orders"][order["id"]]
    assert bill.bill(check(floor.state, root), bill.Settings()).total == 1300 + 550 + 550


def test_held_lines_wait_for_the_waiter_to_fire_them():
    floor = Floor()
    order = floor.run("create_order", {"table_id": "t1", "lines": [
        {"item_id": "soup", "qty": 1}, {"item_id": "steak", "qty": 1, "hold": True}]})["order"]  # fmt: skip
    assert [line.get("hold", False) for line in order["lines"]] == [False, True]
    fired = floor.run("fire_held", {"order_id": order["id"]})["order"]
    assert "hold" not in fired["lines"][1] and fired["lines"][1]["fired_at"] == NOW
    assert fired["history"][-1]["what"] == "fired"
    assert floor.run("fire_held", {"order_id": order["id"]})["order"] == fired  # nothing held


def test_discounts_above_the_threshold_need_a_manager():
    floor = Floor()
    order = floor.order()
    small = {"order_id": order["id"], "line": None, "bp": 1000, "reason": "regular"}
    floor.run("set_discount", small)
    assert floor.refused("set_discount", {**small, "bp": 1500}).code == "approval_needed"
    floor.run("set_discount", {**small, "bp": 1500}, approved=True)
    line_off = {"order_id": order["id"], "line": 0, "amount": 1300, "reason": "cold"}
    assert floor.refused("set_discount", line_off).code == "approval_needed"  # 100 % of it
    floor.run("set_discount", {**line_off, "amount": 100})
    now = floor.state["orders"][order["id"]]
    assert bill.bill(now, bill.Settings()).total == (1300 - 100 + 2400) - 540
    assert floor.refused("set_discount", {**small, "reason": ""}).code == "reason_required"
    off = floor.run("set_discount", {**small, "bp": 0, "reason": ""})["order"]
    assert "discount" not in off
    both = {**small, "amount": 100}
    assert floor.refused("set_discount", both).field == "amount"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("void"), st.integers(0, 3)),
            st.tuples(st.just("add"), st.integers(1, 3)),
            st.tuples(st.just("discount"), st.integers(0, 3000)),
            st.tuples(st.just("pay"), st.integers(1, 5000)),
        ),
        max_size=12,
    )
)
def test_whatever_happens_the_check_adds_up_and_never_is_overpaid(steps):
    floor = Floor()
    order = floor.order()
    for kind, n in steps:
        try:
            if kind == "void":
                floor.run("void_line", {"order_id": order["id"], "line": n, "reason": "quality"})
            elif kind == "add":
                floor.run("create_order", {"adds_to": order["id"],
                                           "lines": [{"item_id": "cake", "qty": n}]})  # fmt: skip
            elif kind == "discount":
                floor.run("set_discount", {"order_id": order["id"], "amount": n, "reason": "x"})
            else:
                floor.run("add_payment", {"order_id": order["id"], "method": "card", "amount": n})
        except DomainError:
            pass
    root = floor.state["orders"].get(order["id"])
    if root is None:
        return  # cancelled (every line voided) or paid
    owed = bill.bill(check(floor.state, root), bill.Settings())
    assert sum(p["amount"] for p in root.get("payments", [])) <= owed.total
    assert sum(owed.line_shares()) == owed.total


def test_nothing_takes_the_bill_below_what_is_paid():
    floor = Floor()
    order = floor.order()  # soup 1300, steak 2400
    floor.run("add_payment", {"order_id": order["id"], "method": "cash", "amount": 2000})
    void = {"order_id": order["id"], "line": 1, "reason": "wrong_item"}
    assert floor.refused("void_line", void).code == "paid_beyond"  # 1300 left < 2000 paid
    off = {"order_id": order["id"], "bp": 5000, "reason": "x"}
    assert floor.refused("set_discount", off, approved=True).code == "paid_beyond"
    cancel = {"order_id": order["id"], "status": "cancelled", "reason": "quality"}
    assert floor.refused("set_order_status", cancel).code == "paid_beyond"
    kept = floor.run("void_line", {**void, "line": 0})["order"]  # 2400 left >= 2000 paid
    assert kept["lines"][0]["voided"]


def test_an_items_tax_rate_travels_with_its_line_to_the_bill():
    order = Floor().order()
    assert order["lines"][0]["tax_bp"] == 800 and "tax_bp" not in order["lines"][1]
    included = bill.bill(order, bill.Settings())
    assert included.taxes == {800: 1300 - 1204} and included.total == 3700  # inside the price
    added = bill.bill(order, bill.Settings(tax_mode="added"))
    assert added.taxes == {800: 104} and added.total == 3700 + 104
