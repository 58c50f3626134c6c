"""The cash drawer (``domain.drawers``): the float counted in, cash through it, counted out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import changes, payloads, reducer, schema
from domain.errors import DomainError

NOW = "2026-12-02T18:00:00+00:00"
TABLE = {"id": "t1", "name": "T1", "area_id": "a", "seats": 4, "status": "ordered"}


def order(oid: str = "o1", total: int = 1500) -> dict:
    lines = [{"item_id": "soup", "name": "Soup", "qty": 1, "unit_price": total,
              "line_total": total, "modifiers": [], "note": ""}]  # fmt: skip
    return {"id": oid, "number": f"A-{oid}", "status": "served", "table_id": "t1",
            "lines": lines, "note": "", "total": total, "created_at": NOW, "updated_at": NOW,
            "version": 1}  # fmt: skip


def floor(*orders: dict) -> dict:
    state = reducer.empty()
    return {**state, "tables": {"t1": TABLE}, "orders": {o["id"]: o for o in orders}}


def run(state: dict, op: str, change: str, role: str = "manager", **data) -> tuple[dict, dict]:
    """Apply ``op`` as the server would (validated data), and fold its events in."""
    clean = schema.validate(payloads.OPS[op], data)
    context = changes.Context(now=NOW, menu={}, device="till", role=role, change_id=change)
    result, events = changes.apply(state, op, clean, context)
    folded = reducer.apply_all(state, [
        {"seq": state["seq"] + i + 1, "type": kind, "data": record}
        for i, (kind, record) in enumerate(events)
    ])  # fmt: skip
    return result, folded


def test_a_shift_counted_five_short():
    state = floor(order("o1", 1500), order("o2", 800))
    _, state = run(state, "open_drawer", "c-open", drawer_id="d1", name="Front till",
                   count=[{"value": 5000, "qty": 2}, {"value": 1000, "qty": 3}])  # fmt: skip
    assert state["drawers"]["d1"]["float"] == 13000
    paid, state = run(state, "add_payment", "c-p1", order_id="o1", method="cash", amount=1500,
                      tip=100, tendered=2000)  # fmt: skip
    assert paid["order"]["payments"][0]["drawer"] == "d1"  # the one open drawer
    _, state = run(state, "add_payment", "c-p2", order_id="o2", method="cash", amount=800)
    _, state = run(state, "move_cash", "c-out", drawer_id="d1", kind="cash_out", amount=2000,
                   reason="supplier: bread")  # fmt: skip
    drawer = state["drawers"]["d1"]
    assert drawer["expected"] == 13000 + 1600 + 800 - 2000
    closed, state = run(state, "close_drawer", "c-close", drawer_id="d1", counted=13395)
    assert closed["drawer"]["status"] == "closed"
    assert (closed["drawer"]["counted"], closed["drawer"]["difference"]) == (13395, -5)
    assert state["drawers"]["d1"]["status"] == "closed"
    # Closed: the drawer takes no more cash, and a close sent again changes nothing.
    with pytest.raises(DomainError) as refused:
        run(state, "move_cash", "c-in", drawer_id="d1", kind="cash_in", amount=100, reason="x")
    assert refused.value.code == "drawer_closed"
    again, same = run(state, "close_drawer", "c-close", drawer_id="d1", counted=13395)
    assert again["drawer"] == closed["drawer"] and same == state


def test_card_never_touches_a_drawer_and_cash_with_none_open_is_outside_any():
    state = floor(order("o1"), order("o2"))
    paid, _ = run(state, "add_payment", "c1", order_id="o1", method="cash", amount=1500)
    assert "drawer" not in paid["order"]["payments"][0]
    _, state = run(state, "open_drawer", "c-open", drawer_id="d1", name="Bar", float=0)
    _, state = run(state, "add_payment", "c2", order_id="o2", method="card", amount=1500)
    assert state["drawers"]["d1"]["expected"] == 0


@pytest.mark.parametrize(
    ("op", "data", "code", "field"),
    [
        ("open_drawer", {"drawer_id": "d9", "name": "front till", "float": 0}, "drawer_open",
         "name"),
        ("open_drawer", {"drawer_id": "d9", "name": "Bar"}, "missing_field", "float"),
        ("open_drawer", {"drawer_id": "d9", "name": "Bar", "float": 100,
                         "count": [{"value": 50, "qty": 1}]}, "count_mismatch", "float"),
        ("move_cash", {"drawer_id": "d1", "kind": "cash_out", "amount": 10001, "reason": "x"},
         "not_enough_cash", "amount"),
        ("move_cash", {"drawer_id": "d1", "kind": "cash_in", "amount": 1, "reason": " "},
         "too_short", "reason"),  # a reason of spaces is none: refused as the schema says
        ("move_cash", {"drawer_id": "nope", "kind": "cash_in", "amount": 1, "reason": "x"},
         "not_found", "drawer_id"),
        ("close_drawer", {"drawer_id": "d1", "counted": 5,
                          "count": [{"value": 2, "qty": 1}, {"value": 2, "qty": 1}]},
         "duplicate_denomination", "count"),
        ("add_payment", {"order_id": "o1", "method": "cash", "amount": 100,
                         "drawer_id": "nope"}, "not_found", "drawer_id"),
    ],
)  # fmt: skip
def test_refusals_name_the_rule(op, data, code, field):
    _, state = run(floor(order()), "open_drawer", "c-open", drawer_id="d1", name="Front till",
                   float=10000)  # fmt: skip
    with pytest.raises(DomainError) as refused:
        run(state, op, "c-x", **data)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_with_two_drawers_open_cash_must_say_which():
    state = floor(order())
    _, state = run(state, "open_drawer", "c1", drawer_id="d1", name="Front", float=0)
    _, state = run(state, "open_drawer", "c2", drawer_id="d2", name="Bar", float=0)
    with pytest.raises(DomainError) as refused:
        run(state, "add_payment", "c3", order_id="o1", method="cash", amount=1500)
    assert refused.value.code == "drawer_needed"
    _, state = run(state, "add_payment", "c3", order_id="o1", method="cash", amount=1500,
                   drawer_id="d2")  # fmt: skip
    assert (state["drawers"]["d1"]["expected"], state["drawers"]["d2"]["expected"]) == (0, 1500)


def test_a_closed_day_takes_counted_drawers_off_the_floor():
    _, state = run(floor(), "open_drawer", "c1", drawer_id="d1", name="Front", float=0)
    _, state = run(state, "open_drawer", "c2", drawer_id="d2", name="Bar", float=0)
    _, state = run(state, "close_drawer", "c3", drawer_id="d1", counted=0)
    state = reducer.apply(state, {"seq": state["seq"] + 1, "type": "day_closed", "data": {}})
    assert list(state["drawers"]) == ["d2"]
    assert reducer.from_snapshot(reducer.to_snapshot(state)) == state


# -- property: whatever happens in a shift, the drawer's figures add up --------------------

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.sampled_from(["cash", "card"]), st.integers(1, 3000),
                  st.integers(0, 500)),
        st.tuples(st.just("refund"), st.sampled_from(["cash", "card"]), st.integers(1, 3000),
                  st.just(0)),
        st.tuples(st.sampled_from(["cash_in", "cash_out"]), st.just("cash"),
                  st.integers(1, 5000), st.just(0)),
    ),
    max_size=25,
)  # fmt: skip


@given(st.integers(0, 20000), STEPS, st.integers(-3000, 3000))
def test_expected_is_the_float_and_every_cash_move_through_it(float_, steps, off):
    """Over any sequence of cash and card payments, refunds and cash in/out (each refused or
    not), the drawer expects the float plus exactly the cash that went through it, never less
    than nothing; counted at expected ``+ off``, the difference is ``off``."""
    orders = [order(f"o{i}", 3000) for i in range(len(steps))]
    _, state = run(floor(*orders), "open_drawer", "c-open", drawer_id="d1", name="Till",
                   float=float_)  # fmt: skip
    through = 0
    for i, (kind, method, amount, tip) in enumerate(steps):
        try:
            if kind == "pay":
                data = {"order_id": f"o{i}", "method": method, "amount": amount, "tip": tip}
                _, state = run(state, "add_payment", f"change-{i}", **data)
                through += amount + tip if method == "cash" else 0
            elif kind == "refund":  # a refund of an earlier payment (if any), up to its amount
                paid = [(o["id"], p) for o in state["orders"].values()
                        for p in o.get("payments", ()) if p["id"]]  # fmt: skip
                if not paid:
                    continue
                oid, payment = paid[amount % len(paid)]
                data = {"order_id": oid, "payment_id": payment["id"], "method": method,
                        "amount": min(amount, payment["amount"]), "reason": "wrong"}  # fmt: skip
                _, state = run(state, "refund_payment", f"change-{i}", **data)
                through -= data["amount"] if method == "cash" else 0
            else:
                data = {"drawer_id": "d1", "kind": kind, "amount": amount, "reason": "float"}
                _, state = run(state, "move_cash", f"change-{i}", **data)
                through += amount if kind == "cash_in" else -amount
        except DomainError as refused:
            assert refused.code in {"not_enough_cash", "over_refund", "overpayment",
                                    "already_paid", "order_closed"}, refused  # fmt: skip
        drawer = state["drawers"]["d1"]
        assert drawer["expected"] == float_ + through >= 0
    counted = max(0, state["drawers"]["d1"]["expected"] + off)
    closed, _ = run(state, "close_drawer", "c-close", drawer_id="d1", counted=counted)
    assert closed["drawer"]["difference"] == counted - (float_ + through)
