import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import orders, tables
from domain.errors import DomainError, IllegalTransition

HAPPY_PATH = ["new", "accepted", "preparing", "ready", "served", "paid"]


def test_an_order_walks_the_happy_path():
    for current, target in itertools.pairwise(HAPPY_PATH):
        assert orders.check_transition(current, target) is True


@pytest.mark.parametrize("status", ["new", "accepted", "preparing", "ready"])
def test_cancel_is_allowed_before_served(status):
    assert orders.check_transition(status, "cancelled")


@pytest.mark.parametrize("status", ["served", "paid"])
def test_cancel_is_refused_from_served_on(status):
    with pytest.raises(IllegalTransition):
        orders.check_transition(status, "cancelled")


@given(st.sampled_from(orders.STATUSES), st.sampled_from(orders.STATUSES))
def test_every_other_transition_is_illegal_and_names_both_states(current, target):
    legal = (
        current == target
        or (current in HAPPY_PATH[:-1] and HAPPY_PATH[HAPPY_PATH.index(current) + 1] == target)
        or (target == "cancelled" and current in orders.CANCELLABLE)
        or (current, target) == ("ready", "preparing")  # the pass recalls it
    )
    if legal:
        orders.check_transition(current, target)
        return
    with pytest.raises(DomainError) as info:
        orders.check_transition(current, target)
    assert info.value.code == "illegal_transition"
    assert repr(current) in info.value.message and repr(target) in info.value.message


def test_setting_the_same_status_is_a_no_op_not_an_error():
    assert orders.check_transition("ready", "ready") is False


@pytest.mark.parametrize(
    ("status", "active"), [("new", True), ("served", True), ("paid", False), ("cancelled", False)]
)
def test_paid_and_cancelled_leave_the_active_list(status, active):
    assert orders.is_active(status) is active


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "A-001"), (42, "A-042"), (999, "A-999"), (1000, "B-001"), (26 * 999 + 1, "A-001")],
)
def test_order_numbers_stay_short(n, text):
    assert orders.format_number(n) == text


def test_table_cycle_and_illegal_jump():
    for current, target in [
        ("free", "seated"),
        ("seated", "ordered"),
        ("ordered", "bill"),
        ("bill", "dirty"),
        ("dirty", "free"),
    ]:
        assert tables.check_transition(current, target)
    with pytest.raises(IllegalTransition):
        tables.check_transition("dirty", "bill")


@pytest.mark.parametrize(
    ("current", "closed", "others", "after"),
    [
        ("bill", "paid", 0, "dirty"),
        ("ordered", "cancelled", 0, "seated"),
        ("bill", "paid", 1, "bill"),
        ("free", "paid", 0, "free"),
    ],
)
def test_table_after_its_last_order_closes(current, closed, others, after):
    assert tables.after_order_closed(current, closed, others) == after
