"""What each person may do (``domain.staff`` rights, checked by ``Context.may`` in the rules):
over any sequence of changes made by people of every job, on a floor phone or the manager's
tablet, with or without someone's approval on the spot, a change that needs a right goes through
only if its maker holds it or it was approved; and one that needs none never asks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import bill
from domain.approvals import RIGHT_TO_APPROVE
from domain.errors import DomainError
from domain.staff import DEFAULT_JOBS, RIGHTS, rights_of
from tests.domain.floor import Floor

# Who makes a change: (the device's role, the person's job or None for a role's PIN).
MAKERS = [("floor", "floor"), ("floor", "manager"), ("floor", None), ("manager", "manager"),
          ("manager", None), ("kitchen", "kitchen")]  # fmt: skip
CUSTOM = [frozenset(s) for s in ({"take_orders"}, {"take_orders", "void_after_start"},
                                 {"take_orders", "discount", "refund"}, {"take_orders", "comp"})]  # fmt: skip


def test_the_jobs_hold_what_they_say():
    assert rights_of("floor", "manager") == frozenset(RIGHTS)  # a manager on a waiter's phone
    assert rights_of("floor") == DEFAULT_JOBS["floor"].rights == {"take_orders",
                                                                  "void_before_start"}  # fmt: skip
    assert rights_of("kiosk") == {"take_orders"}
    assert set(RIGHT_TO_APPROVE.values()) <= set(RIGHTS)


def test_a_manager_signed_in_on_a_waiters_phone_needs_no_one_to_approve():
    floor = Floor()
    order = floor.order()
    floor.move(order, "accepted", "preparing", role="kitchen")
    void = {"order_id": order["id"], "line": 0, "reason": "quality"}
    waiter = floor.refused("void_line", void, person={"id": "ana", "name": "Ana"},
                           rights=rights_of("floor", "floor"))  # fmt: skip
    assert waiter.code == "approval_needed"
    done = floor.run("void_line", void, person={"id": "murat", "name": "Murat"},
                     rights=rights_of("floor", "manager"))  # fmt: skip
    assert done["order"]["lines"][0]["voided"]
    assert done["order"]["history"][-1]["by"]["person"]["name"] == "Murat"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["void", "discount", "comp", "pay", "refund", "start"]),
            st.sampled_from(range(len(MAKERS) + len(CUSTOM))),
            st.booleans(),  # someone who holds the right approved it on the spot
            st.integers(0, 3000),
        ),
        max_size=12,
    )
)  # fmt: skip
def test_a_change_that_needs_a_right_passes_only_with_it_or_an_approval(steps):
    floor = Floor()
    order = floor.order()
    paid: list[str] = []
    for kind, who, approved, n in steps:
        if who < len(MAKERS):
            role, job = MAKERS[who]
            rights = rights_of(role, job)
            maker = {"role": role, "rights": rights if job else None}
        else:
            rights = CUSTOM[who - len(MAKERS)]
            maker = {"role": "floor", "rights": rights}
        oid = order["id"]
        started = floor.state["orders"].get(oid, {}).get("status") in ("preparing", "ready")
        try:
            if kind == "start":
                floor.move(order, "accepted", "preparing", role="kitchen")
                continue
            if kind == "void":
                # The kitchen undoes what it started itself: it asks no one.
                asks = started and maker["role"] != "kitchen"
                op, needs = "void_line", "void_after_start" if asks else None
                data = {"order_id": oid, "line": n % 2, "reason": "quality"}
            elif kind == "discount":
                op = "set_discount"
                needs = "discount" if n > bill.DEFAULT_DISCOUNT_APPROVAL_BP else None
                data = {"order_id": oid, "line": None, "bp": n, "reason": "x"}
            elif kind == "comp":
                op, needs = "comp_check", "comp"
                data = {"order_id": oid, "kind": "comp", "reason": "x"}
            elif kind == "pay":
                change = f"{len(paid):032x}"
                floor.run("add_payment", {"order_id": oid, "method": "card",
                                          "amount": 1 + n % 500}, change_id=change)  # fmt: skip
                paid.append(change)
                continue
            else:
                if not paid:
                    continue
                op, needs = "refund_payment", "refund"
                data = {"order_id": oid, "payment_id": paid[-1], "amount": 1, "method": "card",
                        "reason": "x"}  # fmt: skip
            before = floor.state["seq"]
            floor.run(op, data, approved=approved, **maker)
        except DomainError as refusal:
            if refusal.code == "approval_needed" and refusal.field == "approval":
                # Asked for an approval: only where the maker lacks the right and had none.
                assert needs is not None and needs not in rights and not approved
            continue
        if needs is not None and floor.state["seq"] > before:  # it changed something
            assert approved or needs in rights, (kind, rights)


def test_a_restaurants_own_job_holds_what_it_was_given_and_nothing_more():
    from domain.staff import check_job, jobs_with

    head = check_job("head-waiter", " Head   waiter ", "floor",
                     ["take_orders", "void_before_start", "void_after_start"])  # fmt: skip
    lead = check_job("shift-lead", "Shift lead", "manager", ["take_orders", "cash_drawer"])
    jobs = jobs_with([head, lead])
    assert head.name == "Head waiter" and rights_of("floor", "head-waiter", jobs) == head.rights
    floor = Floor()
    order = floor.order()
    floor.move(order, "accepted", "preparing", role="kitchen")
    void = {"order_id": order["id"], "line": 0, "reason": "quality"}
    floor.run("void_line", void, rights=head.rights)  # her job may: nobody to ask
    item = {"item_id": "tea", "name": "Tea", "price": 100, "category_id": "drinks"}
    refused = floor.refused("save_item", item, role="manager", rights=lead.rights)
    assert (refused.code, refused.field) == ("forbidden", "manage_menu")
    for bad, code in (((("floor", "Floor", "floor", []), "already_exists"),  # a built-in's id
                        (("x y", "X", "floor", []), "invalid_value"),
                        (("ok", "", "floor", []), "invalid_value"),
                        (("ok", "Ok", "bar", []), "invalid_value"),
                        (("ok", "Ok", "floor", ["fly"]), "invalid_value"))):  # fmt: skip
        try:
            check_job(*bad)
        except DomainError as exc:
            assert exc.code == code, bad
        else:
            raise AssertionError(bad)


def test_a_job_with_its_own_discount_limit_goes_that_far_without_asking():
    floor = Floor()
    order = floor.order()
    head = {"rights": frozenset({"take_orders"}), "discount_bp": 2000}
    fifteen = {"order_id": order["id"], "line": None, "bp": 1500, "reason": "regular"}
    given = floor.run("set_discount", fifteen, **head)["order"]["discount"]
    assert given["approved_bp"] == 1500  # allowed by her job: held against the bill later
    asked = floor.refused("set_discount", {**fifteen, "bp": 2500}, **head)
    assert asked.code == "approval_needed"
    waiter = floor.refused("set_discount", fifteen, rights=frozenset({"take_orders"}))
    assert waiter.code == "approval_needed"  # the restaurant's 10 % for everyone else
