"""Paying a check: cash (with its change), card, or another method the restaurant takes; never
more than the check still owes, and settling it when the payments cover the bill. A check
closed without being paid is a *comp* (the house pays: a complaint, a regular) or a
*write-off* (the guest left): its own change, with a reason and a manager's approval, and
counted apart in the day's figures. Nothing else settles a check. Pure.
"""

from __future__ import annotations

from . import bill, checks
from .context import Context, Event, changed, find_order
from .errors import DomainError
from .order_changes import set_order_status
from .reducer import State


def add_payment(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A payment towards a check's bill: cash (with the change it gives), card, or another
    method the restaurant takes; never more than is still owed. When the payments cover the
    bill, the check is settled; each of its orders that is served is paid, and the table
    follows (one not served yet, a take-away paid up front, stays with the kitchen and is paid
    when served)."""
    root = checks.root_of(state, find_order(state, data["order_id"]))
    checks.require_open(root)
    taken = root.get("payments", [])
    if context.change_id and any(p.get("id") == context.change_id for p in taken):
        return {"order": root}, []  # already in: the server's copy overtook the page's
    checks.require_unpaid(root)  # settled (paid in full, or comped): nothing more is owed
    rules = bill.Settings.read(context.settings)
    made = bill.bill(checks.check(state, root), rules)
    total = made.total
    payment = bill.Payment(data["method"], data["amount"], data["tip"], data["tendered"])
    bill.check_payment(payment, sum(p["amount"] for p in taken), total, rules.payment_methods)
    record = {"id": context.change_id, "method": payment.method, "amount": payment.amount,
              "tip": payment.tip, "tendered": payment.tendered, "change": payment.change,
              "at": context.now, "by": context.device}  # fmt: skip
    if data.get("lines"):
        record["lines"] = sorted(set(data["lines"]))
    payments = [*taken, record]
    root = changed({**root, "payments": payments}, context, "payment", method=payment.method,
                   amount=payment.amount, tip=payment.tip)  # fmt: skip
    if not bill.settled([bill.Payment(p["method"], p["amount"]) for p in payments], total):
        return {"order": root}, [("order_updated", root)]
    return _settle(state, root, made, context)


COMP_KINDS = ("comp", "write_off")


def comp_check(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Close a check unpaid: what is still owed is the house's (``comp``) or lost
    (``write_off``), with a reason, and always a manager's approval. What was paid stays paid."""
    root = checks.root_of(state, find_order(state, data["order_id"]))
    checks.require_unpaid(root)
    if not data["reason"]:
        raise DomainError("reason_required", "say why the check is not paid", field="reason")
    if not context.manager_approved:
        raise DomainError("approval_needed", "closing a check unpaid needs a manager's PIN",
                          field="approval")  # fmt: skip
    made = bill.bill(checks.check(state, root), bill.Settings.read(context.settings))
    paid = sum(p["amount"] for p in root.get("payments", []))
    given = {"kind": data["kind"], "amount": made.total - paid, "reason": data["reason"],
             "note": data["note"], "at": context.now, "by": context.by}  # fmt: skip
    root = changed({**root, "comp": given}, context, data["kind"], amount=given["amount"],
                   reason=data["reason"])  # fmt: skip
    return _settle(state, root, made, context)


def _settle(
    state: State, root: dict, made: bill.Bill, context: Context
) -> tuple[dict, list[Event]]:
    """The check is settled: what it was settled as is kept for the day's figures, and each of
    its orders that is served is paid (the table follows); one not served yet is paid when it
    is served."""
    total = made.total
    # What the check was settled as, for the day's figures (the rules may change tomorrow).
    billed = {"total": total, "discounts": made.discounts, "service": made.service,
              "taxes": sum(made.taxes.values())}  # fmt: skip
    root = {**root, "billed": billed}
    events: list[Event] = []
    for member in [root, *checks.additions(state, root)]:
        settled = {**member, "settled_at": context.now}
        if member is not root:
            settled = {**settled, "version": member["version"] + 1, "updated_at": context.now}
        state = checks.with_orders(state, settled)
        if settled["status"] != "served":
            events.append(("order_updated", settled))
            continue
        _, paid = set_order_status(state, {"order_id": settled["id"], "status": "paid"}, context)
        for kind, record_ in paid:
            if kind == "table_updated":
                state = {**state, "tables": {**state["tables"], record_["id"]: record_}}
            else:
                state = checks.with_orders(state, record_)
        events += paid
    return {"order": state["orders"][root["id"]]}, events
