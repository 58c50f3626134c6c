"""Paying an order's bill: one rule (``changes.add_payment``) for the server and the device."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import changes, payloads, schema
from domain.errors import DomainError

NOW = "2026-11-23T20:00:00+00:00"
TABLE = {"id": "t1", "name": "T1", "area_id": "a", "seats": 4, "status": "ordered"}


def order(status: str = "served", **extra) -> dict:
    lines = [{"item_id": "soup", "name": "Soup", "qty": 2, "unit_price": 650, "line_total": 1300,
              "modifiers": [], "note": ""},
             {"item_id": "tea", "name": "Tea", "qty": 1, "unit_price": 200, "line_total": 200,
              "modifiers": [], "note": ""}]  # fmt: skip
    return {"id": "o1", "number": "A-001", "status": status, "table_id": "t1", "lines": lines,
            "note": "", "total": 1500, "created_at": NOW, "updated_at": NOW, "version": 3,
            **extra}  # fmt: skip


def state(*orders: dict) -> dict:
    return {"seq": 0, "areas": {}, "tables": {"t1": TABLE}, "orders": {o["id"]: o for o in orders}}


def pay(current: dict, settings: dict | None = None, change: str = "", **data) -> tuple[dict, list]:
    checked = schema.validate(payloads.ADD_PAYMENT, {"order_id": "o1", **data})
    context = changes.Context(
        now=NOW, menu={}, device="phone-1", settings=settings or {}, change_id=change
    )
    return changes.apply(current, "add_payment", checked, context)


def test_two_payments_settle_a_served_order_and_the_table_follows():
    first, events = pay(
        state(order()), change="c1", method="cash", amount=1000, tip=100, tendered=2000
    )
    taken = first["order"]
    assert taken["status"] == "served" and "settled_at" not in taken
    assert taken["payments"] == [{"id": "c1", "method": "cash", "amount": 1000, "tip": 100, "tendered": 2000,
                                  "change": 900, "at": NOW, "by": "phone-1"}]  # fmt: skip
    assert [kind for kind, _ in events] == ["order_updated"]
    # Laid again on a state that already holds it (the server's copy came first): nothing.
    again, events = pay(state(taken), change="c1", method="cash", amount=1000)
    assert again["order"] == taken and events == []
    second, events = pay(state(taken), change="c2", method="card", amount=500)
    paid = second["order"]
    assert paid["status"] == "paid" and paid["settled_at"] == NOW
    assert [p["method"] for p in paid["payments"]] == ["cash", "card"]
    assert [kind for kind, _ in events] == ["order_updated", "table_updated"]
    assert events[1][1]["status"] != "ordered"  # its last order closed: the table moves on


def test_a_take_away_paid_up_front_stays_with_the_kitchen_until_served():
    result, _ = pay(state(order("preparing", table_id=None)), method="card", amount=1500)
    settled = result["order"]
    assert settled["status"] == "preparing" and settled["settled_at"] == NOW
    context = changes.Context(now=NOW, menu={})
    ready, _ = changes.apply(state(settled), "set_order_status",
                             {"order_id": "o1", "status": "ready"}, context)  # fmt: skip
    served, _ = changes.apply(state(ready["order"]), "set_order_status",
                              {"order_id": "o1", "status": "served"}, context)  # fmt: skip
    assert served["order"]["status"] == "paid"  # nothing left to do: it closes


@pytest.mark.parametrize(
    ("current", "data", "code"),
    [
        (order(), {"method": "card", "amount": 1501}, "overpayment"),
        (order(payments=[{"method": "card", "amount": 1500}]), {"method": "card", "amount": 1},
         "already_paid"),
        (order(), {"method": "voucher", "amount": 100}, "invalid_value"),
        (order(), {"method": "cash", "amount": 1500, "tendered": 1000}, "not_enough_cash"),
        (order("paid"), {"method": "card", "amount": 100}, "order_closed"),
        (order("cancelled"), {"method": "card", "amount": 100}, "order_closed"),
    ],
)  # fmt: skip
def test_what_a_bill_refuses(current, data, code):
    with pytest.raises(DomainError) as refused:
        pay(state(current), **data)
    assert refused.value.code == code


def test_the_restaurant_s_own_methods_and_service_charge_count():
    settings = {"payment_methods": ["cash", "meal-voucher"], "service_bp": 1000}
    with pytest.raises(DomainError):
        pay(state(order()), settings, method="card", amount=100)
    # 15.00 + 10 % service: 16.50 is owed, and a voucher may pay it.
    result, _ = pay(state(order()), settings, method="meal-voucher", amount=1650)
    assert result["order"]["status"] == "paid"
    with pytest.raises(DomainError) as over:
        pay(state(order()), settings, method="cash", amount=1651)
    assert over.value.code == "overpayment"


# -- paid means settled --------------------------------------------------------------------


def test_an_order_is_paid_only_when_settled():
    from tests.domain.floor import Floor

    floor = Floor()
    order = floor.order()
    floor.move(order, "accepted", "preparing", "ready", "served")
    said = floor.refused("set_order_status", {"order_id": order["id"], "status": "paid"})
    assert said.code == "not_settled" and said.field == "status"
    floor.run("add_payment", {"order_id": order["id"], "method": "card", "amount": 3700})
    assert order["id"] not in floor.state["orders"]  # paid, so off the floor
    assert floor.state["tables"]["t1"]["status"] == "dirty"


def test_a_check_closed_unpaid_is_a_comp_or_write_off_with_a_reason_and_a_manager():
    from tests.domain.floor import Floor

    floor = Floor()
    order = floor.order()  # 3700
    floor.move(order, "accepted", "preparing", "ready", "served")
    floor.run("add_payment", {"order_id": order["id"], "method": "cash", "amount": 1000})
    comp = {"order_id": order["id"], "kind": "comp", "reason": "quality"}
    assert floor.refused("comp_check", comp).code == "approval_needed"
    assert floor.refused("comp_check", {**comp, "reason": ""}, approved=True).code in (
        "reason_required", "invalid_value")  # fmt: skip
    done = floor.run("comp_check", comp, approved=True)["order"]
    assert done["status"] == "paid" and done["settled_at"]
    assert done["comp"]["amount"] == 2700 and done["comp"]["kind"] == "comp"  # what was owed
    assert done["payments"][0]["amount"] == 1000  # what was paid stays paid
    assert done["history"][-2]["what"] == "comp"
    assert floor.state["tables"]["t1"]["status"] == "dirty"
    away = floor.order()
    floor.run("comp_check", {"order_id": away["id"], "kind": "write_off", "reason": "other",
                             "note": "walked out"}, role="manager")  # fmt: skip
    left = floor.state["orders"][away["id"]]  # not served yet: the kitchen still cooks it
    assert left["settled_at"] and left["comp"]["kind"] == "write_off"
    assert floor.refused("add_payment", {"order_id": away["id"], "method": "card",
                                         "amount": 1}).code in ("already_paid", "overpayment")  # fmt: skip


# -- refunds -------------------------------------------------------------------------------


def paid_floor():
    from tests.domain.floor import Floor

    floor = Floor()
    order = floor.order()  # 3700, not served yet: paid up front stays with the kitchen
    floor.run("add_payment", {"order_id": order["id"], "method": "cash", "amount": 3700},
              change_id="payment-1")  # fmt: skip
    return floor, order


def test_a_payment_taken_by_mistake_is_refunded_and_the_check_paid_again():
    floor, order = paid_floor()
    refund = {"order_id": order["id"], "payment_id": "payment-1", "amount": 3700, "method": "cash",
              "reason": "wrong_item"}  # fmt: skip
    assert floor.refused("refund_payment", refund).code == "approval_needed"
    assert floor.refused("refund_payment", {**refund, "amount": 3701},
                         approved=True).code == "over_refund"  # fmt: skip
    assert floor.refused("refund_payment", {**refund, "payment_id": "no-such-payment"},
                         approved=True).code == "not_found"  # fmt: skip
    back = floor.run("refund_payment", refund, approved=True, change_id="refund-1")["order"]
    assert "settled_at" not in back and back["refunds"][0]["amount"] == 3700
    assert back["payments"][0]["amount"] == 3700  # nothing deleted
    again = floor.run("add_payment", {"order_id": order["id"], "method": "card",
                                      "amount": 3700})["order"]  # fmt: skip
    assert again["settled_at"] and [p["method"] for p in again["payments"]] == ["cash", "card"]
    assert (
        floor.refused("refund_payment", {**refund, "amount": 1}, approved=True).code
        == "over_refund"
    )  # all of payment-1 went back


@settings(max_examples=80)
@given(st.lists(st.tuples(st.sampled_from(["pay", "refund"]), st.integers(1, 4000)), max_size=12))
def test_refunds_never_give_back_more_than_a_payment_paid(steps):
    from tests.domain.floor import Floor

    floor = Floor()
    order = floor.order()
    for n, (kind, amount) in enumerate(steps):
        try:
            if kind == "pay":
                floor.run("add_payment", {"order_id": order["id"], "method": "card",
                                          "amount": amount}, change_id=f"payment-{n}")  # fmt: skip
            else:
                target = f"payment-{amount % max(1, n)}"
                floor.run("refund_payment", {"order_id": order["id"], "payment_id": target,
                                             "amount": amount, "method": "card",
                                             "reason": "quality"}, approved=True)  # fmt: skip
        except DomainError:
            pass
    root = floor.state["orders"][order["id"]]
    for payment in root.get("payments", []):
        back = sum(r["amount"] for r in root.get("refunds", []) if r["payment_id"] == payment["id"])
        assert 0 <= back <= payment["amount"]
    held = sum(p["amount"] for p in root.get("payments", [])) - sum(
        r["amount"] for r in root.get("refunds", []))  # fmt: skip
    assert 0 <= held <= 3700 and bool(root.get("settled_at")) == (held == 3700)
