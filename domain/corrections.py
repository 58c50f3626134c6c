"""Changing what an open order holds: a line taken off (a void) and a discount on a line or the
whole check. Both leave the kitchen's ticket and the bill telling the truth, and neither may
take a check below what is paid already (``checks.covers_payments``). Pure.
"""

from __future__ import annotations

from . import bill, checks
from .context import Context, Event, changed, find_order
from .errors import DomainError
from .order_changes import approved_once_started, check_reason, set_order_status
from .reducer import State


def _line(order: dict, index: int) -> dict:
    if index >= len(order["lines"]):
        raise DomainError(
            "not_found", f"order {order['number']} has no line {index + 1}", field="line"
        )
    return order["lines"][index]


def void_line(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A line taken off: it stays on the order and the kitchen's ticket, struck through, and
    leaves the bill. Once the kitchen has started it, a manager approves; once served, it is a
    discount's business. Voiding every line cancels the order."""
    order = find_order(state, data["order_id"])
    checks.require_unpaid(order)
    line = _line(order, data["line"])
    if line.get("voided"):
        return {"order": order}, []  # another phone voided it first: both meant the same
    detail = check_reason(data, context.settings)
    if order["status"] == "served":
        raise DomainError(
            "line_served", f"{line['name']} was served already: give a discount instead",
            field="line",
        )  # fmt: skip
    approved_once_started(order, context, line["name"])
    lines = list(order["lines"])
    lines[data["line"]] = {**line, "voided": {**detail, "at": context.now, "by": context.by}}
    total = sum(entry["line_total"] for entry in lines if not entry.get("voided"))
    order = changed({**order, "lines": lines, "total": total}, context, "void",
                    line=data["line"], name=line["name"], **detail)  # fmt: skip
    checks.covers_payments(state, order, context)
    if any(not entry.get("voided") for entry in lines):
        checks.require_discounts_allowed(checks.with_orders(state, order), order, context)
        return {"order": order}, [("order_updated", order)]
    cancel = {"order_id": order["id"], "status": "cancelled", **detail}
    return set_order_status(checks.with_orders(state, order), cancel, context)


def set_discount(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """An amount or a rate off a line or the whole order (0 and 0 takes it off). Above the
    restaurant's threshold a manager approves."""
    index = data["line"]
    order = find_order(state, data["order_id"])
    if index is None:
        order = checks.root_of(state, order)  # the whole check's discount lives on its first order
    checks.require_unpaid(order)
    amount, bp = data["amount"], data["bp"]
    if amount and bp:
        raise DomainError("invalid_value", "an amount or a rate, not both", field="amount")
    if index is not None:
        line = _line(order, index)
        if line.get("voided"):
            raise DomainError("line_voided", f"{line['name']} is voided", field="line")
        base = line["line_total"]
    else:
        base = bill.bill(checks.check(state, order), bill.Settings()).subtotal
    rate = checks.discount_rate({"amount": amount, "bp": bp}, base)
    limit = bill.Settings.read(context.settings).discount_approval_bp
    own = context.discount_limit(limit)  # the maker's job may go further than the restaurant's
    if rate > own and not context.may("discount"):
        raise DomainError(
            "approval_needed", f"a discount above {own / 100:g} % needs a manager's PIN",
            field="approval",
        )  # fmt: skip
    if (amount or bp) and not data["reason"]:
        raise DomainError("reason_required", "say why: a reason for the discount", field="reason")
    given = {"amount": amount, "bp": bp, "reason": data["reason"]} if amount or bp else None
    if given and rate > limit:
        # What was allowed (an approval, the right, the job's own limit): held against the bill
        # later, whoever changes it.
        given["approved_bp"] = rate
    if index is None:
        order = _discounted(order, given)
    else:
        lines = list(order["lines"])
        lines[index] = _discounted(lines[index], given)
        order = {**order, "lines": lines}
    order = changed(order, context, "discount", line=index, amount=amount, bp=bp,
                    reason=data["reason"])  # fmt: skip
    checks.covers_payments(state, order, context)
    # A line's discount shrinks the check under the check's own: it is held against it too.
    checks.require_discounts_allowed(checks.with_orders(state, order), order, context)
    return {"order": order}, [("order_updated", order)]


def _discounted(record: dict, given: dict | None) -> dict:
    kept = {k: v for k, v in record.items() if k != "discount"}
    return {**kept, "discount": given} if given else kept
