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


def test_a_discount_is_held_against_the_bill_as_it_is_now():
    """The probe: 9 % off a check, then the dear line voided, left the cheap line at almost
    nothing with no manager. An amount off is a rate of what is left."""
    floor = Floor()
    order = floor.order()  # soup x2 1300, steak 2400: 3700
    floor.run("set_discount", {"order_id": order["id"], "line": None, "amount": 360,
                               "reason": "regular"})  # fmt: skip  # 9.7 %: the waiter's own
    void = {"order_id": order["id"], "line": 1, "reason": "changed_mind"}
    refused = floor.refused("void_line", void)  # 360 of 1300 left is 27.7 %
    assert refused.code == "approval_needed" and refused.field == "discount"
    assert "check's discount" in refused.message
    # The void's approval is the void's: it does not approve what it does to the discount.
    assert floor.refused("void_line", void, approved=True).code == "approval_needed"
    # As a rate it stays 9.7 % whatever is voided: within the waiter's own limit.
    floor.run("set_discount", {"order_id": order["id"], "line": None, "bp": 970,
                               "reason": "regular"})  # fmt: skip
    floor.run("void_line", void)
    assert bill.bill(floor.state["orders"][order["id"]], bill.Settings()).total == 1300 - 126
    other = Floor()  # or a manager does it on their own device: they decide
    order = other.order()
    other.run("set_discount", {"order_id": order["id"], "line": None, "amount": 360,
                               "reason": "regular"})  # fmt: skip
    other.run("void_line", {**void, "order_id": order["id"]}, role="manager")


def test_an_approved_discount_keeps_what_was_approved_and_no_more():
    floor = Floor()
    order = floor.order()
    rate = {"order_id": order["id"], "line": None, "bp": 1500, "reason": "regular"}
    floor.run("set_discount", rate, approved=True)
    floor.run("void_line", {"order_id": order["id"], "line": 1, "reason": "changed_mind"})
    assert floor.state["orders"][order["id"]]["discount"]["approved_bp"] == 1500  # still 15 %
    other = Floor()
    order = other.order()
    amount = {"order_id": order["id"], "line": None, "amount": 555, "reason": "regular"}
    other.run("set_discount", amount, approved=True)  # 15 % of 3700, approved
    void = {"order_id": order["id"], "line": 1, "reason": "changed_mind"}
    assert other.refused("void_line", void).code == "approval_needed"  # 555 of 1300: 42.7 %


def test_a_cancelled_addition_holds_the_discounts_of_its_check():
    floor = Floor()
    order = floor.order(lines=[{"item_id": "cake", "qty": 1}])  # 550
    added = floor.run("create_order", {"adds_to": order["id"],
                                       "lines": [{"item_id": "steak", "qty": 1}]})["order"]  # fmt: skip
    floor.run("set_discount", {"order_id": order["id"], "line": None, "amount": 290,
                               "reason": "regular"})  # fmt: skip  # 9.7 % of 2950
    cancel = {"order_id": added["id"], "status": "cancelled", "reason": "changed_mind"}
    assert floor.refused("set_order_status", cancel).code == "approval_needed"
