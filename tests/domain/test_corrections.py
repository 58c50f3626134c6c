"""A void and a discount (``corrections``): what they leave on the ticket and the bill, the
reasons they need, and the threshold above which a manager approves."""

from __future__ import annotations

from domain import bill
from tests.domain.floor import NOW, Floor


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
