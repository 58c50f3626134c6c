"""What a manager's approval approves: one change, named by what matters in it. Pure.

An approval names its operation and the fields that make the change what it is (which order,
which line, which status, how much off). A change that differs in any of them is another change
(``approval_mismatch``, naming the field): "15 % off" approves 15 % off, on that order, not
100 % and not another line. The server also uses each approval once (``approval_used``) and
ends them all when the manager's PIN changes, a manager device is revoked or the day is closed.
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import DomainError

# The changes a manager approves, and what makes each one itself.
TERMS: dict[str, tuple[str, ...]] = {
    "void_line": ("order_id", "line"),  # undoing food the kitchen started
    "set_order_status": ("order_id", "status"),  # cancelling it
    "set_discount": ("order_id", "line", "amount", "bp"),  # above the waiter's limit
    "comp_check": ("order_id", "kind"),  # closing a check unpaid
    "refund_payment": ("order_id", "payment_id", "amount", "method"),  # money going back
}
APPROVED_OPS = tuple(TERMS)
# The right (``staff.RIGHTS``) whoever approves each change must hold: the one its maker lacked.
RIGHT_TO_APPROVE: dict[str, str] = {
    "void_line": "void_after_start",
    "set_order_status": "void_after_start",
    "set_discount": "discount",
    "comp_check": "comp",
    "refund_payment": "refund",
}


def terms(op: str, data: Mapping) -> dict:
    """The fields of ``data`` an approval for ``op`` names."""
    if op not in TERMS:
        raise DomainError("invalid_value", f"{op!r} is not a change a manager approves",
                          field="op")  # fmt: skip
    return {name: data.get(name) for name in TERMS[op]}


def check_matches(approved_op: str, approved: Mapping, op: str, data: Mapping) -> None:
    """Raise ``approval_mismatch`` unless ``op`` with ``data`` is the change approved."""
    if approved_op != op:
        raise DomainError(
            "approval_mismatch", f"this approval is for {approved_op}, not {op}", field="approval"
        )
    sent = terms(op, data)
    for name in TERMS[op]:
        if approved.get(name) != sent[name]:
            raise DomainError(
                "approval_mismatch",
                f"the manager approved {name} {approved.get(name)!r}, not {sent[name]!r}:"
                " ask again for this change",
                field=name,
            )
