"""Paying a check: cash (with its change), card, or another method the restaurant takes; never
more than the check still owes, and settling it when the payments cover the bill. A check
closed without being paid is a *comp* (the house pays: a complaint, a regular) or a
*write-off* (the guest left): its own change, with a reason and a manager's approval, and
counted apart in the day's figures. Nothing else settles a check.

A payment taken by mistake (the wrong method, the wrong amount, a guest who came back) is
reversed by a *refund*: up to what that payment paid and was not refunded yet, with a method, a
reason and a manager's approval. Nothing is deleted: the payment and its refund both stay, in
the history and in the figures. A refund on a check still open unsettles it, so it is paid
again (by card instead of cash); on a closed check it is money given back. Pure.
"""

from __future__ import annotations

from . import bill, checks, drawers, orders
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
    bill.check_payment(payment, checks.paid(root), total, rules.payment_methods)
    drawer, through = drawers.through_drawer(
        state, payment.method, data["drawer_id"], payment.amount + payment.tip, "payments", context
    )
    record = {"id": context.change_id, "method": payment.method, "amount": payment.amount,
              "tip": payment.tip, "tendered": payment.tendered, "change": payment.change,
              "at": context.now, "by": context.device}  # fmt: skip
    if data.get("lines"):
        record["lines"] = sorted(set(data["lines"]))
    if drawer:
        record["drawer"] = drawer
    payments = [*taken, record]
    root = changed({**root, "payments": payments}, context, "payment", method=payment.method,
                   amount=payment.amount, tip=payment.tip)  # fmt: skip
    if checks.paid(root) != total:  # payments are refused beyond what is owed: equal is paid
        return {"order": root}, [*through, ("order_updated", root)]
    result, events = _settle(state, root, made, context)
    return result, [*through, *events]


COMP_KINDS = ("comp", "write_off")


def comp_check(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Close a check unpaid: what is still owed is the house's (``comp``) or lost
    (``write_off``), with a reason, and always a manager's approval. What was paid stays paid."""
    root = checks.root_of(state, find_order(state, data["order_id"]))
    checks.require_unpaid(root)
    if not data["reason"]:
        raise DomainError("reason_required", "say why the check is not paid", field="reason")
    if not context.may("comp"):
        raise DomainError("approval_needed", "closing a check unpaid needs a manager's PIN",
                          field="approval")  # fmt: skip
    made = bill.bill(checks.check(state, root), bill.Settings.read(context.settings))
    given = {"kind": data["kind"], "amount": made.total - checks.paid(root),
             "reason": data["reason"], "note": data["note"], "at": context.now,
             "by": context.by}  # fmt: skip
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
              "taxes": sum(made.taxes.values()),
              "tax_rates": {str(rate): tax for rate, tax in sorted(made.taxes.items())},
              }  # fmt: skip
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


def refund_payment(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Give back (part of) one payment of a check, with a manager's approval."""
    root = checks.root_of(state, find_order(state, data["order_id"]))
    refunds = root.get("refunds", [])
    if context.change_id and any(r.get("id") == context.change_id for r in refunds):
        return {"order": root}, []  # already in: the server's copy overtook the page's
    payment = next((p for p in root.get("payments", []) if p.get("id") == data["payment_id"]),
                   None)  # fmt: skip
    if payment is None:
        raise DomainError("not_found", f"order {root['number']} has no payment"
                          f" {data['payment_id']!r}", field="payment_id")  # fmt: skip
    left = checks.refund_left(root, payment)
    if data["amount"] > left:
        raise DomainError("over_refund", f"at most {left} of that payment is left to refund",
                          field="amount")  # fmt: skip
    methods = bill.Settings.read(context.settings).payment_methods
    if data["method"] not in methods:
        raise DomainError("invalid_value", f"refund method {data['method']!r} is not one of"
                          f" {list(methods)}", field="method")  # fmt: skip
    if not data["reason"]:
        raise DomainError("reason_required", "say why the money goes back", field="reason")
    if not context.may("refund"):
        raise DomainError("approval_needed", "a refund needs a manager's PIN", field="approval")
    drawer, through = drawers.through_drawer(
        state, data["method"], data["drawer_id"], data["amount"], "refunds", context
    )
    record = {"id": context.change_id, "payment_id": payment["id"], "amount": data["amount"],
              "method": data["method"], "reason": data["reason"], "note": data["note"],
              "at": context.now, "by": context.device}  # fmt: skip
    if drawer:
        record["drawer"] = drawer
    root = changed({**root, "refunds": [*refunds, record]}, context, "refund",
                   amount=data["amount"], method=data["method"], reason=data["reason"])  # fmt: skip
    if not orders.is_active(root["status"]) or not root.get("settled_at"):
        return {"order": root}, [*through, ("order_updated", root)]
    # Still open and settled: it owes again, and is paid again like any check.
    events: list[Event] = [*through]
    for member in [root, *checks.additions(state, root)]:
        owes = {k: v for k, v in member.items() if k not in ("settled_at", "billed")}
        if member is not root:
            owes = {**owes, "version": member["version"] + 1, "updated_at": context.now}
        events.append(("order_updated", owes))
    return {"order": events[len(through)][1]}, events
