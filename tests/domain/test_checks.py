"""A check (``checks``): an order and its additions billed as one, never paid beyond its bill,
and no change that takes it below what is paid already."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import bill
from domain.checks import allowed_rate, check, discount_rate
from domain.errors import DomainError
from tests.domain.floor import Floor


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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["void", "add", "cancel_added", "check_amount", "check_rate",
                             "line_amount", "pay"]),
            st.integers(0, 400) | st.integers(0, 4000),  # often under the 10 % limit
            st.booleans(),  # whether a manager approved this discount
        ),
        max_size=14,
    )
)  # fmt: skip
def test_no_check_ends_below_what_its_approvals_allow(steps):
    """Whatever a waiter does (lines voided, added, cancelled, discounts given, payments), with
    a manager approving some discounts: every discount left takes no more of the bill as it is
    now than the restaurant's limit or what the manager approved for it, and the bill adds up."""
    floor = Floor()
    order = floor.order()
    added: list[str] = []
    for kind, n, approved in steps:
        oid = order["id"]
        try:
            if kind == "void":
                floor.run("void_line", {"order_id": oid, "line": n % 2, "reason": "quality"})
            elif kind == "add":
                added.append(floor.run("create_order", {
                    "adds_to": oid, "lines": [{"item_id": "cake", "qty": 1 + n % 3}]})["order"]["id"])  # fmt: skip
            elif kind == "cancel_added" and added:
                floor.run("set_order_status", {"order_id": added[n % len(added)],
                                               "status": "cancelled", "reason": "quality"})  # fmt: skip
            elif kind == "check_amount":
                floor.run("set_discount", {"order_id": oid, "line": None, "amount": n,
                                           "reason": "x"}, approved=approved)  # fmt: skip
            elif kind == "check_rate":
                floor.run("set_discount", {"order_id": oid, "line": None, "bp": n,
                                           "reason": "x"}, approved=approved)  # fmt: skip
            elif kind == "line_amount":
                floor.run("set_discount", {"order_id": oid, "line": n % 2, "amount": n // 4,
                                           "reason": "x"}, approved=approved)  # fmt: skip
            elif kind == "pay":
                floor.run("add_payment", {"order_id": oid, "method": "card", "amount": 1 + n})
        except DomainError:
            pass
    root = floor.state["orders"].get(order["id"])
    if root is None or root.get("settled_at"):
        return  # cancelled, or paid: nothing open to hold
    limit = bill.DEFAULT_DISCOUNT_APPROVAL_BP
    whole = check(floor.state, root)
    made = bill.bill(whole, bill.Settings())
    if root.get("discount"):
        assert discount_rate(root["discount"], made.subtotal) <= allowed_rate(
            root["discount"], limit
        )
    for line in whole["lines"]:
        if line.get("discount") and not line.get("voided"):
            rate = discount_rate(line["discount"], line["line_total"])
            assert rate <= allowed_rate(line["discount"], limit)
    assert sum(made.line_shares()) == made.total
    assert sum(p["amount"] for p in root.get("payments", [])) <= made.total
