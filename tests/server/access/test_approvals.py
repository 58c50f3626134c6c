"""A manager's approval is worth exactly the change it was given for (``access.approvals``):
this restaurant, this device, this kind of change with these terms, signed by this server, in
time. Another device's or a forged one carries nothing; another change is refused by name."""

import pytest

from domain.errors import DomainError
from server.access.approvals import Approvals

KEY = "s" * 48
DISCOUNT = {"order_id": "o1", "line": None, "amount": 0, "bp": 1500, "reason": "regular"}


def issue(approvals: Approvals, change: dict = DISCOUNT, generation: int = 3) -> str:
    return approvals.issue("demo", "d1", "set_discount", change, generation)


def test_an_approval_approves_the_change_it_was_given_for():
    approvals = Approvals(KEY)
    first, second = issue(approvals), issue(approvals)
    read = approvals.read(first, "demo", "d1", "set_discount", {**DISCOUNT, "reason": "birthday"})
    assert read is not None and read.generation == 3  # the reason is not what it approves
    assert read.id != approvals.read(second, "demo", "d1", "set_discount", DISCOUNT).id


@pytest.mark.parametrize(
    ("op", "change", "field"),
    [("set_discount", {**DISCOUNT, "bp": 10_000}, "bp"),
     ("set_discount", {**DISCOUNT, "line": 0}, "line"),
     ("set_discount", {**DISCOUNT, "bp": 0, "amount": 1500}, "amount"),
     ("set_discount", {**DISCOUNT, "order_id": "o2"}, "order_id"),
     ("void_line", {"order_id": "o1", "line": 0}, "approval")],
)  # fmt: skip
def test_another_change_is_refused_by_name(op, change, field):
    approvals = Approvals(KEY)
    with pytest.raises(DomainError) as refused:
        approvals.read(issue(approvals), "demo", "d1", op, change)
    assert refused.value.code == "approval_mismatch" and refused.value.field == field


def test_an_approval_not_ours_out_of_time_or_for_another_device_carries_nothing():
    approvals = Approvals(KEY)
    assert (
        approvals.read(issue(Approvals("x" * 48)), "demo", "d1", "set_discount", DISCOUNT) is None
    )
    late = Approvals(KEY, max_age_s=-2)
    assert late.read(issue(late), "demo", "d1", "set_discount", DISCOUNT) is None
    token = issue(approvals)
    assert approvals.read(token, "demo", "d2", "set_discount", DISCOUNT) is None
    assert approvals.read(token, "other", "d1", "set_discount", DISCOUNT) is None
    assert approvals.read("", "demo", "d1", "set_discount", DISCOUNT) is None
