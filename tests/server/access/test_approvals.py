"""A manager's approval is worth exactly the change it was given for: this restaurant, this
device, this kind of change, this order, signed by this server, in time."""

import pytest

from server.access.approvals import Approvals

KEY = "s" * 48


def ask(approvals: Approvals, **given) -> bool:
    change = {"restaurant": "demo", "device": "d1", "op": "void_line", "order": "o1", **given}
    token = approvals.issue("demo", "d1", "void_line", "o1")
    return approvals.valid(token, change["restaurant"], change["device"], change["op"],
                           {"order_id": change["order"]})  # fmt: skip


def test_an_approval_approves_the_change_it_was_given_for():
    assert ask(Approvals(KEY))


@pytest.mark.parametrize(
    "other",
    [{"restaurant": "elsewhere"}, {"device": "d2"}, {"op": "set_discount"}, {"order": "o2"}],
)
def test_an_approval_is_worth_nothing_for_anything_else(other):
    assert not ask(Approvals(KEY), **other)


def test_an_approval_not_signed_here_or_out_of_time_is_worth_nothing():
    token = Approvals("another" * 8).issue("demo", "d1", "void_line", "o1")
    assert not Approvals(KEY).valid(token, "demo", "d1", "void_line", {"order_id": "o1"})
    late = Approvals(KEY, max_age_s=-2)
    assert not late.valid(late.issue("demo", "d1", "void_line", "o1"), "demo", "d1",
                          "void_line", {"order_id": "o1"})  # fmt: skip
    assert not Approvals(KEY).valid("", "demo", "d1", "void_line", {"order_id": "o1"})
