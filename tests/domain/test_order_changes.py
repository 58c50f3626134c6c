"""Placing and moving orders (``order_changes``): additions, held lines, cancel reasons and
approvals, who did it, and the rule for two devices changing one order offline, run here as the
server and the page run it (``tests.domain.floor``)."""

from __future__ import annotations

import pytest

from domain import bill, payloads, schema
from domain.checks import check
from domain.errors import DomainError
from tests.domain.floor import NOW, Floor


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


def test_an_items_tax_rate_travels_with_its_line_to_the_bill():
    order = Floor().order()
    assert order["lines"][0]["tax_bp"] == 800 and "tax_bp" not in order["lines"][1]
    included = bill.bill(order, bill.Settings())
    assert included.taxes == {800: 1300 - 1204} and included.total == 3700  # inside the price
    added = bill.bill(order, bill.Settings(tax_mode="added"))
    assert added.taxes == {800: 104} and added.total == 3700 + 104
